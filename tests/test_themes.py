from pathlib import Path

from pipeline import themes
from pipeline.config import ThemesConfig
from pipeline.records import ThemeTag

CFG = ThemesConfig()


def tag(text: str, taxonomy=None):
    matcher = themes.build_matcher(taxonomy or themes.load_taxonomy())
    return themes.tag_paragraphs([text], matcher, CFG)[0]


def test_taxonomy_has_the_ten_themes():
    ids = [t.id for t in themes.load_taxonomy()]
    assert ids == ["preventie", "sociale_basis", "verwijzers", "wachttijden", "specialistische_zorg", "financien",
                   "samenwerking", "ouders_gezin", "onderwijs", "inspraak"]


def test_tags_carry_score_and_evidence():
    tags = tag("Kinderen wachten gemiddeld 17 weken op de wachtlijst voor jeugdhulp.")
    wait = next(t for t in tags if t.id == "wachttijden")
    assert 0.5 <= wait.score <= 1 and wait.evidence


def test_compounds_and_plurals_match_on_lemmas():
    ids = {t.id for t in tag("De huisartsen verwijzen vaker naar jeugdhulpaanbieders in de regio.")}
    assert "verwijzers" in ids


def test_headings_and_metadata_get_no_theme():
    assert tag("Onderwerp: Wachtlijsten jeugd-ggz") == []
    assert tag("Wachtlijsten") == []


def test_a_new_theme_in_the_data_file_is_tagged(tmp_path: Path):
    source = themes.resources.files("pipeline.resources").joinpath("themes.toml").read_text(encoding="utf-8")
    extended = source + '\n[[theme]]\nid = "sport"\nlabel = "Sport en bewegen"\nterms = ["sportvereniging*", "zwemles*"]\n'
    path = tmp_path / "themes.toml"
    path.write_text(extended, encoding="utf-8")
    taxonomy = themes.load_taxonomy(path)
    assert "sport" in {t.id for t in tag("Alle kinderen krijgen gratis zwemles bij een sportvereniging.", taxonomy)}


def test_doc_themes_follow_the_paragraphs():
    paragraph_tags = [[ThemeTag("preventie", 0.75, ["preventie"])], [ThemeTag("preventie", 0.5, ["voorkomen"])],
                      [ThemeTag("financien", 0.5, ["budget"])], []]
    assert themes.doc_themes(paragraph_tags, CFG) == ["preventie"]  # one budget paragraph is not enough
    paragraph_tags.append([ThemeTag("financien", 0.5, ["kosten"])])
    assert themes.doc_themes(paragraph_tags, CFG) == ["financien", "preventie"]
    assert themes.doc_themes([[], []], CFG) == []
