"""Small PDFs built on the fly with reportlab (a dev dependency), for extraction tests."""
from __future__ import annotations

import io


def make_pdf(pages: list[list[str]], encrypt_user: str | None = None, encrypt_owner: str | None = None,
             table: list[list[str]] | None = None) -> bytes:
    """One PDF page per list of paragraphs; optionally a ruled table on the first page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    encrypt = None
    if encrypt_user is not None or encrypt_owner is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(encrypt_user or "", ownerPassword=encrypt_owner or "owner")
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt, invariant=1)
    for number, paragraphs in enumerate(pages):
        y = A4[1] - 3 * cm
        for paragraph in paragraphs:
            for line in paragraph.split("\n"):
                pdf.drawString(2.5 * cm, y, line)
                y -= 14
            y -= 14  # blank line between paragraphs
        if table and number == 0:
            y -= 10
            for row in table:
                for c, cell in enumerate(row):
                    width = 8 * cm if c == 0 else 3 * cm
                    x = 2.5 * cm + (0 if c == 0 else 8 * cm + (c - 1) * 3 * cm)
                    pdf.rect(x, y - 4, width, 16)
                    pdf.drawString(x + 3, y, cell)
                y -= 16
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
