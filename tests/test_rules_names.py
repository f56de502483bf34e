"""Names of organisations and cities on real pages: city governments are the city, bodies
named after a city are agencies located there, a person's title is not an organisation,
ministries by their shape, places in title-case headlines and after a mayor's title.

Each sentence here is written for the test, in the shapes real pages use; the rules run
without spaCy (:func:`citykg.extract.rules.run_text`)."""

from __future__ import annotations

import pytest

from citykg.extract.rules import run_text


def mentions(text: str, lang: str = "en") -> list[tuple[str, str, str]]:
    r = run_text(text, lang)
    return [(f.type, f.key, f.text) for f in r.mentions]


def keys(text: str, lang: str = "en") -> set[str]:
    return {k for _, k, _ in mentions(text, lang)}


def agencies(text: str, lang: str = "en") -> set[str]:
    return {t for kind, _, t in mentions(text, lang) if kind == "Agency"}


DURBAN, DAR, CASABLANCA, RENNES, FLORENCE = (
    "city:1007311",
    "city:160263",
    "city:2553604",
    "city:2983990",
    "city:3176959",
)


@pytest.mark.parametrize(
    ("text", "lang", "city"),
    [
        ("Exchange\nEngineers of the Dar es Salaam City Council visited the depot.\n", "en", DAR),
        ("Exchange\nThe eThekwini Municipality shared its flood plan with peers.\n", "en", DURBAN),
        (
            "Échange\nLe Conseil de la ville de Casablanca a reçu une délégation.\n",
            "fr",
            CASABLANCA,
        ),
    ],
)
def test_a_city_government_is_the_city(text: str, lang: str, city: str) -> None:
    found = mentions(text, lang)
    assert city in {k for _, k, _ in found}
    assert not [t for kind, _, t in found if kind == "Agency"], found
    # the government's whole name is one more name of the city
    assert any(kind == "City" and k == city and " " in t for kind, k, t in found)


def test_a_city_government_inside_an_agency_name_leaves_the_agency() -> None:
    text = "Exchange\nThe City of Rennes's Office for Climate Strategy hosted the visit.\n"
    assert any("Office for Climate Strategy" in t for t in agencies(text))


def test_a_body_named_after_its_city_is_an_agency_located_there() -> None:
    r = run_text("Échange\nUne délégation de Rennes Métropole est attendue à Dakar.\n", "fr")
    body = [f for f in r.mentions if f.type == "Agency"]
    assert [f.text for f in body] == ["Rennes Métropole"]
    located = {(x.subject, x.obj) for x in r.relations if x.predicate == "locatedIn"}
    assert (body[0].key, RENNES) in located


def test_a_district_commune_is_an_agency_of_its_city() -> None:
    assert "Douala V" in agencies("Échange\nLa commune de Douala V a présenté son plan.\n", "fr")


@pytest.mark.parametrize(
    ("text", "wanted", "unwanted"),
    [
        (
            "Exchange\nShe spoke as Vice President of the Catalan Energy Institute in Quito.\n",
            "Catalan Energy Institute",
            "Vice President of the Catalan Energy Institute",
        ),
        (
            "Exchange\nThe Director of the Lagos Waste Management Authority opened the day.\n",
            "Lagos Waste Management Authority",
            "Director of the Lagos Waste Management Authority",
        ),
    ],
)
def test_a_persons_title_is_not_part_of_the_organisation(
    text: str, wanted: str, unwanted: str
) -> None:
    found = agencies(text)
    assert wanted in found and unwanted not in found


def test_a_gathering_and_a_field_label_are_not_organisations() -> None:
    text = (
        "Exchange\nThe World Assembly of Mayors opened in Quito.\n"
        "Lead Implementing Agency: the city utility.\n"
    )
    assert agencies(text) == set()


def test_a_french_name_never_swallows_a_clause() -> None:
    text = "Mission\nLa Métropole se rendra dans les provinces de Nador et de Driouch.\n"
    assert not any("se rendra" in t for t in agencies(text, "fr"))


def test_ministries_by_their_shape() -> None:
    text = (
        "Rencontre\nLe ministère de la Ville travaille avec le Ministère de l'Environnement de "
        "Côte d'Ivoire et le gouvernement (ministère de l'Hydraulique et du cadre de vie).\n"
    )
    found = agencies(text, "fr")
    assert "ministère de la Ville" in found
    assert "Ministère de l'Environnement de Côte d'Ivoire" in found
    assert "ministère de l'Hydraulique et du cadre de vie" in found


def test_a_ministers_title_names_the_ministry() -> None:
    r = run_text("Atelier\nSous le patronage du Ministre de l'Eau et de l'Assainissement.\n", "fr")
    keys = {f.key for f in r.mentions if f.type == "Agency"}
    assert keys == {"newagency:ministere-de-l-eau-et-de-l-assainissement"}


def test_nationality_words_before_a_curated_name_keep_the_curated_organisation() -> None:
    text = (
        "Exchange\nThe Germany Federal Ministry for Economic Cooperation and Development "
        "funds the programme in Accra.\n"
    )
    assert "agency:bmz" in keys(text)
    assert agencies(text) == {"Federal Ministry for Economic Cooperation and Development"}


def test_a_unit_of_a_curated_body_keeps_its_own_name() -> None:
    text = (
        "Exchange\nOfficials of the Climate Policy Center of the Ministry of Ecology and "
        "Environment of China visited Seoul.\n"
    )
    assert {"Climate Policy Center", "Ministry of Ecology and Environment of China"} <= agencies(
        text
    )


