"""Constructions found failing on dev5 (French pages written like sites nobody tuned on),
each stated generally. Sentences written for these tests (run_text(), no spaCy)."""

from __future__ import annotations

from rulekit import agencies as _agencies
from rulekit import key as _key
from rulekit import main as _main
from rulekit import page as _page
from rulekit import pairs as _rel

from citykg.extract.rules import run_text


def _cities(r) -> set[str]:
    return {m.text for m in r.mentions if m.type == "City"}


def test_a_place_stopword_listed_with_cities_or_after_a_is_a_city() -> None:
    text = (
        "Un atelier sur l'eau potable\n\n"
        "Les techniciens de Reims, Troyes et Nancy se retrouvent le 3 mars 2026. "
        "Une seconde rencontre aura lieu à Tours en juin.\n"
    )
    r = _page(text, "fr")
    assert {"Nancy", "Tours"} <= _cities(r)


def test_a_place_stopword_as_a_first_name_or_a_word_stays_no_city() -> None:
    text = (
        "Trier les déchets au bureau\n\n"
        "Nancy Girard, directrice de la collecte à Reims, a présenté les tours de "
        "compostage. Elle a parlé à Nancy Girard et à Florence Petit.\n"
    )
    r = _page(text, "fr")
    assert _cities(r) == {"Reims"}


def test_dunkerque_is_the_french_name_of_dunkirk() -> None:
    text = "Une délégation de Dunkerque à Lomé\n\nLe 4 mai 2026, des élus de Dunkerque ont visité Lomé.\n"
    r = _page(text, "fr")
    assert "city:3020686" in {m.key for m in r.mentions}


def test_a_metropole_named_with_its_region_words_is_a_body_of_the_city() -> None:
    text = (
        "Un séminaire sur les cantines\n\n"
        "Le séminaire est ouvert par Rouen Normandie Métropole, puis par Grenoble "
        "Métropole Alpes Isère. Il est porté par la Métropole Nice Côte d'Azur.\n"
    )
    r = _page(text, "fr")
    assert {
        "Rouen Normandie Métropole",
        "Grenoble Métropole Alpes Isère",
        "Métropole Nice Côte d'Azur",
    } <= _agencies(r)


def test_a_body_named_after_a_city_before_a_colon_is_no_field_label() -> None:
    text = "Programme de la journée\n\n10 h 30 - Rennes Métropole : le plan de plantation\n"
    r = _page(text, "fr")
    assert "Rennes Métropole" in _agencies(r)


def test_a_stopword_city_before_a_body_cue_is_the_city_of_the_body() -> None:
    text = "Une visite d'étude\n\nLes urbanistes ont été reçus par Tours Métropole Val de Loire.\n"
    r = _page(text, "fr")
    assert "Tours Métropole Val de Loire" in _agencies(r)
    assert "city:2972191" in {m.key for m in r.mentions}


def _inits(r) -> set[str]:
    return {i.label for i in r.initiatives}


def test_an_initiative_name_never_runs_across_a_line_break() -> None:
    text = (
        "Actualités du réseau\n\n"
        "03/03/2026 — Les villes réunies à Lille pour lancer le projet\n"
        "Les 2 et 3 mars, les équipes se sont retrouvées à Lille.\n"
    )
    r = _page(text, "fr")
    assert not any("\n" in label for label in _inits(r))


def test_the_upper_case_name_opening_a_project_page_is_its_project() -> None:
    text = (
        "SOL-VIVANT | Des sols fertiles pour les villes du Sahel\n\n"
        "Le projet\n"
        "SOL-VIVANT aide quatre villes à restaurer leurs sols. Le projet est porté par la "
        "Ville de Niamey.\n"
    )
    r = _page(text, "fr")
    assert "SOL-VIVANT" in _inits(r)


def test_a_masthead_opening_a_press_page_is_no_project() -> None:
    text = (
        "OUEST MATIN | Nantes\n\n"
        "Des élus nantais en mission à Agadir\n\n"
        "Le projet, d'un montant de 200 000 euros, est financé par la Région.\n"
    )
    r = _page(text, "fr")
    assert "OUEST MATIN" not in _inits(r)


def test_a_series_named_with_its_edition_keeps_the_page_wording_as_a_label() -> None:
    text = (
        "Les villes du Sahel face à la chaleur\n\n"
        "Événement parallèle du Sommet Climate Chance Afrique 2027, le 4 mai 2027 à Dakar.\n"
    )
    r = _page(text, "fr")
    summit = next(e for e in r.events if e.conference)
    assert "Sommet Climate Chance Afrique 2027" in summit.aliases


