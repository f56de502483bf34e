"""HTML pages → main text and metadata.

City-network and city-hall pages wrap a few paragraphs in menus, cookie banners, newsletter
boxes, share bars, "related stories" and footers that name other cities: every one of those
words would become an entity or an edge. Pages are parsed once with lxml (so entities are
decoded exactly once), page furniture is removed by markup (``hidden``, ``aria-hidden``,
ARIA roles, class and id words, headings of link lists; see ``data/boilerplate.json``), then
trafilatura picks the main content. Event pages put their practical details in blocks
("Date et heure", "Where") that a generic extractor may judge too short to keep, so its
result is checked against our own reading of the main region and replaced by it when it
lost such a block or most of the text.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from importlib import resources

from lxml import etree
from lxml import html as lxml_html

from .text import clean_label, normalise_text, strip_controls

#: Elements whose content is laid out as its own line(s).
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "aside",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "td",
        "th",
        "caption",
        "br",
        "blockquote",
        "figure",
        "figcaption",
        "pre",
        "hr",
        "time",
        "address",
        "details",
        "summary",
        "head",
        "item",
        "list",
        "row",
        "cell",
        "quote",
        "lb",
    ]
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_PROTECTED = frozenset({"html", "body", "main", "article"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@dataclass(frozen=True)
class HtmlPage:
    """What an HTML page says about itself, besides its text."""

    text: str
    title: str
    published: dt.date | None = None
    source_url: str | None = None
    author: str | None = None
    site_name: str | None = None
    language: str | None = None


@lru_cache(maxsize=1)
def _rules() -> dict:
    raw = resources.files("citykg").joinpath("data/boilerplate.json").read_text("utf-8")
    data = json.loads(raw)
    data["class_tokens"] = frozenset(data["class_tokens"])
    data["class_names"] = frozenset(data["class_names"])
    data["roles"] = frozenset(data["roles"])
    data["headings"] = frozenset(data["headings"])
    data["generic_titles"] = frozenset(data["generic_titles"])
    data["tags"] = tuple(data["tags"])
    return data


def parse_html(source: str) -> lxml_html.HtmlElement:
    """lxml tree of a page (bytes in, so an XML encoding declaration is no error).

    Control characters go first: they are removed from every text anyway, and lxml refuses
    to put them in a tree (a Markdown file's inline HTML with a C0 control failed)."""
    source = strip_controls(source)
    parser = lxml_html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
    )
    try:
        return lxml_html.document_fromstring(source.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):  # nothing but whitespace or comments
        return lxml_html.document_fromstring("<html><body></body></html>")


# -- boilerplate removal --------------------------------------------------------------------
def _words(el: etree._Element) -> int:
    return len(" ".join(el.itertext()).split())


def _is_hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden", "").lower() == "true":
        return True
    return bool(_HIDDEN_STYLE.search(el.get("style", "")))


def _is_furniture(el: etree._Element, rules: dict) -> bool:
    """True when the element's role, class or id says it is page furniture."""
    if el.get("role", "").lower() in rules["roles"] and el.tag != "header":
        return True
    names = f"{el.get('class', '')} {el.get('id', '')}".lower()
    if not names.strip():
        return False
    if any(s in names for s in rules["class_substrings"]):
        return True
    if set(names.split()) & rules["class_names"]:
        return True
    tokens = set(re.split(r"[\s_]+|(?<=[a-z])-(?=[a-z])|--", names))
    tokens |= set(re.split(r"[\s_-]+", names))
    return bool(tokens & rules["class_tokens"])


def _keep_header(el: etree._Element) -> bool:
    """A header that holds the article's h1 is the headline, not the site banner."""
    if el.find(".//h1") is None:
        return False
    in_content = any(a.tag in ("article", "main") for a in el.iterancestors())
    return in_content or el.find(".//nav") is None


def _drop(el: etree._Element) -> None:
    if el.getparent() is not None:
        el.drop_tree()


def _link_list_heading(el: etree._Element, rules: dict) -> bool:
    text = clean_label(" ".join(el.itertext())).lower().rstrip(" :")
    return text in rules["headings"]


def _drop_link_list(heading: etree._Element) -> None:
    """Remove a "Related stories" block: the heading's own box, or the heading and what
    follows it up to the next heading of the same level when it sits in the article."""
    parent = heading.getparent()
    if parent is None:
        return
    if parent.tag not in _PROTECTED and len(parent) <= 12 and parent.find(".//h1") is None:
        _drop(parent)
        return
    level = heading.tag
    nxt = heading.getnext()
    while nxt is not None and not (nxt.tag in _HEADINGS and nxt.tag <= level):
        after = nxt.getnext()
        _drop(nxt)
        nxt = after
    _drop(heading)


