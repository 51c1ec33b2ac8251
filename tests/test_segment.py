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


def test_a_sentence_broken_by_a_page_break_is_one_paragraph_on_its_first_page():
    extracted = Extracted(format="pdf", pages=[Page(1, "Een.\n\nDe kosten per jeugdige lopen uiteen; er is niet bekend hoeveel"),
                                               Page(2, "jeugdigen thuis wonen.\n\nDrie."), Page(3, "Vier.")])
    paragraphs = segment.paragraphs_of(extracted)
    assert [(p.text, p.page) for p in paragraphs] == [
        ("Een.", 1), ("De kosten per jeugdige lopen uiteen; er is niet bekend hoeveel\njeugdigen thuis wonen.", 1),
        ("Drie.", 2), ("Vier.", 3)]
    assert [p.index for p in paragraphs] == [0, 1, 2, 3]


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


def test_document_type_without_cues():
    text = "Een zin zonder enige aanwijzing."
    assert doctype.combine(doctype.scores(text), None)[0] is None  # the rules alone abstain
    probs = {t: 0.0 for t in doctype.CUES} | {"beleidsplan": 0.6, "notulen": 0.4}
    assert doctype.combine(doctype.scores(text), probs)[0] == "beleidsplan"  # the classifier decides


def test_clear_cues_are_not_overruled_by_the_classifier():
    text = "MOTIE\n\nverzoekt het college om een plan te maken,\n\nen gaat over tot de orde van de dag."
    probs = {t: 0.0 for t in doctype.CUES} | {"notulen": 1.0}
    assert doctype.combine(doctype.scores(text), probs)[0] == "motie"


def test_the_stored_model_gives_probabilities():
    from pipeline.segment import doctype_model

    if not doctype_model.MODEL_PATH.is_file():
        pytest.skip("models/doctype.json is not present")
    probs = doctype_model.probabilities("Schriftelijke vragen\n\nVraag 1\nHoeveel?\n\nAntwoord\nTwaalf.")
    assert abs(sum(probs.values()) - 1) < 1e-6 and max(probs, key=probs.get) == "schriftelijke_vragen"


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
    ("12/31/2019", ["2019-12-31"]),  # month first in some exports, read when the day-first reading is invalid
    ("31-12-2019", ["2019-12-31"]),
    ("2019-07-09", ["2019-07-09"]),
    ("9 jul. 2019", ["2019-07-09"]),
    ("juni 2021", ["2021-06"]),
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


# --- document type: each genre from its own structure -------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Motie: Jongerenwerk in alle kernen\n\nDe raad, in vergadering bijeen,\n\nverzoekt het college om ...", "motie"),
    ("Amendement A-3 (Programmabegroting 2025)\n\nDe raad besluit:\n\nI. in programma 4 de lasten te verhogen",
     "amendement"),
    ("GROENLINKS – Vragen art. 33 RvO\nOnderwerp: wachtlijsten\n\n  1. Hoeveel kinderen wachten?\n  2. Wat doet u?",
     "schriftelijke_vragen"),
    ("Raadsvoorstel\n\nDe raad wordt voorgesteld te besluiten:\n\nBeslispunten\n1. de verordening vast te stellen",
     "raadsvoorstel"),
    ("Aan de gemeenteraad\n\nOnderwerp   Raadsbrief 2019 nr. 20\nVerzenddatum  16 mei 2019\n\n"
     "Geachte raads- en commissieleden,", "raadsinformatiebrief"),
    ("Beleidsplan Jeugd 2015-2018\n\n1. Inleiding\n\nOnze visie op opgroeien.", "beleidsplan"),
    ("Rekenkamercommissie Oosterhout\n\nConclusies en aanbevelingen\n\nBestuurlijke reactie\n\nNawoord",
     "rekenkamerrapport"),
    ("Gemeenteraad Bronckhorst – verslag raadsvergadering 7 november 2024\n\nAgendapunt 5\n\n"
     "Mevrouw Jansen (CDA) vraagt naar de kosten. De voorzitter sluit de vergadering.", "notulen"),
    ("Stad neemt dure trajecten onder de loep\n\noktober 2018\n\nDe uitgaven stijgen, zegt wethouder Peter de Vries.",
     "nieuwsbericht"),
    ("Nieuwe aanpak voor jeugd\n\nDelen op Social Media\n\nLeestijd: 2 min.\n\nDe gemeente gaat het anders doen.",
     "nieuwsbericht"),
])
def test_document_type_each_genre(text, expected):
    assert doctype.classify(text)[0] == expected


