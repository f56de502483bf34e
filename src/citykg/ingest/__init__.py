"""Files → :class:`~citykg.model.Document`: finding inputs, reading them safely, and one
reader per format (plain text, Markdown, HTML, PDF, DOCX, RSS/Atom feeds).

HTML pages of this genre carry navigation, cookie banners, newsletter boxes and footers
around the article, and event pages put practical details in blocks ("Date and time",
"Location"); readers keep block structure as line breaks so later stages can read such
blocks, and drop everything that is not content. Failures raise :class:`CityKGError`
naming the file and the reason.
"""

from __future__ import annotations

from .files import MAX_BYTES, SUFFIXES, Scan, iter_paths, scan_paths, skipped_summary
from .html import html_page, html_to_text
from .markdown import markdown_to_text
from .reader import SOURCES_NAME, read_document, read_documents
from .text import clean_label, detect_language, guess_title, normalise_text, slugify

__all__ = [
    "MAX_BYTES",
    "SOURCES_NAME",
    "SUFFIXES",
    "Scan",
    "clean_label",
    "detect_language",
    "guess_title",
    "html_page",
    "html_to_text",
    "iter_paths",
    "markdown_to_text",
    "normalise_text",
    "read_document",
    "read_documents",
    "scan_paths",
    "skipped_summary",
    "slugify",
]
