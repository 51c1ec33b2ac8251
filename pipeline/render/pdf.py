"""The printable report as PDF, printed by headless Chromium (Debian package `chromium`).

Chromium applies the same print CSS a reader gets from the browser's print dialog (A4, chapters
on new pages), so the PDF and a printout agree. Nothing is downloaded: without Chromium this fails
with a clear message and the HTML report is still there.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--no-pdf-header-footer")


def find_browser() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def to_pdf(html: Path, pdf: Path, timeout_s: float = 180) -> Path:
    """Print `html` to `pdf`; raises RuntimeError with the reason when that is not possible."""
    browser = find_browser()
    if browser is None:
        raise RuntimeError("PDF needs headless Chromium: apt-get install chromium")
    pdf = Path(pdf).resolve()
    with tempfile.TemporaryDirectory(prefix="raadslens-chromium-") as profile:
        command = [browser, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}",
                   Path(html).resolve().as_uri()]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout_s, check=False)
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"Chromium did not finish printing within {timeout_s:.0f} s") from exc
    if not pdf.exists() or pdf.read_bytes()[:5] != b"%PDF-":
        raise RuntimeError("Chromium did not write a PDF")
    return pdf
