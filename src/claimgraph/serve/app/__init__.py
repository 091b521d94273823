"""The web UI and REST API over a corpus store: ``factory.create_app(store)`` -> an ASGI app.

Layout: ``data`` (one data function per page), ``pages`` (HTML + ``.json`` twins),
``claimgraph.serve.api`` (REST under ``/api``), ``highlight`` (article text -> escaped-later
segments), ``charts`` (SVG geometry), ``security`` (size limits, headers), ``ingest``.
"""
