"""Cross-article analysis as pure functions, on hand-built fictional data."""

from __future__ import annotations

from claimgraph.analysis.claims import (
    Item,
    cluster_statements,
    interval,
    numeric_contradictions,
    polarity_contradictions,
    quantity_key,
    source_of,
    summarise,
)
from claimgraph.analysis.duplicates import ArticleKey, resolve_duplicates, signature, similarity
from claimgraph.analysis.entities import merge_surnames
from claimgraph.analysis.stories import cluster_stories
from claimgraph.analysis.text import name_key

STORY = (
    "Floods swept through the river town of Kovar on Tuesday, forcing hundreds of families "
    "to leave their homes as the Velka river burst its banks after four days of rain. "
    "Rescue teams from Orlansk used boats to reach villages cut off by the water."
)


def test_name_variants_share_a_key():
    assert name_key("Zelenskiy") == name_key("Zelensky") == name_key("Zelenskyy")
    assert name_key("Volodya Zelenskyy's") == name_key("Volodya Zelenskiy")
    assert name_key("Kim Jong Un") != name_key("Kim Yo Jong")


def test_surname_attaches_only_when_unambiguous():
    rows = [
        ("a1", "E1", "e_full", "PERSON", "volodya zelensk"),
        ("a2", "E1", "e_sur", "PERSON", "zelensk"),  # corpus has one Zelensk: merged
        ("a3", "E1", "e_kju", "PERSON", "kim jong un"),
        ("a3", "E2", "e_kyj", "PERSON", "kim yo jong"),
        ("a4", "E1", "e_kim", "PERSON", "kim"),  # two full names end in kim? no: "un"/"jong"
        ("a5", "E1", "e_ana", "PERSON", "ana dorn"),
        ("a6", "E1", "e_bea", "PERSON", "bea dorn"),
        ("a7", "E1", "e_dorn", "PERSON", "dorn"),  # two different Dorns in the corpus
        ("a5", "E2", "e_dorn", "PERSON", "dorn"),  # ... but in a5 Ana Dorn is there
    ]
    merged = merge_surnames(rows)
    assert merged[("a2", "E1")] == "e_full"
    assert ("a7", "E1") not in merged
    assert merged[("a5", "E2")] == "e_ana"
    assert ("a4", "E1") not in merged


def test_near_duplicates_found_and_original_is_earliest():
    copy = STORY.replace("the water", "the flood")
    other = "Parliament in Orlansk passed the budget after a night of debate on taxes and pay."
    texts = {"a": STORY, "b": copy, "c": other, "d": STORY}
    keys = {}
    for aid, text in texts.items():
        sig = signature(text)
        keys[aid] = ArticleKey(
            aid,
            {"a": "2026-01-02", "b": "2026-01-01"}.get(aid, "2026-01-05"),
            f"Outlet {aid}",
            aid if aid != "d" else "a",
            sig.minhash,
        )
    assert similarity(keys["a"].minhash, keys["b"].minhash) > 0.6
    assert similarity(keys["a"].minhash, keys["c"].minhash) < 0.2
    # candidate groups as the LSH bands would give them
    found = resolve_duplicates(keys, [["a", "b", "c", "d"]])
    assert "c" not in found and "b" not in found  # b is the earliest: the original
    assert found["a"][0] == "b"
    assert found["d"][0] == "b"


def test_stories_group_same_event_and_split_others():
    def terms(*words):
        return {w: 3.0 for w in words}

    items = [
        ("f1", "2026-03-01", terms("e:kovar", "flood", "velka", "river", "rescue", "boat")),
        ("f2", "2026-03-02", terms("e:kovar", "flood", "velka", "river", "family", "rain")),
        ("f3", "2026-03-02", terms("e:kovar", "flood", "velka", "rescue", "boat", "rain")),
        ("b1", "2026-03-01", terms("e:orlansk", "budget", "parliament", "tax", "vote", "debate")),
        ("b2", "2026-03-02", terms("e:orlansk", "budget", "parliament", "tax", "vote", "pay")),
        # same words a year later: another story
        ("f9", "2027-03-02", terms("e:kovar", "flood", "velka", "river", "rescue", "boat")),
    ]
    groups = sorted(sorted(m) for m in cluster_stories(items).values())
    assert groups == [["b1", "b2"], ["f1", "f2", "f3"], ["f9"]]


