"""Machine-translation hints: found in translated copies, not in native English."""

from __future__ import annotations

from pathlib import Path

from claimgraph.clean.translation import find_translation_hints, probably_translated
from claimgraph.ingest.files import read_path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"

TRANSLATED = (
    "President of Dravenia Tomas Welk took the decision to direct around 12 thousand soldiers "
    "to the border, he informed on Sunday.\n"
    "\u2014 We will not retreat, \u2014 Welk said to journalists.\n"
    "In the frames of the operation, armoured technique was moved into the region."
)
NATIVE = (
    "President Tomas Velk decided to send about 12,000 soldiers to the border, he said on "
    "Sunday. He informed parliament of the decision and said he had informed them in writing. "
    '"We will not retreat," Velk told reporters. As part of the operation, 300 armoured '
    "vehicles moved into the region, where 5 million people live."
)


def test_hints_in_a_translated_text_with_offsets():
    hints = find_translation_hints(TRANSLATED)
    kinds = {h.kind for h in hints}
    assert kinds == {"calque", "number-words", "reporting-verb", "dash-quote"}
    for h in hints:
        assert TRANSLATED[h.start : h.end] == h.text
    assert probably_translated(TRANSLATED)[0]


def test_native_english_is_not_flagged():
    translated, hints = probably_translated(NATIVE)
    assert not translated
    assert hints == []


def test_demo_copies():
    mt = read_path(EXAMPLES / "2026-03-09-meridian-online-welk-troops.html").text
    wire = read_path(EXAMPLES / "2026-03-09-kestrel-wire-dravenia-troops.txt").text
    assert probably_translated(mt)[0]
    assert not probably_translated(wire)[0]
