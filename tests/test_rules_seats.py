"""An organisation's seat, and a country's name that is its namesake city (Djibouti,
Panama), without spaCy: every sentence is written for the test."""

from __future__ import annotations

from citykg.extract.rules import run_text

LOME, NAIROBI, DJIBOUTI_CITY, PANAMA_CITY = (
    "city:2365267",
    "city:184745",
    "city:223817",
    "city:3703443",
)


def located(r, subject_prefix: str = "") -> set[tuple[str, str]]:
    return {
        (x.subject, x.obj or "")
        for x in r.relations
        if x.predicate == "locatedIn" and x.subject.startswith(subject_prefix)
    }


def test_a_seat_clause_locates_the_organisation() -> None:
    text = (
        "Atelier régional\nL'atelier réunit les villes de la côte. Le Bureau régional de "
        "l'eau (BRE), basé à Lomé, animera la séance.\n"
    )
    r = run_text(text, "fr")
    assert ("newagency:bureau-regional-de-l-eau", LOME) in located(r)


def test_an_organisation_headquartered_in_a_city_and_its_secretariat() -> None:
    text = (
        "Notes\nThe Regional Water Institute is an intergovernmental body headquartered in "
        "Nairobi. The Coastal Cities Alliance works on flood risk. Its secretariat is based "
        "in Lomé.\n"
    )
    r = run_text(text)
    pairs = located(r, "newagency:")
    assert ("newagency:regional-water-institute", NAIROBI) in pairs
    assert ("newagency:coastal-cities-alliance", LOME) in pairs


def test_the_seat_city_is_no_participant_by_that_clause() -> None:
    text = (
        "Forum on drought\nThe forum brought together engineers. The Regional Water "
        "Institute, based in Nairobi, presented its seasonal outlook.\n"
    )
    r = run_text(text)
    parts = {x.obj for x in r.relations if x.predicate == "participant"}
    assert NAIROBI not in parts


def test_a_city_in_a_list_is_no_seat() -> None:
    """A seat cue needs an organisation before it, with no place of its own between."""
    text = "Exchange\nOfficials from Accra, based in Lomé for the week, met the engineers.\n"
    assert not located(run_text(text), "newagency:")


def test_a_country_name_said_to_be_its_city() -> None:
    """ "Djibouti, République de Djibouti", "siège à Djibouti", a list of cities: the city;
    a list of countries: the country."""
    block = "Forum\nLieu : Palais du Peuple, Djibouti, République de Djibouti\n"
    assert DJIBOUTI_CITY in {f.key for f in run_text(block, "fr").mentions}
    listed = "Forum\nLes élus de Djibouti, de Mogadiscio et de Nairobi se retrouvent.\n"
    assert DJIBOUTI_CITY in {f.key for f in run_text(listed, "fr").mentions}
    seat = "Forum\nL'Autorité régionale des eaux, dont le siège se trouve à Djibouti, parle.\n"
    assert DJIBOUTI_CITY in {f.key for f in run_text(seat, "fr").mentions}
    countries = "Forum\nLe Kenya, Djibouti et la Somalie ont signé l'accord.\n"
    found = {f.key for f in run_text(countries, "fr").mentions}
    assert "country:DJ" in found and DJIBOUTI_CITY not in found
    english = "Forum\nEngineers from Panama, Bogotá and Quito met.\n"
    assert PANAMA_CITY in {f.key for f in run_text(english).mentions}
