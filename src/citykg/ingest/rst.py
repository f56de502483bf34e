"""reStructuredText (docutils) → plain text lines and a title.

Partners' notes and project wikis are often written in reST. The document tree gives
sections, paragraphs, field lists (``:Date: 5 March 2025`` reads "Date: 5 March 2025", an
event block) and tables; code, comments and raw passthroughs are not prose. Directives
that read other files or the network (``include``, ``raw``, ``csv-table :url:``) are
disabled: a document must not pull another file into the graph.
"""

from __future__ import annotations

from .text import clean_label, normalise_text

_SETTINGS = {
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "report_level": 5,  # no system messages in the text
    "halt_level": 5,
    "warning_stream": False,
    "input_encoding": "unicode",
    "doctitle_xform": True,
    "docinfo_xform": False,  # a field list under the title stays "Date: …", not metadata
}


def _lines(doctree) -> list[str]:
    from docutils import nodes

    skip = (
        nodes.literal_block,
        nodes.comment,
        nodes.raw,
        nodes.system_message,
        nodes.substitution_definition,
        nodes.target,
    )
    lines: list[str] = []
    stack = [doctree]
    while stack:
        node = stack.pop()
        if isinstance(node, skip):
            continue
        if isinstance(node, nodes.field):
            name = node.children[0].astext() if node.children else ""
            body = " ".join(node.children[1].astext().split()) if len(node.children) > 1 else ""
            lines.append(f"{name}: {body}" if body else name)
            continue
        if isinstance(node, nodes.row):
            cells = [" ".join(e.astext().split()) for e in node.children]
            cells = [c for c in cells if c]
            if len(cells) == 2 and not cells[0].endswith(":"):
                lines.append(f"{cells[0]}: {cells[1]}")
            else:
                lines.extend(cells)
            continue
        if isinstance(node, (nodes.title, nodes.subtitle)):
            lines.extend(["", node.astext(), ""])
            continue
        if isinstance(node, (nodes.paragraph, nodes.term, nodes.rubric, nodes.line)):
            lines.append(node.astext())
            if isinstance(node, nodes.paragraph):
                lines.append("")
            continue
        stack.extend(reversed([c for c in node.children if isinstance(c, nodes.Element)]))
    return lines


def rst_to_text(source: str) -> tuple[str, str]:
    """Plain text of a reStructuredText document and its title."""
    from docutils.core import publish_doctree

    doctree = publish_doctree(source, settings_overrides=dict(_SETTINGS))
    title = clean_label(str(doctree.get("title", "") or ""))
    if not title:
        from docutils import nodes

        first = next(iter(doctree.findall(nodes.title)), None)
        title = clean_label(first.astext()) if first is not None else ""
    return normalise_text("\n".join(_lines(doctree))), title
