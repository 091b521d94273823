"""HTML pages -> Document: article text, metadata, pages with no article, broken markup."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.clean.html import html_to_document
from claimgraph.errors import EmptyInputError, InputError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"

PAGE = """<!DOCTYPE html><html><head><title>Velk visits Brenn | Halvar Post</title>
<meta property="og:title" content="Velk visits Brenn">
<meta property="og:site_name" content="Halvar Post">
<meta name="author" content="Ana Kell">
<meta property="article:published_time" content="2026-03-10">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li></ul></nav>
<article><h1>Velk visits Brenn</h1>
<p>President Tomas Velk visited a tractor factory in the eastern city of Brenn on Tuesday and
told workers that the army was ready for anything.</p>
<p>"We hope for talks, but we prepare for the worst," Velk said, adding that about 12,000
soldiers were now at the border with Sevria.</p>
<p>The factory's director, Ivo Brandl, said orders had fallen by a third since January.</p>
</article>
<footer>&copy; 2026 Halvar Post. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body></html>"""


def test_article_text_and_metadata():
    doc = html_to_document(PAGE, source="p.html")
    assert "tractor factory" in doc.text
    assert "12,000" in doc.text
    assert "Politics" not in doc.text and "Privacy" not in doc.text
    assert doc.title == "Velk visits Brenn"
    assert doc.outlet == "Halvar Post"
    assert doc.author == "Ana Kell"
    assert doc.published == "2026-03-10"
    assert doc.media_type == "text/html"


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html><body></body></html>",
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
        "<html><head><script>var x = 1;</script></head><body><script>go()</script></body></html>",
    ],
)
def test_no_article_is_an_empty_input_error(html):
    with pytest.raises(EmptyInputError, match=r"p\.html"):
        html_to_document(html, source="p.html")


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>President Tomas Velk said on Tuesday that the army was ready <b>for "
        "anything <div>and that about 12,000 soldiers were at the border with Sevria, in the "
        "largest deployment since 2019.",
        "<p>President Tomas Velk said on Tuesday that the army was ready for anything.</p></p>"
        "</div></body></html><p>About 12,000 soldiers were at the border with Sevria.</p>",
        "\x00\x01<html><body><p>" + "Velk said the army was ready for anything. " * 5,
    ],
)
def test_malformed_html_gives_text_or_a_clear_error(html):
    try:
        doc = html_to_document(html, source="bad.html")
    except EmptyInputError:
        return
    assert "Velk" in doc.text


def test_demo_pages_keep_boilerplate_for_the_cleaner_and_drop_navigation():
    page = EXAMPLES / "2026-03-09-orlan-herald-dravenia-troops.html"
    doc = html_to_document(page.read_text(encoding="utf-8"), source=str(page))
    assert doc.outlet == "Orlan Herald"
    assert doc.published == "2026-03-09"
    assert "two officials in the Dravenian defence ministry" in doc.text
    assert "Opinion" not in doc.text  # navigation
    assert "Cookies help us" not in doc.text  # footer


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=60),
            st.sampled_from(
                ["<html>", "</html>", "<body>", "<p>", "</p>", "<article>", "<div>", "<!--",
                 "-->", "<script>", "</script>", "<![CDATA[", "&amp;", "&#0;", "\x00", "<?xml"]
            ),
        ),
        max_size=20,
    ).map("".join)
)  # fmt: skip
def test_html_never_crashes(html):
    try:
        doc = html_to_document(html, source="x.html")
    except InputError as exc:
        assert str(exc).startswith("x.html: ")
    else:
        assert doc.text.strip()