def remove_boilerplate(root: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """Strip hidden content and page furniture from ``root`` in place and return it."""
    rules = _rules()
    body = root.find("body")
    total = max(1, _words(body if body is not None else root))
    for el in list(root.iter("header")):
        if not _keep_header(el):
            _drop(el)
    for el in list(root.iter(*rules["tags"])):
        _drop(el)
    for el in list(root.iter(etree.Element)):
        if el.getparent() is None or el.tag in _PROTECTED:
            continue
        furniture = _is_furniture(el, rules) and el.find(".//h1") is None
        if _is_hidden(el) or (furniture and _words(el) < total / 2):
            _drop(el)
    for el in list(root.iter(*_HEADINGS)):
        if el.tag != "h1" and el.getparent() is not None and _link_list_heading(el, rules):
            _drop_link_list(el)
    return root


# -- text of a tree ---------------------------------------------------------------------------
def tree_text(el: etree._Element) -> str:
    """Visible text of a (cleaned) tree, one line per block element. Iterative: a page
    nested thousands of levels deep must not exhaust Python's recursion limit."""
    parts: list[str] = []
    # (node, entering): on entry emit the node's text and push its children; on exit
    # close the block and emit the node's tail (text after it, inside its parent)
    stack: list[tuple[etree._Element, bool]] = [(el, True)]
    while stack:
        node, entering = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        block = tag in _BLOCKS
        if entering:
            if block:
                parts.append("\n")
            if node.text and tag:
                parts.append(node.text)
            stack.append((node, False))
            stack.extend((child, True) for child in reversed(node))
        else:
            if block:
                parts.append("\n")
            if node is not el and node.tail:
                parts.append(node.tail)
    text = "".join(parts)
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def _body(root: etree._Element) -> etree._Element:
    body = root.find("body")
    return body if body is not None else root


def _first_h1(root: etree._Element) -> str:
    for h1 in root.iter("h1"):
        text = clean_label(" ".join(h1.itertext()))
        if text:
            return text
    return ""


#: Past these sizes trafilatura's link-density pass grows quadratically (minutes on a page
#: of nested links); such a page keeps our own cleaned reading, which is linear.
MAX_ELEMENTS = 20_000
MAX_DEPTH = 200


def _too_big_for_trafilatura(root: etree._Element) -> bool:
    depth = {root: 0}
    for n, el in enumerate(root.iter()):
        if n > MAX_ELEMENTS:
            return True
        parent = el.getparent()
        d = depth[el] = depth.get(parent, -1) + 1 if parent is not None else 0
        if d > MAX_DEPTH:
            return True
    return False


def _trafilatura_text(root: etree._Element) -> str:
    """Main content by trafilatura, as lines (its XML output keeps blocks apart); empty
    for a page too large or too deep for it."""
    import trafilatura

    if _too_big_for_trafilatura(root):
        return ""

    try:
        xml = _trafilatura_xml(trafilatura, root)
    except (etree.LxmlError, ValueError):
        # trafilatura re-parses its own XML output, which fails on some odd markup
        # (attribute names such as "http:"): such a page keeps our own cleaned reading
        return ""
    if not xml:
        return ""
    doc = etree.fromstring(xml.encode("utf-8"))
    return tree_text(doc)


def _trafilatura_xml(trafilatura, root: etree._Element) -> str | None:
    return trafilatura.extract(
        copy.deepcopy(root),
        output_format="xml",
        include_tables=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        favor_recall=True,
        deduplicate=False,
        with_metadata=False,
    )


def _label_lines(text: str) -> set[str]:
    """Lines of ``text`` that open an event-page block ("Date et heure", "Where: …")."""
    # imported here: the extract package imports ingest (slugify) at load time
    from ..extract.lexicon import load_lexicon

    labels = load_lexicon().block_labels()
    out = set()
    for line in text.split("\n"):
        head = line.split(":", 1)[0].strip().lower()
        if head and head in labels:
            out.add(line.strip())
    return out


def _squash(text: str) -> str:
    return " ".join(text.split()).lower()


def protected_lines(region: etree._Element) -> frozenset[str]:
    """Lines a generic extractor must not drop: headings, and every line of a list, table
    or definition list that holds an event-block label ("Date et heure", "Where:")."""
    keep = {clean_label(" ".join(h.itertext())) for h in region.iter(*_HEADINGS)}
    for box in region.iter("dl", "ul", "ol", "table"):
        text = tree_text(box)
        if _label_lines(text):
            keep.update(line.strip() for line in text.split("\n") if line.strip())
    return frozenset(keep)


def choose_text(extracted: str, own: str, protected: frozenset[str] = frozenset()) -> str:
    """Our reading of the page, less the lines trafilatura judged not content.

    trafilatura decides what is content; our tree walk keeps the layout (one line per
    block) and what a generic extractor drops on this genre's pages: headings and event
    blocks (``protected``, and any line opening a block). When trafilatura kept less than
    half the text, it has picked the wrong block and the page is kept whole.
    """
    if not extracted.strip():
        return own
    kept_text = _squash(extracted)
    labels = _label_lines(own)
    keep: list[str] = []
    after_label = False  # the value line of a block label ("Date et heure" / "18 mars")
    for line in own.split("\n"):
        squashed = _squash(line)
        if not squashed:
            keep.append(line)
            continue
        if squashed in kept_text or line.strip() in protected | labels or after_label:
            keep.append(line)
        after_label = line.strip() in labels
    if len(" ".join(keep).split()) < 0.5 * len(own.split()):
        return own
    return "\n".join(keep)


# -- metadata ---------------------------------------------------------------------------------
#: htmldate's settings for the publication date: metadata only (meta tags, JSON-LD,
#: ``<time pubdate>``, the URL), never a search of the text, where an event page's dates
#: are not its publication date (and searching it costs dateparser's locale scan).
_DATE_CONFIG = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}


