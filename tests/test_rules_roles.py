"""Role rules (organiser, supporter, participant, exclusions), one page at a time and
without spaCy: invented pages of the genre, positive and negative sentences."""

from __future__ import annotations

from citykg.extract.rules import run_text

NAIROBI, LIMA, ACCRA, LAGOS = "city:184745", "city:3936456", "city:2306104", "city:2332459"
KIGALI, DAKAR = "city:202061", "city:2253354"


def objs(result, predicate: str, rule: str | None = None) -> set[str]:
    return {
        r.obj or r.value or ""
        for r in result.relations
        if r.predicate == predicate and (rule is None or r.rule == rule)
    }


def test_passive_organiser_list_and_coordinated_names() -> None:
    r = run_text(
        "Peer exchange on cooling\nThe peer exchange was organised by C40 Cities and ICLEI Africa in Nairobi.\n"
    )
    assert objs(r, "organizer") == {"agency:c40", "agency:iclei-africa"}


def test_active_organiser_subject() -> None:
    r = run_text(
        "Atelier sur la chaleur\nC40 Cities et ICLEI Afrique organisent un atelier à Dakar.\n", "fr"
    )
    assert {"agency:c40", "agency:iclei-africa"} <= objs(r, "organizer")


def test_organiser_cue_stops_at_the_clause_boundary() -> None:
    r = run_text(
        "Workshop on drainage\nThe workshop was organised by C40 Cities; it brought together experts from the World Bank and UN-Habitat.\n"
    )
    assert objs(r, "organizer") == {"agency:c40"}
    assert "agency:world-bank" not in objs(r, "organizer")


def test_organiser_is_not_also_participant_by_the_same_clause() -> None:
    r = run_text(
        "Study visit on buses\nDelegates from Lima joined the study visit organised by C40 Cities.\n"
    )
    assert LIMA in objs(r, "participant")
    assert "agency:c40" in objs(r, "organizer") and "agency:c40" not in objs(r, "participant")


def test_city_that_organises_takes_part() -> None:
    r = run_text("Workshop on parks\nAccra organised the workshop for planners.\n")
    assert ACCRA in objs(r, "participant", "city-organiser-participates")


def test_supporter_is_supported_by_not_organiser() -> None:
    r = run_text(
        "Webinar on heat\nThe webinar, funded by the World Bank, gathered officials from Lima.\n"
    )
    assert objs(r, "supportedBy") == {"agency:world-bank"}
    assert "agency:world-bank" not in objs(r, "organizer") | objs(r, "participant")


def test_french_support_cue() -> None:
    r = run_text(
        "Atelier à Kigali\nL'atelier s'est tenu à Kigali avec le soutien de la Banque mondiale.\n",
        "fr",
    )
    assert objs(r, "supportedBy") == {"agency:world-bank"}


def test_participants_after_a_cue() -> None:
    r = run_text(
        "Peer exchange on waste\nRepresentatives of Accra, Lagos and Kigali met for the peer exchange.\n"
    )
    assert {ACCRA, LAGOS, KIGALI} <= objs(r, "participant", "participant-cue")


def test_no_participants_without_a_cue() -> None:
    r = run_text("Peer exchange on waste\nAccra, Lagos and Kigali have large markets.\n")
    assert objs(r, "participant", "participant-cue") == set()


def test_contrast_and_source_cues_veto_every_role() -> None:
    r = run_text(
        "Peer exchange on transit\nOfficials from Accra joined the peer exchange, unlike Lagos. According to UNEP, delegates agreed.\n"
    )
    assert ACCRA in objs(r, "participant") and LAGOS not in objs(r, "participant")
    assert "agency:unep" not in {x.obj for x in r.relations}


def test_agency_cited_in_passing_does_not_take_part() -> None:
    r = run_text(
        "Peer exchange on finance\nOfficials from Nairobi joined the peer exchange. Their method follows a standard of the World Resources Institute.\n"
    )
    assert NAIROBI in objs(r, "participant")
    assert not any("wri" in o or "world-resources" in o for o in objs(r, "participant"))


def test_country_as_place_is_not_a_participant() -> None:
    r = run_text(
        "Study tour on rail\nOfficials from Lima spent a week in Finland to join the study tour.\n"
    )
    assert LIMA in objs(r, "participant") and "country:FI" not in objs(r, "participant")


def test_role_blocks_of_an_event_page() -> None:
    r = run_text(
        "Clinic on flood maps\nDate: 4 June 2024\nLocation: Dakar\nOrganisers: C40 Cities\nSupported by: World Bank\nParticipating cities: Accra, Lagos\n"
    )
    assert objs(r, "organizer") == {"agency:c40"}
    assert objs(r, "supportedBy") == {"agency:world-bank"}
    assert {ACCRA, LAGOS} <= objs(r, "participant", "role-block")


