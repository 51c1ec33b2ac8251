"""Hand-built contract records for render tests: small, fast, and covering every kind of content."""
from __future__ import annotations

from pathlib import Path

from pipeline import aggregate


def record(path: str, municipality: str | None, date: str | None, doc_type: str | None,
           paragraphs: list[tuple[str, list[str]]], facts: list[dict] | None = None, dictum: list[str] | None = None,
           questions: list[tuple[str, str | None]] | None = None, evidence: dict | None = None,
           status: str = "ok", error: str | None = None, warnings: list[str] | None = None) -> dict:
    doc_themes = sorted({t for _, ts in paragraphs for t in ts})
    return {"path": path, "id": aggregate.doc_id(path), "status": status, "error": error,
            "error_kind": "corrupt" if error else None, "format": "txt", "doc_type": doc_type,
            "municipality": municipality, "date": date, "title": path.rsplit("/", 1)[-1].split(".")[0].title(),
            "pages": 1 if status == "ok" else 0,
            "paragraphs": [{"text": text, "page": 1, "themes": [{"id": t, "score": 0.75, "evidence": [t]} for t in ts]}
                           for text, ts in paragraphs],
            "doc_themes": doc_themes, "facts": facts or [], "dictum": dictum or [],
            "questions": [{"number": str(i + 1), "question": q, "answer": a, "page": 1}
                          for i, (q, a) in enumerate(questions or [])],
            "tables": [], "warnings": warnings or [], "evidence": evidence or {}}


def fact(kind: str, value, unit: str, text: str, paragraph: int, themes: list[str], indicator: str | None = None,
         subject: str = "") -> dict:
    return {"kind": kind, "value": value, "unit": unit, "text": text, "subject": subject or text, "page": 1,
            "paragraph": paragraph, "themes": themes, "indicator": indicator}


def sample_records() -> list[dict]:
    return [
        record("zwolle/motie.txt", "Zwolle", "2023-03-14", "motie", [
            ("De gemeente investeert in preventie op scholen en vroegsignalering.", ["preventie"]),
            ("De wachttijd voor jeugd-ggz is gemiddeld 84 dagen.", ["wachttijden"]),
            ("Preventie aan de voorkant voorkomt zwaardere zorg, zegt de raad.", ["preventie"])],
            facts=[fact("duration", 84, "days", "84 dagen", 1, ["wachttijden"], "waiting_time"),
                   fact("amount_eur", 250000, "EUR", "€ 250.000", 0, ["preventie"])],
            dictum=["een plan voor preventie op scholen voor te leggen", "hiervoor € 250.000 vrij te maken"],
            evidence={"doc_type": "heading MOTIE", "motion_status": "aangenomen", "vote_tally": "27-10"}),
        record("ede/vragen.txt", "Ede", "2022-04-03", "schriftelijke_vragen", [
            ("Hoeveel kinderen wachten op jeugdhulp? Preventie moet beter.", ["wachttijden", "preventie"]),
            ("Op 1 maart stonden 85 kinderen op de wachtlijst; de wachttijd is 120 dagen.", ["wachttijden"])],
            facts=[fact("count", 85, "number", "85 kinderen", 1, ["wachttijden"]),
                   fact("duration", 120, "days", "120 dagen", 1, ["wachttijden"], "waiting_time")],
            questions=[("Hoeveel kinderen staan op een wachtlijst?", "Op 1 maart stonden 85 kinderen op de wachtlijst."),
                       ("Wat doet u aan preventie?", None)]),
        record("ede/plan.txt", "Ede", "2019-05-01", "beleidsplan", [
            ("Wij verhogen het aandeel preventie naar 12% van het jeugdbudget.", ["preventie"]),
            ("Het jongerenwerk krijgt een plek in de sociale basis.", ["sociale_basis"])],
            facts=[fact("percentage", 12, "%", "12%", 0, ["preventie"], "prevention_share")]),
        record("leiden/begroting.txt", "Leiden", "2024", "begroting", [
            ("Het aandeel preventie in de begroting jeugd is 9%.", ["preventie"])],
            facts=[fact("percentage", 9, "%", "9%", 0, ["preventie"], "prevention_share")]),
        record("broken.pdf", None, None, None, [], status="error", error="extract: cannot open the PDF"),
        record("scan.pdf", "Leiden", "2021-01-01", "notulen", [("Kort verslag van de vergadering.", [])],
               warnings=["needs OCR: 3 page(s) without a text layer (2-4)"]),
    ]


def sample_tables(folder: Path, records: list[dict] | None = None) -> aggregate.Tables:
    records = sample_records() if records is None else records
    return aggregate.collect(iter(records), Path(folder) / "data" / "documents.jsonl")
