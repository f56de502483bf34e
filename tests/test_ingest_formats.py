"""Unit tests for citykg.ingest's other formats: PDF (briefs written by fpdf2 at test time),
DOCX, RSS/Atom feeds, and files of unknown kinds listed rather than dropped."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from test_ingest import FR_PARA, write

from citykg.errors import CityKGError
from citykg.ingest import read_document

ROOT = Path(__file__).resolve().parent.parent

# -- PDF (fpdf2 writes briefs at test time) ----------------------------------------------
LEFT = [
    "Les villes de Dakar et de Kigali ont lancé un échange entre pairs sur les bus "
    "électriques, avec le soutien de la Banque mondiale et du réseau C40.",
    "Les équipes ont comparé les contrats d'exploitation et les dépôts de recharge.",
]
RIGHT = [
    "Dans la colonne de droite, Accra présente son plan de mobilité et ses objectifs pour "
    "2030, adoptés par le conseil municipal au printemps.",
]


def _two_column_pdf(path: Path) -> Path:
    """The README example's writer (scripts/make_examples.py), with this test's texts."""
    spec = importlib.util.spec_from_file_location(
        "make_examples", ROOT / "scripts" / "make_examples.py"
    )
    examples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(examples)
    return examples.write_two_column_pdf(
        path,
        "Note de synthèse : bus électriques",
        (LEFT, RIGHT),
        heading=False,
        later_pages=("Page deux : Nairobi rejoindra le programme en 2026.",),
    )


@pytest.mark.issue(10)
def test_two_column_pdf_reads_column_by_column_with_page_offsets(tmp_path: Path) -> None:
    doc = read_document(_two_column_pdf(tmp_path / "brief.pdf"))
    squashed = " ".join(doc.text.split())
    left0 = " ".join(LEFT[0].split()[:8])
    right0 = " ".join(RIGHT[0].split()[:6])
    assert left0 in squashed and right0 in squashed
    assert squashed.index(left0) < squashed.index("dépôts de recharge") < squashed.index(right0)
    # printed lines of a paragraph are joined again
    assert "Banque mondiale et du réseau C40." in squashed
    assert doc.title == "Note de synthèse : bus électriques"
    assert len(doc.pages) == 2 and doc.pages[0] == 0
    assert doc.text[doc.pages[1] :].startswith("Page deux")
    assert doc.page_of(doc.text.index("Nairobi")) == 2
    assert doc.page_of(doc.text.index("Kigali")) == 1


@pytest.mark.issue(10)
def test_pdf_without_a_text_layer_is_reported_by_name(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a "scan": marks, no text
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(CityKGError, match="no text layer") as info:
        read_document(path)
    assert str(info.value).startswith(path.as_posix() + ":")


# -- DOCX -----------------------------------------------------------------------------------
@pytest.mark.issue(10)
def test_docx_paragraphs_headings_and_tables_in_order(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_heading("Mission d'étude à Curitiba", level=1)
    d.add_paragraph(FR_PARA)
    table = d.add_table(rows=2, cols=2)
    for row, (k, v) in zip(
        table.rows, [("Date et heure", "12 mai 2025"), ("Lieu", "Curitiba")], strict=True
    ):
        row.cells[0].text, row.cells[1].text = k, v
    d.add_paragraph("Les villes partageront leurs feuilles de route.")
    path = tmp_path / "note.docx"
    d.save(str(path))
    doc = read_document(path)
    lines = doc.text.split("\n")
    assert doc.title == "Mission d'étude à Curitiba"
    assert lines.index("Date et heure: 12 mai 2025") < lines.index(
        "Les villes partageront leurs feuilles de route."
    )
    assert FR_PARA in lines and "Lieu: Curitiba" in lines and doc.language == "fr"


def test_broken_docx_is_one_line_error(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.docx", b"PK\x03\x04 not really a zip")
    with pytest.raises(CityKGError, match="not a readable Word document"):
        read_document(path)


# -- feeds -------------------------------------------------------------------------------
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Network news</title><link>https://net.example.org/</link>
<language>en</language>
<item><title>Lagos hosts Accra on waste pickers</title><link>https://net.example.org/a</link>
<guid>https://net.example.org/?p=1</guid><pubDate>Tue, 04 Mar 2025 09:00:00 +0000</pubDate>
<description><![CDATA[<p>Officials from Accra visited Lagos for a peer exchange on waste pickers &amp;amp; recycling.</p>]]></description></item>
<item><title>Nairobi and Kampala plan bus lanes</title><link>https://net.example.org/b</link>
<guid>https://net.example.org/?p=2</guid><pubDate>Wed, 05 Mar 2025 09:00:00 +0000</pubDate>
<description>Transport planners from Kampala met in Nairobi to compare bus lanes.</description></item>
</channel></rss>
"""


