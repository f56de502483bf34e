"""The per-document memos of the rules answer as the computations they replace, hand out
copies callers may change, and the aggregator is not re-run for a phase that emitted
nothing."""

from __future__ import annotations

import datetime as dt

import citykg.extract.rules as rules_pkg
from citykg.extract.lexicon import load_lexicon
from citykg.extract.rules import run_text
from citykg.extract.rules.mentions import Mentions
from citykg.extract.rules.page import build_page, split_sentences, title_case_line
from citykg.extract.rules.records import Found

TEXT = (
    "Peer Exchange Brings Coastal Mayors Together In Lisbon\n"
    "The peer exchange was held in Lisbon on 12 March 2025, organised by ICLEI.\n"
    "A second session followed on 14 March in Porto."
)


def test_days_are_read_once_and_handed_out_as_copies() -> None:
    lex = load_lexicon()
    page = build_page(TEXT, "en", "", split_sentences(TEXT), lex)
    sent = page.sents[1]
    first = page.days(sent.start, sent.end)
    assert first == {dt.date(2025, 3, 12)}
    first.add(dt.date(1999, 1, 1))  # a caller changing its copy changes nothing else
    assert page.days(sent.start, sent.end) == {dt.date(2025, 3, 12)}
    assert page.days(page.sents[2].start, page.sents[2].end) == {dt.date(2025, 3, 14)}


def test_actors_are_a_fresh_list_of_the_role_holders() -> None:
    city = Found(0, 6, "Lisbon", "City", "city:1", 0)
    nested = Found(10, 15, "Porto", "City", "city:2", 0, nested=True)
    topic = Found(20, 25, "Heat", "Topic", "topic:heat", 0)
    mentions = Mentions([city, nested, topic])
    got = mentions.actors(0)
    assert got == [city]
    got.append(topic)
    assert mentions.actors(0) == [city]
    assert mentions.actors(5) == []


def test_title_case_line_per_line() -> None:
    assert title_case_line(TEXT, 5)  # the headline
    assert not title_case_line(TEXT, TEXT.index("organised"))


def test_a_phase_without_new_evidence_is_not_decided_again(monkeypatch) -> None:
    calls = []
    real = rules_pkg.decide

    def counting(store, *args):
        calls.append((len(store.candidates), len(store.vetoes)))
        return real(store, *args)

    monkeypatch.setattr(rules_pkg, "decide", counting)
    result = run_text(TEXT, "en")
    assert len(calls) == len(set(calls))  # never twice on the same evidence
    assert len(calls) < len(rules_pkg.PHASES) + 1  # phases without evidence were skipped
    monkeypatch.setattr(rules_pkg, "decide", real)
    assert run_text(TEXT, "en").relations == result.relations


def test_remembered_dates_are_those_found_and_handed_out_as_copies() -> None:
    from citykg.extract import dates

    line = "The workshop ran from 3 to 5 June 2024 in Lyon."
    first = dates.find_dates(line, "en")
    assert [(d.begin, d.finish) for d in first] == [(dt.date(2024, 6, 3), dt.date(2024, 6, 5))]
    first.clear()  # a caller changing its list changes nothing else
    again = dates.find_dates(line, "en")
    assert again == dates._dates(line, "en", None) and len(again) == 1
    # the default year is part of what is remembered
    assert dates.find_dates("On 9 May, in Ghent.", "en", default_year=2023)[0].begin == (
        dt.date(2023, 5, 9)
    )
    assert dates.find_dates("On 9 May, in Ghent.", "en", default_year=2021)[0].begin == (
        dt.date(2021, 5, 9)
    )


def test_date_lines_are_remembered_per_language() -> None:
    from citykg.extract.rules.page import date_line

    assert date_line("Posted 03/04/2024", "en")
    assert date_line("Posted 03/04/2024", "fr")
    assert not date_line("The exchange in Lyon ended on 3 June 2024 with a visit.", "en")
