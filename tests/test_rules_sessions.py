"""Events inside gatherings: sessions, side events, the gathering itself, partOf, and the
names the page gives them (invented pages of the genre, without spaCy)."""

from __future__ import annotations

import datetime as dt

from rulekit import main, of

from citykg.extract.rules import run_text


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


def test_session_title_whose_closing_quote_is_lost_ends_at_its_line() -> None:
    r = run_text(
        "Nos villes à la COP27\n\nLe réseau était présent à la COP27 à Charm el-Cheikh.\n"
        "• Au pavillon de l'Afrique, un atelier intitulé « Quand la rivière déborde – leçons de\n",
        lang="fr",
    )
    ev = main(r)
    assert ev.label == "Quand la rivière déborde – leçons de"
    assert of(r, ev.key, "partOf") == {"event:cop27"}  # a pavilion's session: a side event


def test_themed_sessions_of_a_gathering_are_its_parts() -> None:
    r = run_text(
        "Les Journées de Kindia : villes et climat\n\n"
        "Du 3 au 4 mars 2021, quelque 250 élus étaient réunis à Conakry pour les Journées.\n"
        "Les villes ont beaucoup échangé pendant deux jours sur leurs projets.\n"
        "Lors de la session sur la végétalisation des cours d'école, animée par le PNUD, les villes de "
        "Dakar et de Bamako ont présenté leurs projets.\n"
        "Lima a pris la parole dans la session sur les marchés couverts aux côtés de Dakar.\n",
        lang="fr",
    )
    gathering = main(r)
    sessions = {e.label: e for e in own(r) if not e.main}
    assert set(sessions) == {
        "session sur la végétalisation des cours d'école",
        "session sur les marchés couverts",
    }
    for ev in sessions.values():
        assert of(r, ev.key, "partOf") == {gathering.key}
    waste = sessions["session sur la végétalisation des cours d'école"]
    assert "city:2460596" in of(r, waste.key, "participant")  # Bamako, at the session
    # and, told in the report of the gathering, at the gathering too
    assert "city:2460596" in of(r, gathering.key, "participant")


def test_an_event_page_has_no_themed_session_besides_its_event() -> None:
    r = run_text(
        "Des places pour tous\n\nDate et heure\n\n6 mai 2024, 14h\n\nLieu\n\nTunis\n\n"
        "Le réseau organise la session sur la mobilité active à Tunis.\n",
        lang="fr",
    )
    assert [e.label for e in own(r) if not e.main] == []


def test_a_conference_page_tells_its_programme() -> None:
    r = run_text(
        "Our network at the WUF13: dialogue and partnerships\n\n"
        "Our member cities took part in the 13th World Urban Forum (WUF13) in Baku.\n"
        "Several of them spoke at the events listed below.\n"
        "World Assembly of Mayors and Regional Leaders (WAMRL Assembly). Organised by UN-Habitat, "
        "the WAMRL Assembly called for local finance.\n"
        "The Dialogue on Local Water Budgets, chaired by the network's secretary general, "
        "heard the mayors of Lima and Dakar.\n"
    )
    events = {e.label: e for e in own(r)}
    assembly = events["World Assembly of Mayors and Regional Leaders"]
    assert "WAMRL Assembly" in assembly.aliases
    assert "WAMRL Assembly" not in events  # its short name is no second event
    dialogue = events["Dialogue on Local Water Budgets"]
    for ev in (assembly, dialogue):
        assert of(r, ev.key, "partOf") == {"event:wuf13"}


def test_a_series_conference_long_name_is_no_gathering_of_its_own() -> None:
    r = run_text(
        "Clean buses for growing cities\n\nOfficial side event at COP31\n\n"
        "Held on the sidelines of the 31st UN Climate Change Conference (COP31), the side event "
        "brings together officials from Accra.\n"
    )
    assert not any(e.label == "UN Climate Change Conference" for e in r.events)
    cop = next(e for e in r.events if e.key == "event:cop31")
    assert "UN Climate Change Conference" in cop.aliases  # its long name