def _q(id_, value, approx="exact", outlet=None, published="2026-03-01", **kw):
    return Item(
        id=id_,
        article_id=id_,
        outlet=outlet or f"O-{id_}",
        published=published,
        value=value,
        approx=approx,
        **kw,
    )


def test_intervals_follow_the_stated_approximation():
    assert interval(_q("a", 12000, "approximate")) == (10800, 13200)
    assert interval(_q("a", 100, "at_least"))[1] == float("inf")
    assert interval(Item("r", "r", None, None, value=None, low=5, high=9, approx="range")) == (5, 9)


def test_numeric_contradiction_only_beyond_approximation():
    members = [_q("a", 12000, "approximate"), _q("b", 11000, "approximate"), _q("c", 10000)]
    pairs = {(a.value, b.value) for a, b in numeric_contradictions(members)}
    assert pairs == {(12000, 10000)}
    assert numeric_contradictions([_q("a", 12000, "approximate"), _q("b", 12500)]) == []
    assert numeric_contradictions([_q("a", 500, "at_least"), _q("b", 900)]) == []


def test_numbers_far_apart_in_time_or_size_are_not_contradictions():
    # a month later the count has changed: a timeline step, not a contradiction
    later = [_q("a", 100, published="2026-03-01"), _q("b", 150, published="2026-04-15")]
    assert numeric_contradictions(later) == []
    # 1,000 and 200,000 count different things
    scale = [_q("a", 1000), _q("b", 200000)]
    assert numeric_contradictions(scale) == []
    # a percentage never contradicts a count
    pct = [_q("a", 40, text="40%"), _q("b", 60, text="60 people")]
    assert numeric_contradictions(pct) == []
    # an article giving both numbers counts two things; a copy of it is no dispute either
    both = [_q("a", 100), _q("a2", 150), _q("b", 150, outlet="Y")]
    both[1].article_id = "a"
    assert numeric_contradictions(both) == []
    # undated numbers pair with anything
    undated = [_q("a", 100, published=None), _q("b", 150, published="2026-03-01")]
    assert len(numeric_contradictions(undated)) == 1
    # the same outlet twice is not two sides
    same = [_q("a", 100, outlet="X"), _q("b", 150, outlet="X")]
    assert numeric_contradictions(same) == []


def test_polarity_contradiction_and_echo_counting():
    base = "Dravenian troops had crossed into Sevria near Kovar"
    items = [
        Item("s1", "a1", "Kestrel Wire", "2026-03-01", content=base, modality="asserted"),
        Item(
            "s2",
            "a2",
            "Orlan Herald",
            "2026-03-02",
            content=base,
            modality="asserted",
            origin="Kestrel Wire",
        ),  # "Kestrel Wire reported ..." counted once with s1? no:
        Item("s3", "a3", "Baltovia Daily", "2026-03-02", content=base, modality="denied"),
        Item(
            "s4",
            "a4",
            "Northgate Times",
            "2026-03-03",
            content=base,
            modality="asserted",
            original_source="outlet:kestrel wire",
        ),  # a syndicated copy of a1
    ]
    clusters = cluster_statements(items)
    assert len(clusters) == 1 and len(clusters[0]) == 4
    data = summarise("statement", items)
    # sources: Kestrel Wire (s1, s4 copy), via:kestrel wire (s2 relay), Baltovia Daily
    assert source_of(items[3]) == source_of(items[0])
    assert data["n_sources"] == 3
    assert {e["id"] for e in data["echoes"]} == {"s2", "s4"}
    pairs = polarity_contradictions(items)
    assert pairs and all(b.modality == "denied" for _, b in pairs)
    assert data["timeline"][0]["change"] == "first"
    assert any(step["modality"] == "denied" for step in data["timeline"])


