from claimgraph.nlp import mask_ranges


def test_line_breaks_end_sentences(nlp):
    doc = nlp("Velk directs troops to Sevria\nThe president of Dravenia said he would stay.")
    assert [s.text.strip() for s in doc.sents] == [
        "Velk directs troops to Sevria",
        "The president of Dravenia said he would stay.",
    ]


def test_mask_keeps_offsets_and_newlines():
    text = "Keep this.\nSee also: other story\nAnd this."
    start = text.index("See")
    end = text.index("\nAnd")
    masked = mask_ranges(text, [(start, end)])
    assert len(masked) == len(text)
    assert masked[start:end].strip() == ""
    assert masked.count("\n") == text.count("\n")
    assert masked[end:] == text[end:]
