"""Initiatives, their leaders, supporters and target years, and programmes that act as
organisations, without spaCy (invented sentences)."""

from __future__ import annotations

from rulekit import of

from citykg.extract.rules import run_text

C40, WB, ICLEI, AFD, ADEME = (
    "agency:c40",
    "agency:world-bank",
    "agency:iclei",
    "agency:afd",
    "agency:ademe",
)
DAKAR = "city:2253354"


def only_init(result):
    (init,) = result.initiatives
    return init


def test_organisation_prefixed_name_keeps_the_organisation_as_leader() -> None:
    r = run_text(
        "News\nMayors met in Lagos for the launch of the C40 Urban Cooling Africa "
        "Programme, which helps cities cool streets.\n"
    )
    init = only_init(r)
    assert init.label == "C40 Urban Cooling Africa Programme"
    assert of(r, init.key, "ledBy") == {C40}


def test_generic_head_alone_is_no_initiative() -> None:
    assert (
        run_text("News\nThe Joint Programme will start in May in Accra and Dakar.\n").initiatives
        == []
    )


def test_acronym_in_brackets_is_an_alias_not_a_second_initiative() -> None:
    r = run_text("News\nAccra and Dakar joined the Global Cooling Initiative (GCI) last year.\n")
    init = only_init(r)
    assert init.label == "Global Cooling Initiative" and "GCI" in init.aliases


def test_quoted_pilot_project_funded_by_and_carried_out_by() -> None:
    r = run_text(
        "News\nIn the second phase of the “Solar Schools Twinning” pilot project funded by "
        "the World Bank and carried out by C40 and ICLEI, teachers from Accra visited Dakar.\n"
    )
    init = only_init(r)
    assert init.label == "Solar Schools Twinning"
    assert of(r, init.key, "supportedBy") == {WB}
    assert of(r, init.key, "ledBy") == {C40, ICLEI}


def test_country_possessive_is_not_part_of_the_name_and_a_final_year_is_the_target() -> None:
    r = run_text(
        "News\nThe visit supports Kenya’s National Heat Adaptation Strategy 2040 and other work.\n"
    )
    init = only_init(r)
    assert init.label == "National Heat Adaptation Strategy 2040"
    assert of(r, init.key, "targetYear") == {"2040"}
    assert of(r, init.key, "ledBy") == set()


def test_city_possessive_names_stay_apart() -> None:
    r = run_text(
        "News\nTirana’s Green Streets Plan aims at 2030. Later, Dakar presented its Green "
        "Streets Plan to the visitors.\n"
    )
    assert len(r.initiatives) == 2


def test_french_title_with_a_lowercase_complement() -> None:
    r = run_text(
        "Nouvelles\nPour Dakar, il s'agit de l'actualisation de la Charte des quartiers verts, "
        "qui prévoit de planter mille arbres.\n",
        "fr",
    )
    init = only_init(r)
    assert init.label == "Charte des quartiers verts"
    assert of(r, init.key, "ledBy") == {DAKAR}


def test_pronoun_and_project_page_blocks() -> None:
    page = (
        "Cool Roofs Project\n\nThe Cool Roofs Project is in its second phase. It is "
        "implemented by C40 in cooperation with local groups.\n\n"
        "Funding Institution: World Bank\n\nMain Implementing Agency: C40 and ICLEI\n"
    )
    r = run_text(page, title="Cool Roofs Project")
    init = only_init(r)
    assert of(r, init.key, "ledBy") == {C40, ICLEI}
    assert of(r, init.key, "supportedBy") == {WB}


def test_french_origin_and_partners_of_this_programme() -> None:
    r = run_text(
        "Actualités\nLe programme PIVE (Plan intercommunal pour des villes économes) "
        "rassemble huit communes. L'ADEME est à l'origine de ce programme, en partenariat avec "
        "l'AFD et MedCités.\n",
        "fr",
    )
    init = only_init(r)
    assert of(r, init.key, "ledBy") == {ADEME}
    assert {AFD, "agency:medcities"} <= of(r, init.key, "supportedBy")


