import pytest
from conftest import MOTION, QUESTIONS

from pipeline import segment
from pipeline.config import SegmentConfig
from pipeline.records import Extracted, Page, Paragraph, Source
from pipeline.segment import dates, doctype, motions, places, questions


def seg(text: str, meta: dict | None = None):
    extracted = Extracted(format="text", pages=[Page(number=1, text=text)])
    return segment.run(extracted, Source(path="x.txt", sha256="", size=0, meta=meta or {}), SegmentConfig())


def test_paragraphs_keep_their_page():
    extracted = Extracted(format="pdf", pages=[Page(1, "Een.\n\nTwee\nregels."), Page(2, "Drie.")])
    paragraphs = segment.paragraphs_of(extracted)
    assert [(p.text, p.page) for p in paragraphs] == [("Een.", 1), ("Twee\nregels.", 1), ("Drie.", 2)]


def test_motion_structure():
    result = seg(MOTION)
    assert result.doc_type == "motie"
    assert result.municipality == "Zutphen"
    assert result.date == "2023-03-14"
    assert result.dictum == [
        "uiterlijk in het tweede kwartaal van 2024 een plan voor preventie op scholen voor te leggen;",
        "hiervoor € 250.000 per jaar vrij te maken binnen de begroting jeugd,"]


def test_written_questions_pairs_and_answer_date():
    result = seg(QUESTIONS)
    assert result.doc_type == "schriftelijke_vragen"
    assert result.municipality == "Velsen"
    assert result.date == "2022-04-03"
    assert [q.number for q in result.questions] == ["1", "2"]
    assert result.questions[0].answer.startswith("Op 1 maart")


def test_unanswered_questions_are_kept():
    paragraphs = [Paragraph(0, "1. Hoeveel jongeren wachten langer dan acht weken?", 1),
                  Paragraph(1, "2. Wat doet het college daaraan?", 1)]
    found = questions.find_questions(paragraphs)
    assert len(found) == 2 and all(q.answer is None for q in found)


@pytest.mark.parametrize("text, expected", [
    ("AMENDEMENT\n\nDe raad besluit het ontwerpbesluit als volgt te wijzigen: ...", "amendement"),
    ("Raadsinformatiebrief\n\nGeachte raad,\n\nHierbij informeren wij u over de wachttijden.", "raadsinformatiebrief"),
    ("Programmabegroting 2025\n\nWat willen we bereiken?\n\nWat gaan we daarvoor doen?\n\nWat mag het kosten?", "begroting"),
    ("Verslag van de commissievergadering\n\nAanwezig: de voorzitter en 12 leden\n\nDe voorzitter opent de vergadering.",
     "notulen"),
])
def test_document_type_cues(text, expected):
    assert doctype.classify(text)[0] == expected


def test_document_type_unknown_without_cues():
    assert doctype.classify("Een zin zonder enige aanwijzing.")[0] is None


@pytest.mark.parametrize("paragraphs, expected", [
    (["De raad van de gemeente Súdwest-Fryslân, in vergadering bijeen"], "Súdwest-Fryslân"),
    (["Gemeente Maastricht | Beantwoording raadsvragen"], "Maastricht"),
    (["De gemeenteraad van Den Bosch besloot gisteren."], "'s-Hertogenbosch"),
    (["Rekenkamer Zwolle", "Onderzoek naar preventie."], "Zwolle"),
    (["Het kabinet in Den Haag moet meer geld geven.", "Net als in Amsterdam zijn de kosten hoog."], None),
    (["De regio Groningen werkt samen.", "Best wel veel kinderen wachten."], None),
    (["Een stuk zonder plaatsnaam."], None),
])
def test_municipality_from_text(paragraphs, expected):
    assert places.find_municipality(paragraphs)[0] == expected


def test_municipality_from_sidecar_or_folder_beats_text():
    assert seg(MOTION, {"municipality": "Ede"}).municipality == "Ede"
    assert seg("Een stuk zonder plaatsnaam.", {"folder": "hof-van-twente"}).municipality == "Hof van Twente"
    assert seg("Een stuk zonder plaatsnaam.", {"folder": "bijlagen"}).municipality is None


@pytest.mark.parametrize("text, expected", [
    ("in vergadering bijeen op 9 juli 2019", ["2019-07-09"]),
    ("vergadering van 2 en 3 juli 2008", ["2008-07-02"]),
    ("Datum: 09-07-2019", ["2019-07-09"]),
    ("voettekst 29-1-2019", ["2019-01-29"]),
    ("februari 2015", ["2015-02"]),
])
def test_dutch_dates(text, expected):
    assert [d.value for d in dates.find_dates(text)] == expected


def test_document_date_skips_deadlines():
    paragraphs = ["Motie", "Het college moet voor 1 april 2024 een plan maken.",
                  "Raadsvergadering d.d. 14 november 2023"]
    assert dates.document_date(paragraphs, "motie")[0] == "2023-11-14"


def test_dictum_plain_language_form_with_inline_bullets():
    paragraphs = ["We geven het college opdracht om: - een sociale basis te versterken; - de raad te informeren.",
                  "Ingediend door: Partij B"]
    assert motions.find_dictum(paragraphs) == ["een sociale basis te versterken;", "de raad te informeren."]


def test_motion_status_and_tally():
    assert motions.motion_status("...\nStemming: aangenomen met 27 stemmen voor en 10 tegen.") == ("aangenomen", "27-10")
