"""The French NER runs only on the sentences where a person's name could hold a place name
(citykg.extract.persons); the sentences are invented for these tests."""

from __future__ import annotations

import pytest

from citykg.extract.gazetteer import load_gazetteer
from citykg.extract.persons import PERSONS_KEY, needs_ner, place_word_test


@pytest.fixture(scope="module")
def is_place():
    return place_word_test(load_gazetteer())


def test_a_place_name_next_to_a_capitalised_word_needs_the_ner(is_place) -> None:
    assert is_place("Florence") and is_place("Dakar") and not is_place("Mbaye")
    assert needs_ner("Florence Mbaye a présenté le plan climat.", is_place)
    assert needs_ner("Le maire Ousmane Dakar a parlé.", is_place)


def test_sentences_without_such_a_pair_skip_the_ner(is_place) -> None:
    assert not needs_ner("La délégation est arrivée à Dakar en mai.", is_place)
    assert not needs_ner("Aminata Mbaye a présenté le plan climat.", is_place)  # no place
    # the pair must be on one line: a title line above the sentence is not a name
    assert not needs_ner("Plan climat de Dakar\nLe plan est adopté.", is_place)


def test_the_pipeline_finds_persons_only_in_the_selected_sentences() -> None:
    from citykg.extract.nlp import load_pipeline

    nlp = load_pipeline("fr")
    text = (
        "Aminata Mbaye, directrice du programme, est arrivée lundi.\n"
        "Florence Mbaye, adjointe au maire, a présenté le plan climat de la ville.\n"
    )
    doc = nlp(text)
    spans = [text[a:b] for a, b in doc.user_data[PERSONS_KEY]]
    assert any("Florence" in s for s in spans)  # the sentence where a place name touches one
    assert not any("Aminata" in s for s in spans)  # the NER never ran on the first line