def test_a_name_that_is_also_a_given_name_counts_after_a_mayors_title() -> None:
    assert FLORENCE in keys("Exchange\nThe Mayor of Florence led the delegation to Kyiv.\n")
    assert FLORENCE not in keys("Exchange\nFlorence Martin led the delegation to Kyiv.\n")


def test_a_country_in_a_title_case_headline_is_the_country() -> None:
    text = "Chinese Delegation Visits South Korea For Adaptation Study\n\nThe visit began.\n"
    assert "country:KR" in keys(text)


def test_given_names_between_an_honorific_and_a_place_name_make_a_person() -> None:
    text = "Panel\n- Mr. Kenji Nara, Senior Adviser\n- Ms. Ana Lourdes Reyes, Director\n"
    assert not {k for k in keys(text) if k.startswith("city:")}


# ------------------------------------------------------------------------- small towns


@pytest.mark.parametrize(
    ("text", "lang", "town"),
    [
        # its country right after it
        ("Partners\n· Bagac, Philippines – Kaysersberg, France\n", "en", "city:1729310"),
        ("Partners\n· Bagac, Philippines – Kaysersberg, France\n", "en", "city:3011969"),
        # a list with a known city of its country, and a town found in that list
        (
            "Visite\nRetour sur le voyage à Colmar, Ribeauvillé et Kaysersberg.\n",
            "fr",
            "city:2983705",
        ),
        (
            "Visite\nRetour sur le voyage à Colmar, Ribeauvillé et Kaysersberg.\n",
            "fr",
            "city:3011969",
        ),
        # a mayor's title right before it
        ("Panel\nThe Mayor of Guatapé spoke on tourism and water.\n", "en", "city:3681368"),
    ],
)
def test_a_small_town_the_page_says_is_a_town(text: str, lang: str, town: str) -> None:
    assert town in keys(text, lang)


def test_a_small_town_name_without_a_cue_is_not_a_town() -> None:
    assert "city:3011969" not in keys("Exchange\nKaysersberg was the theme of the talk.\n")


def test_a_chapters_short_name_is_the_chapter_on_its_page() -> None:
    text = (
        "Atelier\nLa Convention des Maires pour l'Afrique subsaharienne réunit ses villes. "
        "Les partenaires de la Convention des Maires ont présenté leurs outils.\n"
    )
    assert {k for k in keys(text, "fr") if k.startswith("agency:")} == {"agency:com-ssa"}


# ----------------------------------------------------------------- namesakes of a city


def test_an_ambiguous_city_takes_the_continent_the_page_points_to() -> None:
    """Valencia (Spain) and Valencia (Venezuela): the European Commission says Europe."""
    text = "Exchange\nThe European Commission brought officials from Valencia to Lisbon.\n"
    assert "city:2509954" in keys(text)


def test_an_ambiguous_city_stays_unlinked_when_the_evidence_is_split() -> None:
    text = "Exchange\nOfficials from Spain and Venezuela met in Valencia on flood risk.\n"
    found = keys(text)
    assert "unlinked-city:valencia" in found
    assert not {"city:2509954", "city:3625549"} & found


def test_a_country_right_after_an_ambiguous_city_says_which_namesake() -> None:
    """ "Valencia (Spain)": the qualifier decides, there and where the name comes back,
    even when the page also names the other namesake's country."""
    text = (
        "Exchange\nFlood engineers from Venezuela travelled to Valencia (Spain) in May.\n"
        "In Valencia, the group walked the riverbed park.\n"
    )
    found = mentions(text)
    assert {k for kind, k, t in found if t == "Valencia"} == {"city:2509954"}
    fr = "Échange\nUne délégation vénézuélienne s'est rendue à Valencia, en Espagne, en mai.\n"
    assert "city:2509954" in keys(fr, "fr")


def test_a_name_qualified_by_two_countries_keeps_the_other_evidence() -> None:
    text = "Exchange\nValencia (Spain) and Valencia (Venezuela) compared their flood plans.\n"
    assert "unlinked-city:valencia" in keys(text)


def test_an_ambiguous_city_without_evidence_is_the_most_populous() -> None:
    """GeoNames counts Valencia (Venezuela) at 1.6 million, Valencia (Spain) at 0.8."""
    assert "city:3625549" in keys("Exchange\nA delegation visited Valencia.\n")


def test_an_office_of_a_known_organisation_is_that_organisation() -> None:
    """ "UNEP Regional Office for Africa", "GGGI Pacific Office": the organisation itself."""
    text = "Exchange\nThe UNEP Regional Office for Africa sent two experts to Accra.\n"
    assert ("Agency", "agency:unep", "UNEP Regional Office for Africa") in mentions(text)
    assert not any(k.startswith("newagency:") for k in keys(text))


def test_an_acronym_in_brackets_holds_no_role_of_its_own() -> None:
    """The organiser's acronym in brackets is the organiser, not a participant of the
    clause's "hosted"."""
    text = (
        "Peer exchange on drainage\nThe peer exchange was organised by the Accra "
        "Sanitation Authority (ASANA) and hosted by Kumasi.\n"
    )
    r = run_text(text)
    asana = "newagency:accra-sanitation-authority"
    roles = {(x.predicate, x.obj) for x in r.relations if x.subject == "docevent:0"}
    assert ("organizer", asana) in roles and ("participant", asana) not in roles


def test_a_nationality_adjective_is_no_city() -> None:
    """GeoNames gives "Kazakh" and "Thai" as other names of towns; on a page they are
    adjectives."""
    text = "Exchange\nAlmaty was cited, but no Kazakh city took part; Thai planners did.\n"
    assert keys(text) == {"city:1526384"}
