"""The rule registry: stages that build the document's records, rules that emit facts.

Two kinds of registered unit:

- a **stage** (``@stage(phase)``) builds one record of the document (its mentions, its
  events, its initiatives) from the page and the records of earlier stages;
- a **rule** (``@rule(name, phase)``) reads the page and the records and emits candidate
  facts with :class:`~.records.Evidence`, or :class:`~.records.Veto` s, into the fact store.

Phases run in :data:`PHASES` order. Within a phase the rules see the same snapshot of the
facts decided by earlier phases and cannot see each other's output, so their order does
not matter (they run sorted by name, for reproducible traces).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: Fact phases, in order. A rule of one phase may read the facts decided by earlier ones.
PHASES = (
    "dates",
    "durations",
    "places",
    "roles",
    "hosts",
    "initiatives",
    "topics",
    "located-in",
)


@dataclass(frozen=True)
class Rule:
    name: str
    phase: str
    func: Callable[[Any], None]
    doc: str


_RULES: dict[str, Rule] = {}
_STAGES: dict[str, Callable[..., Any]] = {}


def rule(name: str, phase: str) -> Callable[[Callable[[Any], None]], Callable[[Any], None]]:
    """Register a fact rule under ``name`` (the rule name its evidence carries, and the
    key of its confidence in the lexicon) in ``phase``."""
    if phase not in PHASES:
        raise ValueError(f"unknown rule phase {phase!r}")

    def wrap(func: Callable[[Any], None]) -> Callable[[Any], None]:
        if name in _RULES and _RULES[name].func is not func:
            raise ValueError(f"rule {name!r} registered twice")
        _RULES[name] = Rule(name, phase, func, (func.__doc__ or "").strip())
        return func

    return wrap


def stage(phase: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the function that builds a record of the document (one per phase)."""

    def wrap(func: Callable[..., Any]) -> Callable[..., Any]:
        _STAGES[phase] = func
        return func

    return wrap


def rules_of(phase: str) -> list[Rule]:
    """The rules of ``phase``, sorted by name: sorted once per phase and set of rules
    (every document asks for every phase's), again when a rule is registered since."""
    key = (phase, len(_RULES))
    found = _BY_PHASE.get(key)
    if found is None:
        found = _BY_PHASE[key] = sorted(
            (r for r in _RULES.values() if r.phase == phase), key=lambda r: r.name
        )
    return list(found)


#: (phase, number of rules registered) -> that phase's rules, sorted
_BY_PHASE: dict[tuple[str, int], list[Rule]] = {}


def all_rules() -> list[Rule]:
    return [r for phase in PHASES for r in rules_of(phase)]


def stage_of(phase: str) -> Callable[..., Any]:
    return _STAGES[phase]
