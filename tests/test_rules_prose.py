"""Rules for how real pages tell their events in prose (no spaCy; invented sentences in
the shapes of city-hall, network and agency news)."""

from __future__ import annotations

import datetime as dt

from rulekit import main, of

from citykg.extract.lexicon import load_lexicon
from citykg.extract.rules import run_text
from citykg.extract.rules.page import build_page, split_sentences

ACCRA, LIMA, DAKAR, NAIROBI = "city:2306104", "city:3936456", "city:2253354", "city:184745"
KIGALI, LOME, QUITO = "city:202061", "city:2365267", "city:3652462"


def test_a_gathering_told_without_a_trigger_is_the_page_event() -> None:
    r = run_text(
        "Les villes du Sahel face à la chaleur\n"
        "Une quarantaine d'élus et de techniciens se sont retrouvés à Dakar du 4 au 6 mars 2024 pour comparer leurs plans.\n",
        "fr",
    )
    ev = main(r)
    assert ev.label == "Les villes du Sahel face à la chaleur" and ev.type == "Exchange"
    assert of(r, ev.key, "location") == {DAKAR}
    assert of(r, ev.key, "startDate") == {"2024-03-04"}


def test_no_page_event_from_a_page_without_any_gathering() -> None:
    r = run_text("Budget news\nThe council of Accra voted a larger budget for drains this year.\n")
    assert [e for e in r.events if not e.conference] == []


def test_a_delegation_in_the_headline_is_an_exchange() -> None:
    r = run_text(
        "A delegation from Quito visits Lima for clean buses\n\nEngineers looked at the depots and the charging stations for a week.\n"
    )
    assert main(r).type == "Exchange"


def test_a_launch_in_the_lead_is_an_event() -> None:
    r = run_text(
        "Sahel solar network\nThe launch of the Sahel Solar Schools Network took place in Dakar on 2 May 2024.\n"
    )
    ev = main(r)
    assert ev.type == "Event" and of(r, ev.key, "location") == {DAKAR}


def test_venue_between_the_gathering_verb_and_the_city() -> None:
    r = run_text(
        "Rencontres sur l'eau\n"
        "Plus de 200 participants se sont retrouvés à l'hôtel du Lac de Lomé pour deux jours de débats.\n",
        "fr",
    )
    assert of(r, main(r).key, "location") == {LOME}


def test_too_long_a_gap_is_no_venue() -> None:
    r = run_text(
        "Rencontres sur l'eau\n"
        "Plus de 200 participants se sont retrouvés à propos des grands projets portés depuis longtemps par Lomé.\n",
        "fr",
    )
    assert of(r, main(r).key, "location") == set()


def test_a_relative_clause_about_another_gathering_is_not_the_event_place() -> None:
    r = run_text(
        "Rencontres d'Accra sur la ville durable\n"
        "Ces rencontres préparaient le sommet régional qui se tiendra à Dakar en juin.\n",
        "fr",
    )
    assert DAKAR not in of(r, main(r).key, "location")


def test_city_that_hosts_the_event_is_its_place_and_takes_part() -> None:
    r = run_text(
        "Finance masterclass\nFrom 3 to 5 June 2025, the City of Accra hosted the finance masterclass for mayors from the region.\n"
    )
    ev = main(r)
    assert of(r, ev.key, "location") == {ACCRA} and ACCRA in of(r, ev.key, "participant")


def test_a_city_hosting_something_else_is_no_place() -> None:
    r = run_text(
        "Peer exchange on heat\nOfficials from Lima joined the peer exchange. Lagos hosts twenty million people.\n"
    )
    assert of(r, main(r).key, "location") == set()


def test_the_title_places_the_event() -> None:
    r = run_text(
        "Le forum des maires du Sahel, du 8 au 10 mai à Niamey\n\nLes maires ont parlé d'eau et de chaleur pendant trois jours.\n",
        "fr",
    )
    assert of(r, main(r).key, "location") == {"city:2440485"}


def test_the_dateline_opens_the_first_paragraph_only() -> None:
    r = run_text(
        "Cool roofs for schools\n\nNairobi, Kenya — Officials from Lima joined a peer exchange on cool roofs.\n"
        "Later notes.\nDakar – a note in a list of resources.\n"
    )
    assert of(r, main(r).key, "location") == {NAIROBI}


def test_countries_are_participants_only_listed_with_cities() -> None:
    r = run_text(
        "Peer exchange on waste\nRepresentatives of Kigali, Accra and Rwanda joined the peer exchange.\n"
    )
    assert "country:RW" in of(r, main(r).key, "participant")
    r = run_text(
        "Peer exchange on waste\nMayors from the regions of Rwanda, Ghana and Kenya joined the peer exchange.\n"
    )
    assert not {"country:RW", "country:GH", "country:KE"} & of(r, main(r).key, "participant")


def test_supporter_of_the_event_named_before_an_initiative() -> None:
    r = run_text(
        "Finance masterclass\nThe masterclass, organised by the Urban Finance Programme, with support from the World Bank, met in Accra.\n"
    )
    assert "agency:world-bank" in of(r, main(r).key, "supportedBy")


def test_publication_line_gives_the_year_of_yearless_days() -> None:
    text = "Posté le : 18 mars 2020\nAtelier sur les toitures\nL'atelier s'est tenu le 27 février à Dakar.\n"
    page = build_page(text, "fr", "", split_sentences(text), load_lexicon())
    assert page.publication_line == dt.date(2020, 3, 18) and page.year == 2020
    assert build_page("date 2024-11 publicite\nx", "fr", "", [(0, 5)], load_lexicon()).year == 2024


def test_day_with_a_full_stop_is_a_date() -> None:
    from citykg.extract.dates import find_dates

    (d,) = find_dates("Monday, 6. November 2017: Lüneburg and Coimbra", "en")
    assert d.begin == dt.date(2017, 11, 6)
    assert find_dates("Chapter 6. The city grew.", "en") == []


def test_a_capitalised_plan_name_is_an_initiative_but_a_programme_is_not() -> None:
    r = run_text("Plan climat\nDakar a adopté son Plan Climat Energie Territorial en 2019.\n", "fr")
    assert any("Plan Climat Energie Territorial" in i.label for i in r.initiatives)
    r = run_text("Programme\nLe Programme Villes Durables accompagne Dakar.\n", "fr")
    assert not any("Villes Durables" in i.label for i in r.initiatives)
