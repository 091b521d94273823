"""claimgraph.store."""
