"""What a page's structure and its clauses say about roles, without spaCy (invented
pages): a programme's sessions under day headings, cities named only to compare with or
said not to have come, a city government among the organisers, representation and payment
cues."""

from __future__ import annotations

from citykg.extract.rules import run_text

DAKAR, SAINT_LOUIS, ACCRA, LAGOS, NAIROBI = (
    "city:2253354",
    "city:2246452",
    "city:2306104",
    "city:2332459",
    "city:184745",
)

PROGRAMME = """Forum régional des villes sur la chaleur

Dates

3 et 4 juin 2025

Lieu

Dakar, Sénégal

Mardi 3 juin

9h00 – 10h00

Séance d'ouverture : « La chaleur, un risque municipal »

Ville de Dakar ; CGLU Afrique

## Mercredi 4 juin

10h00 – 12h00

Atelier : « Cartographier les îlots de chaleur »

Ville de Saint-Louis ; ONU-Habitat
"""


def test_sessions_take_the_day_of_their_heading() -> None:
    r = run_text(PROGRAMME, "fr", title="Forum régional des villes sur la chaleur")
    starts = {x.subject: x.value for x in r.relations if x.predicate == "startDate"}
    assert starts == {
        "docevent:0": "2025-06-03",
        "docevent:s1": "2025-06-03",
        "docevent:s2": "2025-06-04",
    }
    ends = {x.subject: x.value for x in r.relations if x.predicate == "endDate"}
    assert ends == {"docevent:0": "2025-06-04"}


def test_a_written_session_date_wins_over_its_heading() -> None:
    text = PROGRAMME.replace(
        "chaleur »\n\nVille de Saint", "chaleur », le 5 juin\n\nVille de Saint"
    )
    r = run_text(text, "fr", title="Forum régional des villes sur la chaleur")
    starts = {x.subject: x.value for x in r.relations if x.predicate == "startDate"}
    assert starts["docevent:s2"] == "2025-06-05"


def participants(text: str, lang: str = "en") -> set[str]:
    r = run_text(text, lang)
    return {x.obj or "" for x in r.relations if x.predicate == "participant"}


def test_a_city_compared_with_is_no_participant() -> None:
    text = (
        "Peer exchange on flood drains\nEngineers from Accra visited Dakar in May. "
        "Participants compared their budgets with those of Lagos; speakers contrasted "
        "their situation with Nairobi.\n"
    )
    found = participants(text)
    assert ACCRA in found and not {LAGOS, NAIROBI} & found


def test_a_city_cited_as_an_example_is_no_participant() -> None:
    text = (
        "Échange entre pairs\nDes techniciens d'Accra ont visité Dakar en mai. Les experts "
        "citent aussi Lagos et Nairobi comme exemples de réseaux bien gérés.\n"
    )
    found = participants(text, "fr")
    assert ACCRA in found and not {LAGOS, NAIROBI} & found


def test_compared_notes_with_is_still_an_exchange() -> None:
    text = "Peer exchange\nEngineers from Dakar compared notes with officials from Accra.\n"
    assert ACCRA in participants(text)


def test_a_city_that_did_not_come_is_no_participant() -> None:
    text = (
        "Peer exchange on flood drains\nEngineers from Accra and Lagos spent three days in "
        "Dakar. Nairobi, which hosted the first exchange, did not send a delegation this "
        "year.\n"
    )
    found = participants(text)
    assert {ACCRA, LAGOS} <= found and NAIROBI not in found
    kept = (
        "Peer exchange on flood drains\nEngineers from Accra took part, but Nairobi did not "
        "send a delegation.\n"
    )
    found = participants(kept)
    assert ACCRA in found and NAIROBI not in found
    fr = "Échange entre pairs\nDes élus d'Accra ont visité Dakar ; Lagos n'a pas participé.\n"
    found = participants(fr, "fr")
    assert ACCRA in found and LAGOS not in found


def roles(text: str, lang: str = "en") -> set[tuple[str, str]]:
    r = run_text(text, lang)
    return {(x.predicate, x.obj or "") for x in r.relations if x.subject == "docevent:0"}


def test_a_city_government_among_the_organisers_organises() -> None:
    text = (
        "Study tour on district heat\nThe tour was organised by the Coastal Cities Network "
        "and the City of Dakar, and paid for by the Urban Heat Fund.\n"
    )
    found = roles(text)
    assert ("organizer", DAKAR) in found and ("participant", DAKAR) in found
    assert ("supportedBy", "newagency:urban-heat-fund") in found


def test_organisations_representing_the_cities_take_part() -> None:
    text = (
        "Atelier régional\nLes villes étaient représentées par la Dakar Water Authority et "
        "la Lagos Waste Management Authority.\n"
    )
    found = roles(text, "fr")
    assert ("participant", "newagency:dakar-water-authority") in found
    assert ("participant", "newagency:lagos-waste-management-authority") in found


def test_a_co_organising_municipality_after_with_organises() -> None:
    text = (
        "Peer exchange on air quality\nThe exchange was organised by the Coastal Cities "
        "Network with the Municipality of Dakar, with the support of the Urban Heat Fund.\n"
    )
    found = roles(text)
    assert ("organizer", DAKAR) in found
    assert ("organizer", "newagency:urban-heat-fund") not in found


def test_a_media_contact_block_is_page_furniture() -> None:
    """The lines under "Media contact" (a title, an office, an address) say nothing of the
    event: "Communications Officer, Coastal Cities Network" is no participant."""
    text = (
        "Peer exchange on flood drains\nEngineers from Accra spent three days in Dakar.\n\n"
        "Media contact\nCommunications Officer, Coastal Cities Network\npress@example.org\n"
    )
    r = run_text(text)
    assert not any(f.type == "Agency" for f in r.mentions)
    assert ACCRA in {x.obj for x in r.relations if x.predicate == "participant"}
