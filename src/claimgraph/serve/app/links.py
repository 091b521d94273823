"""URLs of the HTML pages, added to every item a JSON list returns.

One place knows the URL scheme, so a person or a script goes from a claim to its article in
one step: ``/articles/{id}``, ``/articles/{id}#S3``, ``/statements/{id}``,
``/entities/{id}``, ``/stories/{id}``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote


def _q(value: str) -> str:
    return quote(str(value), safe=":")


def article_url(article_id: str, statement: str | None = None) -> str:
    return f"/articles/{_q(article_id)}" + (f"#{_q(statement)}" if statement else "")


def statement_url(statement_id: str) -> str:
    return f"/statements/{_q(statement_id)}"


def entity_url(entity_id: str) -> str:
    return f"/entities/{_q(entity_id)}"


def story_url(story_id: str) -> str:
    return f"/stories/{_q(story_id)}"


def claim_url(claim_id: str) -> str:
    return f"/claims/{_q(claim_id)}"


def contradiction_url(contradiction_id: str) -> str:
    return f"/contradictions#{_q(contradiction_id)}"


def split_statement_id(statement_id: str) -> tuple[str, str]:
    """``"a_0123:S3"`` -> ``("a_0123", "S3")``."""
    article, _, local = str(statement_id).rpartition(":")
    return article, local


def _article_id(item: dict[str, Any]) -> str | None:
    art = item.get("article") or item.get("article_id")
    if isinstance(art, dict):
        art = art.get("id")
    return art if isinstance(art, str) else None


def link_article(item: dict[str, Any]) -> dict[str, Any]:
    if item.get("id"):
        item["url"] = article_url(item["id"])
    return item


def link_statement(item: dict[str, Any]) -> dict[str, Any]:
    sid = item.get("id")
    if not sid:
        return item
    article, local = split_statement_id(sid)
    article = _article_id(item) or article
    item["url"] = statement_url(sid)
    item["article_url"] = article_url(article, local or None)
    speaker = item.get("speaker")
    if isinstance(speaker, dict) and speaker.get("entity"):
        speaker["url"] = entity_url(speaker["entity"])
        item["speaker_url"] = speaker["url"]
    ent = item.get("speaker_entity")
    if isinstance(ent, str) and ent:
        item["speaker_url"] = entity_url(ent)
    elif isinstance(ent, dict) and ent.get("id"):
        item["speaker_url"] = link_entity(ent)["url"]
    return item


def link_entity(item: dict[str, Any]) -> dict[str, Any]:
    if item.get("id"):
        item["url"] = entity_url(item["id"])
    return item


def link_story(item: dict[str, Any]) -> dict[str, Any]:
    if item.get("id"):
        item["url"] = story_url(item["id"])
    for art in item.get("articles") or []:
        if isinstance(art, dict):
            link_article(art)
    return item


def link_member(item: dict[str, Any]) -> dict[str, Any]:
    """A claim member (statement or quantity ``<article>:<S|Q>n``) -> its article span."""
    mid = item.get("id")
    if not mid:
        return item
    article, local = split_statement_id(mid)
    article = item.get("article_id") or article
    item["article_url"] = article_url(article, local or None)
    if local.startswith("S"):
        item["url"] = statement_url(mid)
    if item.get("speaker_entity"):
        item["speaker_url"] = entity_url(item["speaker_entity"])
    return item