def test_capitalised_title_with_a_dash_is_no_news_dateline():
    assert doctype.classify("MOTIES EN TOEZEGGINGEN – overzicht griffie\n\nverzoekt het college:\n\n1. iets te doen;")[0] \
        == "motie"


# --- municipality: hard cases ---------------------------------------------------------------------

@pytest.mark.parametrize("paragraphs, expected", [
    # "Den Haag" as the national government, a comparison city, a region
    (["Den Haag moet de gemeenten compenseren.", "Zoals in Utrecht stijgen de kosten.", "De regio Twente koopt in."],
     None),
    # a joint court of audit serving several councils names none of them as author
    (["Rekenkamer Midden-Holland", "Onderzoek voor de gemeenten Gouda, Krimpenerwaard en Waddinxveen."], None),
    # ordinary words and words that contain a name
    (["Het beste voor de jeugd: Buren en vrienden helpen.", "Een bedevaart naar de federatie."], None),
    (["De gemeente Hof van Twente investeert in preventie."], "Hof van Twente"),
    (["De raad van de gemeente Best, in vergadering bijeen op 3 maart 2020,"], "Best"),
    # a party name alone does not name a municipality
    (["Vragen van de fractie Lokaal Sterk & Samen over de jeugdhulp.", "Mooi Dorp wil weten hoe het zit."], None),
    # the signature beats a lead municipality mentioned more often
    (["De gemeente Alkmaar is penvoerder; Alkmaar koopt in namens Alkmaar en de regio.",
      "Burgemeester en wethouders van Den Helder,"], "Den Helder"),
    # adjectives and alternative names
    (["De Tilburgse aanpak werkt.", "In Tilburg wachten minder kinderen dan in Tilburg vorig jaar."], "Tilburg"),
    (["Jongeren in Zwijndrecht doen mee."], "Zwijndrecht"),
])
def test_municipality_hard_cases(paragraphs, expected):
    assert places.find_municipality(paragraphs)[0] == expected


def test_province_suffix_only_where_the_name_is_shared():
    assert places.short_name("Middelburg (Z.)") == "Middelburg"
    assert places.short_name("Bergen (NH.)") == "Bergen (NH.)"
    assert places.short_name(None) is None


# --- dates ----------------------------------------------------------------------------------------



@pytest.mark.parametrize("paragraphs, doc_type, expected", [
    (["Verslag", "Verslag van de vergadering gehouden op maandag 14 maart 2016 om 19.30 uur"], "notulen", "2016-03-14"),
    (["Vragen", "Ingekomen: 10 september 2019", "Beantwoord: 8 oktober 2019"], "schriftelijke_vragen", "2019-10-08"),
    (["Jeugdagenda", "Vastgesteld door het college van burgemeester en wethouders op 8 september 2020"],
     "beleidsplan", "2020-09-08"),
    (["Nieuws", "Gepubliceerd op 3 februari 2026", "Vanaf 1 januari 2027 is er meer hulp."], "nieuwsbericht", "2026-02-03"),
    (["Lokaal plan", "Met jongeren", "29-1-2019   6", "Vragen?"], "beleidsplan", "2019-01-29"),
    (["Rekenkamer X", "Onderzoek naar de jeugdhulp", "2019", "Aanleiding"], "rekenkamerrapport", "2019"),
    (["Vraag: hoe?", "Antwoord: vanaf 1 januari 2024 komt er een nieuwe opdracht."], "schriftelijke_vragen", None),
])
def test_document_date_cues(paragraphs, doc_type, expected):
    assert dates.document_date(paragraphs, doc_type)[0] == expected


