"""``citykg fetch``: download the pages of a URL list into files that ``build`` reads.

A polite, bounded client (httpx): a user agent that names citykg, robots.txt honoured per
host, timeouts, a size limit (the body is streamed and cut at the limit plus one byte),
redirects followed by hand so each hop is checked against robots.txt and counted, and only
http(s). Every download is cached by URL with its ETag / Last-Modified, so a second run
asks the server "changed?" and keeps the cached copy on ``304 Not Modified``. The output
directory gets one file per URL, named from the URL, and a ``.citykg-sources.json``
manifest that ``build`` reads to record each file's URL as the Document's source.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from . import __version__
from .errors import CityKGError
from .graphio import write_atomic
from .ingest.files import MAX_BYTES
from .ingest.reader import SOURCES_NAME
from .ingest.text import slugify

USER_AGENT = f"citykg/{__version__} (+https://w3id.org/citykg; knowledge-graph builder)"
TIMEOUT = 20.0
MAX_REDIRECTS = 5
CACHE_NAME = ".citykg-cache"

#: File extension by media type, for names ``build`` reads with the right reader.
_EXTENSIONS = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/rss+xml": ".xml",
    "application/atom+xml": ".xml",
    "application/xml": ".xml",
    "text/xml": ".xml",
}


@dataclass
class Fetched:
    """What became of one URL."""

    url: str
    path: Path | None = None
    status: str = "ok"  # ok | cached | error
    error: str | None = None
    final_url: str | None = None


@dataclass
class FetchResult:
    items: list[Fetched] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return [f"{x.url}: {x.error}" for x in self.items if x.error]


def read_url_list(path: str | Path) -> list[str]:
    """URLs of a list file: one per line, blank lines and ``#`` comments ignored."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CityKGError(f"{p.as_posix()}: no such file") from None
    except UnicodeDecodeError:
        raise CityKGError(f"{p.as_posix()}: URL list is not UTF-8 text") from None
    except OSError as exc:
        raise CityKGError(f"{p.as_posix()}: cannot read URL list ({exc.strerror or exc})") from None
    urls = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and line not in urls:
            urls.append(line)
    return urls


def _check_url(url: str) -> str | None:
    """Why ``url`` cannot be fetched, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"not an http(s) URL (scheme {parts.scheme or 'missing'!r})"
    if not parts.hostname:
        return "URL has no host"
    return None


def file_name(url: str, media_type: str) -> str:
    """A readable, unique file name for ``url``: host and path as a slug, a short hash of
    the whole URL (two URLs never share a file), and the extension of its media type."""
    parts = urlsplit(url)
    ext = _EXTENSIONS.get(media_type) or Path(parts.path).suffix.lower() or ".html"
    stem = slugify(f"{parts.hostname or ''} {parts.path}", max_len=60)
    return f"{stem}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:8]}{ext}"


class _Robots:
    """robots.txt per origin, fetched once (RFC 9309: a 4xx means no rules, an answer that
    cannot be had — 5xx, network error — means stay out)."""

    def __init__(self, client, agent: str) -> None:
        self.client, self.agent = client, agent
        self.rules: dict[str, RobotFileParser | None] = {}

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self.rules:
            self.rules[origin] = self._load(origin)
        rules = self.rules[origin]
        return rules.can_fetch(self.agent, url) if rules is not None else False

    def _load(self, origin: str) -> RobotFileParser | None:
        parser = RobotFileParser()
        try:
            r = self.client.get(f"{origin}/robots.txt", follow_redirects=True)
        except Exception:  # network error: RFC 9309 says assume disallowed
            return None
        if 400 <= r.status_code < 500:
            parser.parse([])
        elif r.status_code >= 500:
            return None
        else:
            parser.parse(r.text[:500_000].splitlines())
        return parser


class _Cache:
    """Bodies and validators by URL, in ``root`` (one body file and one JSON per URL)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _key(self, url: str) -> str:
        return hashlib.sha256(url.encode("utf-8")).hexdigest()

    def get(self, url: str) -> tuple[dict, bytes] | None:
        key = self._key(url)
        try:
            meta = json.loads((self.root / f"{key}.json").read_text(encoding="utf-8"))
            body = (self.root / f"{key}.body").read_bytes()
        except (OSError, ValueError):
            return None
        return meta, body

    def put(self, url: str, meta: dict, body: bytes) -> None:
        key = self._key(url)
        self.root.mkdir(parents=True, exist_ok=True)
        write_atomic(self.root / f"{key}.body", body)
        write_atomic(self.root / f"{key}.json", json.dumps(meta, sort_keys=True) + "\n")


