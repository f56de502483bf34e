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


# == issue 10: real sites' pages, Markdown, PDF, DOCX, feeds ===============================
DATA = Path(__file__).parent / "data" / "ingest"
ROOT = Path(__file__).resolve().parent.parent
#: words of the page furniture in the fixtures: none may reach the text
FURNITURE = {
    "wordpress_news.html": [
        "cookies",
        "Berlin",
        "Toronto",
        "Sydney",
        "Share on",
        "Lima",
        "Quito",
        "Montreal",
        "Brussels",
        "Skip to content",
        "Recent posts",
    ],
    "drupal_event_fr.html": [
        "cookies",
        "Lisbonne",
        "Tokyo",
        "Osaka",
        "Séoul",
        "Marseille",
        "À lire aussi",
        "Partager",
        "Lyon",
        "Accueil",
    ],
    "cityhall_event_en.html": [
        "Cookies",
        "Madrid",
        "Rome",
        "Helsinki",
        "Toronto",
        "Sydney",
        "Privacy",
        "Home",
    ],
}
CONTENT = {
    "wordpress_news.html": [
        "Kigali and Accra swap notes on electric motorbikes",
        "organised by C40 Cities.",
        "joint note on charging standards",
    ],
    "drupal_event_fr.html": [
        "Date et heure",
        "18 mars 2025, 9 h 00",
        "Emplacement",
        "Hôtel de ville, Dakar, Sénégal",
        "Bamako",
    ],
    "cityhall_event_en.html": [
        "When",
        "14 May 2025",
        "Where",
        "Municipal Corporation headquarters, Mumbai, India",
    ],
}


@pytest.mark.issue(10)
@pytest.mark.parametrize("name", sorted(FURNITURE))
def test_html_keeps_the_article_and_drops_page_furniture(name: str) -> None:
    doc = read_document(DATA / name)
    for junk in FURNITURE[name]:
        assert junk not in doc.text, junk
    lines = doc.text.split("\n")
    for wanted in CONTENT[name]:
        assert wanted in doc.text, wanted
    for label in ("Date et heure", "Emplacement", "When", "Where"):
        if label in CONTENT[name]:
            assert label in lines  # a block label stays a line of its own
            value = lines[lines.index(label) + 2]  # blank line between blocks
            assert value == CONTENT[name][CONTENT[name].index(label) + 1]


@pytest.mark.issue(10)
def test_article_header_h1_is_the_title_and_stays_in_the_text() -> None:
    doc = read_document(DATA / "wordpress_news.html")
    assert doc.title == "Kigali and Accra swap notes on electric motorbikes"
    assert doc.text.startswith("Kigali and Accra swap notes on electric motorbikes\n")
    assert "Urban Climate Exchange Network" not in doc.text


@pytest.mark.issue(10)
def test_html_metadata_reaches_the_document() -> None:
    import datetime as dt

    doc = read_document(DATA / "wordpress_news.html")
    assert doc.published == dt.date(2025, 4, 9)
    assert doc.source_url == "https://news.example.org/2025/04/kigali-accra-electric-motorbikes/"
    assert doc.author == "Amina Okafor"
    assert doc.site_name == "Urban Climate Exchange Network"
    fr = read_document(DATA / "drupal_event_fr.html")
    assert fr.language == "fr" and fr.published == dt.date(2025, 2, 3)
    # an event page's event date is not its publication date
    assert read_document(DATA / "cityhall_event_en.html").published is None
    assert read_document(ROOT / "seeds" / "106_warsaw-deep-retrofit-lab_en.html").published is None


@pytest.mark.issue(10)
def test_seed_106_hidden_cookie_banner_is_not_text() -> None:
    doc = read_document(ROOT / "seeds" / "106_warsaw-deep-retrofit-lab_en.html")
    assert "cookies" not in doc.text.lower()
    assert doc.text.startswith("Deep Retrofit Lab: Warsaw hosts cities")
    assert "Date and time" in doc.text.split("\n")


@pytest.mark.issue(11)
def test_html_entities_are_decoded_exactly_once() -> None:
    doc = read_document(DATA / "cityhall_event_en.html")
    assert "the entity &lt;script&gt; stays text." in doc.text
    assert "<script>" not in doc.text
    text, _ = html_to_text("<p>Lyon &amp;amp; Turin &eacute;changent &#8212; &amp;lt;b&amp;gt;</p>")
    assert text.strip() == "Lyon &amp; Turin échangent — &lt;b&gt;"


# -- Markdown through markdown-it ----------------------------------------------------------
@pytest.mark.issue(10)
def test_markdown_setext_headings_tables_and_reference_links() -> None:
    src = (
        "Atelier de Dakar\n================\n\n"
        "Selon [le réseau][aimf], les villes &amp; leurs &lt;partenaires&gt; avancent.\n\n"
        "Programme\n---------\n\n"
        "| Champ | Valeur |\n|---|---|\n| Date et heure | 5 mars 2025 |\n| Lieu | Dakar |\n\n"
        '[aimf]: https://example.org/aimf "AIMF"\n'
    )
    text, title = markdown_to_text(src)
    lines = text.split("\n")
    assert title == "Atelier de Dakar"
    assert "===" not in text and "---" not in text
    assert "Programme" in lines
    assert "Selon le réseau, les villes & leurs <partenaires> avancent." in lines
    assert "[aimf]" not in text and "example.org" not in text
    assert "Date et heure: 5 mars 2025" in lines and "Lieu: Dakar" in lines


