"""Small readers of a rule run's result, shared by the rule tests (``tests/test_rules_*.py``):
what a subject has for a predicate, the pairs of a predicate, a mention's key, the page's main
event, its agencies and initiatives, and a page run with its first line as title."""

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


def page(text: str, lang: str):
    """Run the rules (no spaCy) over ``text`` as a page whose first line is its title."""
    from citykg.extract.rules import run_text

    return run_text(text, lang, text.split("\n")[0])


def agencies(result) -> set[str]:
    """The texts of every Agency mention of ``result``."""
    return {m.text for m in result.mentions if m.type == "Agency"}


def initiatives(result) -> dict[str, str]:
    """Each initiative's label mapped to its key."""
    return {i.label: i.key for i in result.initiatives}
