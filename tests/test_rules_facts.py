"""The aggregator and the registry: decisions independent of rule order (no spaCy)."""

from __future__ import annotations

import itertools
import random

import pytest

from citykg.extract.lexicon import load_lexicon
from citykg.extract.rules import all_rules
from citykg.extract.rules.facts import FactStore, decide
from citykg.extract.rules.records import Evidence, Veto
from citykg.extract.rules.registry import PHASES, rule

SINGLE = frozenset({"location", "startDate", "endDate"})


def ev(rule: str, conf: float, sent: int = 0, span: tuple[int, int] = (0, 1)) -> Evidence:
    return Evidence(rule, sent, span, conf)


def facts(store: FactStore) -> set[tuple]:
    return {(f.subject, f.predicate, f.obj, f.value) for f in decide(store, SINGLE)}


def test_every_evidence_of_a_fact_is_kept_best_first() -> None:
    store = FactStore()
    store.emit("e", "participant", ev("a", 0.6), obj="city:1")
    store.emit("e", "participant", ev("b", 0.9, span=(5, 6)), obj="city:1")
    (fact,) = decide(store, SINGLE)
    assert [e.rule for e in fact.evidence] == ["b", "a"]
    assert fact.best.confidence == 0.9


def test_a_veto_cancels_only_the_evidence_it_names() -> None:
    store = FactStore()
    store.emit("e", "participant", ev("participant-cue", 0.7, span=(3, 8)), obj="city:1")
    store.emit("e", "participant", ev("named-in-title", 0.6, span=(40, 45)), obj="city:1")
    store.emit("e", "participant", ev("participant-cue", 0.7, span=(10, 14)), obj="city:2")
    store.veto(Veto("organised-by", "participant", obj="city:1", span=(3, 8)))
    out = decide(store, SINGLE)
    assert {f.obj for f in out} == {"city:1", "city:2"}  # city:1 still named in the title
    store.veto(Veto("x", "participant", obj="city:1", rules=frozenset({"named-in-title"})))
    assert {f.obj for f in decide(store, SINGLE)} == {"city:2"}


def test_veto_on_rules_spares_other_rules() -> None:
    store = FactStore()
    store.emit("s", "participant", ev("host-participates", 0.7), obj="city:9")
    store.emit("s", "participant", ev("participant-cue", 0.7, span=(9, 12)), obj="city:9")
    store.veto(
        Veto("conference-host", "participant", subject="s", rules=frozenset({"host-participates"}))
    )
    (fact,) = decide(store, SINGLE)
    assert [e.rule for e in fact.evidence] == ["participant-cue"]


def test_fallback_yields_to_any_other_value() -> None:
    store = FactStore()
    store.emit("e", "topic", ev("dominant-topic", 0.5), obj="topic:heat", fallback=True)
    assert facts(store) == {("e", "topic", "topic:heat", None)}
    store.emit("e", "topic", ev("topic-in-title", 0.8), obj="topic:water")
    assert facts(store) == {("e", "topic", "topic:water", None)}


def test_fallback_confirmed_by_a_firm_rule_stays() -> None:
    store = FactStore()
    store.emit("e", "topic", ev("dominant-topic", 0.5), obj="topic:heat", fallback=True)
    store.emit("e", "topic", ev("topic-cue", 0.65), obj="topic:heat")
    (fact,) = decide(store, SINGLE)
    assert {e.rule for e in fact.evidence} == {"dominant-topic", "topic-cue"}


def test_single_valued_keeps_the_best_then_the_earliest() -> None:
    store = FactStore()
    store.emit("e", "location", ev("held-in", 0.8, span=(50, 55)), obj="city:late")
    store.emit("e", "location", ev("held-in", 0.8, span=(10, 15)), obj="city:early")
    store.emit("e", "location", ev("dateline", 0.7, span=(0, 5)), obj="city:dateline")
    assert facts(store) == {("e", "location", "city:early", None)}
    store.emit("e", "location", ev("location-block", 0.9, span=(90, 95)), obj="city:block")
    assert facts(store) == {("e", "location", "city:block", None)}