# -- input reading (issue 11) ----------------------------------------------------------------
@pytest.mark.issue(11)
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    with pytest.raises(CityKGError, match="not a regular file") as info:
        read_document(fifo)
    assert str(info.value).startswith(fifo.as_posix() + ":")


@pytest.mark.issue(11)
def test_dev_zero_linked_as_text_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "z.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(CityKGError, match="not a regular file"):
        read_document(link)


@pytest.mark.issue(11)
def test_read_stops_at_the_limit_plus_one_byte() -> None:
    from citykg.ingest.files import read_bytes

    # /proc files are regular files whose stat size is 0: only a bounded read ends
    with pytest.raises(CityKGError, match="too large"):
        read_bytes(Path("/proc/self/maps"), limit=8)


@pytest.mark.issue(11)
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"])
def test_utf16_with_bom_is_text(tmp_path: Path, encoding: str) -> None:
    raw = (
        ("\ufeff" + EN_PARA).encode(encoding) if encoding != "utf-16" else EN_PARA.encode(encoding)
    )
    doc = read_document(write(tmp_path, "u16.txt", raw))
    assert doc.text.strip() == EN_PARA
    assert doc.language == "en"


@pytest.mark.issue(11)
def test_bidi_overrides_and_c1_controls_never_reach_text_or_title(tmp_path: Path) -> None:
    raw = "Atelier \u202eidaK\u202c à \x85Dakar\u0090\n\n" + FR_PARA + "\u2066\x9b\n"
    doc = read_document(write(tmp_path, "rtl.txt", raw))
    for ch in ("\u202e", "\u202c", "\u2066", "\x85", "\x90", "\x9b"):
        assert ch not in doc.text and ch not in doc.title
    assert doc.title == "Atelier idaK à Dakar"
    html = "<h1>Ville de \u202eesiaN\u202c</h1><p>" + FR_PARA + "\x9f</p>"
    text, title = html_to_text(html)
    assert title == "Ville de esiaN" and "\x9f" not in text


