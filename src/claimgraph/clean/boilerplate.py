"""Find boilerplate ranges in article text (see also, video players, source links ...).

Scraped and syndicated articles keep lines that are not part of the story: "See also: ...",
"Your browser does not support video players. Read more", "Source link", share and
subscribe lines, photo credits, "Advertisement", copyright footers. :func:`find_boilerplate`
reports them as :class:`~claimgraph.models.Removed` ranges with a reason; it never changes
the text, so offsets stay valid.

The rules are line-anchored: a rule matches a *whole line* (leading and trailing blanks
excluded), so an article sentence that merely mentions "read" or "share" is kept. The few
``INLINE_RULES`` match inside a line, for phrases that cannot be article prose. Rules are
data: (reason, pattern) pairs, tried in order; the first whole-line match wins.

Reasons: ``see-also``, ``video-player``, ``source-link``, ``source-credit``, ``read-more``,
``share`` (share, follow, subscribe, newsletter lines), ``promo`` ("click here"),
``photo-credit``, ``advertisement``, ``related``, ``copyright``, ``wire-feed``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimgraph.models import Removed

# Lines longer than this are never boilerplate (boilerplate lines are short).
MAX_LINE_CHARS = 300
# Reporting verbs that show a line is a sentence of the story, not a credit or promo line.
_PROSE = r"(?!.*\b(?:said|says|say|told|tells|reported|reports|announced|added|according)\b)"
# ... and finite copulas, which promo lines ("Sign up for our newsletter") never contain.
_COPULA = r"(?!.*\b(?:was|were|is|are|had|has\s+been)\b)"
_DASH = r"[:\-\u2013\u2014|>]"
_ELLIPSIS = r"[.\u2026\s]*"

LINE_RULES: tuple[tuple[str, str], ...] = (
    ("see-also", rf"see\s+also\s*{_DASH}.*|see\s+also"),
    (
        "video-player",
        r"your\s+browser\s+(?:does\s+not|doesn't|doesn\u2019t|cannot|can't)\s+"
        r"(?:support|play)\b.*",
    ),
    (
        "video-player",
        r"(?:this|the)\s+video\s+(?:is\s+)?(?:not\s+available|cannot\s+be\s+played).*",
    ),
    ("source-link", r"source\s*(?:link|url)\s*:?\s*\S*"),
    ("source-credit", rf"{_PROSE}{_COPULA}source\s*:\s*[^.!?]{{1,60}}\.?"),
    (
        "read-more",
        r"(?:read\s+more|continue\s+reading|read\s+the\s+full\s+(?:story|article)|"
        r"click\s+here\s+to\s+read\s+more|more\s+on\s+this\s+story)"
        rf"(?:\s*{_DASH}.*)?{_ELLIPSIS}[\u00bb\u203a>]*",
    ),
    (
        "share",
        r"share(?:\s+(?:this|the))?(?:\s+(?:article|story|page|post))?"
        r"(?:\s+(?:on|via|with)\s+[\w ,/&+]{1,60})?[:.!]?",
    ),
    ("share", r"(?:follow|like|find)\s+us\s+on\s+[\w ,/&+.@]{1,80}[.!]?"),
    ("share", rf"{_PROSE}.{{0,120}}\bfollow\s+us\s+(?:on\b|@).{{0,120}}"),
    ("share", r"like\s+this\s+(?:story|article)\s*\?.{0,100}"),
    (
        "share",
        rf"{_PROSE}{_COPULA}.{{0,160}}\b(?:subscrib\w*|sign(?:ing)?\s+up)\b.{{0,80}}"
        r"\bnewsletters?\b.{0,80}",
    ),
    (
        "share",
        rf"{_PROSE}{_COPULA}.{{0,120}}\bnewsletters?\b.{{0,120}}"
        r"\b(?:subscrib\w*|sign(?:ing)?\s+up|inbox)\b.{0,80}",
    ),
    ("share", r"[\w\s\u2019'&+-]{1,50}\bnewsletter"),
    ("promo", rf"{_PROSE}{_COPULA}.{{0,150}}\bclick\s+here\b.{{0,150}}"),
    (
        "share",
        rf"{_PROSE}{_COPULA}(?:subscribe|sign\s+up)\s+(?:to|for|now)\b.{{0,140}}",
    ),
    ("share", r"(?:copy\s+link|email\s+this\s+(?:article|story)|print\s+this\s+(?:article|page))"),
    (
        "photo-credit",
        rf"{_PROSE}(?:(?:main|cover|top|header|featured|lead)\s+)?"
        r"(?:photo(?:graph)?s?|images?|pictures?|file\s+photo|video)"
        r"\s*(?:credits?\s*)?:\s*.{1,120}",
    ),
    (
        # "Photo by Jan Teller/Kestrel Wire": only capitalised names after "by"
        "photo-credit",
        r"(?:photo(?:graph)?s?|images?|pictures?|file\s+photo)\s+by\s+"
        r"(?-i:[A-Z][\w.'\-]*(?:[\s/,&]+(?:[A-Z][\w.'\-]*|via|for|and|of))*)\.?",
    ),
    ("photo-credit", r"\(\s*(?:photo|image|picture)s?\s+(?:by|credit|courtesy)\b[^)]{0,120}\)"),
    ("photo-credit", r"image\s+(?:copyright|source|caption)\b.{0,160}"),
    ("photo-credit", rf"{_PROSE}[^.!?]{{0,100}}\bgetty\s+images\b[^.!?]{{0,40}}\.?"),
    (
        "advertisement",
        r"(?:advertisement|advertising|sponsored(?:\s+content)?|ad|"
        r"story\s+continues\s+(?:below|after)\s+(?:this\s+)?advertisement)",
    ),
    (
        "related",
        r"related\s*:.*|(?:related|recommended|more)\s+"
        r"(?:articles?|stor(?:y|ies)|posts?|content|coverage|news|links?|topics|reading|videos?)"
        r"(?:\s*:.*)?",
    ),
    ("related", r"(?:you\s+may\s+also\s+like|most\s+read|trending\s+now|top\s+stories)\s*:?"),
    (
        "copyright",
        rf"{_PROSE}(?:copyright|\u00a9|\(c\))\s*(?:\d{{4}}|\w).{{0,200}}"
        r"|.{0,200}all\s+rights\s+reserved\.?",
    ),
    (
        "wire-feed",
        r"\(?\s*(?:except\s+for\s+the\s+headline,\s+)?this\s+(?:story|article|report)\s+"
        r"(?:has\s+been|was|is|has\s+not\s+been)\s+"
        r"(?:published|auto-generated|generated|edited).{0,80}\b(?:feed|staff)\b.*",
    ),
)

# Phrases that are boilerplate wherever they appear, even glued to a sentence.
INLINE_RULES: tuple[tuple[str, str], ...] = (
    (
        "video-player",
        r"your\s+browser\s+(?:does\s+not|doesn't|doesn\u2019t)\s+support\s+"
        r"(?:the\s+)?(?:video|audio|html5\s+video)(?:\s+(?:players?|tag|element))?"
        r"[.\u2026]*(?:\s*read\s+more)?[.\u2026]*",
    ),
    # "... the border. Read more" at the end of a paragraph
    ("read-more", r"(?<=[.!?\"\u201d\u2019])[ \t]*read\s+more[.\u2026]*[ \t]*$"),
)

_LINE = tuple((reason, re.compile(p, re.IGNORECASE)) for reason, p in LINE_RULES)
_INLINE = tuple((reason, re.compile(p, re.IGNORECASE)) for reason, p in INLINE_RULES)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) pairs; lines exclude their line break, offsets index ``text``."""
    offset = 0
    for chunk in text.splitlines(keepends=True):
        line = chunk.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        yield offset, line
        offset += len(chunk)


