"""Labels of the report in Dutch (default) and English; `[render] language` picks one."""
from __future__ import annotations

DOC_TYPES = {
    "nl": {"motie": "Motie", "amendement": "Amendement", "schriftelijke_vragen": "Schriftelijke vragen",
           "raadsvoorstel": "Raadsvoorstel", "raadsinformatiebrief": "Raadsinformatiebrief",
           "beleidsplan": "Beleidsplan", "begroting": "Begroting", "rekenkamerrapport": "Rekenkamerrapport",
           "nieuwsbericht": "Nieuwsbericht", "notulen": "Notulen"},
    "en": {"motie": "Motion", "amendement": "Amendment", "schriftelijke_vragen": "Written questions",
           "raadsvoorstel": "Council proposal", "raadsinformatiebrief": "Information letter",
           "beleidsplan": "Policy plan", "begroting": "Budget", "rekenkamerrapport": "Court-of-audit report",
           "nieuwsbericht": "News item", "notulen": "Minutes"},
}
FACT_KINDS = {
    "nl": {"percentage": "Percentages", "amount_eur": "Bedragen (€)", "duration": "Duur (dagen)",
           "count": "Aantallen", "date_deadline": "Termijnen"},
    "en": {"percentage": "Percentages", "amount_eur": "Amounts (€)", "duration": "Durations (days)",
           "count": "Counts", "date_deadline": "Deadlines"},
}
# Known indicator ids get a readable label; an unknown id is shown with its underscores as spaces.
INDICATORS = {
    "nl": {"youth_care_share": "Aandeel jeugdigen met jeugdhulp", "referrer_share": "Aandeel verwijzingen per verwijzer",
           "waiting_time": "Gemiddelde wachttijd", "youth_care_costs": "Kosten jeugdhulp",
           "prevention_share": "Aandeel preventie in de begroting", "client_satisfaction": "Cliënttevredenheid"},
    "en": {"youth_care_share": "Share of youths with youth care", "referrer_share": "Referrals by referrer",
           "waiting_time": "Average waiting time", "youth_care_costs": "Youth-care costs",
           "prevention_share": "Prevention share of the budget", "client_satisfaction": "Client satisfaction"},
}
MOTION_STATUS = {
    "nl": {},
    "en": {"aangenomen": "adopted", "verworpen": "rejected", "ingetrokken": "withdrawn", "aangehouden": "held over",
           "unaniem aangenomen": "adopted unanimously"},
}
UNITS = {"nl": {"%": "%", "percent": "%", "EUR": "€", "eur": "€", "days": "dagen", "number": "", "count": "",
                "date": "datum", "fte": "fte"},
         "en": {"%": "%", "percent": "%", "EUR": "€", "eur": "€", "days": "days", "number": "", "count": "",
                "date": "date", "fte": "FTE"}}

