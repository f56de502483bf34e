"""The page a document's rules read, computed once: text, sentences, layout, dates.

News items and event pages share a layout: navigation and a kicker above a headline, a
dateline, a lead paragraph, label blocks ("Date et heure", "Where:", "Organisateurs"),
sections under short headings, and page furniture (share bars, newsletter boxes, cookie
banners, "Related stories"). Every rule asks about that layout; :class:`Page` answers once.

Page furniture is blanked out of ``Page.text`` (a middle dot and spaces, offsets kept), so no
rule can take a newsletter box's "from Toronto to Sydney" or a "Related" headline as
evidence. Overlong tokens (a URL, a base64 blob, a 100,000-character "word") are blanked
the same way: no name or cue is that long, and it bounds the work of every pattern.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from .. import dates as dates_mod
from ..lexicon import Lexicon
from .records import Sent, Token

#: Longer runs of non-space characters are no words of the genre (see the module docstring).
MAX_TOKEN = 60


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str  # stripped


#: A kicker in capitals and a title on one line ("WEBINAIRE | Îlots de chaleur : …",
#: "NEWS | Eight cities …"), one bar parting them: a title line (the kicker tells what the
#: event is), neither a breadcrumb nor the first paragraph.
_KICKER = re.compile(
    r"^[A-ZÀ-Ý]{3,}(?:[ \t]+[A-ZÀ-Ý]{2,})?[ \t]*\|[ \t]*(?P<title>[^|›»>·•]{12,})$"
)


@dataclass(eq=False)
class Page:
    text: str
    lang: str
    title: str
    sents: list[Sent]
    lex: Lexicon
    persons: list[tuple[int, int]] = field(default_factory=list)
    published: dt.date | None = None
    #: spans of the lines blanked as page furniture
    boilerplate: list[tuple[int, int]] = field(default_factory=list)
    #: the dependency parse, when the language's model has a parser (French)
    tokens: list[Token] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.sents]
        self._person_starts = [p[0] for p in sorted(self.persons)]
        self.persons = sorted(self.persons)

    @functools.cached_property
    def footer_start(self) -> int | None:
        """Where a press release's footer begins ("-ENDS-", "Notes to editors"): what
        follows describes the publisher, its programme and their past meetings, never the
        page's own event, so it is no evidence about that event."""
        rx = re.compile(
            r"^[ \t#*>•]*(?:" + self.lex.alt("footer_openers") + r")[ \t]*(?:[:/.].*)?$",
            re.IGNORECASE | re.MULTILINE,
        )
        m = rx.search(self.text)
        return m.start() if m else None

    # -- sentences ---------------------------------------------------------------------
    def sentence_of(self, pos: int) -> int:
        if not self.sents:
            return 0
        i = bisect.bisect_right(self._starts, pos) - 1
        return self.sents[max(i, 0)].index

    def sent_text(self, i: int) -> str:
        s = self.sents[i]
        return self.text[s.start : s.end]

    def sentence_initial(self, pos: int) -> bool:
        i = self.sentence_of(pos)
        return self.text[self.sents[i].start : pos].strip() == ""

    def in_person(self, start: int, end: int) -> bool:
        """Whether a PER entity of the NER strictly contains ``[start, end)``."""
        i = bisect.bisect_right(self._person_starts, start)
        for ps, pe in self.persons[max(0, i - 8) : i]:
            if ps <= start and end <= pe and (pe - ps) > (end - start):
                return True
        return False

    # -- dates -------------------------------------------------------------------------
    @functools.cached_property
    def year(self) -> int | None:
        """The page's year, for dates that give none: the last written year of a date, else
        the publication date's year when the ingest gives one."""
        year = dates_mod.document_year(self.text)
        published = self.published or self.publication_line
        if year is None and published is not None:
            return published.year
        return year

    @functools.cached_property
    def publication_line(self) -> dt.date | None:
        """The date of a publication line near the top ("Posté le : 18 mars 2020",
        "NEWS 12 March 2024", "date 2024-11"), for pages whose ingest gives none."""
        for line in self.text.split("\n")[:6]:
            stripped = line.strip()
            if not stripped or not date_line(stripped, self.lang):
                continue
            found = dates_mod.find_dates(stripped, self.lang)
            if found and found[0].begin is not None:
                return found[0].begin
            m = _YEAR_MONTH.search(stripped)
            if m:
                return dt.date(int(m.group(1)), int(m.group(2)), 1)
        return None

    @functools.cached_property
    def dates(self) -> list[dates_mod.DateMention]:
        # a date with no written year before it is of the year the ingest says the page
        # was published in ("16 and 17 September", whatever later year the page announces)
        default = self.published.year if self.published is not None else self.year
        return dates_mod.find_dates(self.text, self.lang, default_year=default)

    @functools.cached_property
    def target_years(self) -> list[dates_mod.TargetYear]:
        """Target years of the page ("d'ici 2030"), found once for the rules that use them."""
        return dates_mod.find_target_years(self.text, self.lang)

    @functools.cached_property
    def durations(self) -> list[dates_mod.Duration]:
        return dates_mod.find_durations(self.text, self.lang)

    def days(self, a: int, b: int) -> set[dt.date]:
        """Days named in ``text[a:b]`` (a sentence, a block), years filled from the page;
        read once per span (the session rules ask again for the same sentences)."""
        found = self._days.get((a, b))
        if found is None:
            dates = dates_mod.find_dates(self.text[a:b], self.lang, default_year=self.year)
            found = self._days[(a, b)] = frozenset(d.begin for d in dates if d.begin is not None)
        return set(found)

    @functools.cached_property
    def _days(self) -> dict[tuple[int, int], frozenset[dt.date]]:
        return {}

    # -- layout ------------------------------------------------------------------------
    @functools.cached_property
    def headline(self) -> list[Line]:
        """Short lines at the top of the page (title, kicker) before the first paragraph."""
        nav = _navigation(self.lex)
        out: list[Line] = []
        pos = 0
        for line in self.text.split("\n"):
            start, end = pos, pos + len(line)
            pos = end + 1
            stripped = line.strip()
            if not stripped:
                continue
            kicker = _KICKER.match(stripped)  # "WEBINAIRE | Îlots de chaleur : … ?": a title
            if not kicker and (
                len(stripped.split()) > 22
                or (stripped.endswith((".", "!", "?")) and (out or len(stripped.split()) > 14))
            ):
                break  # the first paragraph (a short first line may end with a full stop)
            crumbs = stripped if "«" not in stripped else stripped.replace("»", "")
            if not kicker and (re.search(r"[›»|>·•]|\s/\s", crumbs) or nav.fullmatch(stripped)):
                continue  # breadcrumbs, kickers and navigation ("Feature · Energy"), not a title
                # (a quoted title's closing » is no breadcrumb: "Séance : « X »")
            if publisher_line(stripped, self.lex):
                continue  # the site's name above the story ("PFVT — Partenariat …")
            if date_line(stripped, self.lang):
                continue  # "BRIEF November 21, 2023", "Publié le 3 mai": when, not what
            bullet = re.match(r"[-•*–]\s+", stripped)
            if bullet:  # "- Story title": a list item's title, not its marker
                stripped = stripped[bullet.end() :]
                start = start + line.find(stripped)
            out.append(Line(start, end, stripped))
            if len(out) >= 3:
                break
        return out

    @property
    def headline_end(self) -> int:
        return max((h.end for h in self.headline), default=0)

    def block_value(self, labels: str, *, strict: bool = False) -> tuple[int, int] | None:
        """Span of the value of an event-page block ("emplacement\\nMumbai, Inde",
        "Location: Cape Town"): the rest of the label's line or the next line. ``strict``
        wants a colon after the label or the label alone on its line, for labels that are
        also ordinary words ("Organisateurs", "Speakers"). Remembered on the page itself:
        a cache on the method would keep every page of a build alive (~16 KiB each)."""
        key = (labels, strict)
        if key not in self._block_values:
            self._block_values[key] = self._find_block_value(labels, strict)
        return self._block_values[key]

    @functools.cached_property
    def _block_values(self) -> dict[tuple[str, bool], tuple[int, int] | None]:
        return {}

    def _find_block_value(self, labels: str, strict: bool) -> tuple[int, int] | None:
        words = self.lex.literal(labels)
        tail = (
            r")(?![\w'’])[ \t*]*(?::[ \t*]*(?P<rest>[^\n]*)|[ \t*]*(?P<none>))$"
            if strict
            else r")(?![\w'’])(?P<sep>[ \t]*(?::|-|–)?)[ \t]*(?P<rest>[^\n]*)$"
        )
        rx = re.compile(r"^[ \t*#-]*(?:" + words + tail, re.IGNORECASE | re.MULTILINE)
        text = self.text
        for m in rx.finditer(text):
            rest = (m.group("rest") or "").strip()
            if not strict and rest[:1].islower() and not m.group("sep").strip():
                continue  # "City of Saskatoon · Contact us": a name going on, no label
            if rest:
                return m.start("rest"), m.end("rest")
            nxt = text.find("\n", m.end())
            while nxt != -1 and nxt + 1 < len(text) and text[nxt + 1] == "\n":
                nxt += 1  # blank lines between a label and its value (HTML <dt>/<dd>)
            if nxt == -1:
                continue
            end = text.find("\n", nxt + 1)
            end = len(text) if end == -1 else end
            if text[nxt + 1 : end].strip():
                return nxt + 1, end
        return None

    @functools.cached_property
    def is_event_page(self) -> bool:
        """Both a date block and a place block ("Date et heure" / "Lieu", "When:" /
        "Where:"), each a label alone on its line or followed by a colon."""

        def block(labels: str) -> bool:
            words = self.lex.literal(labels)
            rx = re.compile(
                r"^[ \t*#-]*(?:" + words + r")[ \t*]*(?::[^\n]*\S[^\n]*|[ \t]*)$",
                re.IGNORECASE | re.MULTILINE,
            )
            return rx.search(self.text) is not None

        return block("date_labels") and block("location_labels")

    def heading_before(self, pos: int) -> Line | None:
        """The short title line just above ``pos`` (blank lines between allowed)."""
        text = self.text
        end = text.rfind("\n", 0, pos)
        while end > 0:
            start = text.rfind("\n", 0, end) + 1
            line = text[start:end].strip()
            if line:
                if len(line.split()) <= 16 and not line.endswith((".", ":", ";", ",")):
                    return Line(start, end, line)
                return None
            end = start - 1
        return None

    def own_line(self, span: tuple[int, int]) -> bool:
        """Whether the span is alone on its line (a heading, a session title)."""
        text = self.text
        line_start = text.rfind("\n", 0, span[0]) + 1
        line_end = text.find("\n", span[1])
        line_end = len(text) if line_end == -1 else line_end
        return not text[line_start : span[0]].strip(" #*-") and not text[span[1] : line_end].strip(
            " *"
        )

    def section_end(self, start: int) -> int:
        """Where the section opened at ``start`` ends: the next short heading-like line."""
        text = self.text
        pos = text.find("\n", start)
        while pos != -1:
            nxt = text.find("\n", pos + 1)
            line = text[pos + 1 : nxt if nxt != -1 else len(text)].strip()
            if line and len(line.split()) <= 10 and not line.endswith((".", ":", ";", ",")):
                return pos + 1
            pos = nxt
        return len(text)

    @functools.cached_property
    def dateline(self) -> tuple[int, int] | None:
        """ "Vienna, Austria — As temperatures …": the place part of a news item's dateline,
        among the first sentences; or a press release's line of its place and date alone
        ("Lusaka, Friday 13 February 2026") under the headline."""
        rx = re.compile(r"[ \t]*(?P<place>[^,—–\n]{2,40})(?:,[^,—–\n]{2,40})?[ \t]+[—–]{1,2}[ \t]+")
        dated = re.compile(
            r"[ \t]*(?P<place>[A-ZÀ-Ý][^,\d\n]{1,39}),[ \t]*(?P<rest>[^\n]+?)[ \t]*$"
        )
        # the dateline opens the first paragraph, right after the headline
        after = [x for x in self.sents if x.start >= self.headline_end][:3]
        for k, sent in enumerate(after):
            m = rx.match(self.text, sent.start, sent.end)
            if m is not None and k < 2:
                return m.start("place"), m.end("place")
            m = dated.match(self.text, sent.start, sent.end)
            if m is not None and date_line(m.group("rest"), self.lang):
                return m.start("place"), m.end("place")
        return None

    def lead(self, after: int, *, n: int = 2, min_chars: int = 60) -> list[Sent]:
        """The first body sentences after ``after`` (the lead paragraph)."""
        label_line = re.compile(r"[\w' ’-]{1,30}:")
        out = []
        for x in self.sents[bisect.bisect_left(self._starts, after) :]:
            if x.end - x.start > min_chars and not label_line.match(self.text, x.start):
                out.append(x)
                if len(out) >= n:
                    break
        return out


