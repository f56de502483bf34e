"""Event finding, dates and places, without spaCy (invented pages of the genre)."""

from __future__ import annotations

import datetime as dt

from rulekit import main, of

from citykg.extract.rules import run_text

NAIROBI, DAKAR, BOLOGNA, VIENNA = "city:184745", "city:2253354", "city:3181928", "city:2761369"
ACCRA, LIMA = "city:2306104", "city:3936456"


def rule_of(result, subject: str, predicate: str) -> str:
    return next(
        r.rule for r in result.relations if r.subject == subject and r.predicate == predicate
    )


def test_headline_names_the_exchange_and_a_kicker_gives_way_to_the_title() -> None:
    r = run_text(
        "Study tour\nLima learns from Bogotá's cable cars\n\nThe study tour brought officials from Lima to Bogotá.\n"
    )
    ev = main(r)
    assert ev.type == "Exchange" and ev.label == "Lima learns from Bogotá's cable cars"


def test_named_session_with_a_quoted_title() -> None:
    r = run_text(
        "Climate news\nThe network held a webinar titled « Cool roofs for schools » last week.\n"
    )
    assert main(r).label == "Cool roofs for schools"


def test_body_sentence_gives_the_event_when_the_title_does_not() -> None:
    r = run_text(
        "News from the network\nIn May, a workshop on drainage was organised by C40 Cities.\n"
    )
    ev = main(r)  # found in the lead: the headline labels the story, the phrase is an alias
    assert ev.label == "News from the network" and "workshop on drainage" in ev.aliases


def test_no_event_without_a_trigger_or_a_visit() -> None:
    r = run_text("City budget news\nThe council of Accra voted its budget for the year.\n")
    assert [e for e in r.events if not e.conference] == []


def test_visit_told_without_a_trigger_is_an_exchange() -> None:
    r = run_text(
        "Lima officials look at Nairobi's markets\n\nOfficials from Lima visited Nairobi for three days.\n"
    )
    assert main(r).type == "Exchange"


def test_conference_side_event_is_part_of_it() -> None:
    r = run_text(
        "Cities at COP28\nOn the sidelines of COP28 in Dubai, a side event on heat was organised by ICLEI.\n"
    )
    ev = main(r)
    assert of(r, ev.key, "partOf") == {"event:cop28"}


def test_date_block_and_sentence_dates() -> None:
    r = run_text(
        "Clinic on heat maps\nDate: 4–6 June 2024\nLocation: Dakar\nThe clinic met again on 9 June 2024.\n"
    )
    ev = main(r)
    assert of(r, ev.key, "startDate") == {"2024-06-04"} and of(r, ev.key, "endDate") == {
        "2024-06-06"
    }
    assert rule_of(r, ev.key, "startDate") == "date-block"


def test_date_in_sentence_takes_the_event_named_before_it() -> None:
    r = run_text("Peer exchange on buses\nThe peer exchange opened on 12 March 2025 in Nairobi.\n")
    assert of(r, main(r).key, "startDate") == {"2025-03-12"}


def test_day_without_year_takes_the_publication_year() -> None:
    r = run_text(
        "Peer exchange on buses\nThe peer exchange opened on 12 March in Nairobi.\n",
        published=dt.date(2021, 4, 2),
    )
    assert of(r, main(r).key, "startDate") == {"2021-03-12"}


def test_duration_gives_the_end_when_none_is_written() -> None:
    r = run_text(
        "Study visit on sewers\nThe study visit started on 2 May 2024 in Accra and lasted three days.\n"
    )
    ev = main(r)
    assert of(r, ev.key, "endDate") == {"2024-05-04"}
    assert rule_of(r, ev.key, "endDate") == "duration"


def test_held_in_and_the_host_takes_part() -> None:
    r = run_text(
        "Peer exchange on heat\nThe peer exchange was held in Nairobi with officials from Lima.\n"
    )
    ev = main(r)
    assert of(r, ev.key, "location") == {NAIROBI}
    assert NAIROBI in of(r, ev.key, "participant")


def test_block_place_wins_over_prose() -> None:
    r = run_text(
        "Workshop on waste\nLocation: Dakar\nDate: 3 June 2024\nThe workshop took place in Accra's twin city.\nIt was held in Accra.\n"
    )
    assert of(r, main(r).key, "location") == {DAKAR}