def test_funder_thanked_for_supporting_the_initiative() -> None:
    r = run_text(
        "News\nThe mayor of Lagos launched the Lagos Cool Streets Programme. She thanked the World "
        "Bank for generously supporting the programme.\n"
    )
    assert of(r, only_init(r).key, "supportedBy") == {WB}


def test_programme_that_organises_is_an_organisation_with_its_acronym_form() -> None:
    r = run_text(
        "News\nThe workshop was organised by the C40 Cities’ CCP (Cool Cities Programme) "
        "Urban Heat (UH) Programme in Accra. The head of the CCP UH Programme spoke.\n"
    )
    agencies = {f.key for f in r.mentions if f.type == "Agency" and f.key.startswith("newagency:")}
    assert len(agencies) == 1
    assert sum(f.text == "CCP UH Programme" for f in r.mentions) == 1
    assert r.initiatives == []


def test_programme_that_funds_is_an_organisation() -> None:
    r = run_text(
        "Nouvelles\nLa visite était financée par le programme Villes vertes durables, et "
        "accueillie par Dakar.\n",
        "fr",
    )
    assert any(
        f.text == "programme Villes vertes durables" and f.type == "Agency" for f in r.mentions
    )
    assert r.initiatives == []


def agencies_of(text: str, lang: str = "en") -> dict[str, str]:
    return {f.text: f.key for f in run_text(text, lang).mentions if f.type == "Agency"}


def test_french_commission_with_a_capitalised_title_of_a_network() -> None:
    found = agencies_of(
        "Agenda\nLa Commission Mobilité et espaces publics de l’AMF tiendra séance à Grenoble.\n",
        "fr",
    )
    assert "Commission Mobilité et espaces publics de l’AMF" in found


def test_french_expanded_acronym_with_commas_in_the_name() -> None:
    found = agencies_of(
        "Visite\nLe projet associe l’Institut pour la ville, l’eau et l’énergie (IVEE) et Dakar.\n",
        "fr",
    )
    assert found.get("IVEE") == found.get("Institut pour la ville, l’eau et l’énergie") is not None


def test_club_and_association_introduce_a_name() -> None:
    assert "Dakar Ville Propre" in agencies_of(
        "Visite\nLe club Dakar Ville Propre regroupant des entreprises se réunit à Dakar.\n", "fr"
    )
    assert "ACVD" in agencies_of(
        "Visite\nLa délégation comprenait l’association ACVD, les Amis de Dakar.\n", "fr"
    )


def test_a_team_and_a_platform_are_organisations() -> None:
    assert "Ghana Urban Team" in agencies_of(
        "Workshop\nThe workshop was organised by the World Bank Ghana Urban Team in Accra.\n"
    )
    found = agencies_of("Workshop\nIt is carried out by the NORTH-SOUTH Cities Platform (NSCP).\n")
    assert found.get("NSCP") == found.get("NORTH-SOUTH Cities Platform") is not None


def test_unknown_acronym_governed_by_a_role_cue_is_an_organisation() -> None:
    assert "QP4" in agencies_of(
        "Workshop\nThe masterclass in Accra, facilitated by QP4, brought together officials.\n"
    )


def test_cities_listed_after_a_beneficiary_cue_are_supported_by_the_funder() -> None:
    r = run_text(
        "Actualités\nAnimé par la Ville de Rabat, le groupe de travail accompagne les communes qui "
        "bénéficient d'un financement de l'AFD sur trois ans : Cotonou et Kigali.\n",
        "fr",
    )
    supported = {x.subject for x in r.relations if x.predicate == "supportedBy" and x.obj == AFD}
    assert supported == {"city:2394819", "city:202061"}  # Cotonou, Kigali


def test_partner_list_goes_on_past_a_name_spelt_out_before_its_acronym() -> None:
    r = run_text(
        "Actualités\nLe programme PIVE (Plan intercommunal pour des villes économes) "
        "rassemble huit communes. La GIZ est à l'origine de ce programme, en partenariat avec "
        "Energy Cities, le Fonds mondial pour le développement des villes "
        "(FMDV) et la Banque mondiale.\n",
        "fr",
    )
    assert of(r, only_init(r).key, "supportedBy") == {"agency:energy-cities", "agency:fmdv", WB}


