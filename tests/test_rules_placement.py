"""Rules of the ``located-in`` phase (``citykg.extract.rules.topics``): a city is in a
country when the page says so, an agency where its name, a based-in cue or a bracket puts
it. Sentences written for these tests."""

from __future__ import annotations

import pytest

from citykg.extract.rules import run_text

KISUMU, KENYA = "city:191245", "country:KE"
MOPTI, MALI = "city:2453348", "country:ML"
PORTO_NOVO, BENIN = "city:2392087", "country:BJ"
NIAMEY, KAMPALA, NAIROBI = "city:2440485", "city:232422", "city:184745"
DOUALA, ACCRA = "city:2232593", "city:2306104"
SENEGAL, GHANA, GERMANY = "country:SN", "country:GH", "country:DE"


def located(text: str, lang: str) -> set[tuple[str, str, str]]:
    r = run_text(text, lang)
    return {(x.subject, x.obj or "", x.rule) for x in r.relations if x.predicate == "locatedIn"}


@pytest.mark.parametrize(
    ("text", "lang", "city", "country"),
    [
        ("Exchange\nPlanners came from Kisumu, Kenya, for the week.\n", "en", KISUMU, KENYA),
        ("Exchange\nEngineers from Mopti (Mali) joined the visit.\n", "en", MOPTI, MALI),
        ("Échange\nUne délégation de Porto-Novo au Bénin est attendue.\n", "fr", PORTO_NOVO, BENIN),
    ],
)
def test_a_city_and_its_country_in_one_sentence_place_it(
    text: str, lang: str, city: str, country: str
) -> None:
    assert (city, country, "city-in-country") in located(text, lang)


def test_a_country_geonames_does_not_agree_with_places_nothing() -> None:
    found = located("Exchange\nOfficials of Nairobi met a delegation from Germany.\n", "en")
    assert not {(s, o) for s, o, _ in found if s == NAIROBI}


def test_a_city_alone_is_placed_in_no_country_by_the_rules() -> None:
    # GeoNames' country is published apart (gno:parentCountry); the page states none
    assert not located("Exchange\nOfficials of Nairobi hosted the workshop.\n", "en")


@pytest.mark.parametrize(
    ("text", "lang", "place"),
    [
        ("Échange\nLa Communauté urbaine de Douala a signé un accord.\n", "fr", DOUALA),
        ("Exchange\nThe Accra Metropolitan Assembly signed the agreement.\n", "en", ACCRA),
    ],
)
def test_a_known_agency_named_after_its_place_is_located_there(
    text: str, lang: str, place: str
) -> None:
    assert {o for _, o, rule in located(text, lang) if rule == "agency-named-after-place"} == {
        place
    }


def test_a_name_that_only_looks_like_a_place_places_nothing() -> None:
    assert not located("Exchange\nExpertise France signed the agreement.\n", "en")


@pytest.mark.parametrize(
    ("text", "lang", "city"),
    [
        (
            "Échange\nL'Agence régionale de l'énergie (ARE), basée à Niamey, a reçu les élus.\n",
            "fr",
            NIAMEY,
        ),
        (
            "Exchange\nThe Urban Water Institute, headquartered in Kampala, hosted engineers.\n",
            "en",
            KAMPALA,
        ),
    ],
)
def test_a_based_in_cue_places_the_agency(text: str, lang: str, city: str) -> None:
    # the seat rules (seats.based-in, topics.agency-based-in) read the same clause
    assert {o for _, o, rule in located(text, lang) if rule in ("agency-based-in", "based-in")} == {
        city
    }


def test_an_agency_bracketed_after_a_country_is_of_that_country() -> None:
    text = "Échange\nLe gouvernement du Sénégal (ministère de l'Urbanisme) a reçu les élus.\n"
    assert {o for _, o, rule in located(text, "fr") if rule == "country-apposition"} == {SENEGAL}


def test_a_country_inside_a_longer_name_does_not_qualify_the_agency_before_it() -> None:
    found = located("Exchange\nThe World Bank Ghana Transport Team met officials.\n", "en")
    assert ("agency:world-bank", GHANA) not in {(s, o) for s, o, _ in found}