def test_dateline_places_the_story() -> None:
    r = run_text(
        "Cool streets for Lima\n\nVienna, Austria — Officials from Lima spent three days in the Austrian capital on a study tour.\n"
    )
    assert of(r, main(r).key, "location") == {VIENNA}


def test_hosted_by_city() -> None:
    r = run_text(
        "Peer exchange on flooding\nThe peer exchange, hosted by the City of Accra, drew engineers from Lima.\n"
    )
    ev = main(r)
    assert of(r, ev.key, "location") == {ACCRA}
    assert ACCRA in of(r, ev.key, "participant")


def test_follow_up_with_its_own_date_and_place() -> None:
    r = run_text(
        "Heat toolkit: Lima studies Vienna\n\nOfficials from Lima and their transport engineers spent three days in Vienna. The study tour, held from 3 to 5 June 2025, was organised by ICLEI Europe.\n\n"
        "The cities will meet again in Bologna on 18 November 2025 for a workshop on heat alerts.\n"
    )
    follow = next(e for e in r.events if not e.main and not e.conference)
    assert of(r, follow.key, "location") == {BOLOGNA}
    assert of(r, follow.key, "startDate") == {"2025-11-18"}
    assert of(r, main(r).key, "startDate") == {"2025-06-03"}


def test_a_session_at_a_conference_does_not_make_the_conference_city_a_host() -> None:
    r = run_text(
        "Cities at COP29\nCOP29 was held in Baku. On the sidelines of COP29, a side event on methane was organised by ICLEI; officials from Baku and Lima took part in the side event.\n"
    )
    ev = main(r)
    assert of(r, ev.key, "partOf") == {"event:cop29"}
    # Baku takes part because a sentence says so, not because it hosts the conference
    baku = {r2.obj for r2 in r.relations if r2.subject == ev.key and r2.rule == "participant-cue"}
    assert LIMA in baku


LYON, GRENOBLE, HAMBURG, LEIPZIG, DRESDEN = (
    "city:2996944",
    "city:3014728",
    "city:2911298",
    "city:2879139",
    "city:2935022",
)
NANTES, RENNES, BOGOTA, MEDELLIN = "city:2990969", "city:2983990", "city:3688689", "city:3674962"


def test_a_tour_takes_place_in_every_city_it_lists() -> None:
    r = run_text(
        "Voyage d'étude à Nantes, Rennes et Grenoble\n\n"
        "Une délégation de Dakar a découvert les réseaux de chaleur de ces trois villes.\n",
        "fr",
    )
    assert of(r, main(r).key, "location") == {NANTES, RENNES, GRENOBLE}
    assert rule_of(r, main(r).key, "location") == "tour-stops"


def test_a_delegation_visiting_described_cities_and_a_fronted_stop() -> None:
    r = run_text(
        "Study tour on energy transition\n\n"
        "Officials from Bogotá joined the study tour this spring. The delegation visited the "
        "Green Capital Hamburg, the Science City Leipzig and Dresden. In Lyon, the delegation "
        "visited the tram depot.\n"
    )
    assert of(r, main(r).key, "location") == {HAMBURG, LEIPZIG, DRESDEN, LYON}


def test_a_list_after_a_visit_stops_at_other_words() -> None:
    # Medellín is where the guests come from, not a stop of the tour
    r = run_text(
        "Study tour on cable cars\n\n"
        "The delegation visited Bogotá, with engineers from Medellín, for the study tour.\n"
    )
    assert of(r, main(r).key, "location") == {BOGOTA}


def test_one_place_wins_when_no_tour_lists_several() -> None:
    r = run_text(
        "Peer exchange on heat\nThe peer exchange was held in Lyon and Grenoble sent two engineers.\n"
    )
    assert of(r, main(r).key, "location") == {LYON}


def test_a_delegation_travelling_without_naming_the_exchange() -> None:
    r = run_text(
        "Twinning on solar roofs\n\nThe peer exchange of the twinned towns went on this autumn.\n\n"
        "A delegation of five councillors from Nantes travelled to Leipzig (Germany) with ideas.\n"
    )
    assert of(r, main(r).key, "location") == {LEIPZIG}


