"""The ``citykg_persons`` component: the French NER, on the sentences where it can matter.

citykg reads one thing from the statistical NER: person names (``PER``), so that a place
name inside one ("Florence Mbeki", "Anne Paris") is not taken for the place
(:meth:`citykg.extract.rules.page.Page.in_person`). A person's name can only contain a
place name when the place name touches another capitalised word, so this component runs
the model's ``ner`` only on the sentences where a city's or a country's name (the first
word of one, in the gazetteer) stands right next to another capitalised word, as small
docs batched across the documents of a batch, and stores the ``PER`` spans in
``doc.user_data["citykg_persons"]`` in the document's offsets.

Why not every sentence: on the 1,000-document bench corpus these sentences hold about a
quarter of the text, and the NER over all of it was a quarter of the build's time; over
every page of our gold sets and ``../shared/wild-dev`` the NER never decided a place name
that the person heuristics of :mod:`citykg.extract.rules.mentions` (first names, honorifics,
surnames, speech verbs) had not decided the same way. The NER stays as the safety net for
the case it exists for, at a fraction of the cost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .gazetteer import Gazetteer, load_gazetteer, norm_token
from .parsing import sentence_pass

PERSONS_KEY = "citykg_persons"
_PLACE_TYPES = frozenset({"City", "Country"})
#: two capitalised words in a row, on one line: the shape of any name with a place in it
_PAIR = re.compile(r"(?<![\w'’-])([A-ZÀ-Ý][\w'’-]*)[ \t]+(?=([A-ZÀ-Ý][\w'’-]*))")


def place_word_test(gaz: Gazetteer) -> Callable[[str], bool]:
    """Whether a word starts a city's or a country's name in ``gaz`` (remembered per word:
    the same capitalised words recur on every page)."""
    seen: dict[str, bool] = {}

    def is_place(word: str) -> bool:
        hit = seen.get(word)
        if hit is None:
            patterns = gaz.index.get(norm_token(word)) or ()
            hit = any(
                p.key in gaz.entries and gaz.entries[p.key].type in _PLACE_TYPES for p in patterns
            )
            seen[word] = hit
        return hit

    return is_place


def needs_ner(sentence: str, is_place: Callable[[str], bool]) -> bool:
    """Whether a person's name in ``sentence`` could contain a place name."""
    return any(is_place(m.group(1)) or is_place(m.group(2)) for m in _PAIR.finditer(sentence))


class PersonFinder:
    """Run the model's NER on the sentences of each doc where a person could hide a place."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp = nlp
        self.name = name
        self._tests: tuple[Gazetteer, Callable[[str], bool]] | None = None

    def _is_place(self, doc: Doc) -> Callable[[str], bool]:
        gaz = (doc._.citykg_meta or {}).get("gazetteer") or load_gazetteer()
        if self._tests is None or self._tests[0] is not gaz:
            self._tests = (gaz, place_word_test(gaz))
        return self._tests[1]

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        docs = list(docs)
        done = sentence_pass(
            self.nlp, docs, lambda doc, text: needs_ner(text, self._is_place(doc)), ("ner",)
        )
        spans: dict[int, list[tuple[int, int]]] = {n: [] for n in range(len(docs))}
        for n, offset, sub in done:
            spans[n] += [
                (offset + e.start_char, offset + e.end_char) for e in sub.ents if e.label_ == "PER"
            ]
        for n, doc in enumerate(docs):
            doc.user_data[PERSONS_KEY] = spans[n]
            yield doc


@Language.factory("citykg_persons")
def make_person_finder(nlp: Language, name: str) -> PersonFinder:
    return PersonFinder(nlp, name)
