"""Constructions found failing on dev12 (French pages of decentralised cooperation, French
overseas territories and their neighbours, a council's deliberation, regional press, an
Interreg project page, Assises with ateliers, a newsletter's brèves, an agency's expert
mission, an interview), each stated generally. Sentences written for these tests
(run_text(), no spaCy)."""

from __future__ import annotations

from rulekit import key as _key
from rulekit import main as _main
from rulekit import page as _page
from rulekit import pairs as _rel


def _of_main(r, predicate: str) -> set[str]:
    ev = _main(r).key
    return {o for s, o in _rel(r, predicate) if s == ev}


def test_a_story_naming_two_partners_in_headline_and_chapo_is_the_pages_event() -> None:
    text = (
        "Voirons et Kindia : une semaine pour parler marchés\n\n"
        "Publié le 2 mars 2026\n\n"
        "Quatre techniciens de la Ville de Grenoble ont passé la semaine du 9 au 13 février "
        "à Kindia, en Guinée, avec les services techniques de la commune.\n\n"
        "Ils y ont dessiné les plans d'une nouvelle halle.\n"
    )
    r = _page(text, "fr")
    ev = _main(r)
    assert ev.label == "Voirons et Kindia : une semaine pour parler marchés"
    assert {_key(r, "Grenoble"), _key(r, "Kindia")} <= _of_main(r, "participant")


def test_a_page_naming_one_city_only_gets_no_story_event() -> None:
    text = (
        "Kindia ouvre sa nouvelle bibliothèque municipale\n\n"
        "La bibliothèque de Kindia a ouvert ses portes le 2 mars 2026, après deux ans "
        "de travaux menés par la commune.\n"
    )
    r = _page(text, "fr")
    assert not [e for e in r.events if e.main]


_LETTER = (
    "LA LETTRE DU RÉSEAU – n° 12 – avril 2026\n\n"
    "EN BREF\n\n"
    "1. Thiès et Saint-Louis partagent leurs ateliers de compostage\n"
    "Du 7 au 9 avril, trois agents de la commune de Thiès ont suivi à Saint-Louis "
    "les tournées de collecte et le travail des deux plateformes de la ville.\n\n"
    "2. Kaolack et Fatick signent une feuille de route\n"
    "C'est à la mairie de Fatick que les deux maires ont paraphé le 15 avril une feuille "
    "de route de deux ans sur l'eau potable.\n\n"
    "AGENDA\n"
    "– 30 avril : assemblée générale\n"
)


def test_a_newsletters_numbered_stories_are_one_event_each_dated_by_their_paragraph() -> None:
    r = _page(_LETTER, "fr")
    labels = [e.label for e in r.events]
    assert labels[:2] == [
        "Thiès et Saint-Louis partagent leurs ateliers de compostage",
        "Kaolack et Fatick signent une feuille de route",
    ]
    first, second = r.events[0], r.events[1]
    assert ("2026-04-07") in {v for s, v in _rel(r, "startDate") if s == first.key}
    assert ("2026-04-09") in {v for s, v in _rel(r, "endDate") if s == first.key}
    assert ("2026-04-15") in {v for s, v in _rel(r, "startDate") if s == second.key}
    assert {_key(r, "Kaolack"), _key(r, "Fatick")} <= {
        o for s, o in _rel(r, "participant") if s == second.key
    }


def test_numbered_undertakings_of_a_communique_are_no_stories() -> None:
    text = (
        "Déclaration commune des villes du fleuve\n\n"
        "Réunies à Kaolack le 3 mars 2026, les villes s'engagent :\n\n"
        "1. À publier leurs relevés de crues chaque année avant le 1er juin.\n"
        "2. À former leurs agents aux alertes avant la saison des pluies de 2027.\n"
    )
    r = _page(text, "fr")
    assert not [e for e in r.events if e.label.startswith("À ")]


_ASSISES = (
    "Assises des villes du fleuve Sénégal\n\n"
    "Kaolack, mardi 12 et mercredi 13 mai 2026. Deux jours pour faire le point sur les "
    "coopérations entre les communes des deux rives, à l'invitation de la commune de "
    "Kaolack.\n\n"
    "Deux ateliers en parallèle (mardi 12 mai, 14 h – 17 h)\n\n"
    "Atelier 1 – Collecter sans brûler : les déchets des marchés\n"
    "Retours d'expérience de la commune de Thiès et de la Ville de Fatick sur leurs "
    "marchés propres.\n\n"
    "Atelier 2 – Garder l'eau au robinet\n"
    "La Ville de Tambacounda témoigne sur la recherche de fuites.\n"
)


def test_a_gatherings_numbered_workshops_are_its_sessions_dated_by_their_block() -> None:
    r = _page(_ASSISES, "fr")
    main = _main(r)
    assert main.label == "Assises des villes du fleuve Sénégal"
    w = {e.label: e for e in r.events if e.parent == main.key}
    one = w["Atelier 1 – Collecter sans brûler : les déchets des marchés"]
    two = w["Atelier 2 – Garder l'eau au robinet"]
    assert (one.key, main.key) in _rel(r, "partOf")
    assert {(one.key, "2026-05-12"), (two.key, "2026-05-12")} <= _rel(r, "startDate")
    assert {_key(r, "Thiès"), _key(r, "Fatick")} <= {
        o for s, o in _rel(r, "participant") if s == one.key
    }
    assert _key(r, "Tambacounda") in {o for s, o in _rel(r, "participant") if s == two.key}