def test_unrelated_statements_not_aligned():
    items = [
        Item("s1", "a1", "A", None, content="the harvest in Kovar was late this year"),
        Item("s2", "a2", "B", None, content="parliament passed the budget after a long night"),
    ]
    assert cluster_statements(items) == []


def test_quantity_key_normalises_unit_and_places():
    a = quantity_key("soldiers", None, ["Dravenian", "Sevria"])
    b = quantity_key("troops", None, ["Dravenia", "Sevria"])
    assert a == b
    assert quantity_key("troops", None, []) == "troop|"
    assert quantity_key(None, None, ["Kovar"]) == "|kovar"  # counts nothing named
    assert quantity_key("GMT", None, ["Kovar"]) is None  # a clock time
    # people killed or injured, however the counted noun is put
    assert quantity_key("people", None, [], toll="dead") == "dead|"
    assert quantity_key("soldiers", None, [], toll="injured") == "injured|"
    assert quantity_key("km", None, [], toll="dead") == "km|"
    assert quantity_key(None, "wounded civilians", ["Kovar"]) == "civilian|kovar"


def test_place_variants_meet_through_the_gazetteer():
    from claimgraph.analysis.entities import corpus_id, entity_key

    assert entity_key("Kiev", "GPE") == entity_key("Kyiv", "GPE")
    assert corpus_id("GPE", entity_key("Kiev", "GPE")) == corpus_id(
        "LOC", entity_key("Kyiv", "LOC")
    )
    # people are never looked up as places
    assert entity_key("Kiev", "PERSON") != entity_key("Kyiv", "PERSON")


def test_toll_words_next_to_a_number():
    from claimgraph.analysis.claims import toll_of

    assert toll_of("has hit southern Iran, killing at least ", " people, injuring dozens") == "dead"
    assert toll_of("killing at least 10 people, injuring ", " more") == "injured"
    assert toll_of("the death toll rose to ", "") == "dead"
    assert toll_of("the quake struck ", " villages near the coast of the island") is None
    # a conjunction ends the number's phrase: the two partners are the wounded
    assert toll_of("left a receptionist dead and ", " partners wounded") == "injured"
    assert toll_of("A receptionist died and ", " men, believed to be managers") is None


def test_unit_classes_name_one_counted_thing_many_ways():
    from claimgraph.analysis.claims import unit_class

    assert unit_class("victim") == unit_class("people") == unit_class("dead") == "person"
    assert unit_class("robber") == unit_class("somali") == "person"
    assert unit_class("injured") == "injured"  # never joins the dead
    assert unit_class("skiff") == unit_class("boat") == "vessel"
    assert unit_class("euro") == unit_class("€")
    assert unit_class("year") == "year" and unit_class("them") is None