def test_a_first_person_stay_told_in_a_post_is_the_trip() -> None:
    text = (
        "Retour de mission\n\n"
        "Du 3 au 6 mars 2026, j'étais à Saint-Louis puis à Thiès avec l'équipe de la "
        "Ville de Lille pour suivre notre programme de maraîchage.\n"
    )
    r = _page(text, "fr")
    ev = r.events[0].key
    assert {(ev, _key(r, "Saint-Louis")), (ev, _key(r, "Thiès"))} <= _rel(r, "location")
    assert (ev, "2026-03-03") in _rel(r, "startDate")


def test_officials_who_stayed_somewhere_made_the_trip() -> None:
    text = (
        "Des élus lillois au Sénégal\n\n"
        "Trois élus de Lille ont séjourné du 9 au 12 avril 2026 à Saint-Louis pour "
        "préparer un plan de lutte contre les inondations.\n"
    )
    r = _page(text, "fr")
    ev = r.events[0].key
    assert (ev, _key(r, "Saint-Louis")) in _rel(r, "location")
    assert (ev, "2026-04-09") in _rel(r, "startDate")


def test_a_meeting_the_teams_gathered_for_is_the_event_with_its_own_day() -> None:
    text = (
        "Actualités\n\n"
        "12/05/2026 — Les partenaires réunis à Nantes\n"
        "Les 6 et 7 mai, les équipes de Lorient et de Vannes se sont retrouvées à Nantes "
        "pour la réunion de lancement.\n"
    )
    r = _page(text, "fr")
    ev = _main(r).key
    assert (ev, "2026-05-06") in _rel(r, "startDate")
    assert (ev, "2026-05-12") not in _rel(r, "startDate")
    parts = _rel(r, "participant")
    assert {(ev, _key(r, "Lorient")), (ev, _key(r, "Vannes"))} <= parts


def test_a_site_name_line_is_not_the_event_label() -> None:
    text = (
        "AVMD — Association des villes de la mer du Dakar\n\n"
        "Séance de clôture en ligne du programme d'échanges\n\n"
        "La séance réunira les villes de Saint-Louis et de Thiès le 4 juin 2026.\n"
    )
    r = _page(text, "fr")
    main = next(e for e in r.events if e.main)
    assert not main.label.startswith("AVMD")
    text2 = "Ville de Brest — Actualités\n\nUne délégation de Thiès en visite d'étude à Brest\n"
    r2 = run_text(text2, "fr", text2.split("\n")[0])
    assert next(e for e in r2.events if e.main).label.startswith("Une délégation de Thiès")


def _init_key(r, word: str) -> str:
    return next(i.key for i in r.initiatives if word in i.label)


def test_a_frame_cue_puts_the_visit_in_its_programme() -> None:
    text = (
        "Une délégation de Thiès reçue à Lyon\n\n"
        "Du 2 au 5 mars 2026, une délégation de Thiès s'est rendue à Lyon dans le cadre du "
        "programme « Villes vertes du Sahel ».\n"
    )
    r = _page(text, "fr")
    ev = _main(r).key
    assert (ev, _init_key(r, "Villes vertes")) in _rel(r, "partOf")


def test_a_session_title_quoting_a_programme_is_a_session_of_it() -> None:
    text = (
        "Séance de clôture en ligne : « Écoles fraîches d'Afrique » (2024-2026)\n\n"
        "Mardi 3 mars 2026\n\n"
        "Le programme d'échanges « Écoles fraîches d'Afrique » touche à sa fin. La séance "
        "réunira les villes de Thiès et de Kaolack.\n"
    )
    r = _page(text, "fr")
    ev = _main(r).key
    assert (ev, _init_key(r, "Écoles fraîches")) in _rel(r, "partOf")


def test_a_launch_titled_with_the_initiative_is_not_part_of_it() -> None:
    text = (
        "Le programme « Toits solaires » lancé à Thiès\n\n"
        "Le 3 mars 2026, le maire de Thiès a lancé le programme « Toits solaires ».\n"
    )
    r = _page(text, "fr")
    assert not _rel(r, "partOf")


def test_the_meeting_held_to_launch_the_project_is_part_of_the_page_project() -> None:
    text = (
        "SOL-VIVANT | Des sols fertiles pour les villes du Sahel\n\n"
        "SOL-VIVANT aide quatre villes à restaurer leurs sols. Le projet est porté par la "
        "Ville de Niamey.\n\n"
        "Actualités\n\n"
        "12/05/2026 — Les partenaires réunis à Niamey pour lancer le projet\n"
        "Les 6 et 7 mai, les équipes de Dosso et de Zinder se sont retrouvées à Niamey "
        "pour la réunion de lancement.\n"
    )
    r = _page(text, "fr")
    ev = _main(r).key
    assert (ev, _init_key(r, "SOL-VIVANT")) in _rel(r, "partOf")


