"""claimgraph.analysis."""
