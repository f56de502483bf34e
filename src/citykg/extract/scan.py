"""Fast scans for patterns that open with a case-insensitive cue alternation.

Python's ``re`` has no start-up shortcut for a case-insensitive alternation: a pattern such
as ``(?i:organised by|hosted by|…)…`` is tried branch by branch at every character of the
page, about a microsecond per character for the longer cue lists, and a few such scans made
a third of the rules' time. The same alternation, matched case-sensitively on the page's
lowercased text, skips ahead in C; it finds every place where a match can start, and the
original pattern is then tried only there, so the matches are exactly those of
``rx.finditer``.

The lowercased text stands in for the case-insensitive match only when the two provably
agree (see :func:`_lowered`): the alternation is lowercase and holds only Latin characters
below U+0250 and general punctuation, other than ``ı``, ``ſ`` and ``µ`` (the letters that
``re`` folds to another letter than ``str.lower`` does), and the text has neither ``ı`` nor
``ſ`` nor a character whose lowercase is longer than one character (``İ``). Otherwise the scan is ``rx.finditer``.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import re
from collections.abc import Iterable, Iterator
from typing import Any

try:  # the parser of re's own patterns (3.11 and later; sre_parse before)
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse as _sre_parse

#: Letters that ``re``'s case-insensitive matching equates with a letter other than their
#: ``str.lower()``: a text holding one is scanned the slow way.
_FOLD_EXCEPTIONS = frozenset("ıſµ")
_ODD_TEXT = re.compile("[ıſ]")


def _plain(c: str) -> bool:
    """A character a fast alternation may hold: Latin (below U+0250) or general
    punctuation (U+2000 to U+206F: ’ – …), none of the fold exceptions."""
    return (ord(c) < 0x250 or 0x2000 <= ord(c) < 0x2070) and c not in _FOLD_EXCEPTIONS


_BACKREF = re.compile(r"\\\d|\(\?P=")
_META = set("\\.^$*+?{}[]|()")


def _branches(alternation: str) -> list[str] | None:
    """The top-level branches of an alternation (``None`` if its brackets do not balance)."""
    out: list[str] = []
    depth, start, cls, i = 0, 0, -1, 0  # cls: where the open character class starts
    while i < len(alternation):
        c = alternation[i]
        if c == "\\":
            i += 1  # the escaped character is a literal
        elif cls >= 0:
            first = i == cls + 1 or (i == cls + 2 and alternation[cls + 1] == "^")
            if c == "]" and not first:
                cls = -1
        elif c == "[":
            cls = i
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(alternation[start:i])
            start = i + 1
        i += 1
    out.append(alternation[start:])
    return out if depth == 0 and cls < 0 and i == len(alternation) else None


#: A zero-width test of what follows (a lookahead, ``\\b``, ``\\B``, ``$``, ``\\Z``) or a
#: conditional: a branch holding one may match before an ``endpos`` and not in the whole
#: text, so its starts over the whole text do not stand in for those over a span.
_END_TEST = re.compile(r"\(\?[=!(]|\\[bBZ]|\$")

#: How many leading characters of a branch stand for it in the scan for where branches
#: start: enough to be rare on a page, few enough that the cue lists' hundreds of
#: branches share them ("organisé par", "organisée par", "organised by": "orga").
_HEAD = 4
#: Beyond this many heads (optional words in a row multiply them) a branch is scanned
#: as it is.
_MAX_HEADS = 48
_Frames = tuple[tuple[list, int], ...]


def _heads(frames: _Frames, prefix: str) -> set[str] | None:
    """The strings of at most :data:`_HEAD` characters one of which opens every match of
    what ``frames`` has left to match after ``prefix`` (innermost sequence first, each with
    the index of its next item), or ``None`` when some match may open otherwise. Tests of
    what stands around (``\\b``, lookarounds) are passed over: without them a head opens
    a superset of the matches."""
    if len(prefix) >= _HEAD or not frames:
        return {prefix} if prefix else None
    (seq, i), outer = frames[0], frames[1:]
    if seq is None:  # the end of a repeated group: what follows it is not looked at
        return {prefix} if prefix else None
    if i == len(seq):
        return _heads(outer, prefix)
    op, av = seq[i]
    name, rest = str(op), ((seq, i + 1), *outer)
    if name == "LITERAL":
        return _heads(rest, prefix + chr(av))
    if name in ("AT", "ASSERT", "ASSERT_NOT"):
        return _heads(rest, prefix)
    ways: list[tuple[_Frames, str]] = []
    if name == "IN" and len(av) <= 4 and all(str(o) == "LITERAL" for o, _ in av):
        ways = [(rest, prefix + chr(c)) for _, c in av]
    elif name == "BRANCH":
        ways = [(((alt, 0), *rest), prefix) for alt in av[1]]
    elif name == "SUBPATTERN" and not av[1] and not av[2]:
        ways = [(((av[3], 0), *rest), prefix)]
    elif name in ("MAX_REPEAT", "MIN_REPEAT") and av[1] > 0:
        ways = [(((av[2], 0), (None, 0)), prefix)] + ([(rest, prefix)] if av[0] == 0 else [])
    if not ways:
        return {prefix} if prefix else None
    out: set[str] = set()
    for way in ways:
        got = _heads(*way)
        if got is None or len(out | got) > _MAX_HEADS:
            return None
        out |= got
    return out


def _stand_in(branch: str) -> str | None:
    """A pattern that matches wherever ``branch`` does (and at a few more places) and
    tests nothing after its match's end, so a page's starts hold a span's: the strings
    of two to :data:`_HEAD` letters that open its matches (:func:`_heads`), or ``None``."""
    try:
        parsed = _sre_parse.parse(branch)
        heads = _heads(((list(parsed), 0),), "")
    except (re.error, RecursionError, TypeError, ValueError):
        return None
    if heads is None or any(len(h) < 2 for h in heads):
        return None
    return "|".join(re.escape(h) for h in sorted(heads))


@functools.lru_cache(maxsize=256)
def _prefilter_sources(alternation: str, whole: bool) -> tuple[str, ...] | None:
    """The sources of :func:`_prefilter`; with ``whole``, of the branches' stand-ins
    (:func:`_stand_in`) for a scan of a whole page, or ``None`` when a branch without one
    tests what follows."""
    if (
        alternation != alternation.lower()
        or not all(_plain(c) for c in alternation)
        or _BACKREF.search(alternation)  # group numbers change in the split patterns
    ):
        return None
    branches = _branches(alternation)
    if branches is None:
        return None
    if whole:
        stand_ins = [_stand_in(b) or b for b in branches]
        if any(_END_TEST.search(b) for b in stand_ins):
            return None
        branches = list(dict.fromkeys(h for b in stand_ins for h in _branches(b) or [b]))
    by_first: dict[str, list[str]] = {}
    rest: list[str] = []
    for b in branches:
        if len(b) >= 2 and b[0] not in _META and b[1] not in "*+?{":
            by_first.setdefault(b[0], []).append(b[1:])
        else:
            rest.append(b)
    sources = [re.escape(c) + "(?:" + "|".join(tails) + ")" for c, tails in by_first.items()]
    if rest:
        sources.append("(?:" + "|".join(rest) + ")")
    return tuple(sources)


@functools.lru_cache(maxsize=256)
def _prefilter(alternation: str, whole: bool = False) -> tuple[re.Pattern[str], ...] | None:
    """Case-sensitive patterns for the lowercased text, one per first letter of the
    branches (``re`` skips to a pattern's literal first letter in C), and one for the
    branches that open otherwise; ``None`` when they could disagree with the
    case-insensitive alternation. With ``whole``: patterns that find, over a whole page,
    every place a branch can start in any span of it (and a few more)."""
    sources = _prefilter_sources(alternation, whole)
    if sources is None:
        return None
    try:
        return tuple(re.compile(src) for src in sources)
    except re.error:
        return None


@functools.lru_cache(maxsize=8)
def _lowered(text: str) -> str | None:
    """``text.lower()`` when it keeps every character's position and no character of it
    folds differently under ``re.IGNORECASE`` (cached: several rules scan one page)."""
    low = text.lower()
    if len(low) != len(text) or _ODD_TEXT.search(text):
        return None
    return low


#: The branch starts of the last few lowercased texts (pages: rules scan the sentences of
#: one page at a time), by alternation; ``None``: scanned once over a span only.
_STARTS: dict[str, dict[str, list[int] | None]] = {}
_STARTS_TEXTS = 8


def _scan_starts(pre: tuple[re.Pattern[str], ...], low: str, pos: int, end: int) -> list[int]:
    """Every place in ``low[pos:end]`` where a branch matches, overlapping ones too."""
    starts: set[int] = set()
    for p in pre:
        m = p.search(low, pos, end)
        while m is not None:
            starts.add(m.start())
            m = p.search(low, m.start() + 1, end)
    return sorted(starts)


def _branch_starts(
    pre: tuple[re.Pattern[str], ...], alternation: str, low: str, pos: int, end: int
) -> list[int]:
    """Where a branch can start in ``low[pos:end]`` (sorted; a superset is fine, as each
    is tried with the pattern itself). Rules scan one cue list over every sentence of a
    page, several rules the same list, and each scan costs a search per first letter: the
    second scan of a page (or a first one over most of it) finds the starts over the whole
    page once, with the branches' stand-ins (:func:`_stand_in`), and later scans read
    theirs from it."""
    whole_pre = _prefilter(alternation, True)
    if whole_pre is None:
        return _scan_starts(pre, low, pos, end)
    seen = _STARTS.get(low)
    if seen is None:
        if len(_STARTS) >= _STARTS_TEXTS:
            _STARTS.clear()  # (one step: threads may share it)
        seen = _STARTS[low] = {}
    whole = seen.get(alternation)
    if whole is None:
        if alternation not in seen and 2 * (end - pos) < len(low):
            seen[alternation] = None  # one span of the page: scan just it, this once
            return _scan_starts(pre, low, pos, end)
        whole = seen[alternation] = _scan_starts(whole_pre, low, 0, len(low))
    return whole[bisect.bisect_left(whole, pos) : bisect.bisect_left(whole, end)]


def finditer_at(
    rx: re.Pattern[str], text: str, starts: Iterable[int], pos: int = 0, end: int | None = None
) -> Iterator[re.Match[str]]:
    """``rx.finditer(text, pos, end)`` given, in order, every place in the span where a
    match of ``rx`` can start (more places are fine): ``rx`` is tried only there."""
    end = len(text) if end is None else min(end, len(text))
    done = pos  # matches do not overlap: the next one starts at or after the last end
    for start in starts:
        if start < done:
            continue
        m = rx.match(text, start, end)
        if m is None:
            continue
        if m.end() == m.start():  # an empty match: finditer's own rules apply
            yield from rx.finditer(text, start, end)
            return
        yield m
        done = m.end()


def cue_finditer(
    rx: re.Pattern[str], alternation: str, text: str, pos: int = 0, endpos: int | None = None
) -> Iterator[re.Match[str]]:
    """``rx.finditer(text, pos, endpos)``, for a pattern every match of which begins with a
    case-insensitive match of ``alternation`` (the caller's promise: ``rx`` opens with
    ``(?i:(?:alternation))``, or is compiled with ``re.IGNORECASE`` and opens with
    ``(?:alternation)``)."""
    end = len(text) if endpos is None else min(endpos, len(text))
    pre = _prefilter(alternation)
    low = _lowered(text) if pre is not None else None
    if pre is None or low is None:
        return rx.finditer(text, pos, end)
    return finditer_at(rx, text, _branch_starts(pre, alternation, low, pos, end), pos, end)


def cue_or_line_finditer(
    rx: re.Pattern[str], alternation: str, text: str
) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)``, for a pattern every match of which begins with a
    case-insensitive match of ``alternation`` or at a line's start (a multiline ``^``
    branch, which keeps ``re`` from skipping ahead: it tries the whole pattern at every
    character)."""
    pre = _prefilter(alternation)
    low = _lowered(text) if pre is not None else None
    if pre is None or low is None:
        return rx.finditer(text)
    cues = _branch_starts(pre, alternation, low, 0, len(text))
    lines = [0] + [m.end() for m in _NEWLINE.finditer(text)]
    return finditer_at(rx, text, heapq.merge(cues, lines), 0, len(text))


_NEWLINE = re.compile("\n")


#: A leading zero-width test of what stands before a match: ``\b``, or a negative
#: lookbehind made of one character class or escape (``(?<!\w)``, ``(?<![\w-])``).
_LEADING_TEST = re.compile(r"\\b|\(\?<!(?:\[(?:\\.|[^\]\\])+\]|\\.|[^()\[\]\\|])\)")


@functools.lru_cache(maxsize=256)
def _unanchored(pattern: str, flags: int) -> re.Pattern[str] | None:
    """The pattern without its leading test of the character before it, or None (no such
    test, or the rest does not compile on its own)."""
    lead = _LEADING_TEST.match(pattern)
    if lead is None or pattern[lead.end() : lead.end() + 1] in ("*", "+", "?", "{", "|", ")", ""):
        return None
    try:
        return re.compile(pattern[lead.end() :], flags)
    except re.error:
        return None


def boundary_finditer(rx: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)``, faster for a pattern that opens with ``\\b`` or a one-class
    negative lookbehind. Such a test hides the literal or character class the pattern
    starts with from ``re``'s skip-ahead, so ``re`` tries the whole pattern at every
    character (a few milliseconds per page and pattern); without it, ``re`` jumps in C to
    the places where the rest can match, a superset of where ``rx`` can, and ``rx`` is
    tried only there: the matches are exactly those of ``rx.finditer``."""
    rest = _unanchored(rx.pattern, rx.flags)
    if rest is None:
        yield from rx.finditer(text)
        return
    done = 0  # matches do not overlap: the next one starts at or after the last end
    candidate = rest.search(text)
    while candidate is not None:
        start = candidate.start()
        if start >= done:
            m = rx.match(text, start)
            if m is not None:
                if m.end() == start:  # an empty match: finditer's own rules apply
                    yield from rx.finditer(text, start)
                    return
                yield m
                done = m.end()
        if start >= len(text):  # re clamps a later start to the end: nothing is left
            return
        candidate = rest.search(text, max(start + 1, done))


#: Spans shorter than this are searched by ``re`` directly: the fast scan's set-up (one
#: search per first letter) costs more than trying a short span character by character.
SHORT_SPAN = 64


class CuePattern:
    """A compiled cue-list pattern (``(?<![\\w-])(?:alternation)(?![\\w-])``, case-insensitive)
    whose ``search`` and ``finditer`` run through :func:`cue_finditer`: the lexicon's cue
    lists are scanned over whole pages and over every sentence, and ``re`` alone tries
    each of their branches at every character. Everything else (``pattern``, ``match``,
    ``fullmatch``, ``sub``…) is the compiled pattern's own."""

    __slots__ = ("rx", "alternation")

    def __init__(self, rx: re.Pattern[str], alternation: str) -> None:
        self.rx = rx
        self.alternation = alternation

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> Iterator[re.Match[str]]:
        end = len(text) if endpos is None else min(endpos, len(text))
        if end - pos < SHORT_SPAN:
            return self.rx.finditer(text, pos, end)
        return cue_finditer(self.rx, self.alternation, text, pos, end)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        end = len(text) if endpos is None else min(endpos, len(text))
        if end - pos < SHORT_SPAN:
            return self.rx.search(text, pos, end)
        return next(cue_finditer(self.rx, self.alternation, text, pos, end), None)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy and pickle ask before the slots are set
            raise AttributeError(name)
        return getattr(self.rx, name)

    def __reduce__(self) -> tuple:
        return (CuePattern, (self.rx, self.alternation))

    def __repr__(self) -> str:
        return f"CuePattern({self.rx!r})"
