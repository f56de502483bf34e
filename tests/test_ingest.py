"""Unit tests for citykg.ingest: decoding, markup removal, titles, language, slugs, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from citykg.errors import CityKGError
from citykg.ingest import (
    detect_language,
    guess_title,
    html_to_text,
    iter_paths,
    markdown_to_text,
    read_document,
    slugify,
)

FR_PARA = (
    "Du 5 au 7 mars 2024, des représentants de Dakar, Kigali et Accra se sont réunis "
    "pour un échange entre pairs sur les bus électriques et la qualité de l'air."
)
EN_PARA = (
    "From 5 to 7 March 2024, officials from Nairobi and Lima met in Cape Town for a "
    "peer-to-peer exchange on heat action plans and the protection of vulnerable residents."
)

HTML_PAGE = """<!doctype html>
<html><head><title>Site title | News</title>
<script>var city = "Lagos"; alert('x');</script><style>body { color: red }</style></head>
<body>
<header>Logo Berlin</header>
<nav><a href="/">Accueil</a> <a href="/villes">Villes de Tokyo</a></nav>
<h1>Atelier sur la r&eacute;silience &agrave; Dakar</h1>
<dl><dt>Lieu</dt><dd>Dakar, S&eacute;n&eacute;gal</dd><dt>Date</dt><dd>5 mars 2024</dd></dl>
<p>Les villes de Dakar et d&#8217;Abidjan ont partag&eacute; leurs plans climat.</p>
<footer>Mentions légales Copenhague</footer>
</body></html>
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return p


# -- HTML ------------------------------------------------------------------------------
def test_html_strips_script_nav_header_footer_and_style() -> None:
    text, _ = html_to_text(HTML_PAGE)
    for junk in ("Lagos", "alert", "color: red", "Tokyo", "Accueil", "Logo Berlin", "Copenhague"):
        assert junk not in text
    assert "Les villes de Dakar et d’Abidjan ont partagé leurs plans climat." in text


def test_html_title_is_h1_not_title_tag_and_entities_decoded() -> None:
    text, title = html_to_text(HTML_PAGE)
    assert title == "Atelier sur la résilience à Dakar"
    assert "Site title" not in text
    assert "&eacute;" not in text and "Sénégal" in text


def test_html_title_falls_back_to_title_tag() -> None:
    _, title = html_to_text(
        "<html><head><title>Échange  Mumbai</title></head><body><p>Texte.</p></body></html>"
    )
    assert title == "Échange Mumbai"


def test_html_dt_dd_blocks_are_separate_lines() -> None:
    text, _ = html_to_text(HTML_PAGE)
    lines = [line for line in text.split("\n") if line.strip()]
    for value in ("Lieu", "Dakar, Sénégal", "Date", "5 mars 2024"):
        assert value in lines
    assert lines.index("Lieu") < lines.index("Dakar, Sénégal") < lines.index("Date")


def test_read_html_document(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "Atelier Dakar.html", HTML_PAGE))
    assert doc.title == "Atelier sur la résilience à Dakar"
    assert doc.language == "fr"
    assert doc.doc_id == "atelier-dakar"
    assert doc.path.endswith("/Atelier Dakar.html")
    assert doc.name == "Atelier Dakar.html"
    assert len(doc.sha256) == 64
    assert "Lagos" not in doc.text


# -- Markdown ----------------------------------------------------------------------------
def test_markdown_heading_title_links_and_emphasis() -> None:
    src = (
        "# Échange **Dakar**–[Kigali](https://example.org/kigali)\n\n"
        "Selon [C40 Cities](https://c40.org), le *plan* de `Lagos` avance.\n"
        "- premier point\n"
        "```\ncode Tokyo\n```\n"
        "## Suite\n"
    )
    text, title = markdown_to_text(src)
    assert title == "Échange Dakar–Kigali"
    assert "Selon C40 Cities, le plan de Lagos avance." in text
    assert "https://" not in text and "](" not in text
    assert "premier point" in text.split("\n")
    assert "Tokyo" not in text
    assert "Suite" in text.split("\n")