def test_role_blocks_need_a_label_of_their_own() -> None:
    r = run_text(
        "Clinic on flood maps\nDate: 4 June 2024\nLocation: Dakar\nThe organisers will write soon to Accra.\n"
    )
    assert objs(r, "organizer") == set()


def test_possessive_owner_of_the_event_organises_it() -> None:
    r = run_text(
        "Study tour on buses\nThe study tour (C40 Cities's 12th annual study tour) took officials from Lima to Accra.\n"
    )
    assert "agency:c40" in objs(r, "organizer", "possessive-organiser")
    assert "agency:c40" not in objs(r, "participant")


def test_possessive_of_a_report_at_the_event_is_no_organiser() -> None:
    r = run_text(
        "Workshop on heat\nC40 Cities's report at the workshop in Nairobi was discussed by officials from Lima.\n"
    )
    assert "agency:c40" not in objs(r, "organizer", "possessive-organiser")


def test_forum_initiated_by_an_agency() -> None:
    r = run_text(
        "Forum sur le climat\nLe forum est initié par CGLU Afrique à Dakar avec des délégués de Lima.\n",
        "fr",
    )
    assert "agency:uclg-africa" in objs(r, "organizer", "organised-by")


def test_initiated_cue_does_not_cross_a_clause() -> None:
    r = run_text(
        "Forum sur le climat\nLe forum est initié par la Ville; CGLU Afrique a envoyé des délégués de Lima.\n",
        "fr",
    )
    assert "agency:uclg-africa" not in objs(r, "organizer")


def test_funders_label_block_gives_supported_by() -> None:
    r = run_text(
        "Webinar on heat\nFunders: the World Bank\nThe webinar gathered officials from Lima.\n"
    )
    assert "agency:world-bank" in objs(r, "supportedBy", "role-block")


def test_agency_in_the_body_without_a_funders_label_is_no_supporter() -> None:
    r = run_text("Webinar on heat\nThe webinar gathered officials from Lima and the World Bank.\n")
    assert "agency:world-bank" not in objs(r, "supportedBy")


def test_support_cue_governs_its_coordinated_list() -> None:
    r = run_text(
        "Webinar on heat\nThe webinar, funded by the World Bank and the European Union, gathered officials from Lima.\n"
    )
    assert objs(r, "supportedBy") == {"agency:world-bank", "agency:european-union"}


def test_support_cue_stops_at_another_verb_of_the_list() -> None:
    r = run_text(
        "Webinar on heat\nThe webinar, funded by the World Bank and carried out by C40 Cities, gathered officials from Lima.\n"
    )
    assert objs(r, "supportedBy") == {"agency:world-bank"}


# -- clause windows: what a cue reaches (invented pages) --------------------------------


def test_a_relative_clause_after_a_cue_is_out_of_its_reach() -> None:
    r = run_text(
        "Study visit on buses\nOfficials from Lima visited the depot, where topics like the World Bank loan were discussed.\n"
    )
    assert LIMA in objs(r, "participant")
    assert "agency:world-bank" not in objs(r, "participant")


def test_cadre_is_no_participation_noun() -> None:
    r = run_text(
        "Atelier sur l'eau\nL'atelier s'est tenu à Dakar dans le cadre du partenariat avec l'Union européenne.\n",
        "fr",
    )
    assert "agency:european-union" not in objs(r, "participant")


def test_a_title_colon_is_no_subject_of_a_participation_noun() -> None:
    r = run_text("Atelier sur l'eau\nONU-Habitat : l'atelier des élus de Lomé et de Dakar.\n", "fr")
    assert "agency:un-habitat" not in objs(r, "participant")


def test_co_organisers_of_a_sentence_that_names_an_organiser() -> None:
    r = run_text(
        "Workshop on heat\nThe workshop was organised by C40 Cities in cooperation with ICLEI Africa and brought together officials from Lima.\n"
    )
    assert objs(r, "organizer") == {"agency:c40", "agency:iclei-africa"}
    assert "agency:iclei-africa" not in objs(r, "participant")
    assert LIMA in objs(r, "participant")


def test_co_organising_cue_alone_names_no_organiser() -> None:
    r = run_text(
        "Workshop on heat\nThe plan was written in cooperation with ICLEI Africa; officials from Lima joined the workshop.\n"
    )
    assert "agency:iclei-africa" not in objs(r, "organizer")


