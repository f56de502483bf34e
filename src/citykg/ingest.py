"""Files → :class:`~citykg.model.Document`: decoding, markup removal, language, title.

HTML pages of this genre carry navigation, footers and scripts around the article, and
event pages put practical details in blocks ("Date and time", "Location"); we keep block
structure as line breaks so later stages can read such blocks, and drop everything that is
not content. Failures raise :class:`CityKGError` naming the file and the reason.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path

from .errors import CityKGError
from .model import Document

#: File extensions citykg reads.
SUFFIXES = (".txt", ".md", ".html", ".htm")
MAX_BYTES = 5_000_000

_SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "footer",
    "header",
    "form",
    "button",
    "iframe",
    "head",
}
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
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
    "br",
    "blockquote",
    "figure",
    "figcaption",
    "pre",
    "hr",
    "time",
    "address",
}


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand files and directories (recursively) into the sorted list of readable inputs.

    Hidden files and directories are skipped; a path that does not exist is still yielded
    so that the build reports it by name instead of silently ignoring it.
    """
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        found = sorted(_walk(path)) if path.is_dir() else [path]
        for p in found:
            if p not in seen:
                seen.add(p)
                yield p


def _walk(root: Path) -> Iterator[Path]:
    """Document files under ``root``, skipping hidden entries and directories that cannot be
    read (a corpus on a shared disk may hold some), instead of failing the whole build."""
    for dirpath, dirnames, filenames in os.walk(root, onerror=lambda exc: None):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES:
                yield Path(dirpath) / name


def slugify(text: str, max_len: int = 80) -> str:
    """Lowercase ASCII slug: accents folded, anything else becomes ``-``.

    IRIs must be stable and readable across builds, so slugs depend on the text only.
    """
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0]
    return slug or "x"


def read_document(path: str | Path, *, doc_id: str | None = None) -> Document:
    """Read one file into a :class:`Document` or raise ``CityKGError('<path>: <reason>')``."""
    p = Path(path)
    name = p.as_posix()
    try:
        if p.is_dir():
            raise CityKGError(f"{name}: is a directory")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise CityKGError(f"{name}: too large ({size} bytes; limit {MAX_BYTES})")
        raw = p.read_bytes()
    except FileNotFoundError:
        raise CityKGError(f"{name}: no such file") from None
    except PermissionError:
        raise CityKGError(f"{name}: permission denied") from None
    except IsADirectoryError:
        raise CityKGError(f"{name}: is a directory") from None
    except OSError as exc:
        raise CityKGError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if p.suffix.lower() not in SUFFIXES:
        raise CityKGError(
            f"{name}: unsupported file type {p.suffix!r} (expected .txt, .md or .html)"
        )
    if b"\x00" in raw[:4096]:
        raise CityKGError(f"{name}: binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CityKGError(f"{name}: not UTF-8 text (invalid byte at offset {exc.start})") from None
    suffix = p.suffix.lower()
    if suffix in (".html", ".htm"):
        body, title = html_to_text(text)
    elif suffix == ".md":
        body, title = markdown_to_text(text)
    else:
        body, title = normalise_text(text), ""
    if len(re.findall(r"\w+", body)) < 3:
        raise CityKGError(f"{name}: no text to read (empty document)")
    title = title or guess_title(body)
    return Document(
        doc_id=doc_id or slugify(p.stem),
        path=name,
        text=body,
        language=detect_language(body),
        title=title,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def normalise_text(text: str) -> str:
    """Unicode NFC, unified line ends and spaces, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\t", " ")
    lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            if tag == "head":
                self._in.append("head")
                return
            self.skip_depth += 1
            return
        if tag in ("title", "h1"):
            self._in.append(tag)
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            if tag == "head":
                if "head" in self._in:
                    self._in.remove("head")
                return
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag in ("title", "h1") and tag in self._in:
            self._in.remove(tag)
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if "title" in self._in:
            self.title_parts.append(data)
            return
        if "head" in self._in or self.skip_depth:
            return
        if "h1" in self._in:
            self.h1_parts.append(data)
        self.parts.append(data)


def html_to_text(source: str) -> tuple[str, str]:
    """Visible article text of an HTML page (blocks → lines) and its title (h1, else <title>)."""
    parser = _TextExtractor()
    parser.feed(source)
    parser.close()
    text = "".join(parser.parts)
    text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    h1 = " ".join("".join(parser.h1_parts).split())
    title = h1 or " ".join("".join(parser.title_parts).split())
    return normalise_text(html.unescape(text)), title


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPH = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def markdown_to_text(source: str) -> tuple[str, str]:
    """Plain text of a Markdown document and its first heading as the title."""
    title = ""
    lines = []
    in_code = False
    for line in source.splitlines():
        if line.strip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        m = re.match(r"\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if m:
            line = m.group(2)
            if not title:
                title = _MD_EMPH.sub(r"\2", _MD_LINK.sub(r"\1", line)).strip()
            lines.append("")
            lines.append(line)
            lines.append("")
            continue
        line = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line)
        line = re.sub(r"^\s*>\s?", "", line)
        if re.fullmatch(r"\s*([-*_]\s*){3,}", line):
            continue
        lines.append(line)
    text = "\n".join(lines)
    text = _MD_LINK.sub(r"\1", text)
    text = re.sub(r"<[^>\n]+>", "", text)  # inline HTML tags
    text = _MD_EMPH.sub(r"\2", text)
    return normalise_text(html.unescape(text)), title


def guess_title(text: str) -> str:
    """First line when it reads like a headline (short, no final full stop), else the first
    words of the text: news and event pages open with their title."""
    first = text.strip().split("\n", 1)[0].strip()
    words = first.split()
    if words and len(words) <= 16 and not first.endswith((".", ":", ";")):
        return first
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


_LANGID = None


def detect_language(text: str) -> str:
    """``fr`` or ``en``: citykg reads French and English only, so identification is restricted
    to those two (py3langid, deterministic), with a stop-word vote as a fallback."""
    global _LANGID
    sample = text[:5000]
    try:
        if _LANGID is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            ident = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
            ident.set_languages(["fr", "en"])
            _LANGID = ident
        lang, _ = _LANGID.classify(sample)
        return "fr" if lang == "fr" else "en"
    except Exception:  # pragma: no cover - fallback when py3langid is unavailable
        words = re.findall(r"[a-zàâçéèêëîïôûùüÿœ']+", sample.lower())
        fr = sum(
            w in {"le", "la", "les", "des", "et", "de", "du", "une", "est", "pour"} for w in words
        )
        en = sum(
            w in {"the", "and", "of", "to", "is", "for", "with", "on", "a", "in"} for w in words
        )
        return "fr" if fr > en else "en"