def test_an_event_the_lead_says_was_organised_without_a_trigger_word() -> None:
    r = run_text(
        "Les maires du Sahel cherchent des fonds pour l'eau\n\n"
        "Les villes du Sahel manquent de moyens pour leurs réseaux d'eau potable.\n"
        "Le réseau s'est donc associé avec la BOAD pour organiser un événement conjoint "
        "sur le financement des forages. L'événement, qui s'est tenu le 12 juin 2023, a rassemblé "
        "une trentaine d'élus.\n",
        lang="fr",
    )
    ev = main(r)
    assert ev.label == "Les maires du Sahel cherchent des fonds pour l'eau"  # the headline
    assert "événement conjoint sur le financement des forages" in ev.aliases
    assert of(r, ev.key, "startDate") == {"2023-06-12"}  # "L'événement, qui s'est tenu le …"


def test_an_event_noun_without_an_organising_verb_is_no_event() -> None:
    r = run_text(
        "Les maires du Sahel et l'eau\n\nUn événement climatique extrême a frappé la région "
        "en mai, et les villes du Sahel manquent de moyens.\n",
        lang="fr",
    )
    assert own(r) == []


def test_another_gathering_announced_with_its_own_date_is_part_of_its_conference() -> None:
    r = run_text(
        "Le forum des villes sahéliennes, du 2 au 4 mai à Niamey\n\n"
        "Niamey accueille du 2 au 4 mai le forum des villes sahéliennes, préparatoire à la COP31.\n"
        "Le forum est organisé par le réseau des villes sahéliennes avec le soutien de ses membres.\n"
        "La rencontre prépare le sommet des maires du Sahel qui aura lieu le 9 novembre dans le "
        "cadre de la COP31.\n",
        lang="fr",
        published=dt.date(2026, 4, 1),
    )
    summit = next(e for e in own(r) if not e.main)
    assert summit.label == "sommet des maires du Sahel"
    assert of(r, summit.key, "partOf") == {"event:cop31"}
    assert of(r, summit.key, "startDate") == {"2026-11-09"}


def test_the_page_gathering_named_again_with_a_demonstrative_is_no_new_event() -> None:
    r = run_text(
        "Le forum des villes sahéliennes, du 2 au 4 mai à Niamey\n\n"
        "Niamey accueille du 2 au 4 mai le forum des villes sahéliennes.\n"
        "Le forum est organisé par le réseau des villes sahéliennes avec le soutien de ses membres.\n"
        "Les actes de ce forum des villes sahéliennes seront publiés le 9 juin.\n",
        lang="fr",
        published=dt.date(2026, 4, 1),
    )
    assert [e for e in own(r) if not e.main] == []


NAIROBI, LIMA, ACCRA = "city:184745", "city:3936456", "city:2306104"


def test_a_headline_telling_a_meeting_and_a_mission_told_besides_it() -> None:
    r = run_text(
        "Mayors talk water and heat with the Minister\n\n14 March 2024\n\n"
        "Cities have long worked together on water.\n"
        "In January, a delegation of mayors undertook a mission to Nairobi to sign an agreement.\n"
        "And today, the mayors of Lima and Accra met with the Minister to discuss heat.\n"
        "The network's mission of mayors to Nairobi on 22 January 2024 opened the way.\n"
    )
    meeting = main(r)
    assert meeting.label == "Mayors talk water and heat with the Minister"
    assert of(r, meeting.key, "startDate") == {"2024-03-14"}  # "today": the date line
    assert {LIMA, ACCRA} <= of(r, meeting.key, "participant")
    mission = next(e for e in own(r) if not e.main)
    assert (
        mission.label == "mission to Nairobi" and "mission of mayors to Nairobi" in mission.aliases
    )
    assert of(r, mission.key, "startDate") == {"2024-01-22"}
    assert of(r, mission.key, "location") == {NAIROBI}


def test_a_mission_without_a_date_of_its_own_is_the_page_event_again() -> None:
    r = run_text(
        "Lima officials on a mission to Nairobi\n\nOn 3 May 2024, officials from Lima began a "
        "study visit in Nairobi.\nThe mission to Nairobi covered bus depots.\n"
    )
    assert [e for e in own(r) if not e.main] == []


