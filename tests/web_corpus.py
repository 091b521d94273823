"""The web tests' corpus: fictional articles in tests/data/web run through the real pipeline
into a real SQLite store. Extraction runs once per test session (records cached here)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

WEB_DATA = Path(__file__).parent / "data" / "web"


@lru_cache(maxsize=1)
def records() -> tuple[dict[str, Any], ...]:
    from claimgraph.pipeline import extract_paths

    failures: list[str] = []
    out = tuple(
        r.to_dict() for r in extract_paths([WEB_DATA], on_error=lambda s, e: failures.append(s))
    )
    assert not failures, failures
    return out


def build_store(path: Path) -> Any:
    """A fresh SQLite store at ``path`` holding the corpus, analysed."""
    from claimgraph.store import open_store

    store = open_store(f"sqlite:///{path}")
    report = store.add_records(records())
    assert report["added"] == len(records())
    store.analyse()
    return store


class Client:
    """Synchronous calls into an ASGI app through httpx.ASGITransport (in-process)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        import asyncio

        import httpx

        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
                return await c.request(method, url, **kwargs)

        return asyncio.run(go())

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.request("POST", url, **kwargs)
