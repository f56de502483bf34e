"""Dataclasses exchanged between pipeline stages.

Data moves one way (ingest → extract → resolve → rdf); each stage takes and returns these
plain objects, never dicts, so a notebook user can inspect any stage's output.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

#: Contract classes an entity can have (local names of ``ckg:`` classes).
ENTITY_TYPES = ("City", "Country", "Place", "Agency", "Event", "Exchange", "Initiative", "Topic")


@dataclass(frozen=True)
class Document:
    """One input file, decoded and cleaned to plain text."""

    doc_id: str  # slug of the file name: the IRI segment of the document and its graph
    path: str  # source path as given (posix), recorded as ckg:sourcePath
    text: str  # plain text (HTML and Markdown markup removed), paragraphs on their own lines
    language: str  # "fr" or "en"
    title: str
    sha256: str  # of the raw file bytes
    #: publication date from the source's metadata (HTML meta/JSON-LD, a feed item's date);
    #: None when the source does not say. Anchors the year of dates written without one.
    published: dt.date | None = None
    #: where the text was published: canonical URL, feed item link or fetched URL
    source_url: str | None = None
    author: str | None = None
    site_name: str | None = None
    #: character offset in ``text`` where each page starts (PDF); empty for unpaged formats
    pages: tuple[int, ...] = ()

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    def page_of(self, offset: int) -> int | None:
        """1-based page holding character ``offset`` of the text (None when unpaged), so
        evidence from a PDF can say where it was read."""
        if not self.pages:
            return None
        return max(1, bisect.bisect_right(self.pages, offset))


@dataclass(frozen=True)
class Mention:
    """A span of a document's text that names an entity (before resolution)."""

    start: int
    end: int
    text: str
    type: str  # one of ENTITY_TYPES
    key: str  # resolution key, e.g. "city:1275339", "agency:c40", "event:cop29"
    sentence: int  # index of the sentence holding it
    rule: str = "gazetteer"


@dataclass
class Entity:
    """One real thing: a node of the graph."""

    key: str
    type: str
    labels: dict[str, str] = field(default_factory=dict)  # language → preferred label
    aliases: set[tuple[str, str]] = field(default_factory=set)  # (surface form, language)
    extra_types: set[str] = field(default_factory=set)  # ontology subclasses, e.g. Conference
    geonames: int | None = None
    wikidata: str | None = None
    slug: str = ""  # IRI path below the base, e.g. "city/mumbai"
    docs: set[str] = field(default_factory=set)  # doc_ids of the documents mentioning it

    def merge(self, other: Entity) -> None:
        """Fold another record of the same real thing into this one."""
        for lang, label in other.labels.items():
            self.labels.setdefault(lang, label)
        self.aliases |= other.aliases
        self.extra_types |= other.extra_types
        self.docs |= other.docs
        self.geonames = self.geonames or other.geonames
        self.wikidata = self.wikidata or other.wikidata


@dataclass(frozen=True)
class Relation:
    """An extracted statement with its evidence.

    Exactly one of ``obj`` (an entity key) and ``value`` (an ISO literal) is set.
    """

    subject: str
    predicate: str  # local name of a contract property
    obj: str | None
    value: str | None
    doc_id: str
    evidence: str
    confidence: float
    rule: str


@dataclass
class DocExtraction:
    """What one document yielded, or why it failed."""

    document: Document | None
    path: str
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None
