"""Events inside gatherings: sessions, side events, the gathering itself, partOf, and the
names the page gives them (invented pages of the genre, without spaCy)."""

from __future__ import annotations

from citykg.extract.rules import run_text


def of(result, subject: str, predicate: str) -> set[str]:
    return {
        r.obj or r.value or ""
        for r in result.relations
        if r.subject == subject and r.predicate == predicate
    }


def main(result):
    return next(e for e in result.events if e.main)


def own(result):
    """The page's own events (not the recurring conferences it mentions)."""
    return [e for e in result.events if not e.key.startswith("event:")]


def test_conference_acronym_in_mixed_case_is_the_series() -> None:
    r = run_text(
        "Villes au climat\n\nLe réseau organise le 3 décembre 2019 un événement parallèle à la CoP25 sur l'eau.\n",
        lang="fr",
    )
    assert any(e.key == "event:cop25" for e in r.events)
    assert of(r, main(r).key, "partOf") == {"event:cop25"}


def test_body_name_of_the_headline_gathering_is_no_second_event() -> None:
    text = (
        "Mayors' network takes the stage at the 3rd Coastal Cities Summit in Peru\n\n"
        "On 4 May, the network's chair spoke to 200 delegates at the 3rd Coastal Cities Summit "
        "in Lima. The summit focussed on sea-level rise.\n"
    )
    r = run_text(text)
    events = own(r)
    assert len(events) == 1
    ev = events[0]
    assert "Coastal Cities Summit" in ev.aliases
    at = text.index("The summit")
    assert (at, at + len("The summit")) in ev.spans  # the headline's gathering


def test_distinct_gathering_in_the_body_stays_an_event() -> None:
    r = run_text(
        "Mayors' network takes the stage at the Coastal Cities Summit\n\n"
        "On 4 May, the chair spoke at the Coastal Cities Summit. It will be followed by the "
        "Mountain Towns Congress in June.\n"
    )
    labels = {e.label for e in own(r)}
    assert "Mountain Towns Congress" in labels and len(own(r)) == 2


def test_quoted_title_before_the_trigger_names_the_workshop_not_a_forum() -> None:
    r = run_text(
        "Learning centre at the river towns workshop\n\n"
        'The learning centre took part in the "Delta Cities Forum: Planning for Floods" '
        "workshop in Accra on 2 May 2024. The workshop gathered 40 officials.\n"
    )
    events = own(r)
    assert len(events) == 1
    assert "Delta Cities Forum: Planning for Floods" in events[0].aliases