def _line_reason(stripped: str) -> str | None:
    if len(stripped) > MAX_LINE_CHARS:
        return None
    candidates = [stripped]
    if stripped[:1] in "[(" and stripped[-1:] in "])":  # "[Related: ...]"
        candidates.append(stripped[1:-1].strip())
    for reason, pattern in _LINE:
        if any(pattern.fullmatch(c) for c in candidates):
            return reason
    return None


def find_boilerplate(text: str) -> list[Removed]:
    """Ranges of ``text`` that are not article content. Pure; never changes the text.

    Ranges are sorted, non-overlapping, within ``[0, len(text)]`` and never empty.
    """
    found: list[Removed] = []
    for offset, line in _lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        start = offset + lead
        reason = _line_reason(stripped)
        if reason is not None:
            end = start + len(stripped)
            found.append(Removed(start, end, reason, text[start:end]))
            continue
        found.extend(_inline(text, offset, line))
    return found


def _inline(text: str, offset: int, line: str) -> list[Removed]:
    hits: list[Removed] = []
    taken_until = -1
    matches = sorted(
        ((m.start(), m.end(), reason) for reason, p in _INLINE for m in p.finditer(line)),
    )
    for m_start, m_end, reason in matches:
        # trim blanks so the range starts and ends on visible characters
        segment = line[m_start:m_end]
        m_start += len(segment) - len(segment.lstrip())
        m_end -= len(segment) - len(segment.rstrip())
        if m_end <= m_start or m_start < taken_until:
            continue
        start, end = offset + m_start, offset + m_end
        hits.append(Removed(start, end, reason, text[start:end]))
        taken_until = m_end
    return hits
