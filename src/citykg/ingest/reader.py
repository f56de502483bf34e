"""One file → :class:`~citykg.model.Document` (or several, for a feed).

The reader is picked by extension; bytes are read by :func:`files.read_bytes` (regular
files only, bounded). Files written by ``citykg fetch`` carry their URL in the directory's
``.citykg-sources.json`` manifest, which becomes the Document's source. Failures raise
:class:`CityKGError` naming the file and the reason, on one line.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from ..errors import CityKGError
from ..model import Document
from . import files
from .text import clean_label, detect_language, guess_title, normalise_text, slugify

#: Manifest written by ``citykg fetch`` beside the files it downloads: name → URL and more.
SOURCES_NAME = ".citykg-sources.json"


def fetched_source(path: Path) -> str | None:
    """The URL ``citykg fetch`` downloaded ``path`` from, if it did."""
    manifest = path.parent / SOURCES_NAME
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    entry = data.get("files", {}).get(path.name) if isinstance(data, dict) else None
    url = entry.get("url") if isinstance(entry, dict) else None
    return url if isinstance(url, str) and re.match(r"https?://", url) else None


def _unsupported(name: str, suffix: str) -> CityKGError:
    known = ", ".join(files.SUFFIXES)
    return CityKGError(f"{name}: unsupported file type {suffix!r} (citykg reads {known})")


def read_documents(path: str | Path, *, doc_id: str | None = None) -> list[Document]:
    """Every Document of one file: one, or one per item of a feed."""
    p = Path(path)
    name = p.as_posix()
    suffix = p.suffix.lower()
    if p.is_dir():
        raise CityKGError(f"{name}: is a directory")
    if suffix not in files.SUFFIXES:
        if not p.exists():
            raise CityKGError(f"{name}: no such file")
        raise _unsupported(name, suffix)
    raw = files.read_bytes(p)
    sha = hashlib.sha256(raw).hexdigest()
    base_id = doc_id or slugify(p.stem)
    if suffix in files.FEED_SUFFIXES:
        return _feed_documents(raw, name, base_id, sha)
    fields = _read_fields(raw, name, suffix)
    body = fields.pop("text")
    if len(re.findall(r"\w+", body)) < 3:
        raise CityKGError(f"{name}: no text to read (empty document)")
    declared = fields.pop("declared", None)
    fields["source_url"] = fetched_source(p) or fields.get("source_url")
    return [
        Document(
            doc_id=base_id,
            path=name,
            text=body,
            language=detect_language(body, declared),
            title=clean_label(fields.pop("title", "") or "") or guess_title(body),
            sha256=sha,
            **fields,
        )
    ]


def read_document(path: str | Path, *, doc_id: str | None = None) -> Document:
    """Read one file into a :class:`Document` or raise ``CityKGError('<path>: <reason>')``.

    A feed is many documents: this returns its first item (``read_documents`` gives all).
    """
    return read_documents(path, doc_id=doc_id)[0]


def _read_fields(raw: bytes, name: str, suffix: str) -> dict:
    """Text and metadata of one non-feed file, by reader."""
    if suffix in files.PDF_SUFFIXES:
        from .pdf import pdf_text

        pdf = pdf_text(raw, name)
        return {"text": pdf.text, "title": pdf.title, "pages": pdf.pages}
    if suffix in files.DOCX_SUFFIXES:
        from .docx import docx_text

        text, title = docx_text(raw, name)
        return {"text": text, "title": title}
    text = files.decode_text(raw, name)
    if suffix in files.HTML_SUFFIXES:
        from .html import html_page

        page = html_page(text)
        return {
            "text": page.text,
            "title": page.title,
            "published": page.published,
            "source_url": page.source_url,
            "author": page.author,
            "site_name": page.site_name,
            "declared": page.language,
        }
    if suffix in files.MARKDOWN_SUFFIXES:
        from .markdown import markdown_to_text

        body, title = markdown_to_text(text)
        return {"text": body, "title": title}
    if suffix in files.RST_SUFFIXES:
        from .rst import rst_to_text

        body, title = rst_to_text(text)
        return {"text": body, "title": title}
    return {"text": normalise_text(text), "title": ""}


def _feed_documents(raw: bytes, name: str, base_id: str, sha: str) -> list[Document]:
    from .feed import feed_items

    docs = []
    for item in feed_items(files.decode_text(raw, name), name):
        if len(re.findall(r"\w+", item.text)) < 3:
            continue
        docs.append(
            Document(
                doc_id=f"{base_id}-{item.key}",
                path=name,
                text=item.text,
                language=detect_language(item.text, item.language),
                title=item.title or guess_title(item.text),
                sha256=sha,
                published=item.published,
                source_url=item.link,
            )
        )
    if not docs:
        raise CityKGError(f"{name}: no text to read (feed items are empty)")
    return docs