def test_an_organiser_list_stops_at_a_support_cue() -> None:
    r = run_text(
        "Conférence des maires\nLa conférence est organisée par l'AIMF avec le soutien de la Banque africaine de développement (BAD) et en collaboration avec le Fonds mondial pour le développement des villes (FMDV).\n",
        "fr",
    )
    assert "agency:afdb" not in objs(r, "organizer")
    assert {"agency:aimf", "agency:fmdv"} <= objs(r, "organizer")


def test_organised_event_noun_by() -> None:
    r = run_text(
        "Workshop on drainage\nThis was a jointly organised workshop by C40 Cities and ICLEI Africa in Lima.\n"
    )
    assert {"agency:c40", "agency:iclei-africa"} <= objs(r, "organizer")


def test_the_initiator_before_a_cue_organises() -> None:
    r = run_text(
        "Atelier sur l'efficacité énergétique\nL'ADEME est à l'origine de cet atelier sur la rénovation des écoles. Des élus de Lomé y ont participé.\n",
        "fr",
    )
    assert "agency:ademe" in objs(r, "organizer")


def test_a_city_government_that_organises_takes_part() -> None:
    r = run_text(
        "Journée des espaces verts\nLa journée, organisée par ICLEI Afrique et le District autonome d'Abidjan, a rassemblé des maires de Kigali.\n",
        "fr",
    )
    assert {"agency:iclei-africa", "agency:district-autonome-abidjan"} <= objs(r, "organizer")
    assert "agency:district-autonome-abidjan" in objs(r, "participant")
    assert "agency:iclei-africa" not in objs(r, "participant")


def test_the_dateline_city_is_no_participant() -> None:
    r = run_text(
        "Atelier sur l'eau à Lomé\nDakar, 7 mai 2024 (APS) – Des élus de Lomé et de Cotonou ont participé à l'atelier.\n",
        "fr",
    )
    assert {"city:2365267", "city:2394819"} <= objs(r, "participant")
    assert DAKAR not in objs(r, "participant")


def test_the_venue_of_another_conference_is_no_participant() -> None:
    r = run_text(
        "Atelier sur les forêts urbaines\nL'atelier a rassemblé des maires de Lomé, en préparation de la COP30, attendue en novembre 2025 à Belém.\n",
        "fr",
    )
    assert "city:2365267" in objs(r, "participant")
    assert "city:3405870" not in objs(r, "participant")  # Belém


def test_chairing_and_presence_are_taking_part() -> None:
    r = run_text(
        "Workshop on heat\nThe workshop, chaired by UN-Habitat, was held in the presence of the World Bank.\n"
    )
    assert {"agency:un-habitat", "agency:world-bank"} <= objs(r, "participant")


def test_possessive_naming_the_event_again_organises_it() -> None:
    r = run_text(
        "2024 Mayors Tour on Energy\nThe 2024 Mayors Tour (GIZ's 12th annual Mayors Tour) took officials from Lima to Bonn. The delegation visited Bonn.\n"
    )
    assert "agency:giz" in objs(r, "organizer")
    assert "agency:giz" not in objs(r, "participant")


def test_possessive_of_something_else_is_no_organiser() -> None:
    r = run_text(
        "2024 Mayors Tour on Energy\nThe 2024 Mayors Tour studied GIZ's annual Energy Report with officials from Lima. The delegation visited Bonn.\n"
    )
    assert "agency:giz" not in objs(r, "organizer")


def test_organisers_and_contacts_block() -> None:
    r = run_text(
        "Round table on heat\nDate: 2 May 2024\nOrganisers and contacts\nC40 Cities\nRepresentatives from Lima will present their plans.\n"
    )
    assert "agency:c40" in objs(r, "organizer")


def test_a_unit_after_its_organisations_possessive_organises() -> None:
    r = run_text(
        "Training on district heating\nThe training was organised by the European Commission's Directorate-General for Energy in Accra.\n"
    )
    assert "agency:dg-ener" in objs(r, "organizer")


def test_who_runs_a_project_is_no_organiser_of_the_event() -> None:
    r = run_text(
        "Atelier sur les déchets\nDes élus de Lomé ont participé à l'atelier. Ce projet est coordonné par ICLEI Afrique.\n",
        "fr",
    )
    assert "agency:iclei-africa" not in objs(r, "organizer")


def test_experts_of_a_programme_sentence_are_no_participants() -> None:
    r = run_text(
        "Workshop on heat\nOfficials from Lima joined the workshop. The programme was designed with experts from the World Bank.\n"
    )
    assert LIMA in objs(r, "participant")
    assert "agency:world-bank" not in objs(r, "participant")