# --- dictum forms ---------------------------------------------------------------------------------

@pytest.mark.parametrize("paragraphs, expected", [
    (["draagt het college op:", "- de wachttijden te halveren;", "- de raad te informeren,",
      "en gaat over tot de orde van de dag."], ["de wachttijden te halveren;", "de raad te informeren,"]),
    (["roept het college op om vóór 1 juli een plan te maken,", "en gaat over tot de orde van de dag."],
     ["om vóór 1 juli een plan te maken,"]),
    (["Wat vraagt de raad aan het college?", "1. Zet u in voor minder aanbieders.", "2. Informeer de raad."],
     ["Zet u in voor minder aanbieders.", "Informeer de raad."]),
    (["Dit vragen we het college", "• Stel een norm.", "• Rapporteer twee keer per jaar."],
     ["Stel een norm.", "Rapporteer twee keer per jaar."]),
    (["besluit:", "I. de lasten te verhogen;", "II. de dekking te vinden in de reserve;"],
     ["de lasten te verhogen;", "de dekking te vinden in de reserve;"]),
    (["verzoekt het college:\n1. het eerste te doen;\n2. het tweede\nte doen,", "Ingediend door: X"],
     ["het eerste te doen;", "het tweede\nte doen,"]),
])
def test_dictum_forms(paragraphs, expected):
    assert motions.find_dictum(paragraphs) == expected


def test_motion_handling_note():
    assert motions.motion_status("Motie ...\n\nStatus: overgenomen door het college")[0] == "overgenomen"
    assert motions.motion_status("Verworpen met 12 stemmen voor en 21 tegen")[1] == "12-21"


# --- written questions: numbering forms -----------------------------------------------------------

def _qs(*texts: str):
    return questions.find_questions([Paragraph(i, t, 1) for i, t in enumerate(texts)])


def test_questions_listed_in_one_paragraph_with_restarting_numbers():
    found = _qs("Inleiding van de vragensteller over de tekorten.",
                "  1. Heeft de gemeente meegedaan? Zo ja, graag de gegevens.",
                "Daarnaast hebben wij de volgende vragen:",
                "  1. Zijn er tekorten?\n  2. Neemt de vraag toe? Zo ja,\n     waarom?\n  3. Komt er een stop?")
    assert len(found) == 4 and all(q.answer is None for q in found)


def test_questions_with_answer_college_and_ad_numbering():
    found = _qs("Vraag 1\nHoeveel jongeren wachten?", "Antwoord college:\n42 jongeren.",
                "Ad 2. Wat is de norm?", "Antwoord:\nVier weken.")
    assert [(q.number, q.answer) for q in found] == [("1", "42 jongeren."), ("2", "Vier weken.")]


def test_question_with_sub_questions_counts_once():
    found = _qs("1. Over de wachtlijsten:\na. hoe lang zijn ze?\nb. hoeveel kinderen?\nc. wat doet u?",
                "Antwoord: ...")
    assert len(found) == 1


def test_inline_question_and_answer_and_unnumbered_question():
    assert len(_qs("Vraag: Wat kost het? Antwoord: Drie ton.")) == 1
    assert len(_qs(" Vraag: Wat is het plan van aanpak?", " Bedankt voor uw vraag. Wij gaan ...")) == 1


@pytest.mark.parametrize("text, expected", [
    ("Vragensteller: raadslid S. Verbeek (CDA)", ("CDA", "S. Verbeek")),
    ("Indiener: Fatima Ouali, fractie D66 Nijmegen\nDatum: 14 februari 2023", ("D66", "Fatima Ouali")),
    ("Van: de fractie van de SP", ("SP", None)),
    ("Fractie: VVD\nRaadslid: P.J. Mulder", ("VVD", "P.J. Mulder")),
    ("Raadsvragen van de fractie GroenLinks over de sluiting", ("GroenLinks", None)),
    ("Hoeveel kinderen wachten?", (None, None)),
])
def test_asking_party_and_member(text, expected):
    assert questions.find_asker([text]) == expected