def test_read_markdown_document(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "note.md", "# Peer exchange in Lima\n\n" + EN_PARA + "\n"))
    assert doc.title == "Peer exchange in Lima"
    assert doc.language == "en"


def test_text_normalised_and_title_guessed(tmp_path: Path) -> None:
    raw = "\ufeffÉchange à Dakar\r\n\r\n\r\n\r\n" + FR_PARA.replace(" ", "\u00a0", 3) + "\r\n"
    doc = read_document(write(tmp_path, "a.txt", raw))
    assert doc.title == "Échange à Dakar"
    assert "\r" not in doc.text and "\u00a0" not in doc.text and "\ufeff" not in doc.text
    assert "\n\n\n" not in doc.text
    assert doc.text.endswith("\n")


def test_guess_title() -> None:
    assert guess_title("Bus électriques à Kigali\nTexte.") == "Bus électriques à Kigali"
    long = (
        "Ceci est une phrase longue qui se termine par un point "
        "et ne ressemble pas à un titre du tout."
    )
    assert guess_title(long).endswith("…")
    assert len(guess_title(long).split()) == 12


# -- language and slugs -------------------------------------------------------------------
def test_detect_language() -> None:
    assert detect_language(FR_PARA) == "fr"
    assert detect_language(EN_PARA) == "en"


def test_slugify_folds_accents_and_is_stable() -> None:
    assert (
        slugify("Échange de pair à pair : São Paulo & cœur")
        == "echange-de-pair-a-pair-sao-paulo-coeur"
    )
    assert slugify("Échange de pair à pair") == slugify("Échange de pair à pair")
    assert slugify("!!!") == "x"
    long = slugify("mot " * 40, max_len=20)
    assert len(long) <= 20 and not long.endswith("-")


def test_slugify_folds_capital_ligatures() -> None:
    assert slugify("Œuvre pour le climat") == "oeuvre-pour-le-climat"


# -- errors ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", "", "empty"),
        ("blank.txt", "  \n\n  ", "empty"),
        ("binary.txt", b"GIF89a\x00\x01\x02 text text text", "binary"),
        ("latin1.txt", "Échange à Montréal, Québec et Genève".encode("latin-1"), "not UTF-8"),
        ("sheet.xlsx", "Échange à Dakar, texte suffisant.", "unsupported"),
        ("report.pdf", "Échange à Dakar, texte suffisant.", "not a PDF"),
    ],
)
def test_bad_files_raise_one_line_error_naming_the_path(
    tmp_path: Path, name: str, content: str | bytes, reason: str
) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(CityKGError) as info:
        read_document(path)
    msg = str(info.value)
    assert msg.startswith(path.as_posix() + ":")
    assert reason in msg
    assert "\n" not in msg


def test_missing_file_and_directory(tmp_path: Path) -> None:
    missing = tmp_path / "absent.txt"
    with pytest.raises(CityKGError, match="no such file") as info:
        read_document(missing)
    assert str(info.value).startswith(missing.as_posix())
    with pytest.raises(CityKGError, match="is a directory") as info:
        read_document(tmp_path)
    assert str(info.value).startswith(tmp_path.as_posix())


def test_iter_paths_sorted_recursive_skips_hidden_keeps_missing(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for rel in ("b.txt", "a.md", "sub/c.html", "sub/d.png", ".hidden/e.txt", ".f.txt"):
        (tmp_path / rel).write_text("x", encoding="utf-8")
    missing = tmp_path / "nope.txt"
    got = list(iter_paths([tmp_path, tmp_path / "b.txt", missing]))
    assert got == [tmp_path / "a.md", tmp_path / "b.txt", tmp_path / "sub" / "c.html", missing]
