"""Write the binary examples of the README tour (a two-column PDF brief, a DOCX note).

Run ``python scripts/make_examples.py`` after editing the texts below; the files are
committed so the tour needs no generator at run time. Texts are written for citykg.
"""

from __future__ import annotations

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


def make_pdf(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    font = "helvetica"
    if DEJAVU.exists():
        pdf.add_font("dejavu", fname=str(DEJAVU))
        font = "dejavu"
    pdf.set_title("Note de synthèse : bus électriques à Kigali")
    pdf.set_creation_date(__import__("datetime").datetime(2025, 6, 10))
    pdf.add_page()
    pdf.set_font(font, size=14)
    pdf.multi_cell(190, 8, "Note de synthèse : bus électriques à Kigali")
    pdf.set_font(font, size=10)
    top = pdf.get_y() + 4
    for x, paras in ((10, LEFT), (110, RIGHT)):
        pdf.set_xy(x, top)
        for para in paras:
            pdf.set_x(x)
            pdf.multi_cell(90, 5, para)
            pdf.ln(3)
    pdf.output(str(path))


def make_docx(path: Path) -> None:
    import docx

    d = docx.Document()
    d.core_properties.title = "Mission d'étude à Curitiba"
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


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    make_pdf(OUT / "kigali-brief.pdf")
    make_docx(OUT / "curitiba-mission.docx")
