"""Finding input files and reading their bytes safely.

A corpus directory may hold anything: FIFOs that block a naive ``open``, links to
``/dev/zero`` that never end, files that grow while they are read, images and spreadsheets
nobody meant to build. Only regular files are read, never more than the size limit plus one
byte, and files of a type citykg does not read are counted so the build can say so.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CityKGError

#: Largest input file read, in bytes.
MAX_BYTES = 5_000_000

#: File extensions citykg reads, by reader.
TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
RST_SUFFIXES = (".rst",)
HTML_SUFFIXES = (".html", ".htm")
PDF_SUFFIXES = (".pdf",)
DOCX_SUFFIXES = (".docx",)
FEED_SUFFIXES = (".xml", ".rss", ".atom")
SUFFIXES = (
    TEXT_SUFFIXES
    + MARKDOWN_SUFFIXES
    + RST_SUFFIXES
    + HTML_SUFFIXES
    + PDF_SUFFIXES
    + DOCX_SUFFIXES
    + FEED_SUFFIXES
)

_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a directory",
}


@dataclass
class Scan:
    """The files an input list expands to, and those left out because of their type."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)

    def skipped_summary(self) -> str | None:
        """``skipped: 3 files (.png, .rst, .xlsx)``, or None when nothing was skipped."""
        return skipped_summary(self.skipped)


def skipped_summary(skipped: Iterable[str | Path]) -> str | None:
    """One line naming how many files were skipped and their extensions."""
    paths = [Path(p) for p in skipped]
    if not paths:
        return None
    exts = sorted({p.suffix.lower() or "(no extension)" for p in paths})
    noun = "file" if len(paths) == 1 else "files"
    return f"skipped: {len(paths)} {noun} ({', '.join(exts)})"


def scan_paths(paths: Iterable[str | Path]) -> Scan:
    """Expand files and directories (recursively, sorted) into readable inputs.

    Hidden files and directories are skipped; a path that does not exist, or a file named
    explicitly, is kept so that the build reports it by name instead of ignoring it; files
    of unsupported types found in directories are listed in ``skipped``.
    """
    scan = Scan()
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found, skipped = _walk(path)
            scan.skipped.extend(p for p in skipped if p not in seen)
            seen.update(skipped)
        else:
            found = [path]
        for p in found:
            if p not in seen:
                seen.add(p)
                scan.files.append(p)
    return scan


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The readable inputs of :func:`scan_paths`, in order."""
    yield from scan_paths(paths).files


def _walk(root: Path) -> tuple[list[Path], list[Path]]:
    """Document files under ``root`` and the files skipped for their type, skipping hidden
    entries and directories that cannot be read (a corpus on a shared disk may hold some)."""
    found: list[Path] = []
    skipped: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=lambda exc: None):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith("."):
                continue
            p = Path(dirpath) / name
            (found if p.suffix.lower() in SUFFIXES else skipped).append(p)
    return sorted(found), sorted(skipped)


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file, or ``CityKGError('<path>: <reason>')``.

    The file is opened without blocking (a FIFO would wait for a writer forever) and checked
    on the open descriptor, so a link swapped in between cannot slip through; at most
    ``limit + 1`` bytes are read, so a file that lies about its size still ends.
    """
    name = path.as_posix()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise CityKGError(f"{name}: no such file") from None
    except PermissionError:
        raise CityKGError(f"{name}: permission denied") from None
    except IsADirectoryError:
        raise CityKGError(f"{name}: is a directory") from None
    except OSError as exc:
        raise CityKGError(f"{name}: cannot read ({exc.strerror or exc})") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise CityKGError(f"{name}: is a directory")
        if not stat.S_ISREG(mode):
            kind = _KINDS.get(stat.S_IFMT(mode), "a special file")
            raise CityKGError(f"{name}: not a regular file ({kind})")
        size = os.fstat(fd).st_size
        if size > limit:
            raise CityKGError(f"{name}: too large ({size} bytes; limit {limit})")
        with os.fdopen(fd, "rb", closefd=False) as f:
            raw = f.read(limit + 1)
    except OSError as exc:
        raise CityKGError(f"{name}: cannot read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise CityKGError(f"{name}: too large (more than {limit} bytes; limit {limit})")
    return raw


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_text(raw: bytes, name: str) -> str:
    """Text of a file's bytes: UTF-8 (with or without BOM), or UTF-16/32 with a BOM.

    A NUL in the decoded text means the bytes were not text in any of those encodings.
    """
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        encoding = "utf-32"
    elif raw.startswith(_UTF16_BOMS):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    if encoding == "utf-8-sig" and b"\x00" in raw[:4096]:
        raise CityKGError(f"{name}: binary file, not text")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        what = "UTF-8" if encoding == "utf-8-sig" else encoding.upper()
        raise CityKGError(f"{name}: not {what} text (invalid byte at offset {exc.start})") from None
    if "\x00" in text[:4096]:
        raise CityKGError(f"{name}: binary file, not text")
    if encoding != "utf-8-sig" and not _mostly_latin(text[:4096]):
        # any even run of bytes after FF FE "decodes"; French or English text is Latin
        raise CityKGError(f"{name}: binary file, not text (UTF-16/32 byte-order mark)")
    return text


def _mostly_latin(sample: str) -> bool:
    """At least half the visible characters are Latin letters, digits or punctuation."""
    visible = [c for c in sample if not c.isspace()]
    if not visible:
        return True
    latin = sum(1 for c in visible if ord(c) < 0x250 or 0x2000 <= ord(c) < 0x2070)
    return latin >= 0.5 * len(visible)