def test_quantities_grouped_by_figure():
    from claimgraph.analysis.claims import group_quantities

    def q(id_, article, key, value):
        return Item(id=id_, article_id=article, outlet=None, published=None, value=value, key=key)

    items = [
        # one story: the same value of the same counted thing, however named
        q("q1", "a1", "person|qeshm", 10.0),
        q("q2", "a2", "dead|", 10.0),
        q("q3", "a3", "injured|qeshm", 10.0),  # injured: another figure
        q("q4", "a3", "year|", 10.0),  # ten years: another figure
        # a number naming nothing joins the one figure of its value in its story
        q("q5", "a4", "|", 12.0),
        q("q6", "a5", "village|", 12.0),
        q("q7", "a6", "|", 7.0),  # nothing of that value: no claim
        q("q8", "a7", "|", 7.0),
        # in one story, one named context (two stems or more): close counts of people
        q("q9", "b1", "troop|north korea russi", 12000.0),
        q("q10", "b2", "soldier|north korea russi", 11000.0),
        q("q11", "b3", "troop|north korea russi", 30000.0),  # too far: another figure
        # different values in one story are different figures ("1,276 delegates" for
        # Biden, "441" for Sanders)...
        q("q12", "c1", "delegate|biden", 1276.0),
        q("q13", "c2", "delegate|sande", 441.0),
        # ... except a measure the story has one of
        q("q14", "c1", "magnitude|", 5.9),
        q("q15", "c2", "magnitude|", 6.1),
    ]
    stories = {a: "s1" for a in ("a1", "a2", "a3", "a4", "a5", "a6", "a7")}
    stories.update(c1="s2", c2="s2", b1="s3", b2="s3", b3="s3")
    groups = sorted(sorted(m.id for m in g) for g in group_quantities(items, stories))
    assert groups == [["q1", "q2"], ["q10", "q9"], ["q14", "q15"], ["q5", "q6"]]


def test_denials_need_a_denying_cue_and_link_across_wording():
    from claimgraph.analysis.claims import is_denial, link_polarity

    def st(id_, article, content, modality="asserted", cue="said"):
        return Item(
            id_,
            article,
            f"O-{article}",
            "2026-03-12",
            content=content,
            modality=modality,
            cue=cue,
            story="s1",
        )

    assert is_denial(st("d", "a", "x", "denied", "denied"))
    assert not is_denial(st("d", "a", "x", "denied", "did not dispute"))
    assert not is_denial(st("d", "a", "x", "denied", "has not commented"))
    items = [
        st("s1", "a1", "shells fired from Dravenian positions hit the market in Kovar"),
        st("s2", "a2", "firing on Kovar", "denied", "denied"),
        st("s3", "a3", "the harvest was late in Kovar"),
    ]
    clusters = link_polarity(items, [])
    assert [sorted(items[k].id for k in c) for c in clusters] == [["s1", "s2"]]
    pairs = polarity_contradictions([items[0], items[1]])
    assert [(a.id, b.id) for a, b in pairs] == [("s1", "s2")]


def test_copies_compared_without_their_boilerplate():
    from claimgraph.store.rows import build_rows

    footer_a = "\nShare this article\nSource link\nCopyright 2026 Orlan Herald."
    footer_b = "\nFollow us on Twitter and Facebook\nRelated: Halvar budget passes after long night"

    def record(body: str, footer: str) -> dict:
        text = body + footer
        start = len(body) + 1
        removed = [{"start": start, "end": len(text), "reason": "share"}]
        return {"text": text, "removed": removed, "outlet": footer[:12], "entities": []}

    rows_a = build_rows(record(STORY, footer_a))["articles"][0]
    rows_b = build_rows(record(STORY, footer_b))["articles"][0]
    assert rows_a["id"] != rows_b["id"]  # two articles...
    assert rows_a["text_hash"] == rows_b["text_hash"]  # ...carrying the same story
    assert similarity(rows_a["minhash"], rows_b["minhash"]) == 1.0
    # with the wrapping counted they would look less alike
    assert similarity(signature(STORY + footer_a).minhash, signature(STORY + footer_b).minhash) < 1


def test_story_blocks_of_past_time_buckets_are_dropped():
    """Articles come in date order; blocks a later article cannot reach are forgotten, so the
    representatives kept do not grow with the corpus."""
    from collections import Counter

    from claimgraph.analysis.stories import StoryClusters

    terms = {"e:kovar": 3.0, "flood": 3.0, "velka": 3.0, "river": 3.0}
    df = Counter({t: 10 for t in terms})
    clusters = StoryClusters(df, 10)
    months = [f"2026-{m:02d}-01" for m in range(1, 11)]
    for n, day in enumerate(months):
        clusters.add(f"a{n}", day, terms)
        assert len(clusters.rep_vectors) <= 2  # this bucket and the one before at most
    clusters.finish()
    # a month apart: ten stories, each named after its own article
    assert len({clusters.story(i) for i in range(len(months))}) == len(months)