_YEAR_MONTH = re.compile(r"(?<![\d-])((?:19|20)\d\d)-(0[1-9]|1[0-2])(?![\d])")


@functools.lru_cache(maxsize=4096)
def paragraph_after(text: str, pos: int) -> tuple[int, int]:
    """The block that opens at the first non-blank character after ``pos`` (a heading's
    line end) and runs to the next blank line: a story's paragraph, a list under its
    heading."""
    start = pos
    while start < len(text) and text[start] in "\n \t":
        start += 1
    end = text.find("\n\n", start)
    return start, len(text) if end == -1 else end


@functools.lru_cache(maxsize=4096)
def date_line(line: str, lang: str) -> bool:
    """A line that is a date (or a year-month, "2024-11") with at most two other words: a
    publication line. (Remembered: several rules ask it of the same sentences, and the
    same dated lines recur from page to page of one site.)"""
    spans = [(d.start, d.end) for d in dates_mod.find_dates(line, lang)]
    spans += [m.span() for m in _YEAR_MONTH.finditer(line)]
    if not spans:
        return False
    rest = line
    for a, b in sorted(set(spans), reverse=True):
        rest = rest[:a] + " " + rest[b:]
    return len(re.findall(r"\w+", rest)) <= 2


def title_case_line(text: str, pos: int) -> bool:
    """Whether the line holding ``pos`` is written in title case (a headline): most of its
    words, function words aside, start with a capital."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return _title_case(text, start, end if end >= 0 else len(text))


@functools.lru_cache(maxsize=512)
def _title_case(text: str, start: int, end: int) -> bool:
    """:func:`title_case_line` of one line, once per line (a page's names share lines)."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text[start:end])]
    content = [w for w in words if len(w) > 3]
    return len(content) >= 4 and sum(w[0].isupper() for w in content) >= 0.8 * len(content)


def forget_memos() -> None:
    """Empty the per-line memos (:func:`date_line`, the dates of a sentence, a heading's
    paragraph, a line's title case) before a document: they serve the rules asking again
    about one page's lines; kept across documents they would also answer for lines that
    recur from page to page, which a corpus of copies (the speed bench's) has far more of
    than real sites, and the figures measured on it would flatter the build."""
    date_line.cache_clear()
    paragraph_after.cache_clear()
    _title_case.cache_clear()
    dates_mod.forget_memo()


#: Between a site's name and its expansion or section: a spaced dash.
_PUBLISHER_SEP = re.compile(r"[ \t]+[—–-][ \t]+")


def publisher_line(text: str, lex: Lexicon) -> bool:
    """A line that names the site, not the story: "<name> — Actualités" (a section's
    name on one side), or an acronym with its expansion ("PFVT — Partenariat français pour
    la ville et les territoires", "Réseau romand Villes et Climat (RRVC)": the initials of
    the expansion's words spell it)."""
    parts = _PUBLISHER_SEP.split(text.strip())
    bracketed = re.fullmatch(r"(.+?)[ \t]*\(([A-ZÀ-Ý]{2,8})\)", text.strip())
    if len(parts) != 2 and bracketed:  # "Réseau romand Villes et Climat (RRVC)" alone
        parts = [bracketed.group(2), bracketed.group(1)]
    if len(parts) != 2:
        return False
    section = re.compile(r"(?i)(?:" + lex.alt("section_names") + r")")
    if any(section.fullmatch(p.strip()) for p in parts):
        return True
    acronym, expansion = parts
    if not re.fullmatch(r"[A-ZÀ-Ý]{2,8}", acronym):
        acronym, expansion = expansion, acronym
    if not re.fullmatch(r"[A-ZÀ-Ý]{2,8}", acronym):
        return False
    small = lex.lower_set("function_words")
    words = [w for w in re.findall(r"[\w-]+", expansion) if w.lower() not in small]
    initials = "".join(w[0] for w in words).upper()
    return len(words) >= 2 and initials == acronym.upper()


@functools.cache
def _navigation(lex: Lexicon) -> re.Pattern[str]:
    """A line that is only navigation ("Skip to content", "Accueil", "EN | FR")."""
    return re.compile(r"(?i)" + lex.alt("navigation_lines"))


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"“(]?[A-ZÀ-Ý0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans by rule alone: at line ends, and after . ! ? … before a capital.

    The spaCy component ``citykg_sentences`` knows abbreviations and quotes; this is the
    model-free splitter for running the rules on plain text (tests, notebooks) without
    spaCy."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        cut = start
        for m in _SENTENCE_END.finditer(line):
            spans.append((cut, start + m.start()))
            cut = start + m.end()
        spans.append((cut, start + len(line)))
    out = []
    for a, b in spans:
        piece = text[a:b]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((a + lead, b))
    return out or [(0, len(text))]


def build_page(
    text: str,
    lang: str,
    title: str,
    sents: list[tuple[int, int]],
    lex: Lexicon,
    *,
    persons: list[tuple[int, int]] | None = None,
    published: dt.date | None = None,
    parse: list[Token] | None = None,
) -> Page:
    """The page of a document: overlong tokens and page furniture blanked (offsets kept),
    sentences numbered."""
    clean = _blank_long_tokens(text)
    clean, furniture = _blank_boilerplate(clean, lex)
    return Page(
        clean,
        lang,
        title,
        [Sent(i, s, e) for i, (s, e) in enumerate(sents)],
        lex,
        list(persons or []),
        published,
        furniture,
        list(parse or []),
    )


_LONG_TOKEN = re.compile(rf"\S{{{MAX_TOKEN + 1},}}")


def _blank_long_tokens(text: str) -> str:
    if not _LONG_TOKEN.search(text):
        return text
    return _LONG_TOKEN.sub(lambda m: _blank(len(m.group(0))), text)


def _blank(n: int) -> str:
    """What a blanked run becomes: a middle dot, then spaces. The dot keeps words on both
    sides from joining into one name ("EN" + a blanked line + "Sino-German …"), and the
    headline reader skips dotted lines as it skips breadcrumbs."""
    return "·" + " " * (n - 1) if n else ""


def _blank_boilerplate(text: str, lex: Lexicon) -> tuple[str, list[tuple[int, int]]]:
    """Blank the lines of page furniture: a line opening with a furniture cue ("Share
    this article", "Sign up for our newsletter", "We use cookies", "Photo:", "By …"), and
    the short lines of a "Related"/"Read more" block under its heading, up to the next
    paragraph."""
    starts = re.compile(r"^[ \t#*>•-]*(?:" + lex.alt("boilerplate_lines") + r")(?![\w-])", re.I)
    blocks = re.compile(r"^[ \t#*>•-]*(?:" + lex.alt("boilerplate_blocks") + r")\b", re.I)
    spans: list[tuple[int, int]] = []
    pos = 0
    in_block = False
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        words = len(stripped.split())
        if blocks.match(line) and words <= 8:
            in_block = True
            spans.append((start, end))
            continue
        if in_block and words <= 20 and not stripped.endswith((".", "!", "?")):
            spans.append((start, end))  # a headline of the "Related" block
            continue
        in_block = False
        if starts.match(line) and words <= 40:
            spans.append((start, end))
    if not spans:
        return text, []
    parts, pos = [], 0
    for a, b in spans:
        parts += [text[pos:a], _blank(b - a)]
        pos = b
    parts.append(text[pos:])
    return "".join(parts), spans
