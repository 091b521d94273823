"""claimgraph.eval."""
