"""claimgraph.ingest."""
