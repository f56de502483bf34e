"""Constructions found failing on dev12 (French pages of decentralised cooperation, French
overseas territories and their neighbours, a council's deliberation, regional press, an
Interreg project page, Assises with ateliers, a newsletter's brèves, an agency's expert
mission, an interview), each stated generally. Sentences written for these tests
(run_text(), no spaCy)."""

from __future__ import annotations

from rulekit import key as _key
from rulekit import main as _main
from rulekit import page as _page
from rulekit import pairs as _rel


def _of_main(r, predicate: str) -> set[str]:
    ev = _main(r).key
    return {o for s, o in _rel(r, predicate) if s == ev}


def test_a_story_naming_two_partners_in_headline_and_chapo_is_the_pages_event() -> None:
    text = (
        "Voirons et Kindia : une semaine pour parler marchés\n\n"
        "Publié le 2 mars 2026\n\n"
        "Quatre techniciens de la Ville de Grenoble ont passé la semaine du 9 au 13 février "
        "à Kindia, en Guinée, avec les services techniques de la commune.\n\n"
        "Ils y ont dessiné les plans d'une nouvelle halle.\n"
    )
    r = _page(text, "fr")
    ev = _main(r)
    assert ev.label == "Voirons et Kindia : une semaine pour parler marchés"
    assert {_key(r, "Grenoble"), _key(r, "Kindia")} <= _of_main(r, "participant")


def test_a_page_naming_one_city_only_gets_no_story_event() -> None:
    text = (
        "Kindia ouvre sa nouvelle bibliothèque municipale\n\n"
        "La bibliothèque de Kindia a ouvert ses portes le 2 mars 2026, après deux ans "
        "de travaux menés par la commune.\n"
    )
    r = _page(text, "fr")
    assert not [e for e in r.events if e.main]