def test_a_lead_sentence_saying_what_the_meeting_was_about_gives_its_topic() -> None:
    text = (
        "Lorient a tenu les Rencontres bretonnes des villes littorales\n\n"
        "Les 2 et 3 avril 2026, cent élus se sont retrouvés à Lorient. Elles portaient "
        "cette année sur la gestion des déchets. Au cœur des discussions : l'économie "
        "circulaire.\n"
    )
    r = _page(text, "fr")
    ev = _main(r).key
    topics = {o for s, o in _rel(r, "topic") if s == ev}
    assert {"topic:waste-management", "topic:circular-economy"} <= topics


def _obj(r, pred: str, ev: str) -> set[str]:
    return {o for s, o in _rel(r, pred) if s == ev}


def test_a_partner_named_with_the_organiser_co_organises() -> None:
    text = (
        "Le forum des villes côtières\n\n"
        "Le forum des villes côtières, organisé par Cités Unies France en partenariat avec "
        "l'Agence française de développement, s'est tenu à Lorient le 4 mai 2026.\n"
    )
    r = _page(text, "fr")
    ev = _main(r).key
    assert {"agency:cites-unies-france", "agency:afd"} <= _obj(r, "organizer", ev)
    assert "agency:afd" not in _obj(r, "supportedBy", ev)


def test_a_partner_without_an_organiser_still_supports() -> None:
    text = (
        "Le forum des villes côtières\n\n"
        "Le forum des villes côtières s'est tenu à Lorient le 4 mai 2026, en partenariat "
        "avec l'Agence française de développement.\n"
    )
    r = _page(text, "fr")
    ev = _main(r).key
    assert "agency:afd" not in _obj(r, "organizer", ev)


def test_prepared_by_names_the_organiser() -> None:
    text = (
        "Les Rencontres des villes du fleuve\n\n"
        "Les Rencontres des villes du fleuve, préparées par Cités Unies France, se sont "
        "tenues à Saint-Louis les 4 et 5 mai 2026.\n"
    )
    r = _page(text, "fr")
    ev = _main(r).key
    assert "agency:cites-unies-france" in _obj(r, "organizer", ev)


def test_speaker_lines_and_a_running_order_name_who_takes_part() -> None:
    text = (
        "Journée technique : l'eau dans les villes moyennes\n\n"
        "Date : 4 juin 2026\n"
        "Lieu : Thiès\n"
        "Organisé par : Cités Unies France\n\n"
        "Programme\n\n"
        "9 h 30 - Ouverture par Cités Unies France\n"
        "10 h 00 - Kaolack et Ziguinchor : deux régies comparées\n\n"
        "Intervenants\n\n"
        "Awa Ndiaye, directrice des services techniques, commune de Louga, Sénégal\n"
        "Paul Diop, adjoint au maire, Ville de Tambacounda\n\n"
        "Inscription gratuite, Nadia Fall nous écrit depuis Kolda.\n"
    )
    r = _page(text, "fr")
    ev = _main(r).key
    parts = _obj(r, "participant", ev)
    for city in ("Kaolack", "Ziguinchor", "Louga", "Tambacounda"):
        assert _key(r, city) in parts, city
    assert "agency:cites-unies-france" not in parts


def test_an_agency_that_received_a_delegation_organised_its_visit() -> None:
    text = (
        "Des urbanistes de Thiès en visite d'étude à Lyon\n\n"
        "L'Agence d'urbanisme de Lyon a reçu du 4 au 8 mai 2026 une délégation de dix "
        "urbanistes de Thiès.\n"
    )
    r = _page(text, "fr")
    ev = _main(r).key
    agency = next(m.key for m in r.mentions if m.text.startswith("Agence d'urbanisme"))
    assert agency in _obj(r, "organizer", ev)


def test_a_funder_in_a_relative_clause_with_an_adverb_supports_the_trip() -> None:
    text = (
        "Des élus de Lorient en mission à Thiès\n\n"
        "Trois élus de Lorient se sont rendus du 4 au 8 mai 2026 à Thiès. Les deux villes "
        "écriront à la Région Bretagne, qui a déjà financé le voyage.\n"
    )
    r = _page(text, "fr")
    ev = _main(r).key
    assert "agency:region-bretagne" in _obj(r, "supportedBy", ev)


