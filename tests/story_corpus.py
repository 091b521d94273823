"""A fictional flood story for the story page's tests: three outlets report how many people
the floods displaced (1,200, then 3,000), a fourth reprints the first, a mayor denies what
the governor said."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

FIRST = (
    "Floods in the Tarnow valley forced 1,200 people from their homes on Monday, regional "
    "governor Elsa Varga said. Rescue teams from Brisk reached the valley by boat. Varga said "
    "the river was still rising.\n"
)
ARTICLES = [
    ("Floods force 1,200 from homes in Tarnow valley", "2026-05-04", "Brisk Courier", FIRST),
    (
        "Floods force 1,200 from homes in Tarnow valley",
        "2026-05-04",
        "Riverside Gazette",
        "TARNOW, May 4 (Brisk Courier) - " + FIRST,
    ),
    (
        "Tarnow valley floods: 1,200 displaced",
        "2026-05-05",
        "Valley Post",
        "Floods in the Tarnow valley have forced 1,200 people from their homes, governor Elsa "
        "Varga said on Tuesday. Rescue teams worked through the night near Brisk.\n",
    ),
    (
        "Tarnow floods displace 3,000",
        "2026-05-06",
        "Lowland Wire",
        "The floods in the Tarnow valley have now forced 3,000 people from their homes, Elsa "
        "Varga said on Wednesday. Mayor Otto Brandl denied that the river was still rising.\n",
    ),
]


@lru_cache(maxsize=1)
def _records() -> tuple[dict[str, Any], ...]:
    from claimgraph import extract_text

    return tuple(
        {
            **extract_text(text, title=title, published=day, outlet=outlet).to_dict(),
            "url": f"https://{outlet.lower().replace(' ', '-')}.example.org/{day}/floods",
        }
        for title, day, outlet, text in ARTICLES
    )


def story_records() -> list[dict[str, Any]]:
    """The story's records (extracted once per test session), with their URLs."""
    return [dict(r) for r in _records()]