def _cities(r) -> set[str]:
    return {m.text for m in r.mentions if m.type == "City" and not m.nested}


def test_a_small_town_counts_on_a_page_telling_its_country_by_adjective_or_language() -> None:
    text = (
        "Vierzon : les élus de retour d'Ambositra\n\n"
        "Trois élus de Vierzon ont passé dix jours sur les hautes terres malgaches, à "
        "Ambositra, du 14 au 23 février 2026.\n"
    )
    r = _page(text, "fr")
    assert {"Vierzon", "Ambositra"} <= _cities(r)


def test_a_small_town_of_a_country_the_page_never_evokes_is_still_no_mention() -> None:
    text = (
        "Les élus de retour de mission\n\n"
        "Trois élus de Vierzon ont passé dix jours à Ambositra en février 2026.\n"
    )
    r = _page(text, "fr")
    assert "Ambositra" not in _cities(r)


def test_collectivites_named_by_their_kind_or_suffix_are_organisations() -> None:
    text = (
        "Kindia et Vierzon font le point\n\n"
        "Autour de la table se trouvaient le Conseil départemental du Cher, la Région "
        "Centre-Val de Loire, Vierzon Agglomération et le conseil provincial de Shefa.\n"
    )
    r = _page(text, "fr")
    found = {m.text for m in r.mentions if m.type == "Agency"}
    assert {
        "Conseil départemental du Cher",
        "Région Centre-Val de Loire",
        "Vierzon Agglomération",
        "conseil provincial de Shefa",
    } <= found


def test_a_trip_paid_for_in_part_and_a_round_table_of_bodies() -> None:
    text = (
        "Vierzon et Lokossa font le point\n\n"
        "Publié le 3 mars 2026\n\n"
        "Trois élus de Vierzon ont séjourné à Lokossa du 14 au 20 février 2026.\n\n"
        "Le déplacement a été payé pour moitié par la Fondation de France et pour l'autre "
        "moitié par Vierzon Agglomération.\n\n"
        "Autour de la table se trouvaient également le Conseil départemental du Cher et "
        "l'association Cher-Bénin Entraide.\n"
    )
    r = _page(text, "fr")
    sup = _of_main(r, "supportedBy")
    assert {_key(r, "Fondation de France"), _key(r, "Vierzon Agglomération")} <= sup
    assert _key(r, "Conseil départemental du Cher") in _of_main(r, "participant")


def test_a_signing_that_will_take_place_in_a_city_is_placed_there() -> None:
    text = (
        "Délibération : approbation d'une convention de partenariat avec Lokossa (Bénin)\n\n"
        "Le Conseil municipal de Vierzon approuve la convention. La cérémonie de signature "
        "interviendra à Lokossa le 17 avril 2026.\n"
    )
    r = _page(text, "fr")
    assert _key(r, "Lokossa") in _of_main(r, "location")


def test_an_organisations_short_form_is_the_same_organisation() -> None:
    text = (
        "Des experts de Nantes Métropole à Battambang\n\n"
        "Trois experts de Nantes Métropole Loire Estuaire se sont rendus à Battambang "
        "(Cambodge) du 9 au 13 février 2026.\n"
    )
    r = _page(text, "fr")
    keys = {m.key for m in r.mentions if m.type == "Agency" and m.text.startswith("Nantes")}
    assert len(keys) == 1


_PROJECT = (
    "# DELTAS – Deltas partagés\n\n"
    "## Partenaires\n\n"
    "| Rôle | Structure |\n"
    "|---|---|\n"
    "| Chef de file | Ville de Kaolack |\n"
    "| Partenaire | Commune de Fatick |\n"
    "| Partenaire | Syndicat mixte du bassin de la Loire (SMBL) |\n\n"
    "## Actualités\n\n"
    "Les 4 et 5 mars 2026, les équipes des trois partenaires se sont retrouvées à Fatick "
    "pour la réunion de lancement de DELTAS.\n"
)


def test_the_counted_partners_of_a_project_page_are_its_partner_list() -> None:
    from citykg.ingest import markdown_to_text

    r = _page(markdown_to_text(_PROJECT)[0], "fr")
    got = _of_main(r, "participant")
    assert {_key(r, "Kaolack"), _key(r, "Fatick"), _key(r, "SMBL")} <= got


def test_a_count_that_is_not_the_lists_size_names_no_one() -> None:
    from citykg.ingest import markdown_to_text

    text = _PROJECT.replace("trois partenaires", "quatre partenaires")
    r = _page(markdown_to_text(text)[0], "fr")
    assert _key(r, "Kaolack") not in _of_main(r, "participant")


def test_a_place_stopword_with_its_country_in_brackets_is_that_city() -> None:
    text = (
        "Webinaire sur les cyclones\n\n"
        "Le 26 mars 2026, le réseau donne la parole aux services techniques de Victoria "
        "(Seychelles) et de Saint-Denis.\n"
    )
    r = _page(text, "fr")
    assert "city:241131" in {m.key for m in r.mentions if m.text == "Victoria"}


def test_a_storys_first_sentence_says_what_it_is_about() -> None:
    r = _page(_LETTER, "fr")
    second = r.events[1]
    assert "topic:water-management" in {o for s, o in _rel(r, "topic") if s == second.key}