def test_an_anaphor_sentence_dates_and_places_the_event_told_before() -> None:
    r = run_text(
        "Les villes du Sahel partagent leurs plans\n\n"
        "Le maire a ouvert un atelier sur la gestion des eaux pluviales avec des techniciens de Dakar. "
        "C'était le jeudi 6 mars 2025 à Nantes.\n",
        "fr",
    )
    ev = main(r)
    assert of(r, ev.key, "startDate") == {"2025-03-06"}
    assert of(r, ev.key, "location") == {NANTES}


def test_an_anaphor_after_a_sentence_without_the_event_is_not_read() -> None:
    # "It was" opens a sentence about the weather report, two sentences after the exchange
    r = run_text(
        "Peer exchange on heat\n\nThe peer exchange brought Lima and Bogotá together.\n\n"
        "Temperatures keep rising. Officials fear the summer. It was 41 degrees in Lyon on 2 July 2024.\n"
    )
    assert LYON not in of(r, main(r).key, "location")


def test_a_heading_day_dates_the_story_of_its_section() -> None:
    r = run_text(
        "Twinning towns share their solar plans\n\n"
        "The cities of Nantes and Leipzig share what they learn about solar roofs in a peer exchange funded by a foundation.\n\n"
        "14. May 2024: Nantes and Leipzig\n\n"
        "A delegation of four councillors from Nantes travelled to Leipzig with questions.\n"
    )
    ev = main(r)
    assert of(r, ev.key, "startDate") == {"2024-05-14"}
    assert rule_of(r, ev.key, "startDate") == "date-heading"


def test_a_day_line_above_the_first_paragraph_is_not_a_heading() -> None:
    r = run_text(
        "Twinning towns share their solar plans\n\n12 Oct\n\n"
        "The cities of Nantes and Leipzig share what they learn about solar roofs in a peer exchange held on 3 September 2024.\n"
    )
    assert of(r, main(r).key, "startDate") == {"2024-09-03"}


def test_a_date_and_time_block_with_a_comma_label() -> None:
    r = run_text(
        "Webinar: cooling schoolyards\nThursday, 4. June 2026, 9:15 - 11:00\n\nDate, time:\n\n4 Jun 09:15-11:00\n\n"
        "Speakers from Lyon and Grenoble present their schoolyard programmes.\n"
    )
    assert of(r, main(r).key, "startDate") == {"2026-06-04"}
    assert rule_of(r, main(r).key, "startDate") == "date-block"


NIAMEY, LAGOS, MARRAKECH, SOUSSE = "city:2440485", "city:2332459", "city:2542997", "city:2464915"


def test_held_in_with_a_time_phrase_before_the_place() -> None:
    r = run_text(
        "Atelier sur les déchets\n\n"
        "L'atelier sur les déchets, prévu en mars prochain à Niamey, réunira des techniciens de Dakar.\n",
        "fr",
    )
    assert of(r, main(r).key, "location") == {NIAMEY}
    # other words than a time between the cue and the place: not read
    r = run_text(
        "Atelier sur les déchets\n\n"
        "L'atelier sur les déchets, organisé par des partenaires venus à Niamey, réunira des techniciens.\n",
        "fr",
    )
    assert NIAMEY not in of(r, main(r).key, "location")


def test_a_venue_that_served_as_the_setting() -> None:
    r = run_text(
        "Lancement d'un réseau de villes\n\n"
        "Le palais des expositions de Nantes a servi de cadre, jeudi 13 mars 2025, au lancement de la plateforme des communes fluviales.\n",
        "fr",
    )
    ev = main(r)
    assert of(r, ev.key, "location") == {"city:2990969"}  # Nantes
    assert of(r, ev.key, "startDate") == {"2025-03-13"}


def test_an_event_named_then_its_city() -> None:
    r = run_text(
        "Mayors back clean buses\n\n"
        "The mayor spoke on Monday at the launch of the Clean Bus Africa Programme in Lagos, with officials from Accra.\n"
    )
    assert of(r, main(r).key, "location") == {LAGOS}
    assert rule_of(r, main(r).key, "location") == "named-event-in"
    r = run_text(
        "Appel à candidatures\n\nLes communes peuvent candidater jusqu'au 3 mars.\n\n"
        "- Atelier de lancement : du 2 au 4 juin 2026 à Niamey, avec les communes retenues.\n",
        "fr",
    )
    assert of(r, main(r).key, "location") == {NIAMEY}
    assert of(r, main(r).key, "startDate") == {"2026-06-02"}