def test_statement_that_joins_a_cluster_is_not_kept():
    from collections import Counter

    from claimgraph.analysis.claims import StatementClusters
    from claimgraph.analysis.text import content_terms

    text = "shells fired from Dravenian positions hit the market in Kovar on Monday"
    items = [Item(f"s{n}", f"a{n}", f"O{n}", "2026-03-12", content=text) for n in range(5)]
    df = Counter(t for item in items for t in content_terms(item.content))
    clusters = StatementClusters(df)
    nodes = [clusters.add(item.id, item) for item in items]
    assert nodes[0] == "s0" and all(clusters.uf.find(n) == "s0" for n in nodes)
    assert set(clusters.reps) == {"s0"} and not set(clusters.uf.parent) & {"s1", "s2", "s3", "s4"}


def test_term_counts_count_from_the_second_sighting():
    from claimgraph.analysis.text import TermCounts

    df = TermCounts(bits=2**16)
    df.update(["kovar", "flood", "kovar", "rare"])
    df.update(["kovar", "flood"])
    assert (df["kovar"], df["flood"], df["rare"], df["never"]) == (3, 2, 1, 0)
    assert set(df.counts) == {"kovar", "flood"}  # a term seen once takes no entry


def test_specific_counts_and_same_clauses_join_across_values():
    from claimgraph.analysis.claims import QuantityGroups

    def q(id_, article, key, value, terms=()):
        return Item(
            id=id_,
            article_id=article,
            outlet=None,
            published=None,
            value=value,
            key=key,
            terms=set(terms),
        )

    grouper = QuantityGroups()
    items = [
        q("v1", "a1", "village|qeshm", 15.0),  # a specific thing: close counts are one
        q("v2", "a2", "village|", 12.0),
        q("v3", "a3", "village|", 40.0),  # too far
        q("y1", "a1", "year|", 8.0, ["contract", "offer", "teixeira"]),  # durations: no...
        q("y2", "a2", "year|", 7.0, ["offer", "contract", "teixeira", "angel"]),  # ...unless
        q("y3", "a3", "year|", 9.0, ["prison", "sentence"]),  # the clauses say the same
    ]
    nodes = {i.id: grouper.add(i, "s1") for i in items}
    grouper.finish()
    root = {k: grouper.uf.find(n) for k, n in nodes.items()}
    assert root["v1"] == root["v2"] != root["v3"]
    assert root["y1"] == root["y2"] != root["y3"]


def test_updates_are_changes_and_each_source_pair_disagrees_once():
    from claimgraph.analysis.claims import is_update, numeric_contradictions, timeline

    assert is_update("the death toll rose to ")
    assert is_update("the number of dead has now climbed to at least ")
    assert not is_update("an earthquake killed ")

    def q(id_, article, outlet, value, update=False):
        return Item(id_, article, outlet, "2026-03-10", value=value, approx="exact", update=update)

    members = [
        q("a", "a1", "Alpha", 19.0),
        q("b", "a2", "Beta", 22.0),
        q("c", "a3", "Gamma", 22.0),
        q("d", "a4", "Delta", 25.0, update=True),  # "rose to 25": a change
    ]
    pairs = {(x.id, y.id) for x, y in numeric_contradictions(members)}
    assert pairs == {("a", "b"), ("a", "c")}  # one per pair of sources, never the update
    assert [step["change"] for step in timeline(members)] == ["first", "changed", "updated"]


