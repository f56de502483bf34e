"""Rules of the ``topics`` phase (``citykg.extract.rules.topics``) and the topic scheme's
surface forms they read. Sentences written for these tests."""

from __future__ import annotations

import pytest

from citykg.extract.rules import run_text


def topics_of(text: str, lang: str = "en", title: str = "") -> dict[str, set[str]]:
    r = run_text(text, lang, title)
    out: dict[str, set[str]] = {}
    for x in r.relations:
        if x.predicate == "topic":
            out.setdefault(x.subject, set()).add(x.obj or "")
    return out


def main_topics(text: str, lang: str = "en") -> set[str]:
    r = run_text(text, lang)
    main = next(e for e in r.events if e.main)
    return {x.obj or "" for x in r.relations if x.predicate == "topic" and x.subject == main.key}


@pytest.mark.parametrize(
    ("text", "lang", "topic"),
    [
        # an English adjective in a headline names the topic (a hidden label)
        (
            "Towards a resilient future: mayors visit Rotterdam\n"
            "A delegation of mayors from Accra visited Rotterdam in May 2024.\n",
            "en",
            "topic:urban-resilience",
        ),
        # resilience to climate change is resilience, not adaptation
        (
            "Peer exchange on climate resilience\nPlanners from Lima met in Quito in May 2024.\n",
            "en",
            "topic:urban-resilience",
        ),
        (
            "Échange\nUn échange sur le partenariat ville-État a réuni à Dakar les maires de "
            "Thiès et de Kaolack.\n",
            "fr",
            "topic:multilevel-governance",
        ),
        (
            "Échange\nUn échange sur le développement urbain a réuni à Dakar les maires de "
            "Thiès et de Kaolack.\n",
            "fr",
            "topic:urban-planning",
        ),
        (
            "Peer exchange on reducing emissions\nPlanners from Lima met in Quito in May 2024.\n",
            "en",
            "topic:climate-mitigation",
        ),
    ],
)
def test_surface_forms_name_their_concept(text: str, lang: str, topic: str) -> None:
    assert topic in main_topics(text, lang)


def test_resilience_is_no_adaptation() -> None:
    found = main_topics(
        "Peer exchange on climate resilience\nPlanners from Lima met in Quito in May 2024.\n"
    )
    assert "topic:climate-adaptation" not in found


def test_a_conference_named_after_a_topic_is_about_it() -> None:
    text = "Recap\nMayors met at the City Resilience Forum in Lagos on 9 June 2025 to discuss heat waves.\n"
    assert "topic:urban-resilience" in topics_of(text)["docevent:gcity-resilience-forum"]


def test_a_climate_conference_is_not_given_climate_action_by_its_name() -> None:
    text = "Recap\nMayors met at the Bonn Climate Change Conference in June 2024 to discuss flood management.\n"
    assert "docevent:gbonn-climate-change-conference" not in topics_of(text)


def test_a_kind_of_initiative_after_a_cue_in_the_lead_is_the_topic() -> None:
    text = (
        "Échange\nLes maires de Kaolack se retrouvent à Ziguinchor du 10 au 12 juin pour un échange "
        "et pour tirer profit de l’expérience du plan d'action climat de la commune.\n"
    )
    assert "topic:climate-planning" in main_topics(text, "fr")


def test_an_initiative_takes_the_topic_of_the_sentence_that_goes_on_about_it() -> None:
    text = (
        "News\nThe Coastal Towns Programme is in its second phase. It tackles climate change "
        "adaptation in ten municipalities.\n"
    )
    assert topics_of(text) == {"docinit:0": {"topic:climate-adaptation"}}


def test_a_topic_before_the_initiative_is_not_its_topic() -> None:
    text = (
        "News\nThe plan relies on flood management, training and the Coastal Towns Programme "
        "of the region.\n"
    )
    assert "topic:flood-management" not in topics_of(text).get("docinit:0", set())


def test_a_cut_title_gives_no_topic_from_its_cut_end() -> None:
    r = run_text(
        "Les maires des communes adhérentes siégeant à la commission du développement urbain durable se "
        "réunissent à Rabat pour un atelier du 6 au 8 juin.\n",
        "fr",
        "Les maires des communes adhérentes siégeant à la commission du développement urbain…",
    )
    assert "topic:urban-planning" not in {x.obj for x in r.relations if x.predicate == "topic"}