def test_engaging_in_an_indefinite_project_names_the_subjects_initiative() -> None:
    r = run_text(
        "Actualités\nCotonou s'est engagé dans un projet de reboisement des berges avec "
        "Porto-Novo. Le projet, financé par l'AFD, s'étendra sur trois ans.\n",
        "fr",
    )
    init = only_init(r)
    assert init.label == "projet de reboisement des berges"
    assert of(r, init.key, "ledBy") == {"city:2394819"}  # Cotonou
    assert of(r, init.key, "supportedBy") == {AFD}


def test_a_body_launched_with_its_short_name_is_an_initiative() -> None:
    r = run_text(
        "Actualités\nLa mairie a organisé le lancement du Réseau des communes économes en "
        "eau (RéCOÉ). Le réseau compte déjà sept membres.\n",
        "fr",
    )
    init = only_init(r)
    assert init.label == "Réseau des communes économes en eau" and "RéCOÉ" in init.aliases


def test_under_the_framework_of_names_who_runs_the_project() -> None:
    r = run_text(
        "News\nC40, under the framework of the Cool-Streets Project, helped 12 pilot cities "
        "attend the forum in Accra.\n"
    )
    assert of(r, only_init(r).key, "ledBy") == {C40}


def test_partners_of_a_programme_are_not_the_events_supporters() -> None:
    r = run_text(
        "Lancement\nLe lancement du réseau a eu lieu à Dakar. Le programme PIVE (Plan "
        "intercommunal pour des villes économes) rassemble huit communes. L'AFD est à l'origine de ce "
        "programme, en partenariat avec MedCités.\n",
        "fr",
    )
    supporters = {(x.subject, x.obj) for x in r.relations if x.predicate == "supportedBy"}
    assert supporters == {(only_init(r).key, "agency:medcities")}


def test_what_an_active_cue_organises_is_no_organisation() -> None:
    found = agencies_of("News\nC40 organized COP28 side events and supported the Cool Programme.\n")
    assert "COP28" not in found and not any("Programme" in name for name in found)


def test_a_name_goes_on_after_for_but_not_over_its_owning_city() -> None:
    r = run_text("News\nThe Heat Strategy for Lagos was adopted in May.\n")
    init = only_init(r)
    assert init.label == "Heat Strategy" and of(r, init.key, "ledBy") == {"city:2332459"}
    r = run_text("News\nThe Cool Schools Programme for West Africa began in Accra.\n")
    assert only_init(r).label == "Cool Schools Programme for West Africa"


def test_an_initiatives_own_sentence_gives_its_target_year() -> None:
    r = run_text(
        "Nouvelles\nLe pays vise 100 % d'électricité renouvelable d'ici 2030. Dakar a exposé son "
        "programme « Toits verts », qui doit couvrir 40 écoles d'ici 2028.\n",
        "fr",
    )
    assert of(r, only_init(r).key, "targetYear") == {"2028"}


def test_a_title_ending_on_a_country_and_the_body_that_carries_it() -> None:
    r = run_text(
        "Nouvelles\nLa Feuille de route du Sénégal pour l'eau potable, portée par l'AFD et "
        "quatre villes, fixe un objectif commun.\n",
        "fr",
    )
    init = only_init(r)
    assert init.label == "Feuille de route du Sénégal pour l'eau potable"
    assert of(r, init.key, "ledBy") == {AFD}


def test_an_owners_possessive_name_has_a_plain_alias() -> None:
    r = run_text("News\nThe World Bank’s Coastal Resilience Project began in Accra in May.\n")
    init = only_init(r)
    assert "World Bank Coastal Resilience Project" in init.aliases
    assert of(r, init.key, "ledBy") == {WB}


def test_who_carries_out_the_programme_does_not_attend_by_that_clause() -> None:
    r = run_text(
        "Study tour\nIn the “Solar Schools Twinning” pilot project carried out by ICLEI, the "
        "delegates from Accra visited their partners in Dakar.\n"
    )
    assert ICLEI in of(r, only_init(r).key, "ledBy")
    assert not any(x.predicate == "participant" and x.obj == ICLEI for x in r.relations)