TEXT = {
    "nl": {
        "overview": "Overzicht", "themes": "Thema's", "theme": "Thema", "municipalities": "Gemeenten",
        "municipality": "Gemeente", "search": "Zoeken", "search_placeholder": "Zoek in alinea's en citaten",
        "documents": "Documenten", "document": "Document", "date": "Datum", "year": "Jaar", "type": "Soort",
        "title": "Titel", "status": "Status", "file": "Bestand", "pages": "Pagina's", "value": "Waarde",
        "unit": "Eenheid", "subject": "Onderwerp", "quote": "Citaat", "source": "Bron", "page": "p.",
        "unknown": "onbekend", "no_data": "Geen gegevens.", "score": "score", "evidence": "bewijs",
        "generated": "Gegenereerd", "footer": "Elke bewering verwijst naar een pagina van een brondocument.",
        "skip": "Naar de inhoud", "filters": "Filters", "all": "alle", "from": "van", "to": "tot en met",
        "period": "Periode", "filter_table": "Filter deze tabel", "rows_shown": "rijen zichtbaar",
        "n_documents": "documenten", "n_failed": "niet gelezen", "n_ocr": "hebben OCR nodig",
        "newest_listed": "De nieuwste {shown} van {total} documenten; alle documenten staan op de pagina's per gemeente, in Zoeken en in data/documents.csv.",
        "coverage": "Dekking", "coverage_type": "Documenten per gemeente en soort",
        "coverage_year": "Documenten per gemeente en jaar",
        "failures": "Niet gelezen of onvolledig", "error_kind": "Soort fout", "reason": "Reden",
        "needs_ocr": "heeft OCR nodig (geen tekstlaag) op pagina", "matrix": "Thema's per gemeente",
        "matrix_lead": "Aandeel van de alinea's van een gemeente dat over het thema gaat; tussen haakjes het aantal documenten met zulke alinea's.",
        "matrix_chart": "Aandeel alinea's per thema en gemeente", "share_paragraphs": "% van de alinea's",
        "changes": "Wat is er veranderd sinds de vorige run", "first_run": "Dit is de eerste run: er is nog niets om mee te vergelijken.",
        "no_changes": "Geen veranderingen in de documenten.", "added": "Nieuw", "removed": "Verwijderd",
        "changed": "Anders gelezen", "before": "voorheen", "after": "nu",
        "runs": "Runs", "run": "Run", "processed": "Verwerkt", "fresh": "Actueel", "failed": "Mislukt",
        "indicators": "Cijfers naast elkaar", "indicators_lead": "Per indicator (of, waar nog geen indicator bekend is, per soort cijfer) de waarden per gemeente, nieuwste eerst, elk met jaar en bron.",
        "indicator": "Indicator", "motions": "Moties en amendementen", "dictum": "Dictum",
        "no_dictum": "geen dictum gevonden", "outcome": "Uitslag", "outcome_unknown": "onbekend",
        "questions": "Schriftelijke vragen en antwoorden", "question": "Vraag", "answer": "Antwoord",
        "unanswered": "(nog niet beantwoord)", "quotes": "Sterkste citaten per gemeente", "timeline": "Tijdlijn",
        "timeline_chart": "Documenten over het thema in de tijd", "theme_share_chart": "Aandeel alinea's over het thema per gemeente",
        "indicator_chart": "per gemeente (nieuwste waarde)", "themes_over_time": "Thema's door de tijd",
        "themes_over_time_chart": "Aandeel alinea's per thema en jaar", "figures": "Cijfers", "text": "Tekst",
        "metadata": "Gegevens", "failure": "Dit document kon niet worden gelezen", "warnings": "Waarschuwingen",
        "why": "Waarom", "none_motions": "Geen moties of amendementen.", "none_questions": "Geen schriftelijke vragen.",
        "none_facts": "Geen cijfers gevonden.", "search_lead": "Zoek in alle alinea's en citaten. Resultaten linken naar de pagina van het brondocument.",
        "search_nojs": "Zoeken werkt met JavaScript; zonder JavaScript zijn alle pagina's gewoon leesbaar via de navigatie.",
        "results": "resultaten", "report": "Rapport", "report_scope": "Onderzoeksvraag",
        "report_lead": "Vergelijking van gemeenten op één thema. Elk cijfer, elke motie en elk citaat heeft een genummerde bronvermelding.",
        "sources": "Bronnen", "exports": "Tabellen als CSV en Excel", "doc_count": "Documenten",
        "paragraph": "alinea", "paragraphs": "alinea's", "chart_alt_heatmap": "Heatmap",
        "min_score": "score", "contents": "Inhoud", "period_all": "alle jaren",
        "per_municipality": "Per gemeente", "per_municipality_lead": "Wat elke gemeente over het thema heeft. De naam opent alles daarvan op één pagina: alle cijfers, moties met dictum, vragen met antwoorden, citaten en documenten.",
        "col_paragraphs": "Alinea's", "col_motions": "Moties", "col_questions": "Vragen", "newest": "Nieuwste",
        "quote_each": "Sterkste citaat per gemeente", "per_year": "Documenten over het thema per gemeente en jaar.",
        "all_municipalities": "alle gemeenten", "all_themes": "alle thema's", "quotes_one": "Sterkste citaten",
        "none_documents": "Geen documenten met dit thema als documentthema; de cijfers en citaten hierboven komen uit documenten over andere thema's.",
    },
    "en": {
        "overview": "Overview", "themes": "Themes", "theme": "Theme", "municipalities": "Municipalities",
        "municipality": "Municipality", "search": "Search", "search_placeholder": "Search paragraphs and quotes",
        "documents": "Documents", "document": "Document", "date": "Date", "year": "Year", "type": "Type",
        "title": "Title", "status": "Status", "file": "File", "pages": "Pages", "value": "Value",
        "unit": "Unit", "subject": "Subject", "quote": "Quote", "source": "Source", "page": "p.",
        "unknown": "unknown", "no_data": "No data.", "score": "score", "evidence": "evidence",
        "generated": "Generated", "footer": "Every statement links to a page of a source document.",
        "skip": "Skip to content", "filters": "Filters", "all": "all", "from": "from", "to": "to",
        "period": "Period", "filter_table": "Filter this table", "rows_shown": "rows shown",
        "n_documents": "documents", "n_failed": "not read", "n_ocr": "need OCR",
        "newest_listed": "The newest {shown} of {total} documents; every document is on its municipality's page, in Search and in data/documents.csv.",
        "coverage": "Coverage", "coverage_type": "Documents per municipality and type",
        "coverage_year": "Documents per municipality and year",
        "failures": "Not read or incomplete", "error_kind": "Error kind", "reason": "Reason",
        "needs_ocr": "needs OCR (no text layer) on page", "matrix": "Themes per municipality",
        "matrix_lead": "Share of a municipality's paragraphs about the theme; in brackets the number of documents with such paragraphs.",
        "matrix_chart": "Share of paragraphs per theme and municipality", "share_paragraphs": "% of paragraphs",
        "changes": "What changed since the previous run", "first_run": "This is the first run: nothing to compare with yet.",
        "no_changes": "No changes in the documents.", "added": "New", "removed": "Removed",
        "changed": "Read differently", "before": "before", "after": "now",
        "runs": "Runs", "run": "Run", "processed": "Processed", "fresh": "Fresh", "failed": "Failed",
        "indicators": "Figures side by side", "indicators_lead": "Per indicator (or, where no indicator is known yet, per kind of figure) the values per municipality, newest first, each with year and source.",
        "indicator": "Indicator", "motions": "Motions and amendments", "dictum": "Dictum",
        "no_dictum": "no dictum found", "outcome": "Outcome", "outcome_unknown": "unknown",
        "questions": "Written questions and answers", "question": "Question", "answer": "Answer",
        "unanswered": "(not answered yet)", "quotes": "Strongest quotes per municipality", "timeline": "Timeline",
        "timeline_chart": "Documents on the theme over time", "theme_share_chart": "Share of paragraphs on the theme per municipality",
        "indicator_chart": "per municipality (newest value)", "themes_over_time": "Themes over time",
        "themes_over_time_chart": "Share of paragraphs per theme and year", "figures": "Figures", "text": "Text",
        "metadata": "Metadata", "failure": "This document could not be read", "warnings": "Warnings",
        "why": "Why", "none_motions": "No motions or amendments.", "none_questions": "No written questions.",
        "none_facts": "No figures found.", "search_lead": "Search all paragraphs and quotes. Results link to the page of the source document.",
        "search_nojs": "Search needs JavaScript; without it every page stays readable through the navigation.",
        "results": "results", "report": "Report", "report_scope": "Question",
        "report_lead": "Municipalities compared on one theme. Every figure, motion and quote has a numbered citation.",
        "sources": "Sources", "exports": "Tables as CSV and Excel", "doc_count": "Documents",
        "paragraph": "paragraph", "paragraphs": "paragraphs", "chart_alt_heatmap": "Heatmap",
        "min_score": "score", "contents": "Contents", "period_all": "all years",
        "per_municipality": "Per municipality", "per_municipality_lead": "What each municipality has on the theme. The name opens all of it on one page: every figure, motion with dictum, question with answer, quote and document.",
        "col_paragraphs": "Paragraphs", "col_motions": "Motions", "col_questions": "Questions", "newest": "Newest",
        "quote_each": "Strongest quote per municipality", "per_year": "Documents on the theme per municipality and year.",
        "all_municipalities": "all municipalities", "all_themes": "all themes", "quotes_one": "Strongest quotes",
        "none_documents": "No documents with this theme among their document themes; the figures and quotes above come from documents on other themes.",
    },
}


