"""The finders and span helpers behind :func:`claimgraph.extract.statements.extract_statements`:
one module per kind of construction."""