def _published(found: str | None) -> dt.date | None:
    """A plausible publication date from htmldate's answer, else None."""
    if not found:
        return None
    try:
        day = dt.date.fromisoformat(found[:10])
    except ValueError:
        return None
    return day if 1990 <= day.year <= dt.date.today().year + 1 else None


def _declared_language(root: etree._Element) -> str | None:
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not lang:
        for meta in root.iter("meta"):
            if (meta.get("http-equiv") or "").lower() == "content-language":
                lang = meta.get("content")
                break
    return lang.strip().lower()[:2] if lang else None


def _http_url(value: str | None) -> str | None:
    if value and re.match(r"https?://[^\s/]+", value.strip()):
        return value.strip()
    return None


class _PlainText(HTMLParser):
    """Last resort for what libxml2 refuses (nesting deeper than it allows): text outside
    scripts and styles, a line per block tag, entities decoded once by the parser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("script", "style", "template", "noscript", "head"):
            self.skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template", "noscript", "head"):
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _plain_text(source: str) -> str:
    parser = _PlainText()
    parser.feed(source)
    parser.close()
    return tree_text_lines("".join(parser.parts))


def tree_text_lines(text: str) -> str:
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def html_page(source: str) -> HtmlPage:
    """Main text and metadata of an HTML page."""
    from trafilatura.metadata import extract_metadata

    root = parse_html(source)
    try:
        meta = extract_metadata(copy.deepcopy(root), date_config=dict(_DATE_CONFIG))
    except Exception:  # metadata is a bonus: a page trafilatura cannot read still has text
        meta = None
    published = _published(getattr(meta, "date", None))
    language = _declared_language(root)
    title_el = root.find(".//title")
    title_tag = clean_label(title_el.text_content()) if title_el is not None else ""
    parsed_words = _words(_body(root))
    remove_boilerplate(root)
    region = _body(root)
    text = choose_text(_trafilatura_text(root), tree_text(region), protected_lines(region))
    if parsed_words < 3 and len(re.sub(r"<[^>]*>", " ", source).split()) >= 3:
        text = _plain_text(source)  # libxml2 dropped the text (too deep), not us
    title = _first_h1(root)
    if title.casefold().rstrip(" :") in _rules()["generic_titles"]:
        # an agenda page's h1 says "Programme": its title element names the event
        title = title_tag or title
    title = title or clean_label(getattr(meta, "title", None) or "") or title_tag
    return HtmlPage(
        text=normalise_text(text),
        title=title,
        published=published,
        source_url=_http_url(getattr(meta, "url", None)),
        author=clean_label(getattr(meta, "author", None) or "") or None,
        site_name=clean_label(getattr(meta, "sitename", None) or "") or None,
        language=language,
    )


def html_to_text(source: str) -> tuple[str, str]:
    """Visible article text of an HTML page (blocks → lines) and its title (h1, else the
    page's metadata title)."""
    page = html_page(source)
    return page.text, page.title


def fragment_text(source: str) -> str:
    """Text of an HTML fragment (a feed item's content), furniture removed, no trafilatura:
    a fragment is all content."""
    if not source.strip():
        return ""
    root = parse_html(f"<html><body>{source}</body></html>")
    remove_boilerplate(root)
    return normalise_text(tree_text(_body(root)))
