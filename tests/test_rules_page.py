"""The Page: layout read once per document (no spaCy: sentences by rule)."""

from __future__ import annotations

import datetime as dt

from citykg.extract.lexicon import load_lexicon
from citykg.extract.rules.page import MAX_TOKEN, build_page, date_line, split_sentences


def page(text: str, lang: str = "en", **kw):
    return build_page(text, lang, "", split_sentences(text), load_lexicon(), **kw)


def test_split_sentences_at_line_ends_and_full_stops() -> None:
    text = "Title line\nFirst one. Second one! third stays.\n\nLast"
    got = [text[a:b] for a, b in split_sentences(text)]
    assert got == ["Title line", "First one.", "Second one! third stays.", "Last"]


def test_furniture_lines_are_blanked_with_offsets_kept() -> None:
    text = (
        "Skip to main navigation\n"
        "Harbour cities swap notes on flood gates\n"
        "Share this story\n"
        "Officials from Gdansk travelled to Hamburg in May.\n"
        "Sign up for our weekly newsletter: from Oslo to Perth, every Friday.\n"
        "We use cookies to improve this site.\n"
    )
    p = page(text)
    assert len(p.text) == len(text)
    assert "Hamburg" in p.text and "Oslo" not in p.text and "cookies" not in p.text
    assert "Share this story" not in p.text and "Skip to" not in p.text
    assert [h.text for h in p.headline] == ["Harbour cities swap notes on flood gates"]


def test_related_block_headlines_are_furniture_until_the_next_paragraph() -> None:
    text = (
        "Tram study tour in Lyon\n"
        "Engineers from Porto spent two days with the Lyon tram operator.\n"
        "Related stories\n"
        "Bilbao opens a new bike lane\n"
        "Seville plants shade trees\n"
        "The visit ends a year of exchanges between the two networks, which began in 2023.\n"
    )
    p = page(text)
    assert "Bilbao" not in p.text and "Seville" not in p.text
    assert "Porto" in p.text and "two networks" in p.text


def test_french_furniture() -> None:
    text = "Visite à Lille\nLire aussi\nNantes ouvre un nouveau parc\nPartager sur Facebook\nCe site utilise des cookies.\nLes élus de Liège étaient à Lille.\n"
    p = page(text, "fr")
    assert "Nantes" not in p.text and "Facebook" not in p.text and "Liège" in p.text


def test_body_sentences_that_mention_sharing_are_not_furniture() -> None:
    text = "Exchange in Turin\nShared bikes were the topic. Read the report: it is long.\n"
    assert page(text).text == text


def test_overlong_tokens_are_blanked() -> None:
    blob = "x" * (MAX_TOKEN + 40)
    text = f"Workshop in Kigali\nSee {blob} for Nairobi.\n"
    p = page(text)
    assert blob not in p.text and "Nairobi" in p.text and len(p.text) == len(text)


def test_headline_skips_navigation_breadcrumbs_and_publication_lines() -> None:
    text = "Home\nNews › Energy\nNEWS 12 March 2024\nSolar schools for three Sahel cities\n\nThe programme starts in April in Niamey and goes on for two years.\n"
    assert [h.text for h in page(text).headline] == ["Solar schools for three Sahel cities"]


def test_date_line() -> None:
    assert date_line("BRIEF November 21, 2023", "en")
    assert date_line("Publié le 3 mai 2024", "fr")
    assert not date_line("2019 Study tour on district heating in Aarhus", "en")


def test_label_blocks_on_the_same_line_or_the_next() -> None:
    text = "Heat clinic\nDate et heure\n\n12 juin 2024\nLieu : Dakar, Sénégal\nOrganisateurs\nC40\n"
    p = page(text, "fr")
    a, b = p.block_value("location_labels")
    assert p.text[a:b] == "Dakar, Sénégal"
    a, b = p.block_value("date_labels")
    assert p.text[a:b] == "12 juin 2024"
    a, b = p.block_value("organizer_labels", strict=True)
    assert p.text[a:b] == "C40"
    assert p.is_event_page
    assert not page("Heat clinic\nThe city will organise it.\n").is_event_page


def test_dateline_and_year() -> None:
    p = page("Night buses for Quito\nQuito, Ecuador — The city tested night buses on 3 May.\n")
    a, b = p.dateline
    assert p.text[a:b] == "Quito"
    assert p.year is None
    assert page("A visit on 3 May.", published=dt.date(2022, 6, 1)).year == 2022
    assert (
        page("A visit on 3 May 2021. Another on 9 May.", published=dt.date(2022, 6, 1)).year == 2021
    )