def test_original_is_earliest_then_the_more_complete_text_never_the_reprint():
    from claimgraph.analysis.duplicates import original_of

    def key(aid, published, outlet, length):
        return ArticleKey(aid, published, outlet, aid, b"", length)

    original = key("o", "2026-03-09", "Zeta Times", 4000)
    reprint = key("r", "2026-03-09", "Aggregator", 2500)  # same day, shorter: the copy
    assert original_of([reprint, original]).id == "o"
    # the same day with a time on one side only is still a tie
    assert original_of([key("r", "2026-03-09T06:00", "A", 2500), original]).id == "o"
    # both timed: the earliest time wins
    timed = [key("r", "2026-03-09T06:00", "A", 2500), key("o", "2026-03-09T09:00", "Z", 4000)]
    assert original_of(timed).id == "r"
    # an earlier day wins over length; undated articles come last
    assert original_of([key("e", "2026-03-08", "B", 100), original]).id == "e"
    assert original_of([key("u", None, "B", 9000), original]).id == "o"
    # a same-day reprint that credits the other outlet loses, even when longer
    wire = key("w", "2026-03-09", "Kestrel Wire", 900)
    paper = ArticleKey(
        "p", "2026-03-09", "Northgate Times", "p", b"", 1200, frozenset({"kestrel wire"})
    )
    assert original_of([paper, wire]).id == "w"


def test_two_values_one_article_states_are_two_figures():
    from claimgraph.analysis.claims import QuantityGroups, unit_class

    def q(id_, article, key, value, terms=()):
        return Item(id_, article, None, None, value=value, key=key, terms=set(terms))

    grouper = QuantityGroups()
    items = [
        # "two skiffs escaped, three were seized" in one article: close counts, two figures
        q("b1", "a1", "skiff|", 2.0, ["escaped", "skiff", "coast"]),
        q("b2", "a1", "skiff|", 3.0, ["seized", "skiff", "coast"]),
        q("b3", "a2", "skiff|", 3.0),
        # "14 Velkans and 13 Orlanskians": one named context, two groups
        q("n1", "a3", "velkan|kovar orlan", 14.0),
        q("n2", "a3", "orlanskian|kovar orlan", 13.0),
        q("n3", "a4", "velkan|kovar orlan", 14.0),
        # the same clauses in different articles still join different values
        q("y1", "a5", "year|", 8.0, ["contract", "offer", "ferrand"]),
        q("y2", "a6", "year|", 7.0, ["offer", "contract", "ferrand"]),
    ]
    nodes = {i.id: grouper.add(i, "s1") for i in items}
    grouper.finish()
    root = {k: grouper.uf.find(n) for k, n in nodes.items()}
    assert root["b2"] == root["b3"] != root["b1"]
    assert root["n1"] == root["n3"] != root["n2"]
    assert root["y1"] == root["y2"]
    assert unit_class("hurt") == unit_class("wounded") == unit_class("injured") == "injured"


def test_unnamed_numbers_short_plurals_speeds_and_shared_names():
    from claimgraph.analysis.claims import QuantityGroups, unit_class

    def q(id_, article, key, value, terms=(), text=None):
        return Item(id_, article, None, None, value=value, key=key, terms=set(terms), text=text)

    grouper = QuantityGroups()
    items = [
        # "a dozen other people were at the party" names nothing; its value has two
        # classes in the story: it joins the one whose clauses say the same thing
        q("d1", "a1", "people|", 12.0, ["party", "office", "guest"]),
        q("d2", "a2", "year|", 12.0, ["prison", "sentence"]),
        q("d3", "a3", "|", 12.0, ["party", "office", "fled"]),
        # "120 miles per hour" and "120 mph" count the same thing
        q("m1", "a4", "mile|", 120.0, text="up to 120 miles per hour"),
        q("m2", "a5", "mph|", 120.0, text="120 mph"),
        q("m3", "a6", "mile|", 120.0, text="120 miles"),  # a distance
    ]
    nodes = {i.id: grouper.add(i, "s1") for i in items}
    # other stories: one value of one class under two shared names is one figure even
    # when the sentences name more or fewer things
    nodes["p1"] = grouper.add(q("p1", "b1", "skiff|aden velka", 23.0), "s2")
    nodes["p2"] = grouper.add(q("p2", "b2", "skiff|aden marlo velka", 23.0), "s3")
    nodes["p3"] = grouper.add(q("p3", "b3", "skiff|aden marlo", 23.0), "s4")
    nodes["p4"] = grouper.add(q("p4", "b4", "skiff|aden kovar", 23.0), "s5")  # one shared
    nodes["p5"] = grouper.add(q("p5", "b5", "skiff|aden velka", 24.0), "s6")  # other value
    grouper.finish()
    root = {k: grouper.uf.find(n) for k, n in nodes.items()}
    assert root["d3"] == root["d1"] != root["d2"]
    assert root["m1"] == root["m2"] != root["m3"]
    assert root["p1"] == root["p2"] == root["p3"]  # p3 meets p2 on (aden, marlo)
    assert root["p4"] != root["p1"] != root["p5"]
    assert unit_class("guns") == unit_class("rifle") == "weapon"
    assert unit_class("coworker") == unit_class("co-worker") == "person"