@pytest.mark.issue(10)
def test_rss_feed_is_one_document_per_item_with_link_and_date(tmp_path: Path) -> None:
    import datetime as dt

    from citykg.ingest import read_documents

    path = write(tmp_path, "news.xml", RSS)
    docs = read_documents(path)
    assert [d.title for d in docs] == [
        "Lagos hosts Accra on waste pickers",
        "Nairobi and Kampala plan bus lanes",
    ]
    assert [d.source_url for d in docs] == [
        "https://net.example.org/a",
        "https://net.example.org/b",
    ]
    assert docs[0].published == dt.date(2025, 3, 4)
    assert len({d.doc_id for d in docs}) == 2 and all(d.doc_id.startswith("news-") for d in docs)
    assert "waste pickers &amp; recycling." in docs[0].text
    # ids are stable when the feed gains an item at the top
    grown = RSS.replace(
        "<item>",
        "<item><title>New</title><link>https://net.example.org/c</link>"
        "<guid>https://net.example.org/?p=3</guid><description>Dakar and Abidjan "
        "compare plans.</description></item><item>",
        1,
    )
    (tmp_path / "again").mkdir()
    again = read_documents(write(tmp_path / "again", "news.xml", grown))
    assert len(again) == 3
    assert {d.doc_id for d in docs} <= {d.doc_id for d in again}


@pytest.mark.issue(10)
def test_atom_feed_items(tmp_path: Path) -> None:
    from citykg.ingest import read_documents

    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Actualités</title><id>urn:x</id>
<updated>2025-01-10T00:00:00Z</updated>
<entry><title>Échange entre Tunis et Sfax</title><id>urn:item:1</id>
<link href="https://villes.example.fr/tunis-sfax"/><updated>2025-01-10T00:00:00Z</updated>
<content type="html">&lt;p&gt;Les villes de Tunis et Sfax ont partagé leurs plans climat.&lt;/p&gt;</content></entry>
</feed>"""
    (doc,) = read_documents(write(tmp_path, "flux.atom", atom))
    assert doc.source_url == "https://villes.example.fr/tunis-sfax"
    assert "Les villes de Tunis et Sfax ont partagé leurs plans climat." in doc.text
    assert doc.language == "fr" and str(doc.published) == "2025-01-10"


def test_xml_that_is_not_a_feed_is_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(CityKGError, match="not an RSS or Atom feed"):
        read_document(write(tmp_path, "data.xml", "<?xml version='1.0'?><root>x y z</root>"))


# -- skipped files ----------------------------------------------------------------------------
@pytest.mark.issue(10)
def test_unknown_extensions_are_listed_not_dropped(tmp_path: Path) -> None:
    from citykg.ingest import scan_paths

    for rel in ("a.txt", "notes.odt", "photo.png", "budget.xlsx", "b.png", "Makefile"):
        write(tmp_path, rel, "x")
    scan = scan_paths([tmp_path])
    assert [p.name for p in scan.files] == ["a.txt"]
    assert scan.skipped_summary() == "skipped: 5 files ((no extension), .odt, .png, .xlsx)"
