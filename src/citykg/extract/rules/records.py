"""Records the rule phases hand each other: mentions, events, initiatives, facts.

Every phase takes these dataclasses and returns new ones (or emits facts); nothing keeps a
document-wide mutable object between phases.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sent:
    index: int
    start: int
    end: int


@dataclass(frozen=True)
class Token:
    """One token of a dependency parse (French only): its offsets, its relation to its
    head (``dep``, ``head`` index), the extent of its subtree, its lowercased text."""

    i: int
    start: int
    end: int
    dep: str
    head: int
    left: int  # start of its subtree
    right: int  # end of its subtree
    lower: str


@dataclass
class Found:
    """An entity mention in this document."""

    start: int
    end: int
    text: str
    type: str
    key: str
    sent: int
    rule: str = "gazetteer"
    nested: bool = False  # a city or country inside an agency's name
    host: str | None = None  # key of the agency whose name contains it
    modifier: bool = False  # a country qualifying the city/agency just before it

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass
class EventRec:
    key: str  # "event:cop29" for known series, "docevent:<n>" for this document's own events
    type: str  # Event or Exchange
    label: str
    aliases: set[str] = field(default_factory=set)
    extra_types: set[str] = field(default_factory=set)
    spans: list[tuple[int, int]] = field(default_factory=list)
    main: bool = False
    side: bool = False  # a side session of a conference
    parent: str | None = None  # the gathering this session belongs to (partOf)
    conference: bool = False
    section: tuple[int, int] | None = None  # the part of a newsletter page it fills


@dataclass
class InitRec:
    key: str
    label: str
    aliases: set[str] = field(default_factory=set)
    spans: list[tuple[int, int]] = field(default_factory=list)
    owner: str | None = None  # the city or agency whose initiative the rule that found it saw


@dataclass(frozen=True)
class Evidence:
    """Why a rule proposes a fact: the rule, the sentence, the span it read (the object's
    mention for roles, the date or cue otherwise) and the rule's confidence."""

    rule: str
    sentence: int
    span: tuple[int, int]
    confidence: float


@dataclass(frozen=True)
class Candidate:
    """A fact a rule proposes. ``fallback`` evidence counts only when no other rule gives the
    subject a value of that predicate ("the dominant topic, when nothing else says")."""

    subject: str
    predicate: str
    obj: str | None
    value: str | None
    evidence: Evidence
    fallback: bool = False

    @property
    def fact(self) -> tuple[str, str, str | None, str | None]:
        return (self.subject, self.predicate, self.obj, self.value)


@dataclass(frozen=True)
class Veto:
    """A rule's explicit statement that some evidence does not hold: "selon le PNUE" is no
    role of PNUE, an organiser named in a clause is not also a participant by that clause.

    A veto cancels the evidence of ``predicate`` (and, when set, of that ``subject``/``obj``,
    of evidence read at ``span`` or in ``sentence``, and of the named ``rules`` only)."""

    rule: str
    predicate: str
    obj: str | None = None
    subject: str | None = None
    span: tuple[int, int] | None = None
    sentence: int | None = None
    rules: frozenset[str] | None = None

    def cancels(self, c: Candidate) -> bool:
        e = c.evidence
        return (
            c.predicate == self.predicate
            and (self.obj is None or c.obj == self.obj)
            and (self.subject is None or c.subject == self.subject)
            and (self.span is None or e.span == self.span)
            and (self.sentence is None or e.sentence == self.sentence)
            and (self.rules is None or e.rule in self.rules)
        )


@dataclass(frozen=True)
class Fact:
    """A decided fact with all the evidence that survived the vetoes, best first."""

    subject: str
    predicate: str
    obj: str | None
    value: str | None
    evidence: tuple[Evidence, ...]

    @property
    def best(self) -> Evidence:
        return self.evidence[0]


@dataclass(frozen=True)
class RawRelation:
    subject: str
    predicate: str
    obj: str | None
    value: str | None
    sent: int
    confidence: float
    rule: str


@dataclass
class DocResult:
    mentions: list[Found]
    events: list[EventRec]
    initiatives: list[InitRec]
    relations: list[RawRelation]
    sentences: list[Sent]
    facts: list[Fact] = field(default_factory=list)
