"""Constructions found failing on dev5 (French pages written like sites nobody tuned on),
each stated generally. Sentences written for these tests (run_text(), no spaCy)."""

from __future__ import annotations

from citykg.extract.rules import run_text


def _cities(r) -> set[str]:
    return {m.text for m in r.mentions if m.type == "City"}


def test_a_place_stopword_listed_with_cities_or_after_a_is_a_city() -> None:
    text = (
        "Un atelier sur l'eau potable\n\n"
        "Les techniciens de Reims, Troyes et Nancy se retrouvent le 3 mars 2026. "
        "Une seconde rencontre aura lieu à Tours en juin.\n"
    )
    r = run_text(text, "fr", text.split("\n")[0])
    assert {"Nancy", "Tours"} <= _cities(r)


def test_a_place_stopword_as_a_first_name_or_a_word_stays_no_city() -> None:
    text = (
        "Trier les déchets au bureau\n\n"
        "Nancy Girard, directrice de la collecte à Reims, a présenté les tours de "
        "compostage. Elle a parlé à Nancy Girard et à Florence Petit.\n"
    )
    r = run_text(text, "fr", text.split("\n")[0])
    assert _cities(r) == {"Reims"}


def test_dunkerque_is_the_french_name_of_dunkirk() -> None:
    text = "Une délégation de Dunkerque à Lomé\n\nLe 4 mai 2026, des élus de Dunkerque ont visité Lomé.\n"
    r = run_text(text, "fr", text.split("\n")[0])
    assert "city:3020686" in {m.key for m in r.mentions}