def test_a_delegation_story_without_a_title_is_named_by_whose_delegation_it_is() -> None:
    r = run_text(
        "2024-05\nUne délégation de la mairie de Lomé se rendra à Cotonou du 3 au 5 "
        "juin 2024 pour des échanges sur l'éclairage public.\n",
        lang="fr",
    )
    assert main(r).label == "délégation de la mairie de Lomé"


def test_a_trigger_phrase_keeps_its_elided_complement_and_its_theme() -> None:
    r = run_text(
        "2024-11\nLa maire de Sfax a ouvert un atelier d’urbanisme durable "
        "entre la ville et le réseau. C'était le 4 mars 2024 à Sfax.\n",
        lang="fr",
    )
    assert main(r).label == "atelier d’urbanisme durable"


def test_a_trigger_phrase_ends_with_the_place_it_names() -> None:
    r = run_text(
        "2024-11\nLe réseau a organisé des visites d'étude d'une délégation nigérienne à Ziguinchor "
        "du 8 au 10 octobre 2024.\n",
        lang="fr",
    )
    assert main(r).label == "visites d'étude d'une délégation nigérienne à Ziguinchor"


def test_a_sentence_opening_on_the_event_as_a_pronoun_gives_its_date() -> None:
    r = run_text(
        "2024-11\nLe maire de Dakar a ouvert un atelier de planification urbaine avec le réseau.\n"
        "Ce stage portait sur les espaces verts.\nC'était le jeudi 7 mars 2024 à Dakar.\n",
        lang="fr",
    )
    assert of(r, main(r).key, "startDate") == {"2024-03-07"}


def test_an_event_held_in_preparation_of_another_gathering_is_part_of_it() -> None:
    r = run_text(
        "Le forum des villes sahéliennes, du 2 au 4 mai à Niamey\n\n"
        "Niamey accueille du 2 au 4 mai le forum des villes sahéliennes, en présence des maires.\n"
        "Le forum est organisé par le réseau des villes sahéliennes avec le soutien de ses membres.\n"
        "La manifestation se veut préparatoire au sommet des maires du Sahel, "
        "programmé le 9 novembre à Dakar.\n",
        lang="fr",
        published=dt.date(2026, 4, 1),
    )
    summit = next(e for e in own(r) if not e.main)
    assert of(r, main(r).key, "partOf") == {summit.key}


def test_a_themed_session_noun_without_anyone_at_it_is_no_session() -> None:
    r = run_text(
        "The Coastal Cities Forum 2024\n\nThe forum gathered cities in Lima on 3 May 2024.\n"
        "It was a long day for everyone who came to the venue.\n"
        "The dialogue on adaptation finance is still too slow, the report says.\n"
    )
    assert [e for e in own(r) if not e.main] == []


def test_a_dated_gathering_on_a_conference_page_is_no_part_of_it() -> None:
    r = run_text(
        "Our network at the WUF13: dialogue and partnerships\n\n"
        "Our member cities took part in the 13th World Urban Forum (WUF13) in Baku.\n"
        "Several of them spoke at the events listed below.\n"
        "They will meet again at the Coastal Cities Summit on 4 June 2027 in Lima.\n"
    )
    summit = next(e for e in r.events if e.label == "Coastal Cities Summit")
    assert of(r, summit.key, "partOf") == set()


def test_a_headline_verb_without_a_meeting_in_the_body_is_no_meeting() -> None:
    r = run_text(
        "Mayor talks trade and jobs with business leaders\n\n"
        "The economy of the region grew by two percent last year.\n"
    )
    assert own(r) == []


def test_a_title_case_name_before_the_trigger_is_in_the_label() -> None:
    r = run_text(
        "Accra, Ghana – On 3 May 2024, the city hosted the first Urban Finance and Coastal "
        "Leadership Masterclass, convening mayors.\n"
    )
    assert main(r).label == "Urban Finance and Coastal Leadership Masterclass"


def test_words_across_punctuation_are_no_title() -> None:
    r = run_text("News\n\nIn May, Lima Workshop participants were organised by C40 Cities.\n")
    assert not main(r).label.startswith("In May")
