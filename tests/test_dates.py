"""Tests for citykg.extract.dates: dates, ranges, durations, target years (FR and EN)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citykg.extract.dates import (
    DateMention,
    document_year,
    find_dates,
    find_durations,
    find_target_years,
    fold,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
D = datetime.date


def one(text: str, lang: str = "fr", default_year: int | None = None) -> DateMention:
    found = find_dates(text, lang, default_year=default_year)
    assert len(found) == 1, found
    mention = found[0]
    assert text[mention.start : mention.end] == mention.text
    return mention


# ----------------------------------------------------------------------------- single dates


@pytest.mark.parametrize(
    ("text", "lang", "span", "begin"),
    [
        ("11 juillet 2023", "fr", "11 juillet 2023", D(2023, 7, 11)),
        ("le 1er décembre 2023.", "fr", "1er décembre 2023", D(2023, 12, 1)),
        ("21/11/2024", "fr", "21/11/2024", D(2024, 11, 21)),
        ("03/04/2024", "fr", "03/04/2024", D(2024, 4, 3)),
        ("03/04/2024", "en", "03/04/2024", D(2024, 3, 4)),
        ("11/21/2024", "en", "11/21/2024", D(2024, 11, 21)),
        ("21/11/2024", "en", "21/11/2024", D(2024, 11, 21)),  # unambiguous either way
        ("mis à jour 2024-11-21T10:00", "en", "2024-11-21", D(2024, 11, 21)),
        ("2024-11-21", "fr", "2024-11-21", D(2024, 11, 21)),
        ("Lundi 3 octobre 2022 à Paris", "fr", "Lundi 3 octobre 2022", D(2022, 10, 3)),
        ("le 3 oct. 2022", "fr", "3 oct. 2022", D(2022, 10, 3)),
        ("11 juillet 2023, 9:00AM UTC", "fr", "11 juillet 2023", D(2023, 7, 11)),
        ("On March 12, 2025 the", "en", "March 12, 2025", D(2025, 3, 12)),
        ("12 March 2025", "en", "12 March 2025", D(2025, 3, 12)),
        ("Monday, 12 March 2025", "en", "Monday, 12 March 2025", D(2025, 3, 12)),
        ("the 5th of March 2024", "en", "5th of March 2024", D(2024, 3, 5)),
        ("LE 15 AOÛT 2024", "fr", "15 AOÛT 2024", D(2024, 8, 15)),
        ("le\u00a015\u202faoût\u00a02024", "fr", "15\u202faoût\u00a02024", D(2024, 8, 15)),
        ("29 février 2024", "fr", "29 février 2024", D(2024, 2, 29)),
    ],
)
def test_single_dates(text: str, lang: str, span: str, begin: datetime.date) -> None:
    mention = one(text, lang)
    assert (mention.text, mention.begin, mention.finish) == (span, begin, None)
    assert mention.precision == "day"
    assert mention.year_inferred is False


def test_yearless_date_takes_default_year() -> None:
    mention = one("Le 21 novembre, la session parallèle", default_year=2024)
    assert mention.text == "21 novembre"
    assert mention.begin == D(2024, 11, 21)
    assert mention.year_inferred is True


def test_yearless_date_takes_the_nearest_preceding_written_year() -> None:
    text = "Du 11 au 22 novembre 2024, la COP29. Le 21 novembre, une session. En mars 2019, rien."
    found = find_dates(text, "fr", default_year=1999)
    assert [(m.text, m.begin) for m in found] == [
        ("Du 11 au 22 novembre 2024", D(2024, 11, 11)),
        ("21 novembre", D(2024, 11, 21)),
        ("mars 2019", D(2019, 3, 1)),
    ]
    assert [m.year_inferred for m in found] == [False, True, False]


def test_yearless_date_before_any_year_uses_default_then_following_year() -> None:
    text = "Le 21 novembre, puis le 3 décembre 2025."
    assert find_dates(text, "fr", default_year=2020)[0].begin == D(2020, 11, 21)
    assert find_dates(text, "fr")[0].begin == D(2025, 11, 21)


def test_yearless_date_without_any_year_has_no_dates() -> None:
    mention = one("le 21 novembre")
    assert mention.begin is None and mention.finish is None and mention.year_inferred


def test_inferred_year_that_makes_the_date_invalid_drops_it() -> None:
    assert find_dates("le 29 février", "fr", default_year=2023) == []
    assert one("le 29 février", default_year=2024).begin == D(2024, 2, 29)


# ----------------------------------------------------------------------------- ranges


@pytest.mark.parametrize(
    ("text", "lang", "span", "begin", "finish"),
    [
        ("Du 11 au 22 novembre 2024, la", "fr", "Du 11 au 22 novembre 2024", D(2024, 11, 11),
         D(2024, 11, 22)),
        ("du 30 novembre au 2 décembre 2023", "fr", "du 30 novembre au 2 décembre 2023",
         D(2023, 11, 30), D(2023, 12, 2)),
        ("du 30 novembre 2023 au 2 janvier 2024", "fr", "du 30 novembre 2023 au 2 janvier 2024",
         D(2023, 11, 30), D(2024, 1, 2)),
        ("du 30 décembre au 2 janvier 2024", "fr", "du 30 décembre au 2 janvier 2024",
         D(2023, 12, 30), D(2024, 1, 2)),
        ("les 11-22 novembre 2024", "fr", "11-22 novembre 2024", D(2024, 11, 11), D(2024, 11, 22)),
        ("5–7 March 2024", "en", "5–7 March 2024", D(2024, 3, 5), D(2024, 3, 7)),
        ("5-7 March 2024", "en", "5-7 March 2024", D(2024, 3, 5), D(2024, 3, 7)),
        ("March 5–7, 2024", "en", "March 5–7, 2024", D(2024, 3, 5), D(2024, 3, 7)),
        ("5 to 7 March 2024", "en", "5 to 7 March 2024", D(2024, 3, 5), D(2024, 3, 7)),
        ("from 5 to 7 March 2024", "en", "from 5 to 7 March 2024", D(2024, 3, 5), D(2024, 3, 7)),
        ("30 November – 2 December 2023", "en", "30 November – 2 December 2023",
         D(2023, 11, 30), D(2023, 12, 2)),
        ("Nov. 30 – Dec. 2, 2023", "en", "Nov. 30 – Dec. 2, 2023", D(2023, 11, 30),
         D(2023, 12, 2)),
        ("entre le 5 et le 7 mars 2024", "fr", "entre le 5 et le 7 mars 2024", D(2024, 3, 5),
         D(2024, 3, 7)),
        ("du lundi 11 au vendredi 15 novembre 2024", "fr",
         "du lundi 11 au vendredi 15 novembre 2024", D(2024, 11, 11), D(2024, 11, 15)),
        ("les 3 et 4 juin 2025, à", "fr", "3 et 4 juin 2025", D(2025, 6, 3), D(2025, 6, 4)),
        ("on June 3 and 4, 2025", "en", "June 3 and 4, 2025", D(2025, 6, 3), D(2025, 6, 4)),
    ],
)  # fmt: skip
def test_ranges(
    text: str, lang: str, span: str, begin: datetime.date, finish: datetime.date
) -> None:
    mention = one(text, lang)
    assert (mention.text, mention.begin, mention.finish) == (span, begin, finish)
    assert mention.precision == "day" and mention.year_inferred is False


def test_rejected_range_still_yields_its_valid_part() -> None:
    assert [(m.text, m.begin) for m in find_dates("du 30 février au 2 mars 2024", "fr")] == [
        ("2 mars 2024", D(2024, 3, 2))
    ]


def test_yearless_ranges_take_the_default_year() -> None:
    mention = one("between 5 and 7 March", "en", default_year=2024)
    assert (mention.text, mention.begin, mention.finish) == (
        "between 5 and 7 March",
        D(2024, 3, 5),
        D(2024, 3, 7),
    )
    assert mention.year_inferred is True
    assert one("from March 5 to 7", "en", default_year=2025).finish == D(2025, 3, 7)


def test_backwards_range_with_written_years_is_rejected_not_misread() -> None:
    found = find_dates("du 30 novembre 2024 au 2 janvier 2023", "fr")
    assert all(m.finish is None for m in found)
    assert [m.begin for m in found] == [D(2024, 11, 30), D(2023, 1, 2)]


# ----------------------------------------------------------------------------- month precision


@pytest.mark.parametrize(
    ("text", "lang", "span", "begin"),
    [
        ("en mars 2024", "fr", "mars 2024", D(2024, 3, 1)),
        ("in March 2024", "en", "March 2024", D(2024, 3, 1)),
        ("Novembre 2024", "fr", "Novembre 2024", D(2024, 11, 1)),
        ("depuis mai 2021", "fr", "mai 2021", D(2021, 5, 1)),
        ("since Nov. 2023", "en", "Nov. 2023", D(2023, 11, 1)),
    ],
)
def test_month_year(text: str, lang: str, span: str, begin: datetime.date) -> None:
    mention = one(text, lang)
    assert (mention.text, mention.begin, mention.precision) == (span, begin, "month")


# ----------------------------------------------------------------------------- negatives


@pytest.mark.parametrize(
    "text",
    [
        "in 2023",
        "en 2023, la ville",
        "COP29",
        "la 29e Conférence des Parties",
        "10 000 bus électriques",
        "2030",
        "pendant 3 jours",
        "appelez le 01 23 45 67 89",
        "+33 1 23 45 67 89",
        "Article 6 de l'Accord de Paris",
        "31 février 2024",
        "31/02/2024",
        "2024-02-30",
        "13/13/2024",
        "you may 5 times, may 2024 be better",
        "les 7 sept villes",
        "la planète mars 2030",
        "version 1.2.2024",
        "the 2 march together",
    ],
)
def test_non_dates(text: str) -> None:
    assert find_dates(text, "fr", default_year=2024) == []
    assert find_dates(text, "en", default_year=2024) == []


def test_seeds_give_the_gold_dates() -> None:
    text0 = (SEEDS / "000_5f95242ee82ac56f.txt").read_text(encoding="utf-8")
    text4 = (SEEDS / "004_18690be98519aa2c.txt").read_text(encoding="utf-8")
    assert [(m.text, m.begin) for m in find_dates(text0, "fr")] == [
        ("11 juillet 2023", D(2023, 7, 11))
    ]
    assert [(m.text, m.begin, m.finish) for m in find_dates(text4, "fr")] == [
        ("Du 11 au 22 novembre 2024", D(2024, 11, 11), D(2024, 11, 22)),
        ("21 novembre", D(2024, 11, 21), None),
    ]
    assert [(d.text, d.days) for d in find_durations(text0, "fr")] == [("trois jours", 3)]
    assert [(t.text, t.year) for t in find_target_years(text0, "fr")] == [("d'ici 2030", 2030)]
    assert find_target_years(text4, "fr") == []


@pytest.mark.parametrize(
    ("text", "lang", "begin", "finish"),
    [
        ("les 12 et 13 octobre 2026", "fr", D(2026, 10, 12), D(2026, 10, 13)),
        ("le 1er et le 2 avril 2026", "fr", D(2026, 4, 1), D(2026, 4, 2)),
        ("on 17th and 18th February 2026", "en", D(2026, 2, 17), D(2026, 2, 18)),
        ("on April 21 and 22, 2026", "en", D(2026, 4, 21), D(2026, 4, 22)),
    ],
)
def test_two_days_joined_by_and_are_a_range(
    text: str, lang: str, begin: datetime.date, finish: datetime.date
) -> None:
    d = one(text, lang)
    assert (d.begin, d.finish) == (begin, finish)


def test_days_of_two_months_joined_by_and_stay_two_dates() -> None:
    found = find_dates("the visits of 2 February and 19 May 2026", "en")
    assert [d.begin for d in found] == [D(2026, 2, 2), D(2026, 5, 19)]
    assert all(d.finish is None for d in found)


def test_a_time_after_a_day_is_not_read_as_a_day() -> None:
    # "3 Dec 18:30": the day is 3, 18 is the hour (not "Dec 18")
    assert one("Rendez-vous : 3 Dec 18:30-20:00", "en", default_year=2025).begin == D(2025, 12, 3)
    assert one("Thursday, 4. June 2026, 9:15 - 11:00", "en").begin == D(2026, 6, 4)
    assert one("le 7 juin 2026 à 14h30").begin == D(2026, 6, 7)


def test_document_year() -> None:
    text = "Publié le 3 mars 2022. Du 11 au 22 novembre 2024, COP29. Objectif 2030."
    assert document_year(text) == 2024
    assert document_year(text, before=text.index("Du")) == 2022
    assert document_year("En 2023, rien de daté. COP29.") is None


# ----------------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("text", "span", "days"),
    [
        ("Pendant trois jours, des représentants", "trois jours", 3),
        ("pendant 3 jours", "3 jours", 3),
        ("trois jours durant, ils ont", "trois jours", 3),
        ("une visite de deux jours à Mumbai", "deux jours", 2),
        ("a three-day visit", "three-day", 3),
        ("a 3-day workshop", "3-day", 3),
        ("three-day", "three-day", 3),
        ("for two days", "two days", 2),
        ("over four days", "four days", 4),
        ("sur deux jours", "deux jours", 2),
        ("pendant une semaine", "une semaine", 7),
        ("une mission d’une semaine", "une semaine", 7),
        ("a week-long exchange", "a week-long", 7),
        ("a two-week course", "two-week", 14),
        ("pendant quinze jours", "quinze jours", 15),
        ("for twenty-one days", "twenty-one days", 21),
        ("pendant vingt et un jours", "vingt et un jours", 21),
        ("PENDANT TRENTE JOURS", "TRENTE JOURS", 30),
    ],
)
def test_durations(text: str, span: str, days: int) -> None:
    found = find_durations(text, "fr")
    assert [(d.text, d.days) for d in found] == [(span, days)]
    assert text[found[0].start : found[0].end] == span


@pytest.mark.parametrize(
    "text",
    ["il y a 3 jours", "3 jours", "plus de deux jours après", "the 3 days ago", "11 juillet 2023"],
)
def test_non_durations(text: str) -> None:
    assert find_durations(text, "fr") == []


# ----------------------------------------------------------------------------- target years


@pytest.mark.parametrize(
    ("text", "span", "year"),
    [
        ("électrique d'ici 2030.", "d'ici 2030", 2030),
        ("d’ici à 2030", "d’ici à 2030", 2030),
        ("à l'horizon 2040", "à l'horizon 2040", 2040),
        ("horizon 2050", "horizon 2050", 2050),
        ("net zero by 2050", "net zero by 2050", 2050),
        ("cut emissions by 2050", "by 2050", 2050),
        ("by the end of 2030", "by the end of 2030", 2030),
        ("no later than 2035", "no later than 2035", 2035),
        ("target year 2030", "target year 2030", 2030),
        ("Objectif 2030 :", "Objectif 2030", 2030),
        ("its 2030 targets", "2030 targets", 2030),
        ("la neutralité carbone en 2050", "neutralité carbone en 2050", 2050),
        ("d'ici la fin de 2026", "d'ici la fin de 2026", 2026),
    ],
)
def test_target_years(text: str, span: str, year: int) -> None:
    found = find_target_years(text, "fr")
    assert [(t.text, t.year) for t in found] == [(span, year)]
    assert text[found[0].start : found[0].end] == span


@pytest.mark.parametrize(
    "text",
    ["in 2030", "2030", "en 2030, la ville", "d'ici 1990", "by 2,050 people", "by 2050 %",
     "funded by Horizon 2020", "la COP30 en 2025", "by 2150"],
)  # fmt: skip
def test_non_target_years(text: str) -> None:
    assert find_target_years(text, "en") == []


# ----------------------------------------------------------------------------- properties


def test_fold_keeps_length_and_normalises() -> None:
    text = "D’ici\u00a0Août – İstanbul ÉTÉ"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded.startswith("d'ici aout - ")


_ALPHABET = st.sampled_from(
    list("0123456789 -–/.,:'’\u00a0\u202f\nabdejlmnoprstuvyéèûİßœ")
    + ["mars", "March", "May", "juillet", "Nov.", "du ", " au ", "2024", "1er", "between "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join), st.sampled_from(["fr", "en"]))
def test_finders_never_raise_and_offsets_match(text: str, lang: str) -> None:
    for item in (
        *find_dates(text, lang, default_year=2024),
        *find_dates(text, lang),
        *find_durations(text, lang),
        *find_target_years(text, lang),
    ):
        assert text[item.start : item.end] == item.text
        assert 0 <= item.start < item.end <= len(text)
    dates = find_dates(text, lang)
    assert all(
        a.end <= b.start for a, b in zip(dates, dates[1:], strict=False)
    )  # sorted, non-overlapping
    for m in dates:
        assert m.finish is None or (m.begin is not None and m.begin <= m.finish)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.sampled_from(["fr", "en"]))
def test_arbitrary_unicode_never_raises(text: str, lang: str) -> None:
    for item in (*find_dates(text, lang), *find_durations(text, lang)):
        assert text[item.start : item.end] == item.text
    for t in find_target_years(text, lang):
        assert text[t.start : t.end] == t.text and 2000 <= t.year <= 2100
    document_year(text)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2099, 12, 31)))
def test_every_valid_date_round_trips(day: datetime.date) -> None:
    fr = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"][day.month - 1]  # fmt: skip
    en = day.strftime("%B")
    assert one(f"le {day.day} {fr} {day.year}.").begin == day
    assert one(f"on {en} {day.day}, {day.year}.", "en").begin == day
    assert one(day.isoformat()).begin == day
