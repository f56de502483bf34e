"""Write the binary examples of the README tour (a two-column PDF brief, a DOCX note).

Run ``python scripts/make_examples.py`` after editing the texts below; the files are
committed so the tour needs no generator at run time. Texts are written for citykg.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "examples" / "formats"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

LEFT = [
    "Du 2 au 4 juin 2025, des représentants de Dakar et d'Abidjan se sont réunis à Kigali "
    "pour un échange entre pairs sur les bus électriques, organisé par l'AIMF.",
    "Les équipes ont comparé leurs contrats d'exploitation et leurs dépôts de recharge.",
]
RIGHT = [
    "Kigali a présenté son plan de mobilité électrique, qui vise 30 % de bus électriques "
    "d'ici 2030, avec le soutien de la Banque mondiale.",
]


def write_two_column_pdf(
    path: Path,
    title: str,
    columns: tuple[list[str], list[str]],
    *,
    heading: bool = True,
    created: datetime | None = None,
    later_pages: tuple[str, ...] = (),
) -> Path:
    """A brief laid out as two columns of paragraphs (and one-paragraph pages after it),
    the shape of the PDFs city networks publish: the reader must give the left column's
    paragraphs before the right one's. Also used by tests/test_ingest_formats.py, so the
    README's example and the reader's test come from one writer."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    font = "helvetica"  # the core font covers Latin-1; DejaVu, when present, all of Unicode
    if DEJAVU.exists():
        pdf.add_font("dejavu", fname=str(DEJAVU))
        font = "dejavu"
    pdf.set_title(title)
    if created is not None:
        pdf.set_creation_date(created)
    pdf.add_page()
    if heading:
        pdf.set_font(font, size=14)
        pdf.multi_cell(190, 8, title)
    pdf.set_font(font, size=10)
    top = pdf.get_y() + (4 if heading else 0)
    for x, paras in zip((10, 110), columns, strict=True):
        pdf.set_xy(x, top)
        for para in paras:
            pdf.set_x(x)
            pdf.multi_cell(90, 5, para)
            pdf.ln(3)
    for text in later_pages:
        pdf.add_page()
        pdf.set_font(font, size=10)
        pdf.multi_cell(190, 5, text)
    pdf.output(str(path))
    return path


def make_pdf(path: Path) -> None:
    title = "Note de synthèse : bus électriques à Kigali"
    write_two_column_pdf(path, title, (LEFT, RIGHT), created=datetime(2025, 6, 10))


def make_docx(path: Path) -> None:
    import docx

    d = docx.Document()
    d.core_properties.title = "Mission d'étude à Curitiba"
    # fixed dates, so that rerunning the script leaves the committed file as it is
    d.core_properties.created = d.core_properties.modified = datetime(2025, 5, 12)
    d.add_heading("Mission d'étude à Curitiba", level=1)
    d.add_paragraph(
        "Une délégation de Belo Horizonte a effectué une mission d'étude à Curitiba sur les "
        "couloirs de bus rapides, avec le soutien de la Banque interaméricaine de développement."
    )
    table = d.add_table(rows=2, cols=2)
    rows = [("Date et heure", "12 mai 2025"), ("Lieu", "Curitiba, Brésil")]
    for row, (k, v) in zip(table.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = k, v
    d.save(str(path))
    _pin_zip_dates(path, (2025, 5, 12, 0, 0, 0))


def _pin_zip_dates(path: Path, when: tuple[int, ...]) -> None:
    """Rewrite a DOCX (a zip) with every member dated ``when``: python-docx stamps them
    with the time of writing, which would make each run of this script a new file."""
    import zipfile

    with zipfile.ZipFile(path) as src:
        members = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in members:
            pinned = zipfile.ZipInfo(info.filename, date_time=when)
            pinned.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(pinned, data)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    make_pdf(OUT / "kigali-brief.pdf")
    make_docx(OUT / "curitiba-mission.docx")
