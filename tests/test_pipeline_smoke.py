from claimgraph import SCHEMA, extract_text


def test_record_has_schema_and_offsets_index_the_input(nlp):
    text = "Dravenian President Tomas Velk told the Orlan Herald that 40 people had left Sevria."
    record = extract_text(text, source="t").to_dict()
    assert record["schema"] == SCHEMA
    assert record["text"] == text
    for entity in record["entities"]:
        for m in entity["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
