"""PDF briefs and reports → text with a page-offset table (pypdf).

PDF text comes as positioned fragments: a two-column brief read in drawing order can
interleave its columns, and every printed line ends in a hard break. Fragments are grouped
into columns by where they start on the page and read column by column, top to bottom; lines
of one paragraph are joined (a hyphen at a line end joins the halves of a word). Each page's
first character offset is kept on the Document so evidence can name its page. A PDF whose
pages yield no text is a scan: that is said by name, never an empty document.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from ..errors import CityKGError
from .text import clean_label, normalise_text


@dataclass(frozen=True)
class PdfText:
    text: str
    title: str
    pages: tuple[int, ...]  # character offset in ``text`` where each page starts


@dataclass(frozen=True)
class _Frag:
    x: float
    y: float
    text: str


def _fragments(page) -> list[_Frag]:
    frags: list[_Frag] = []

    def visit(text, cm, tm, font_dict, font_size) -> None:
        if text and text.strip("\n"):
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            frags.append(_Frag(round(x, 1), round(y, 1), text))

    page.extract_text(extraction_mode="plain", visitor_text=visit)
    return frags


def _columns(frags: list[_Frag], width: float) -> list[list[_Frag]]:
    """Split fragments into a left and a right column when the right half of the page has
    a left edge: at least three lines starting at the same x (words that merely change font
    in the middle of a line start anywhere)."""
    if not frags or width <= 0:
        return [frags]
    starts: dict[int, set[float]] = {}
    for f in frags:
        if f.x > 0.35 * width:
            starts.setdefault(round(f.x), set()).add(f.y)
    if not starts:
        return [frags]
    edge, ys = max(starts.items(), key=lambda kv: (len(kv[1]), -kv[0]))
    if len(ys) < 3:
        return [frags]
    left = [f for f in frags if f.x < edge - 1]
    right = [f for f in frags if f.x >= edge - 1]
    return [left, right] if left else [frags]


def _lines(frags: list[_Frag]) -> list[tuple[float, str]]:
    """Fragments of one column as printed lines (baseline y, text), top to bottom."""
    rows: dict[float, list[_Frag]] = {}
    for f in frags:
        key = next((k for k in rows if abs(k - f.y) < 2.0), f.y)
        rows.setdefault(key, []).append(f)
    out = []
    for y in sorted(rows, reverse=True):
        text = ""
        for f in sorted(rows[y], key=lambda f: f.x):
            glue = "" if not text or text[-1].isspace() or f.text[:1].isspace() else " "
            text += glue + f.text
        out.extend((y, part) for part in text.split("\n") if part.strip())
    return out


def _reflow(lines: list[tuple[float, str]]) -> str:
    """Join the printed lines of each paragraph. A line ends a paragraph when it ends a
    sentence or a label, is much shorter than the column (a heading, a last line), or is
    followed by more space than lines usually are (a gap between paragraphs)."""
    if not lines:
        return ""
    width = max(len(text.strip()) for _, text in lines)
    gaps = sorted(a[0] - b[0] for a, b in zip(lines, lines[1:], strict=False) if a[0] - b[0] > 0)
    usual = gaps[len(gaps) // 2] if gaps else 0.0
    paras: list[str] = []
    current = ""
    for i, (y, raw) in enumerate(lines):
        line = " ".join(raw.split())
        if current.endswith("-") and line[:1].islower():
            current = current[:-1] + line
        else:
            current = f"{current} {line}".strip()
        next_gap = y - lines[i + 1][0] if i + 1 < len(lines) else 0.0
        wide_gap = usual > 0 and next_gap > 1.3 * usual
        short = len(line) < 0.6 * width
        if short or wide_gap or re.search(r"[.:;!?»\"”)]$", line):
            paras.append(current)
            current = ""
    if current:
        paras.append(current)
    return "\n".join(paras)


def pdf_text(raw: bytes, name: str) -> PdfText:
    """Text, title and page offsets of a PDF, or ``CityKGError`` naming the file."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not raw.lstrip()[:5].startswith(b"%PDF"):
        raise CityKGError(f"{name}: not a PDF file (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise CityKGError(f"{name}: encrypted PDF, cannot read")
        pages = []
        for page in reader.pages:
            width = float(page.mediabox.width)
            cols = _columns(_fragments(page), width)
            pages.append("\n".join(_reflow(_lines(col)) for col in cols))
        info = reader.metadata
        meta_title = clean_label(str(info.title)) if info and info.title else ""
    except CityKGError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise CityKGError(f"{name}: not a readable PDF ({exc})") from None
    if not pages:
        raise CityKGError(f"{name}: PDF has no pages")
    texts, offsets, pos = [], [], 0
    for page_text in pages:
        norm = normalise_text(page_text) if page_text.strip() else ""
        offsets.append(pos)
        texts.append(norm)
        pos += len(norm)
    text = "".join(texts)
    if len(re.findall(r"\w+", text)) < 3:
        raise CityKGError(
            f"{name}: no text layer ({len(pages)} page(s) without extractable text; "
            "a scanned PDF needs OCR first)"
        )
    return PdfText(text=text, title=meta_title, pages=tuple(offsets))