def test_merchant_ships_are_not_the_attackers_boats():
    from claimgraph.analysis.claims import QuantityGroups

    def q(id_, article, key, subject):
        return Item(id_, article, None, None, value=5.0, key=key, subject=subject)

    grouper = QuantityGroups()
    items = [
        q("b1", "a1", "boat|", "pirate boats"),
        q("b2", "a2", "skiff|", "skiffs"),
        q("m1", "a3", "vessel|", "merchant vessels"),
        q("m2", "a4", "ship|", "cargo ships"),
    ]
    nodes = {i.id: grouper.add(i, "s1") for i in items}
    grouper.finish()
    root = {k: grouper.uf.find(n) for k, n in nodes.items()}
    assert root["b1"] == root["b2"] != root["m1"] == root["m2"]


def test_rival_owners_of_one_sum_are_two_figures():
    from claimgraph.analysis.claims import QuantityGroups, owner_of

    text = "The Orlan Rovers have offered Ferrand an eight-year deal, the Kovar Times said."
    orgs = [(4, 16, "Orlan Rovers"), (59, 70, "Kovar Times")]
    at = text.index("eight-year")
    assert owner_of(at, at + 10, orgs, 0, len(text)) == "rovers"
    after = "Ferrand has an eight-year offer from the Velka Saints."
    at = after.index("eight")
    saints = after.index("Velka")
    assert owner_of(at, at + 10, [(saints, saints + 12, "Velka Saints")], 0, len(after)) == (
        "saints"
    )

    def q(id_, article, owner, key="year|"):
        return Item(id_, article, None, None, value=8.0, key=key, owner=owner)

    grouper = QuantityGroups()
    items = [
        q("r1", "a1", "rovers"),
        q("r2", "a2", "rovers"),
        q("s1", "a3", "saints"),
        q("s2", "a4", "saints"),
        q("t1", "a5", "times"),  # named once: no rival, joins the figure of its value
        q("n1", "a6", None),
        # a story with one owner of its eight years: all one figure
        q("x1", "b1", "rovers"),
        q("x2", "b2", None),
        q("x3", "b3", "rovers"),
    ]
    nodes = {i.id: grouper.add(i, "s2" if i.id.startswith("x") else "s1") for i in items}
    grouper.finish()
    root = {k: grouper.uf.find(n) for k, n in nodes.items()}
    assert root["r1"] == root["r2"] != root["s1"] == root["s2"]
    assert root["t1"] == root["n1"] not in {root["r1"], root["s1"]}
    assert root["x1"] == root["x2"] == root["x3"]


