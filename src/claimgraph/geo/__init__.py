"""claimgraph.geo."""