def test_the_owner_named_in_a_conference_name_is_no_participant() -> None:
    r = run_text(
        "Forum des maires\nLe forum a rassemblé des maires de Kigali, en préparation de la COP30 de la Convention-cadre des Nations unies sur les changements climatiques.\n",
        "fr",
    )
    assert "agency:unfccc" not in objs(r, "participant")


def test_a_partner_between_subject_and_verb_organises_too() -> None:
    r = run_text(
        "Workshop on heat\nC40 Cities, in partnership with UN-Habitat, organised a workshop for officials from Lima.\n"
    )
    assert {"agency:c40", "agency:un-habitat"} <= objs(r, "organizer")
    assert "agency:un-habitat" not in objs(r, "supportedBy")


def test_a_funder_before_a_gathering_verb_does_not_convene() -> None:
    r = run_text(
        "Atelier sur l'eau\nL'atelier, organisé par le PNUE avec le soutien de l'AFD, a rassemblé les maires de Lomé et de Cotonou.\n",
        "fr",
    )
    assert objs(r, "organizer") == {"agency:unep"}
    assert "agency:afd" in objs(r, "supportedBy")


def test_an_organiser_list_stops_at_a_gathering_verb() -> None:
    r = run_text(
        "Workshop on heat\nThe workshop, hosted by C40 Cities in cooperation with UN-Habitat, brought together officials from Lima, Accra and the World Bank.\n"
    )
    assert objs(r, "organizer") == {"agency:c40", "agency:un-habitat"}
    assert "agency:world-bank" in objs(r, "participant")


def test_a_city_compared_with_is_no_participant() -> None:
    r = run_text(
        "Workshop on drainage\nOfficials from Lima joined the workshop and compared their budgets with those of Nairobi.\n"
    )
    assert LIMA in objs(r, "participant") and NAIROBI not in objs(r, "participant")


def test_cities_cited_as_examples_are_no_participants() -> None:
    r = run_text(
        "Atelier sur le téléphérique\nLes ingénieurs de Lomé ont participé à l'atelier ; les experts citent Nairobi comme exemple.\n",
        "fr",
    )
    assert NAIROBI not in objs(r, "participant")


def test_an_organisations_seat_is_no_participant() -> None:
    r = run_text(
        "Atelier sur la sécheresse\nLe centre climatique de l'IGAD, basé à Nairobi, présentera ses bulletins aux élus de Lomé lors de l'atelier.\n",
        "fr",
    )
    assert "city:2365267" in objs(r, "participant")
    assert NAIROBI not in objs(r, "participant")


def test_the_city_where_the_conference_runs_is_no_participant_of_its_side_event() -> None:
    r = run_text(
        "Side event on cooking\nHeld on the sidelines of the 29th UN Climate Change Conference (COP29), which runs in Baku from 11 November, this side event is hosted by ICLEI Africa and brings together officials from Lima and Accra.\n"
    )
    assert "agency:iclei-africa" in objs(r, "organizer")
    assert {LIMA, ACCRA} <= objs(r, "participant")
    assert "city:587084" not in objs(r, "participant")


def test_an_organisers_acronym_in_the_same_sentence_is_no_participant() -> None:
    r = run_text(
        "Study tour on tree planting\nThe study tour was organised by the Federation of Canadian Municipalities (FCM), and hosted by the city of Accra.\n"
    )
    assert "agency:fcm" in objs(r, "organizer")
    assert "agency:fcm" not in objs(r, "participant")


def test_an_agency_that_hosted_the_event_organises_it() -> None:
    r = run_text("Webinar on heat\nC40 Cities hosted a webinar for officials from Lima.\n")
    assert "agency:c40" in objs(r, "organizer")
    assert LIMA in objs(r, "participant")


def test_an_agency_that_spoke_at_the_session_takes_part() -> None:
    r = run_text(
        "Atelier sur la planification\nL'AFD est intervenue lors de l'atelier, aux côtés d'ONU-Habitat et des élus de Lomé.\n",
        "fr",
    )
    assert {"agency:afd", "agency:un-habitat", "city:2365267"} <= objs(r, "participant")


def test_partners_who_joined_to_organise_organise() -> None:
    r = run_text(
        "Table ronde sur les marchés\nPour cette édition, l'AIMF s'est associée avec l'AFD, partenaire historique du réseau, pour organiser une table ronde à Cotonou.\n",
        "fr",
    )
    assert {"agency:aimf", "agency:afd"} <= objs(r, "organizer")


def test_teaming_up_without_organising_names_no_organiser() -> None:
    r = run_text(
        "Workshop on heat\nC40 Cities teamed up with UN-Habitat last year; officials from Lima joined the workshop.\n"
    )
    assert "agency:un-habitat" not in objs(r, "organizer")