def test_today_is_the_publication_date() -> None:
    r = run_text(
        "Mayors sign a heat pact\n\n14 March 2025\n\n"
        "Cities have long shared their heat plans. And today, at a peer exchange in Lyon, the mayors of Nantes and Rennes signed a heat pact.\n"
    )
    assert of(r, main(r).key, "startDate") == {"2025-03-14"}
    assert rule_of(r, main(r).key, "startDate") == "told-today"


def test_today_without_a_day_to_read_gives_no_date() -> None:
    r = run_text(
        "Mayors sign a heat pact\n\ndate 2025-03\n\n"
        "Cities have long shared their heat plans. And today, at a peer exchange in Lyon, the mayors of Nantes and Rennes signed a heat pact.\n"
    )
    assert of(r, main(r).key, "startDate") == set()


def test_a_mission_to_a_city() -> None:
    r = run_text(
        "Mayors stand with Kigali\n\n"
        "In May, a delegation of mayors from Lyon undertook a study visit to Kigali and Niamey to meet their peers.\n"
    )
    assert of(r, main(r).key, "location") == {"city:202061", NIAMEY}
    r = run_text(
        "Échange entre pairs sur la chaleur\n\n"
        "Les élus de Lyon sont partis en mission à Kigali et Niamey pour rencontrer leurs pairs.\n",
        "fr",
    )
    assert of(r, main(r).key, "location") == {"city:202061", NIAMEY}


def test_a_visit_told_without_the_exchange_name_dates_the_page_exchange() -> None:
    r = run_text(
        "Harbour towns compare flood gates\n\n"
        "Engineers from Rennes spent two days in Hamburg, on 3 and 4 June 2025, to study its flood gates. "
        "The peer exchange was funded by a foundation.\n"
    )
    ev = main(r)
    assert of(r, ev.key, "startDate") == {"2025-06-03"}
    assert of(r, ev.key, "endDate") == {"2025-06-04"}


def test_a_date_without_a_visit_or_an_event_is_not_the_exchange_date() -> None:
    r = run_text(
        "Harbour towns compare flood gates\n\n"
        "The storm of 12 January 2025 flooded the old port of Hamburg. "
        "A peer exchange with engineers from Rennes followed.\n"
    )
    assert of(r, main(r).key, "startDate") == set()


def test_a_day_heading_of_a_programme_dates_the_sessions_below_it() -> None:
    r = run_text(
        "Regional forum · Programme\n\nCoastal Cities Forum on Heat\n\nDates\n\n4 and 5 May 2026\n\n"
        "For two days, mayors and engineers from Lyon, Grenoble and Nantes compare how they cool their streets and schools.\n\n"
        "Monday 4 May\n\n9:00 – 10:30\n\nWorkshop: « Shade maps for schoolyards »\n\n"
        "Tuesday 5 May\n\n14:00 – 15:30\n\nWorkshop: « Heat alerts that reach the elderly »\n"
    )
    days = {e.label: of(r, e.key, "startDate") for e in r.events if not e.main and not e.conference}
    assert {frozenset(v) for v in days.values()} == {
        frozenset({"2026-05-04"}),
        frozenset({"2026-05-05"}),
    }, days
    assert of(r, main(r).key, "startDate") == {"2026-05-04"}


def test_a_deadline_line_is_not_the_date_block_and_a_written_year_wins() -> None:
    r = run_text(
        "Call for cities 2026\n\nCities may apply to a peer exchange on cool roofs.\n\n"
        "- Date limite de dépôt des dossiers : le 10 avril à 12 h.\n"
        "- Peer exchange: from 8 to 10 June 2026 in Lyon, hosted by the City of Lyon.\n"
    )
    ev = main(r)
    assert of(r, ev.key, "startDate") == {"2026-06-08"}
    assert of(r, ev.key, "endDate") == {"2026-06-10"}


def test_the_dateline_date_is_not_the_event_date() -> None:
    r = run_text(
        "Forum des maires sur la chaleur, du 8 au 10 octobre à Lyon\n\n"
        "Nantes, 02/09/2026 (AFP) – Lyon accueille, du 8 au 10 octobre, le forum des maires sur la chaleur urbaine.\n",
        "fr",
    )
    assert of(r, main(r).key, "startDate") == {"2026-10-08"}