def _media_type(headers) -> str:
    return (headers.get("content-type") or "").split(";", 1)[0].strip().lower()


def _download(client, url: str, robots: _Robots, cache: _Cache, limit: int) -> tuple:
    """(final URL, media type, body, from_cache) of ``url``, following redirects by hand."""
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        why = _check_url(current)
        if why:
            raise CityKGError(why)
        if not robots.allowed(current):
            raise CityKGError("disallowed by robots.txt")
        cached = cache.get(current)
        headers = {}
        if cached:
            if cached[0].get("etag"):
                headers["If-None-Match"] = cached[0]["etag"]
            if cached[0].get("last_modified"):
                headers["If-Modified-Since"] = cached[0]["last_modified"]
        with client.stream("GET", current, headers=headers) as r:
            if r.status_code in (301, 302, 303, 307, 308) and r.headers.get("location"):
                current = urljoin(current, r.headers["location"])
                continue
            if r.status_code == 304 and cached:
                return current, cached[0].get("media_type", ""), cached[1], True
            if r.status_code >= 400:
                raise CityKGError(f"HTTP {r.status_code}")
            length = r.headers.get("content-length", "")
            if length.isdigit() and int(length) > limit:
                raise CityKGError(f"too large ({length} bytes; limit {limit})")
            body = bytearray()
            for chunk in r.iter_bytes():
                body += chunk
                if len(body) > limit:
                    raise CityKGError(f"too large (more than {limit} bytes; limit {limit})")
            meta = {
                "url": current,
                "etag": r.headers.get("etag"),
                "last_modified": r.headers.get("last-modified"),
                "media_type": _media_type(r.headers),
            }
            cache.put(current, meta, bytes(body))
            return current, meta["media_type"], bytes(body), False
    raise CityKGError(f"too many redirects (more than {MAX_REDIRECTS})")


def fetch(
    urls: Iterable[str],
    out: str | Path,
    *,
    cache_dir: str | Path | None = None,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_BYTES,
    user_agent: str = USER_AGENT,
    delay: float = 0.0,
    progress: Callable[[Fetched], None] | None = None,
) -> FetchResult:
    """Download ``urls`` into ``out`` (one file each plus the sources manifest); a URL that
    fails is reported with its reason and the others are still fetched."""
    import httpx

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    cache = _Cache(Path(cache_dir) if cache_dir else out / CACHE_NAME)
    manifest_path = out / SOURCES_NAME
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    files = manifest.get("files", {}) if isinstance(manifest, dict) else {}
    result = FetchResult()
    limits = httpx.Timeout(timeout)
    headers = {"User-Agent": user_agent}
    with httpx.Client(timeout=limits, headers=headers, follow_redirects=False) as client:
        robots = _Robots(client, user_agent)
        for i, url in enumerate(urls):
            if i and delay:
                time.sleep(delay)
            item = _fetch_one(client, url, out, robots, cache, max_bytes)
            if item.path is not None:
                files[item.path.name] = {"url": url, "final_url": item.final_url}
            result.items.append(item)
            if progress is not None:
                progress(item)
    body = json.dumps({"files": dict(sorted(files.items()))}, indent=1, ensure_ascii=False)
    write_atomic(manifest_path, body + "\n")
    return result


def _fetch_one(client, url: str, out: Path, robots, cache, limit: int) -> Fetched:
    import httpx

    try:
        final, media_type, body, cached = _download(client, url, robots, cache, limit)
    except CityKGError as exc:
        return Fetched(url, status="error", error=str(exc))
    except httpx.TimeoutException:
        return Fetched(url, status="error", error="timed out")
    except httpx.HTTPError as exc:
        reason = re.sub(r"\s+", " ", str(exc)) or type(exc).__name__
        return Fetched(url, status="error", error=f"network error ({reason})")
    path = out / file_name(url, media_type)
    write_atomic(path, body)
    return Fetched(url, path, "cached" if cached else "ok", final_url=final)
