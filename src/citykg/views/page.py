"""What every citykg page shares: template filling, safe JSON, CSP hashes, class styles.

A page is one of ``citykg/static/*.html`` with ``@@MARKER@@`` slots, filled in one pass so
that a replacement's text is never scanned for later markers. The graph travels as JSON in
a ``<script type="application/json">`` block with ``<``, ``>``, ``&`` and U+2028/9
escaped; scripts are allowed by their SHA-256 only.
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.resources
import json
from collections.abc import Mapping

from ..errors import CityKGError

#: Colour (Okabe-Ito, colour-blind safe) and vis-network shape per class.
CLASS_STYLE: dict[str, tuple[str, str]] = {
    "City": ("#0072B2", "dot"),
    "Country": ("#56B4E9", "diamond"),
    "Place": ("#7f8c8d", "dot"),
    "Agency": ("#E69F00", "square"),
    "Event": ("#CC79A7", "triangle"),
    "Exchange": ("#D55E00", "star"),
    "Initiative": ("#009E73", "hexagon"),
    "Topic": ("#B59F00", "triangleDown"),
}
#: Legend glyph per shape (plain characters: no SVG, no images).
GLYPH = {
    "dot": "●",
    "diamond": "◆",
    "triangleDown": "▼",
    "square": "■",
    "triangle": "▲",
    "star": "★",
    "hexagon": "⬢",
}
#: Edge colours per topic in the cooperation views (Tol's muted scheme, then grey).
TOPIC_PALETTE = (
    "#332288",
    "#117733",
    "#44AA99",
    "#88CCEE",
    "#DDCC77",
    "#CC6677",
    "#AA4499",
    "#882255",
)
OTHER_TOPIC_COLOUR = "#9aa5b1"

CLASS_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "City": "City",
        "Country": "Country",
        "Place": "Place",
        "Agency": "Agency",
        "Event": "Event",
        "Exchange": "Exchange",
        "Initiative": "Initiative",
        "Topic": "Topic",
    },
    "fr": {
        "City": "Ville",
        "Country": "Pays",
        "Place": "Lieu",
        "Agency": "Organisation",
        "Event": "Événement",
        "Exchange": "Échange",
        "Initiative": "Initiative",
        "Topic": "Thème",
    },
}


def script_json(value: object) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script>``, no ``<!--``, no HTML
    entities, no JS line terminators (U+2028/2029) that break older parsers."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, esc in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, esc)
    return text


def static(name: str) -> str:
    """A file of ``citykg/static`` as text."""
    return importlib.resources.files("citykg").joinpath(f"static/{name}").read_text("utf-8")


def vis_asset(name: str) -> str:
    """vis-network's JS or CSS as pyvis ships it, refused if it could close our element."""
    res = importlib.resources.files("pyvis").joinpath(f"templates/lib/vis-9.1.2/{name}")
    text = res.read_text("utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise CityKGError(f"pyvis {name}: contains a closing tag; cannot inline it safely")
    return text


def csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(*scripts: str) -> str:
    """No network, no other script, no inline handler: only these scripts by hash."""
    return (
        "default-src 'none'; "
        f"script-src {' '.join(csp_hash(s) for s in scripts)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def fill(template: str, replacements: Mapping[str, str]) -> str:
    """Replace every ``@@NAME@@`` of ``template`` in one pass (unknown marker → KeyError)."""
    out = []
    rest = template
    while "@@" in rest:
        start = rest.index("@@")
        end = rest.index("@@", start + 2) + 2
        out.append(rest[:start])
        out.append(replacements[rest[start:end]])
        rest = rest[end:]
    out.append(rest)
    return "".join(out)


def escape(text: str) -> str:
    """HTML-escape text for an element or a quoted attribute."""
    return html.escape(text, quote=True)


def lighten(hex_colour: str, amount: float = 0.6) -> str:
    """A paler version of a ``#rrggbb`` colour (summary nodes, group backgrounds)."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    r, g, b = (round(c + (255 - c) * amount) for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


def short(text: str, limit: int = 32) -> str:
    """A canvas label cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
