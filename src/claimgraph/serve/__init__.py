"""claimgraph.serve."""
