"""Claims that mean something: labels are their content, `--about` finds a number claim by
the places and people of its sentences (fictional data)."""

from __future__ import annotations

from typing import Any

from claimgraph.analysis.claims import Item, quantity_label, statement_label, summarise
from claimgraph.store import open_store
from test_store_records import make_record


def test_statement_label_is_the_fullest_report_not_a_fragment():
    members = [
        Item("s1", "a1", "Kestrel Wire", "2026-03-12", content="as a despot"),
        Item(
            "s2",
            "a2",
            "Valley Post",
            "2026-03-12",
            content="the governor of Kovar ruled the province as a despot for a decade",
        ),
        Item("s3", "a3", "Orlan Herald", "2026-03-13", content="ruled Kovar as a despot"),
    ]
    assert statement_label(members).startswith("the governor of Kovar ruled")
    long = Item("s4", "a4", None, None, content="word " * 100)
    assert len(statement_label([long])) <= 201


def test_quantity_label_says_what_is_counted_its_values_and_sentence():
    def q(id_: str, value: float, approx: str, content: str = "") -> Item:
        return Item(
            id_,
            f"a{id_}",
            None,
            None,
            value=value,
            approx=approx,
            subject="visitors",
            key="dead|marlo",
            content=content,
            names=["Marlow Bay"],
        )

    members = [
        q("1", 19.0, "exact"),
        q("2", 20.0, "at_least", "gunmen killed at least 20 visitors at a hotel in Marlow Bay"),
        q("3", 19.0, "exact"),
    ]
    label = quantity_label(members)
    assert label.startswith("visitors (dead): 19, at least 20 — gunmen killed")
    data = summarise("quantity", members)
    assert data["label"] == label and data["names"] == ["Marlow Bay"]


def _attack(outlet: str, published: str, number: str, after: str) -> dict[str, Any]:
    text = f"Gunmen killed {number} visitors at a beach hotel in Marlow Bay on Friday. {after}"
    return make_record(
        text,
        outlet=outlet,
        published=published,
        entities=[("E1", "Marlow Bay", "GPE")],
        quantities=[
            {"id": "Q1", "text": f"{number} visitors", "value": float(number), "unit": "visitors"}
        ],
    )


def test_claims_about_a_place_named_only_in_the_sentence(tmp_path):
    with open_store(f"sqlite:///{tmp_path / 'c.db'}") as store:
        store.add_records(
            [
                _attack("Kestrel Wire", "2026-06-05", "19", "The hotel was closed."),
                # not a copy: its own report of the same figure, a source of its own
                _attack("Valley Post", "2026-06-05", "19", "Police sealed off the beach road."),
            ]
        )
        store.analyse()
        found = store.claims(about="Marlow Bay", kind="quantity")["items"]
        assert len(found) == 1
        assert found[0]["label"] == "visitor: 19"
        assert found[0]["n_sources"] == 2
        assert store.claims(about="Rennick", kind="quantity")["total"] == 0


def test_cooccurrence_not_doubled_by_a_syndicated_copy(tmp_path):
    from test_store_records import troops_record

    with open_store(f"sqlite:///{tmp_path / 'c.db'}") as store:
        store.add_records(
            [
                troops_record("Kestrel Wire", "2026-03-09", "about 12,000", "approximate"),
                # the same text reprinted by another outlet: a copy, one source with it
                troops_record("Baltovia Daily", "2026-03-10", "about 12,000", "approximate"),
                troops_record("Northgate Times", "2026-03-11", "10,000", "exact"),
            ]
        )
        store.analyse()
        assert store.counts()["duplicates"] == 1
        renvik = store.entity("Alda Renvik")
        together = {c["name"]: c["articles"] for c in renvik["cooccurring"]}
        assert together["Sevria"] == 2  # Kestrel Wire and Northgate Times, not the reprint


def test_claims_list_marks_an_echo_and_puts_corroborated_claims_first(tmp_path):
    from click.testing import CliRunner

    from claimgraph.serve.cli import cli
    from test_store_records import troops_record

    db = tmp_path / "c.db"
    with open_store(f"sqlite:///{db}") as store:
        store.add_records(
            [
                _attack("Kestrel Wire", "2026-06-05", "19", "The hotel was closed."),
                _attack("Valley Post", "2026-06-05", "19", "Police sealed off the beach road."),
                # a text and its reprint: one source however many articles
                troops_record("Kestrel Wire", "2026-03-09", "about 12,000", "approximate"),
                troops_record("Baltovia Daily", "2026-03-10", "about 12,000", "approximate"),
            ]
        )
        store.analyse()
    out = CliRunner().invoke(cli, ["claims", "--db", str(db)], catch_exceptions=False).stdout
    heads = [line for line in out.splitlines() if line.startswith("c_")]
    assert "2 independent source(s)" in heads[0] and "echo" not in heads[0]
    assert heads[-1].endswith("(echo: one source)") and "1 independent source(s)" in heads[-1]
