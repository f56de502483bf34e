"""Small readers of a rule run's result, shared by the rule tests (``tests/test_rules_*.py``):
what a subject has for a predicate, the pairs of a predicate, a mention's key and the page's main event."""

from __future__ import annotations


def of(result, subject: str, predicate: str) -> set[str]:
    """The objects (or literal values) ``subject`` has for ``predicate`` in ``result``."""
    return {
        r.obj or r.value or ""
        for r in result.relations
        if r.subject == subject and r.predicate == predicate
    }


def main(result):
    """The page's main event (the one the page is about)."""
    return next(e for e in result.events if e.main)


def key(result, text: str) -> str:
    """The key of the first mention whose text is ``text``."""
    return next(m.key for m in result.mentions if m.text == text)


def pairs(result, predicate: str) -> set[tuple[str, str]]:
    """Every (subject, object or literal value) pair ``result`` has for ``predicate``."""
    return {
        (x.subject, x.obj or x.value or "") for x in result.relations if x.predicate == predicate
    }