# -- through the whole build: no furniture entity or edge, Document metadata in RDF ---------
@pytest.fixture(scope="module")
def boilerplate_build(tmp_path_factory):
    import shutil

    from citykg.pipeline import build

    src = tmp_path_factory.mktemp("boilerplate")
    for name in FURNITURE:
        shutil.copy(DATA / name, src / name)
    shutil.copy(ROOT / "seeds" / "106_warsaw-deep-retrofit-lab_en.html", src / "106.html")
    (src / "notes.odt").write_bytes(b"PK\x03\x04")
    (src / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    out = tmp_path_factory.mktemp("boilerplate-out")
    return build([src], out, view=False), out


@pytest.mark.issue(10)
def test_furniture_gives_no_entity_and_no_edge(boilerplate_build) -> None:
    result, _ = boilerplate_build
    assert result.ok, result.errors
    labels = {label for e in result.resolved.entities.values() for label in e.labels.values()}
    furniture = {w for words in FURNITURE.values() for w in words if w[:1].isupper()}
    furniture |= {"Bogotá", "Nairobi", "Munich", "Oslo", "Brussels"}
    assert not labels & furniture, labels & furniture
    for e in result.resolved.entities.values():
        assert not any("cookie" in lab.lower() for lab in e.labels.values()), e.labels
    for r in result.resolved.relations:
        low = r.evidence.lower()
        assert "cookie" not in low and "newsletter" not in low and "20,000" not in low, r
    # the content is still read
    assert {"Kigali", "Accra", "Dakar", "Durban", "Mumbai", "Warsaw"} <= labels


@pytest.mark.issue(10)
def test_document_node_has_issued_and_source(boilerplate_build) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, XSD

    result, out = boilerplate_build
    g = result.dataset
    issued = {o for _, _, o in g.triples((None, DCTERMS.issued, None))}
    sources = {o for _, _, o in g.triples((None, DCTERMS.source, None))}
    assert Literal("2025-04-09", datatype=XSD.date) in issued
    assert URIRef("https://news.example.org/2025/04/kigali-accra-electric-motorbikes/") in sources
    ttl = (out / "citykg.ttl").read_text(encoding="utf-8")
    assert "dcterms:issued" in ttl and "dcterms:source" in ttl


@pytest.mark.issue(10)
def test_skipped_files_in_report_and_console(boilerplate_build, tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from citykg.cli import main

    result, out = boilerplate_build
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [Path(p).name for p in report["skipped"]] == ["logo.png", "notes.odt"]
    src = tmp_path / "in"
    src.mkdir()
    write(src, "a.txt", EN_PARA)
    for rel in ("notes.odt", "photo.png", "budget.xlsx"):
        write(src, rel, "x")
    r = CliRunner().invoke(main, ["build", str(src), "--out", str(tmp_path / "o"), "--no-view"])
    assert r.exit_code == 0, r.output
    assert "skipped: 3 files (.odt, .png, .xlsx)" in r.output


def test_source_iri_encodes_what_an_iri_cannot_hold() -> None:
    from citykg.vocab import source_iri

    assert str(source_iri('https://x.example/a b"<c>')) == "https://x.example/a%20b%22%3Cc%3E"


@pytest.mark.parametrize(
    "page", ["", "  \n", "<!-- x -->", "<div hidden>We use cookies here</div>"]
)
def test_html_without_content_is_an_empty_document_error(tmp_path: Path, page: str) -> None:
    with pytest.raises(CityKGError, match="empty document"):
        read_document(write(tmp_path, "p.html", page))


def test_html_nested_deeper_than_libxml2_allows_keeps_its_text() -> None:
    text, _ = html_to_text("<div>" * 5000 + "Dakar &amp;lt; Kigali" + "</div>" * 5000)
    assert text.strip() == "Dakar &lt; Kigali"


def test_hiding_utility_classes_hide_but_overflow_hidden_does_not() -> None:
    page = (
        "<main><div class='overflow-hidden'><h1>Lima et Quito</h1><p>" + FR_PARA + "</p></div>"
        "<p class='d-none'>Texte caché sur Tokyo.</p>"
        "<div class='element-invisible'>Osaka</div></main>"
    )
    text, title = html_to_text(page)
    assert title == "Lima et Quito" and FR_PARA in text
    assert "Tokyo" not in text and "Osaka" not in text


def test_pages_too_deep_or_large_for_trafilatura_keep_our_linear_reading() -> None:
    from citykg.ingest.html import MAX_DEPTH, _too_big_for_trafilatura, parse_html

    deep = "<div><a href='#'>x</a> " * (MAX_DEPTH + 5) + "</div>" * (MAX_DEPTH + 5)
    assert _too_big_for_trafilatura(parse_html(deep))
    assert not _too_big_for_trafilatura(parse_html((DATA / "wordpress_news.html").read_text()))
    text, _ = html_to_text(deep + "<p>" + FR_PARA + "</p>")
    assert FR_PARA in text


@pytest.mark.issue(10)
def test_restructuredtext_fields_sections_tables_and_no_file_inclusion(tmp_path: Path) -> None:
    from citykg.ingest.rst import rst_to_text

    secret = write(tmp_path, "secret.txt", "Tokyo Osaka Séoul")
    src = (
        "Atelier de Dakar\n================\n\n:Date et heure: 5 mars 2025\n:Lieu: Dakar\n\n"
        f"{FR_PARA}\n\nProgramme\n---------\n\n.. include:: {secret}\n\n"
        ".. raw:: html\n\n   <b>Lagos</b>\n\n.. code-block:: python\n\n   print('Maputo')\n\n"
        ".. list-table::\n\n   * - Emplacement\n     - Kigali\n"
    )
    text, title = rst_to_text(src)
    lines = text.split("\n")
    assert title == "Atelier de Dakar"
    assert "Date et heure: 5 mars 2025" in lines and "Lieu: Dakar" in lines
    assert FR_PARA in lines and "Programme" in lines and "Emplacement: Kigali" in lines
    for junk in ("Tokyo", "Lagos", "Maputo", "include", "="):
        assert junk not in text
    doc = read_document(write(tmp_path, "note.rst", src))
    assert doc.title == "Atelier de Dakar" and doc.language == "fr"


def test_html_that_trafilatura_cannot_reserialise_keeps_our_reading(tmp_path):
    """An attribute named like a namespace prefix ("http:") makes trafilatura's own XML
    output unparsable: the page is still read (found by the hypothesis suite)."""
    page = tmp_path / "odd.html"
    page.write_text(
        "<html><head><title>T</title></head><body><div>Kigali hosted a delegation from "
        "Accra <http://x> ; to learn about electric buses, on 3 May 2025.</div></body></html>",
        encoding="utf-8",
    )
    doc = read_document(page)
    assert "hosted a delegation from Accra" in doc.text


def test_markdown_with_html_and_control_characters_is_read(tmp_path):
    """A C0 control inside a Markdown file's HTML block made lxml refuse the fragment
    (found by the hypothesis suite): controls are stripped before any HTML parse."""
    page = tmp_path / "notes.md"
    page.write_text(
        '<script>alert("x")</script> \x01\x07\x1b\x7f Kigali hosted Accra\n\n'
        "Delegates from Accra and Kigali met about electric buses on 3 May 2025.\n",
        encoding="utf-8",
    )
    doc = read_document(page)
    assert "Delegates from Accra and Kigali" in doc.text
    assert not any(c in doc.text for c in "\x01\x07\x1b\x7f")