class Labels:
    """All labels of one language, handed to every template as `t`, `doc_types`, ..."""

    def __init__(self, language: str):
        if language not in TEXT:
            raise ValueError(f"[render] language must be one of {', '.join(sorted(TEXT))}, not {language!r}")
        self.language = language
        self.text = TEXT[language]
        self.doc_types = DOC_TYPES[language]
        self.fact_kinds = FACT_KINDS[language]
        self.units = UNITS[language]

    def doc_type(self, value: str | None) -> str:
        return self.doc_types.get(value, value) if value else "—"

    def group(self, group: str) -> str:
        """Label of an indicator id, or of a fallback group `kind:<kind>`."""
        if group.startswith("kind:"):
            return self.fact_kinds.get(group[5:], group[5:])
        return INDICATORS[self.language].get(group, group.replace("_", " ").capitalize())

    def motion_status(self, value: str | None) -> str:
        if not value:
            return self.text["outcome_unknown"]
        return MOTION_STATUS[self.language].get(value, value)

    def unit(self, unit: str | None) -> str:
        return self.units.get(unit, unit) if unit else ""

    def number(self, value: float) -> str:
        """1234567.5 -> '1.234.567,5' in Dutch, '1,234,567.5' in English."""
        text = f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
        return text.translate(str.maketrans(",.", ".,")) if self.language == "nl" else text

    def value(self, value, unit: str | None) -> str:
        """A figure with its unit as a reader expects it: '13%', '€ 250.000', '84 dagen'."""
        try:
            number = float(value)
        except (TypeError, ValueError):
            return str(value) if value is not None else "—"
        shown = self.number(number)
        if unit in ("%", "percent"):
            return f"{shown}%"
        if unit in ("EUR", "eur"):
            return f"€ {shown}" if self.language == "nl" else f"€{shown}"
        label = self.unit(unit)
        return f"{shown} {label}" if label else shown
