"""Markdown (CommonMark + tables, via markdown-it-py) → plain text lines and a title.

A real parser, not line regexes: setext headings (``Title\\n=====``), reference links
(``[C40][c40]`` … ``[c40]: https://…``), tables and entities are what partners' notes use.
Headings and table rows become lines of their own (a two-cell row reads "Label: value", as
an event block does); code is not prose and is left out.
"""

from __future__ import annotations

from functools import lru_cache

from .text import clean_label, normalise_text

_BLOCK_ENDS = ("paragraph_close", "bullet_list_close", "ordered_list_close", "blockquote_close")


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


def _inline_text(token) -> str:
    """Text of an inline token: links keep their text, images their alt text, soft line
    breaks stay line breaks (Markdown authors break lines where a block ends), markup and
    inline HTML go."""
    out: list[str] = []
    for child in token.children or ():
        kind = child.type
        if kind in ("text", "code_inline", "image"):  # an image's content is its alt text
            out.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out)


def _table_rows(tokens, i: int) -> tuple[list[list[str]], int]:
    """The rows of the table opening at ``tokens[i]`` and the index after it."""
    rows: list[list[str]] = []
    while tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "tr_open":
            rows.append([])
        elif tok.type == "inline" and rows:
            rows[-1].append(" ".join(_inline_text(tok).split()))
        i += 1
    return rows, i + 1


def _row_lines(row: list[str]) -> list[str]:
    cells = [c for c in row if c]
    if len(cells) == 2 and not cells[0].endswith(":"):
        return [f"{cells[0]}: {cells[1]}"]
    return cells


def markdown_to_text(source: str) -> tuple[str, str]:
    """Plain text of a Markdown document and its first heading as the title."""
    tokens = _parser().parse(source)
    lines: list[str] = []
    title = ""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "table_open":
            rows, i = _table_rows(tokens, i)
            lines.append("")
            for row in rows:
                lines.extend(_row_lines(row))
            lines.append("")
            continue
        if tok.type == "heading_open":
            text = _inline_text(tokens[i + 1]).replace("\n", " ")
            if not title:
                title = clean_label(text)
            lines.extend(["", text, ""])
            i += 3
            continue
        if tok.type == "inline":
            lines.append(_inline_text(tok))
        elif tok.type == "html_block":
            from .html import fragment_text

            lines.append(fragment_text(tok.content))
        elif tok.type in _BLOCK_ENDS and tok.level == 0:
            lines.append("")
        i += 1
    return normalise_text("\n".join(lines)), title
