"""Boilerplate ranges: what is found, what is kept, and invariants on any input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.clean.boilerplate import find_boilerplate

ARTICLE = """HALVAR, March 9 (Kestrel Wire) - Dravenia has sent about 12,000 troops to the border.

Photo: Anna Berg/Kestrel Wire

"We will not be intimidated," Velk told reporters. He said readers should share the news.

Your browser does not support video players. Read more

See also: Sevria recalls its ambassador
Share this article
Source link
"""


def reasons(text: str) -> list[tuple[str, str]]:
    return [(r.reason, r.text) for r in find_boilerplate(text)]


def test_finds_each_kind_with_its_reason():
    found = reasons(ARTICLE)
    assert found == [
        ("photo-credit", "Photo: Anna Berg/Kestrel Wire"),
        ("video-player", "Your browser does not support video players. Read more"),
        ("see-also", "See also: Sevria recalls its ambassador"),
        ("share", "Share this article"),
        ("source-link", "Source link"),
    ]


def test_ranges_index_the_text_and_text_is_unchanged():
    original = str(ARTICLE)
    for r in find_boilerplate(ARTICLE):
        assert ARTICLE[r.start : r.end] == r.text
    assert original == ARTICLE


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Your browser does not support the video tag.", "video-player"),
        ("Read more", "read-more"),
        ("READ MORE: Baltovia offers to mediate", "read-more"),
        ("Follow us on Twitter and Facebook", "share"),
        ("Subscribe to our newsletter for the latest news.", "share"),
        ("Sign up for our morning briefing", "share"),
        ("(Photo by Jan Teller/Kestrel Wire)", "photo-credit"),
        ("Photo by Jan Teller/Orlan Herald", "photo-credit"),
        ("Image copyright Kestrel Wire", "photo-credit"),
        ("Scott Olson via Getty Images.", "photo-credit"),
        ("Advertisement", "advertisement"),
        ("Related: Baltovia offers to mediate between Halvar and Lusk", "related"),
        ("Related articles", "related"),
        ("Copyright 2026 Baltovia Daily. All rights reserved.", "copyright"),
        ("\u00a9 2026 Orlan Herald", "copyright"),
        (
            "This story has been published from a wire agency feed without modifications.",
            "wire-feed",
        ),
        ("[Related: Baltovia offers to mediate]", "related"),
        ("Related post: Kovar mourns", "related"),
        ("SOURCE: Kestrel Wire", "source-credit"),
        ("Main image credit: Kestrel Wire", "photo-credit"),
        ("Like this story? Share it with a friend!", "share"),
        ("Get the day's top headlines in your inbox by subscribing to our newsletter.", "share"),
        ("Border Briefing Newsletter", "share"),
        ("Email Mila Orsak at mila@example.org. Follow us on Twitter @orlanherald", "share"),
        ("Click here to get more information or download this game.", "promo"),
    ],
)
def test_line_rules(line, reason):
    text = f"First paragraph of the story.\n\n  {line}  \n\nLast paragraph."
    found = find_boilerplate(text)
    assert [(r.reason, r.text) for r in found] == [(reason, line)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Velk said he had read more than 200 letters from soldiers' families.",
        "Read more carefully, the treaty says nothing about artillery, Feld said.",
        "Share prices fell 4.5% in Halvar on Wednesday.",
        "Sign up for the reserve was voluntary until March, the ministry said.",
        "More news is expected from Rennick on Thursday.",
        "Related talks will start next week, Lunde said.",
        "Copyright laws were changed in 2019, the minister said.",
        "Photographs taken by residents showed the damaged market, the governor said.",
        "Pictures by local residents showed the damage.",
        "Getty Images said on Tuesday it would cut 100 jobs.",
        "See the statement below.",
        "Advertisements for the rally were banned, police said.",
        "The newsletter, which was founded in 2019, has 10,000 subscribers.",
        "Source: a senior official said the talks had stalled.",
        "Opposition leaders urged voters to sign up for the new party's newsletter, Venn said.",
    ],
)
def test_article_sentences_are_kept(sentence):
    assert find_boilerplate(f"Intro.\n{sentence}\nOutro.") == []


def test_inline_video_player_and_trailing_read_more():
    text = "The convoy arrived. Your browser does not support the video tag. Trucks were searched."
    found = find_boilerplate(text)
    assert [r.reason for r in found] == ["video-player"]
    assert found[0].text == "Your browser does not support the video tag."
    text = "The trucks were searched at Brenn. Read more\nNext paragraph."
    found = find_boilerplate(text)
    assert [(r.reason, r.text) for r in found] == [("read-more", "Read more")]


def test_offsets_with_crlf_and_unicode_line_breaks():
    text = "Caf\u00e9 owners protested.\r\nSource link\r\n\u2028Read more\u2029End."
    found = find_boilerplate(text)
    assert [r.reason for r in found] == ["source-link", "read-more"]
    for r in found:
        assert text[r.start : r.end] == r.text


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=80),
            st.sampled_from(
                ["Read more", "See also: x", "Source link", "Advertisement", "Photo: A/B",
                 "Your browser does not support video players. Read more", "\n", "\r\n", ""]
            ),
        ),
        max_size=12,
    ).map("\n".join)
)  # fmt: skip
def test_never_crashes_ranges_sorted_in_bounds_non_overlapping(text):
    found = find_boilerplate(text)
    previous_end = 0
    for r in found:
        assert 0 <= r.start < r.end <= len(text)
        assert r.start >= previous_end
        assert text[r.start : r.end] == r.text
        assert r.text == r.text.strip()
        previous_end = r.end