def test_the_genre_words_of_coasts_and_floods_name_their_topics() -> None:
    text = (
        "Des élus de Lorient en mission à Thiès\n\n"
        "Trois élus de Lorient se sont rendus du 4 au 8 mai 2026 à Thiès. Le sujet du "
        "déplacement : la montée du niveau de la mer. La prévention des inondations était "
        "aussi au cœur de la semaine.\n"
    )
    r = _page(text, "fr")
    ev = _main(r).key
    assert {"topic:coastal-resilience", "topic:flood-management"} <= _obj(r, "topic", ev)


def test_the_day_and_time_line_under_an_event_title_dates_the_event() -> None:
    text = (
        "Séance de clôture en ligne du programme d'échanges\n\n"
        "Jeudi 4 juin 2026 | 10 h 00 - 12 h 00 | En ligne\n\n"
        "Trois ans après son lancement, le programme touche à sa fin. La séance réunira "
        "les villes de Thiès et de Kaolack.\n"
    )
    r = _page(text, "fr")
    ev = _main(r).key
    assert (ev, "2026-06-04") in _rel(r, "startDate")


def test_a_publication_line_under_a_title_dates_nothing() -> None:
    text = (
        "Séance de clôture en ligne du programme d'échanges\n\n"
        "Publié le 4 juin 2026 à 10 h 00\n\n"
        "Trois ans après son lancement, le programme touche à sa fin. La séance réunira "
        "les villes de Thiès et de Kaolack.\n"
    )
    r = _page(text, "fr")
    assert not _rel(r, "startDate")


def test_the_lead_first_full_date_dates_an_undated_signing() -> None:
    text = (
        "Lorient et Thiès s'engagent pour l'énergie solaire\n\n"
        "Une nouvelle page de la coopération entre Lorient et Thiès s'est écrite le 4 mai "
        "2026. Les maires de Lorient et de Thiès y ont paraphé une convention.\n"
    )
    r = _page(text, "fr")
    ev = _main(r).key
    assert (ev, "2026-05-04") in _rel(r, "startDate")


def test_a_date_bounding_something_else_in_the_lead_is_no_event_date() -> None:
    text = (
        "Lorient et Thiès s'engagent pour l'énergie solaire\n\n"
        "Depuis le 4 mai 2026, les deux villes partagent leurs données. Les maires de "
        "Lorient et de Thiès ont paraphé une convention.\n"
    )
    r = _page(text, "fr")
    assert not _rel(r, "startDate")


def test_a_sentence_about_the_project_gives_its_funder_to_the_project() -> None:
    text = (
        "SOL-VIVANT | Des sols fertiles pour les villes du Sahel\n\n"
        "SOL-VIVANT aide quatre villes à restaurer leurs sols, financé à 80 % par "
        "l'Agence française de développement.\n\n"
        "Les 6 et 7 mai 2026, les équipes de Dosso et de Zinder se sont retrouvées à "
        "Niamey pour la réunion de lancement.\n\n"
        "Ce projet est financé par l'Union européenne.\n"
    )
    r = _page(text, "fr")
    proj = _init_key(r, "SOL-VIVANT")
    ev = _main(r).key
    assert "agency:european-union" in _obj(r, "supportedBy", proj)
    assert not _obj(r, "supportedBy", ev)


def test_a_fronted_participle_leads_the_programme_its_pronoun_stands_for() -> None:
    text = (
        "Clôture d'un programme d'échanges\n\n"
        "Trois ans après son lancement, le programme « Écoles fraîches du Sahel » touche "
        "à sa fin. Piloté par Cités Unies France, il a mis en relation Thiès et Lorient.\n"
    )
    r = _page(text, "fr")
    prog = _init_key(r, "Écoles fraîches")
    assert "agency:cites-unies-france" in _obj(r, "ledBy", prog)


def test_a_country_named_in_a_sea_is_no_country() -> None:
    text = (
        "Les villes du golfe de Guinée face à l'érosion\n\n"
        "Des élus de Lomé et de Cotonou se sont retrouvés le 4 mai 2026 à Lomé.\n"
    )
    r = _page(text, "fr")
    assert not any(m.type == "Country" and m.text == "Guinée" for m in r.mentions)


def test_a_range_opening_a_line_still_dates_what_the_line_tells() -> None:
    """A single day before a dash heads a news item (above); a range before a bar is the
    span of the event the line tells."""
    text = (
        "Side events\n\n"
        "June 9-11, 2026 | The cities of Lorient and Vannes met in Nantes for a peer exchange "
        "on flood warnings.\n"
    )
    r = _page(text, "en")
    ev = _main(r).key
    assert (ev, "2026-06-09") in _rel(r, "startDate")
