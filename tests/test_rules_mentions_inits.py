"""Mentions, initiatives, topics and located-in, without spaCy (invented pages)."""

from __future__ import annotations

from rulekit import of

from citykg.extract.rules import run_text

DAKAR, ACCRA, TUNIS, MEXICO = "city:2253354", "city:2306104", "city:2464470", "city:3530597"


def keys(result) -> set[str]:
    return {f.key for f in result.mentions}


def test_street_named_after_a_city_is_not_the_city() -> None:
    r = run_text("Visite\nLes élus ont vu le dépôt de l'avenue de Tunis à Dakar.\n", "fr")
    assert DAKAR in keys(r) and TUNIS not in keys(r)


def test_place_name_after_a_title_is_a_person() -> None:
    r = run_text("Exchange\nMayor Florence spoke in Accra about shade.\n")
    assert ACCRA in keys(r) and "city:3176959" not in keys(r)


def test_french_reads_mexico_as_the_city() -> None:
    r = run_text("Échange\nLa ville de Mexico a reçu des urbanistes.\n", "fr")
    assert MEXICO in keys(r) and "country:MX" not in keys(r)


def test_country_after_a_city_qualifies_it() -> None:
    r = run_text("Exchange\nOfficials from Accra, Ghana met.\n")
    ghana = next(f for f in r.mentions if f.key == "country:GH")
    assert ghana.modifier


def test_acronym_in_brackets_is_the_named_organisation() -> None:
    r = run_text(
        "Exchange\nThe Accra Sanitation Authority (ASANA) hosted it. ASANA runs the pumps.\n"
    )
    agencies = {f.key for f in r.mentions if f.type == "Agency"}
    assert len(agencies) == 1 and next(iter(agencies)) == "newagency:accra-sanitation-authority"


def test_appositive_organisation() -> None:
    r = run_text(
        "Exchange\nThe work is done by Aquaterra, the municipal utility that runs the pumps.\n"
    )
    assert any(f.text == "Aquaterra" and f.type == "Agency" for f in r.mentions)


def test_city_government_is_the_city_not_an_agency() -> None:
    r = run_text("Exchange\nThe Municipality of Accra met planners.\n")
    assert ACCRA in keys(r)
    assert not any(f.key.startswith("newagency:municipality") for f in r.mentions)


def test_agency_named_after_a_city_is_located_there() -> None:
    r = run_text("Exchange\nThe Dakar Urban Mobility Council presented its plans.\n")
    agency = next(f.key for f in r.mentions if f.type == "Agency")
    assert of(r, agency, "locatedIn") == {DAKAR}


def test_quoted_initiative_with_target_year_and_leader() -> None:
    r = run_text(
        "Plan climat\nDakar a présenté son programme « Rues fraîches », qui vise zéro îlot de chaleur d'ici 2035.\n",
        "fr",
    )
    (init,) = r.initiatives
    assert "Rues fraîches" in init.aliases
    assert of(r, init.key, "targetYear") == {"2035"}
    assert of(r, init.key, "ledBy") == {DAKAR}


def test_possessive_owned_plan_is_one_node_per_city() -> None:
    r = run_text("News\nAccra will adopt its own heat action plan this year.\n")
    (init,) = r.initiatives
    assert "Accra" in init.label and of(r, init.key, "ledBy") == {ACCRA}


def test_a_place_alone_is_no_initiative_name() -> None:
    r = run_text("News\nThe Accra programme goes on.\n")
    assert r.initiatives == []


def test_topics_from_the_title_and_a_cue() -> None:
    r = run_text(
        "Peer exchange on air quality\nThe peer exchange, focused on flood management, met in Accra.\n"
    )
    main = next(e for e in r.events if e.main)
    assert {"topic:air-quality", "topic:flood-management"} <= of(r, main.key, "topic")


def test_no_topic_when_the_page_names_none() -> None:
    r = run_text("Peer exchange\nThe peer exchange met in Accra.\n")
    main = next(e for e in r.events if e.main)
    assert of(r, main.key, "topic") == set()
