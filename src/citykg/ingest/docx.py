"""Word documents from partners (.docx, python-docx) → text lines and a title.

Paragraphs and tables are read in body order (python-docx lists them apart), a table row
of two cells reads "Label: value" like an event block, and the title is the document's
Title or first Heading paragraph, else its core-properties title.
"""

from __future__ import annotations

import io
import zipfile

from ..errors import CityKGError
from .text import clean_label, normalise_text


def _row_lines(cells: list[str]) -> list[str]:
    cells = [c for i, c in enumerate(cells) if c and c not in cells[:i]]  # merged cells repeat
    if len(cells) == 2 and not cells[0].endswith(":"):
        return [f"{cells[0]}: {cells[1]}"]
    return cells


def docx_text(raw: bytes, name: str) -> tuple[str, str]:
    """Text and title of a .docx file, or ``CityKGError`` naming the file."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CityKGError(f"{name}: not a readable Word document ({exc})") from None
    except Exception as exc:  # python-docx raises its own types for a broken package
        raise CityKGError(f"{name}: not a readable Word document ({exc})") from None
    lines: list[str] = []
    title = ""
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text
            style = (block.style.name if block.style is not None else "") or ""
            if style.startswith(("Title", "Heading")):
                if not title and text.strip():
                    title = clean_label(text)
                lines.extend(["", text, ""])
            else:
                lines.append(text)
        elif isinstance(block, Table):
            lines.append("")
            for row in block.rows:
                lines.extend(_row_lines([" ".join(c.text.split()) for c in row.cells]))
            lines.append("")
    core_title = clean_label(document.core_properties.title or "")
    return normalise_text("\n".join(lines)), title or core_title
