"""claimgraph.clean."""