def test_an_enumerating_rule_that_wins_keeps_every_value_it_read() -> None:
    store = FactStore()
    store.emit("e", "location", ev("tour-stops", 0.8, span=(10, 15)), obj="city:a")
    store.emit("e", "location", ev("tour-stops", 0.8, span=(20, 25)), obj="city:b")
    store.emit("e", "location", ev("place-in-title", 0.7, span=(0, 5)), obj="city:c")
    tours = frozenset({"tour-stops"})
    kept = {f.obj for f in decide(store, SINGLE, tours)}
    assert kept == {"city:a", "city:b"}
    # not enumerating: one place; and a list that loses keeps none of its values
    assert {f.obj for f in decide(store, SINGLE)} == {"city:a"}
    store.emit("e", "location", ev("location-block", 0.9, span=(30, 35)), obj="city:d")
    assert {f.obj for f in decide(store, SINGLE, tours)} == {"city:d"}


def test_end_date_goes_with_the_start_date_read_with_it() -> None:
    store = FactStore()
    block, sentence = ev("date-block", 0.9, span=(5, 9)), ev("date-in-sentence", 0.8, span=(30, 40))
    store.emit("e", "startDate", block, value="2024-03-05")
    store.emit("e", "startDate", sentence, value="2024-03-04")
    store.emit("e", "endDate", sentence, value="2024-03-08")
    store.emit("e", "endDate", ev("duration", 0.6), value="2024-03-07", fallback=True)
    # the sentence's range lost to the block: its end date goes with it; the duration stays
    assert facts(store) == {
        ("e", "startDate", None, "2024-03-05"),
        ("e", "endDate", None, "2024-03-07"),
    }


def test_nothing_takes_part_in_itself() -> None:
    store = FactStore()
    store.emit("city:1", "participant", ev("a", 0.7), obj="city:1")
    assert facts(store) == set()


@pytest.mark.parametrize("seed", range(5))
def test_decisions_do_not_depend_on_emission_order(seed: int) -> None:
    items = [
        ("e", "location", ev("held-in", 0.8, span=(10, 15)), "city:a", False),
        ("e", "location", ev("hosted-by", 0.75, span=(2, 5)), "city:b", False),
        ("e", "participant", ev("participant-cue", 0.7, span=(3, 8)), "city:a", False),
        ("e", "participant", ev("host-city", 0.75, span=(2, 5)), "city:b", False),
        ("e", "topic", ev("dominant-topic", 0.5), "topic:x", True),
        ("e", "topic", ev("topic-cue", 0.65, span=(7, 9)), "topic:y", False),
    ]
    vetoes = [Veto("organised-by", "participant", obj="city:a", span=(3, 8))]
    reference = None
    rng = random.Random(seed)
    for _ in range(6):
        rng.shuffle(items)
        store = FactStore()
        for s, p, e, o, fb in items:
            store.emit(s, p, e, obj=o, fallback=fb)
        for v in vetoes:
            store.veto(v)
        got = facts(store)
        reference = reference or got
        assert got == reference
    assert reference == {
        ("e", "location", "city:a", None),
        ("e", "participant", "city:b", None),
        ("e", "topic", "topic:y", None),
    }


def test_registry_phases_and_names() -> None:
    rules = all_rules()
    names = [r.name for r in rules]
    assert len(names) == len(set(names))
    assert [r.phase for r in rules] == sorted((r.phase for r in rules), key=PHASES.index)
    assert all(r.doc for r in rules), [r.name for r in rules if not r.doc]
    with pytest.raises(ValueError, match="unknown rule phase"):
        rule("x", "no-such-phase")


def test_every_confidence_is_in_data_and_in_range() -> None:
    lex = load_lexicon()
    assert all(0 < c <= 1 for c in lex.confidences.values())
    for r in all_rules():
        if r.name not in ("exclusion", "conference-host", "negated-participation"):  # only veto
            assert r.name in lex.confidences, r.name


def test_lexicon_lists_are_per_language_and_compiled() -> None:
    lex = load_lexicon()
    assert "organi[sz]ed by" in lex.words("organizer_cues", "en")
    assert "organisée? par" in lex.words("organizer_cues", "fr")
    assert lex.rx("support_cues").search("avec le soutien de la Banque mondiale")
    assert not lex.rx("support_cues").search("the support staff")
    for a, b in itertools.combinations(["patterns", "words"], 2):
        assert not set(getattr(lex, a + "_raw")) & set(getattr(lex, b + "_raw"))
