"""Shared fixtures: a tiny corpus written here, and the labelled corpus in ../shared when present."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RAADSLENS_SHARED", REPO.parent / "shared"))
FIXTURES = Path(__file__).parent / "fixtures"

MOTION = """MOTIE

De raad van de gemeente Zutphen, in vergadering bijeen op 14 maart 2023,

constaterende dat:

- 1 op de 8 jeugdigen in de gemeente jeugdhulp krijgt en de wachttijd voor jeugd-ggz gemiddeld 12 weken is;

overwegende dat:

- preventie aan de voorkant zwaardere zorg kan voorkomen;

verzoekt het college:

1. uiterlijk in het tweede kwartaal van 2024 een plan voor preventie op scholen voor te leggen;

2. hiervoor € 250.000 per jaar vrij te maken binnen de begroting jeugd,

en gaat over tot de orde van de dag.

Ingediend door:
Partij A, J. Jansen
"""

QUESTIONS = """Schriftelijke vragen ex artikel 40 RvO

Aan het college van burgemeester en wethouders van de gemeente Velsen
Datum: 3 april 2022

Vraag 1
Hoeveel kinderen staan op een wachtlijst voor jeugdhulp?

Antwoord
Op 1 maart stonden 85 kinderen op de wachtlijst.

Vraag 2
Welke afspraken maakt u met de huisartsen over verwijzingen?

Antwoord
Wij maken afspraken met de huisartsen over de inzet van een POH-jeugd in 12 praktijken.
"""

HOSTILE = """<html><head><title>x</title><script>alert('head')</script></head>
<body><nav>Menu Home Contact</nav>
<article><p>De gemeente Ede investeert in jongerenwerk. <script>alert(1)</script></p>
<p>Klik <a href="javascript:alert(2)">hier</a> <img src=x onerror="alert(3)"> voor 30 procent meer.</p>
<p>&lt;script&gt;alert("escaped")&lt;/script&gt; staat letterlijk in de tekst.</p></article>
<footer>Cookies</footer></body></html>
"""


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    """Three readable documents and two broken ones."""
    corpus = tmp_path / "corpus"
    write(corpus, "a.txt", MOTION)
    write(corpus, "sub/b.txt", QUESTIONS)
    write(corpus, "c.html", HOSTILE)
    write(corpus, "empty.pdf", b"")
    write(corpus, "broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage")
    return corpus


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"the shared labelled corpus is not beside the repo ({SHARED}); set RAADSLENS_SHARED")
    return SHARED


def run_cli(*args: str, env: dict | None = None):
    import subprocess

    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                          cwd=REPO, env={**os.environ, **(env or {})}, timeout=600)
