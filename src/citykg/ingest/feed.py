"""RSS and Atom feeds (feedparser) → one entry per item.

A city network's news feed is many articles in one file; each item becomes its own
Document (its own named graph), with an id that stays the same when the feed gains items
(derived from the item's guid, else its link, else its title), the item's link as its
source and the item's date as its publication date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from ..errors import CityKGError
from .html import fragment_text
from .text import clean_label, normalise_text


@dataclass(frozen=True)
class FeedItem:
    key: str  # short stable hash of the item's identity
    title: str
    text: str
    link: str | None
    published: dt.date | None
    language: str | None


def _date(entry) -> dt.date | None:
    for field in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(field)
        if value:
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return None


def _as_text(detail) -> str:
    """Text of a feedparser text construct: HTML is parsed (entities decoded there, once),
    plain text is taken as it is (feedparser already decoded it)."""
    value = detail.get("value", "") or ""
    if not value.strip():
        return ""
    if "html" in (detail.get("type") or ""):
        return fragment_text(value)
    return normalise_text(value)


def _content(entry) -> str:
    """The richest body an item has: full content, else its summary."""
    details = list(entry.get("content", []) or [])
    if entry.get("summary_detail"):
        details.append(entry["summary_detail"])
    texts = [_as_text(d) for d in details]
    return max(texts, key=len) if texts else ""


def _http(url: str | None) -> str | None:
    return url if url and re.match(r"https?://", url) else None


def looks_like_feed(text: str) -> bool:
    """True when an XML file is an RSS or Atom feed (other XML is not citykg's to read)."""
    head = text[:2000].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def feed_items(text: str, name: str) -> list[FeedItem]:
    """Items of an RSS/Atom feed, or ``CityKGError`` naming the file."""
    import feedparser

    if not looks_like_feed(text):
        raise CityKGError(f"{name}: XML but not an RSS or Atom feed")
    parsed = feedparser.parse(text, sanitize_html=False, resolve_relative_uris=False)
    if parsed.get("bozo") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise CityKGError(f"{name}: not a readable feed ({clean_label(str(reason))})")
    language = (parsed.feed.get("language") or "")[:2].lower() or None
    items, seen = [], set()
    for entry in parsed.entries:
        identity = entry.get("id") or entry.get("link") or entry.get("title") or ""
        key = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:10]
        if not identity or key in seen:
            continue
        seen.add(key)
        title = clean_label(_as_text(entry.get("title_detail") or {"value": ""}))
        body = _content(entry)
        text_ = normalise_text(f"{title}\n\n{body}") if title else body
        items.append(FeedItem(key, title, text_, _http(entry.get("link")), _date(entry), language))
    if not items:
        raise CityKGError(f"{name}: feed has no items")
    return items
