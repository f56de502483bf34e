"""Plain-text helpers shared by every format: normalisation, slugs, titles, language.

Whatever a reader extracts ends up in labels, evidence and IRIs, so every format's text
passes through :func:`normalise_text`, which also removes the characters that make a label
lie about itself (bidirectional overrides) or that no reader can see (C0/C1 controls).
"""

from __future__ import annotations

import re
import unicodedata

#: Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): in a
#: label they reorder what a reader sees ("Paris" shown for "siraP"), so they never survive.
_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: C0 controls except tab and line breaks, DEL and the C1 block (U+0080–U+009F).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + _BIDI_CONTROLS + "\ufeff\ufffe]")


def strip_controls(text: str) -> str:
    """``text`` without control, bidi-override and byte-order characters."""
    return _CONTROLS.sub("", text)


def normalise_text(text: str) -> str:
    """Unicode NFC, controls removed, unified line ends and spaces, at most one blank line."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    text = strip_controls(text)
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\t", " ")
    lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"


def clean_label(text: str) -> str:
    """One-line label: controls removed, whitespace collapsed."""
    return " ".join(strip_controls(unicodedata.normalize("NFC", text)).split())


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


def guess_title(text: str) -> str:
    """First line when it reads like a headline (short, no final full stop), else the first
    words of the text: news and event pages open with their title."""
    first = text.strip().split("\n", 1)[0].strip()
    words = first.split()
    if words and len(words) <= 16 and not first.endswith((".", ":", ";")):
        return first
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


_LANGID = None


def detect_language(text: str, declared: str | None = None) -> str:
    """``fr`` or ``en``: citykg reads French and English only, so identification is restricted
    to those two (py3langid, deterministic), with a stop-word vote as a fallback.

    ``declared`` (a page's ``lang``, a feed's language) decides only when the text itself
    is inconclusive: templates often declare the site's language, not the article's.
    """
    global _LANGID
    sample = text[:5000]
    hint = (declared or "").lower()[:2]
    try:
        if _LANGID is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            ident = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
            ident.set_languages(["fr", "en"])
            _LANGID = ident
        lang, prob = _LANGID.classify(sample)
        if hint in ("fr", "en") and prob < 0.9:
            return hint
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
