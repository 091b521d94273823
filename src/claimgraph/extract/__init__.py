"""claimgraph.extract."""
