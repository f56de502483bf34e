"""What a fact rule reads and where it writes: the page, the records, the fact store.

:class:`RuleContext` is read-only for the rules except for :meth:`RuleContext.emit` and
:meth:`RuleContext.veto`. ``decided`` is the snapshot of the facts settled by the phases
before the rule's own, so no rule sees what another rule of its phase proposed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..gazetteer import Gazetteer
from ..lexicon import Lexicon
from .events import Events
from .facts import FactStore
from .initiatives import Initiatives
from .mentions import Mentions
from .page import Page
from .records import EventRec, Evidence, Fact, Veto
from .spans import clause_between


@dataclass
class Decided:
    """Facts settled by earlier phases, indexed by (subject, predicate)."""

    facts: list[Fact] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by: dict[tuple[str, str], list[Fact]] = defaultdict(list)
        for f in self.facts:
            self._by[(f.subject, f.predicate)].append(f)

    def of(self, subject: str, predicate: str) -> list[Fact]:
        return self._by.get((subject, predicate), [])

    def objects(self, subject: str, predicate: str) -> set[str]:
        return {f.obj for f in self.of(subject, predicate) if f.obj is not None}

    def with_predicate(self, predicate: str) -> list[Fact]:
        return [f for f in self.facts if f.predicate == predicate]


@dataclass
class RuleContext:
    page: Page
    gaz: Gazetteer
    lex: Lexicon
    mentions: Mentions
    events: Events
    inits: Initiatives
    store: FactStore
    decided: Decided = field(default_factory=Decided)
    #: answers of pure questions about the page that several rules ask (sentence → …),
    #: computed once per document (none may depend on ``decided``)
    memo: dict[tuple, object] = field(default_factory=dict, repr=False)

    @property
    def text(self) -> str:
        return self.page.text

    def emit(
        self,
        subject: str,
        predicate: str,
        rule: str,
        *,
        sent: int,
        span: tuple[int, int],
        obj: str | None = None,
        value: str | None = None,
        fallback: bool = False,
        confidence: float | None = None,
    ) -> None:
        if self._in_footer(subject, span):
            return
        conf = self.lex.conf(rule) if confidence is None else confidence
        self.store.emit(
            subject,
            predicate,
            Evidence(rule, sent, span, conf),
            obj=obj,
            value=value,
            fallback=fallback,
        )

    def _in_footer(self, subject: str, span: tuple[int, int]) -> bool:
        """Evidence from a press release's footer about an event told above it (a past
        round's place in the "Notes to editors"): no evidence about that event."""
        foot = self.page.footer_start
        if foot is None or span[0] < foot:
            return False
        ev = next((e for e in self.events.items if e.key == subject), None)
        return ev is not None and any(a < foot for a, _ in ev.spans)

    def veto(self, veto: Veto) -> None:
        self.store.veto(veto)

    # -- which event a sentence or a position talks about ------------------------------
    def event_for_sentence(self, i: int) -> EventRec | None:
        """The event a sentence talks about: one it mentions (an exchange before a
        conference), else the newsletter story it sits in, else a follow-up announced in
        the sentence before when this one goes on about it ("Organised by UN-Habitat …,
        it will bring together …")."""
        mentioned = self.events.mentioned_in(i)
        if mentioned:
            return sorted(mentioned, key=lambda e: (e.conference, not e.main))[0]
        s = self.page.sents[i]
        owner = next(
            (e for e in self.events.items if e.section and e.section[0] <= s.start < e.section[1]),
            None,
        )
        if owner is not None:
            return owner
        if i > 0 and _continuation(self.lex).match(self.text, s.start):
            follow = {
                id(e): e for e in self.events.mentioned_in(i - 1) if not e.main and not e.conference
            }
            if len(follow) == 1:
                return next(iter(follow.values()))
        return None

    def nearest_event(self, i: int, pos: int) -> EventRec | None:
        cands = [(abs(a - pos), not e.main, e.key, e) for a, _, _, e in self.events.spans_in(i)]
        return min(cands, key=lambda c: c[:3])[3] if cands else None

    def subject_event(self, i: int, pos: int) -> EventRec | None:
        """The event named last before ``pos`` in the sentence: the subject of "… s'est
        tenue à X" / "… was held in X"."""
        cands = [(a, order, e) for a, _, order, e in self.events.spans_in(i) if a < pos]
        return max(cands, key=lambda c: (c[0], -c[1]))[2] if cands else None

    def dated_event(self, i: int, pos: int) -> EventRec | None:
        """The event a date in sentence ``i`` belongs to: the nearest event named before it
        in the same clause (the subject: "The Congress … opened on June 18"), else the
        nearest one (a date opening the sentence: "Du 4 au 6 mars, la capitale …")."""
        before = [
            (pos - b, not e.main, e.key, e)
            for a, b, _, e in self.events.spans_in(i)
            if b <= pos and clause_between(self.text, b, pos)
        ]
        if before:
            return min(before, key=lambda c: c[:3])[3]
        return self.nearest_event(i, pos)

    def located(self, ev: EventRec, key: str) -> bool:
        return key in self.decided.objects(ev.key, "location")


_CONTINUATION: dict[int, re.Pattern[str]] = {}


def _continuation(lex: Lexicon) -> re.Pattern[str]:
    """A sentence that goes on about the thing the previous one introduced."""
    rx = _CONTINUATION.get(id(lex))
    if rx is None:
        rx = _CONTINUATION[id(lex)] = re.compile(
            r"\s*(?:" + lex.alt("continuation_openers") + r")\b", re.IGNORECASE
        )
    return rx
