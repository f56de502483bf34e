"""Constructions found failing on dev7 (French pages of publishers outside France, written
like sites nobody tuned on), each stated generally. Sentences written for these tests
(run_text(), no spaCy)."""

from __future__ import annotations

from rulekit import key as _key
from rulekit import main as _main
from rulekit import of as _of

from citykg.extract.rules import run_text


def _run(text: str):
    return run_text(text, "fr", text.split("\n")[0])


def test_a_city_receiving_people_hosts_the_page_exchange() -> None:
    text = (
        "Atelier des villes du lac\n\n"
        "Du 3 au 5 juin 2026, la Ville de Kindia accueille une trentaine d'élus venus "
        "de Mopti et de Kolda. Les échanges portent sur les forages.\n"
    )
    r = _run(text)
    ev = _main(r)
    assert _of(r, ev.key, "location") == {_key(r, "Ville de Kindia")}
    assert _key(r, "Ville de Kindia") in _of(r, ev.key, "participant")


def test_a_city_receiving_people_does_not_host_another_named_event() -> None:
    text = (
        "Atelier des villes du lac\n\n"
        "Le 3 juin 2026, les élus de Mopti et de Kolda se réunissent en ligne. "
        "Kindia reçoit des élus de Ségou pour le sommet régional de l'eau.\n"
    )
    r = _run(text)
    ev = _main(r)
    assert _key(r, "Kindia") not in _of(r, ev.key, "location")