def test_habits_and_other_stories_are_no_side_of_a_dispute():
    from claimgraph.analysis.claims import is_habitual, numeric_contradictions

    assert is_habitual("Ferrand has averaged more than 30 home runs and ", " RBIs a season")
    assert is_habitual("having never hit fewer than ", "")
    assert is_habitual("he scores ", " goals a season")
    assert not is_habitual("the shelling killed ", " people in Kovar")

    def q(id_, outlet, value, story="s1", habitual=False):
        return Item(
            id_,
            f"a-{id_}",
            outlet,
            "2026-05-01",
            value=value,
            approx="exact",
            story=story,
            habitual=habitual,
        )

    members = [
        q("a", "Alpha", 121.0),
        q("b", "Beta", 100.0, habitual=True),  # "has averaged 100": a habit, not a rival
        q("c", "Gamma", 5.6, story="s2"),
        q("d", "Delta", 5.9, story="s3"),  # another quake, another story
        q("e", "Epsilon", 150.0),
    ]
    pairs = {(x.id, y.id) for x, y in numeric_contradictions(members)}
    assert pairs == {("a", "e")}


def test_clause_terms_kept_do_not_depend_on_set_order():
    from collections import Counter

    from claimgraph.analysis.claims import CLAUSE_KEPT, _top_terms

    words = [f"t{n:02d}" for n in range(CLAUSE_KEPT + 5)]
    one, other = Counter(), Counter()
    one.update(words)
    other.update(reversed(words))  # the same counts, met in another order
    assert _top_terms(one) == _top_terms(other) == set(words[:CLAUSE_KEPT])


def test_an_article_left_alone_joins_the_figure_its_names_point_to():
    from claimgraph.analysis.claims import QuantityGroups

    def q(id_, article, key, value=3.0):
        return Item(id_, article, None, None, value=value, key=key)

    grouper = QuantityGroups()
    big = [q(f"c{n}", f"a{n}", "cable|medit sicil") for n in range(3)]  # a story of three
    nodes = {i.id: grouper.add(i, "s1") for i in big}
    # an article the story grouping left alone names Sicily with three cables: one figure
    nodes["x"] = grouper.add(q("x", "b1", "cable|sicil"), "s2")
    nodes["y"] = grouper.add(q("y", "b2", "cable|sicil", 4.0), "s3")  # another value
    nodes["z"] = grouper.add(q("z", "b3", "cable|kovar"), "s4")  # names nothing in common
    # two big stories name the place: which one is unclear, nothing joins
    for n in range(3):
        nodes[f"d{n}"] = grouper.add(q(f"d{n}", f"d{n}", "boat|aden"), "s5")
        nodes[f"e{n}"] = grouper.add(q(f"e{n}", f"e{n}", "boat|aden"), "s6")
    nodes["w"] = grouper.add(q("w", "b4", "boat|aden"), "s7")
    grouper.finish()
    root = {k: grouper.uf.find(n) for k, n in nodes.items()}
    assert root["x"] == root["c0"] == root["c2"]
    assert root["c0"] not in {root["y"], root["z"]}
    assert root["w"] not in {root["d0"], root["e0"]}


def test_a_further_group_is_not_the_figure_of_the_same_number():
    from claimgraph.analysis.claims import QuantityGroups, is_additional

    assert is_additional("in Orlansk, a further ", " people marched")
    assert is_additional("rescuers found the bodies of ", " more victims")
    assert not is_additional("rescuers found ", " more than 20 bodies")
    assert not is_additional("police said ", " people marched in Halvar")

    def q(id_, article, additional=False):
        return Item(id_, article, None, None, value=20000.0, key="people|", additional=additional)

    grouper = QuantityGroups()
    items = [q("h1", "a1"), q("h2", "a2"), q("o1", "a3", True), q("o2", "a4", True)]
    nodes = {i.id: grouper.add(i, "s1") for i in items}
    grouper.finish()
    root = {k: grouper.uf.find(n) for k, n in nodes.items()}
    assert root["h1"] == root["h2"] != root["o1"] == root["o2"]
