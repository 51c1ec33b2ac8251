from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from pipeline import themes
from pipeline.config import ThemesConfig
from pipeline.records import ThemeTag
from pipeline.themes import model as model_module

CFG = ThemesConfig()


def tag(text: str, taxonomy=None, tagger=None):
    tagger = tagger or themes.Tagger(themes.build_matcher(taxonomy or themes.load_taxonomy()))
    return themes.tag_paragraphs([text], tagger, CFG)[0]


@pytest.fixture(scope="module")
def trained():
    return themes.load_tagger()


def test_taxonomy_has_the_ten_themes():
    ids = [t.id for t in themes.load_taxonomy()]
    assert ids == ["preventie", "sociale_basis", "verwijzers", "wachttijden", "specialistische_zorg", "financien",
                   "samenwerking", "ouders_gezin", "onderwijs", "inspraak"]


def test_rule_tags_carry_score_and_evidence():
    tags = tag("Kinderen wachten gemiddeld 17 weken op de wachtlijst voor jeugdhulp.")
    wait = next(t for t in tags if t.id == "wachttijden")
    assert 0.5 <= wait.score <= 1 and wait.evidence


def test_compounds_and_plurals_match_on_lemmas():
    ids = {t.id for t in tag("De huisartsen verwijzen vaker naar jeugdhulpaanbieders in de regio.")}
    assert "verwijzers" in ids


def test_term_kinds_exact_prefix_infix_and_phrase():
    matcher = themes.build_matcher([themes.Theme("x", "X", "X", "", ("school", "wacht*", "*lijst*", "binnen * weken"))])
    assert matcher.matches(["de", "school"]) == {"x": ["school"]}
    assert matcher.matches(["scholen"]) == {}
    assert matcher.matches(["wachttijd"]) == {"x": ["wachttijd"]}
    assert matcher.matches(["jeugdwachtlijstje"]) == {"x": ["jeugdwachtlijstje"]}  # a prefix must start the lemma
    assert matcher.matches(["binnen", "zes", "week"]) == {"x": ["binnen zes week"]}  # terms are lemmatized too
    assert matcher.matches(["binnen", "weken"]) == {}


def test_the_part_index_finds_what_testing_every_part_finds():
    matcher = themes.build_matcher(themes.load_taxonomy())

    def every_part(token):
        return frozenset(i for i, (kind, core) in enumerate(matcher.parts)
                         if kind == "any" or (kind == "exact" and token == core)
                         or (kind == "prefix" and token.startswith(core)) or (kind == "infix" and core in token))

    cores = sorted({core for _, core in matcher.parts if core})
    tokens = ["", "a", "de", "jeugdhulpaanbieder", "wachtlijstje", "huisarts", "voorliggend", "ouderschap"]
    tokens += [t for core in cores for t in (core, core + "s", "x" + core, core[:-1])]
    assert all(matcher._token_parts(t) == every_part(t) for t in tokens)
    assert len({every_part(t) for t in tokens}) > 50  # the tokens hit many different parts


def test_a_phrase_is_found_wherever_it_starts_and_not_past_the_end():
    matcher = themes.build_matcher([themes.Theme("x", "X", "X", "", ("binnen * weken",))])
    assert matcher.matches(["binnen", "vier", "week", "of", "binnen", "zes", "week"]) == {
        "x": ["binnen vier week", "binnen zes week"]}
    assert matcher.matches(["week", "binnen", "zes"]) == {}


def test_a_word_counts_once_however_many_terms_match_it():
    matcher = themes.build_matcher([themes.Theme("x", "X", "X", "", ("adviesraad", "*adviesraad*", "advies*"))])
    assert matcher.matches(["de", "adviesraad", "en", "de", "adviesraad"]) == {"x": ["adviesraad"]}
    assert matcher.matches(["adviesraad", "jeugdadviesraad"]) == {"x": ["adviesraad", "jeugdadviesraad"]}
    # the rule score rises with distinct words only
    one, two = (tag(text, [themes.Theme("x", "X", "X", "", ("adviesraad", "*adviesraad*"))])
                for text in ("De adviesraad adviseert.", "De adviesraad en de jeugdadviesraad adviseren."))
    assert one[0].score == 0.5 and two[0].score == 0.75


def test_headings_and_metadata_get_no_theme(trained):
    for tagger in (None, trained):
        assert tag("Onderwerp: Wachtlijsten jeugd-ggz", tagger=tagger) == []
        assert tag("Wachtlijsten", tagger=tagger) == []


def test_a_new_theme_in_the_data_file_is_tagged(tmp_path: Path, trained):
    source = themes.resources.files("pipeline.resources").joinpath("themes.toml").read_text(encoding="utf-8")
    extended = source + '\n[[theme]]\nid = "sport"\nlabel = "Sport en bewegen"\nterms = ["sportvereniging*", "zwemles*"]\n'
    path = tmp_path / "themes.toml"
    path.write_text(extended, encoding="utf-8")
    taxonomy = themes.load_taxonomy(path)
    text = "Alle kinderen krijgen gratis zwemles bij een sportvereniging."
    assert "sport" in {t.id for t in tag(text, taxonomy)}
    # with the trained model loaded, a theme it does not know yet is tagged by its terms
    with_model = themes.Tagger(themes.build_matcher(taxonomy), trained.model)
    assert "sport" in {t.id for t in tag(text, tagger=with_model)}


def test_the_trained_model_tags_with_score_and_evidence(trained):
    tags = tag("De wachttijd voor specialistische jeugd-ggz is opgelopen tot gemiddeld 17 weken; "
               "kinderen wachten te lang op behandeling.", tagger=trained)
    wait = next(t for t in tags if t.id == "wachttijden")
    assert 0.5 <= wait.score <= 1
    assert any(e.startswith("~") for e in wait.evidence)  # strongest classifier features
    assert any(not e.startswith("~") for e in wait.evidence)  # matched taxonomy terms


def test_explanations_leave_out_stop_words_and_numbers():
    grams = {1: "in de", 2: "0000", 3: "wachtlijst", 4: "één", 5: "voor de wachttijd", 6: "jeugd"}
    weights = sparse.csr_matrix((np.array([5.0, 4.0, 1.0, 3.0, 2.0, -1.0]), ([0] * 6, [1, 2, 3, 4, 5, 6])),
                                shape=(1, model_module.width(1)))
    model = model_module.ThemeModel(["wachttijden"], weights, np.zeros(1), np.array([0.5]), "x")
    # the strongest n-grams are stop words and a number; a negative weight is no evidence
    assert model.explain(grams, 0) == ["voor de wachttijd", "wachtlijst"]


def test_the_model_generalises_beyond_the_terms(trained):
    # no taxonomy term of `financien` in this sentence; the classifier still sees money talk
    text = "Het college trekt structureel 2,4 miljoen extra uit en dekt dit uit de algemene middelen."
    assert "financien" in {t.id for t in tag(text, tagger=trained)}


def _one_theme_model(threshold: float) -> model_module.ThemeModel:
    """A model for one theme whose probability is exactly 0.6 on any paragraph."""
    weights = sparse.csr_matrix((1, model_module.width(1)))
    intercept = np.log(0.6 / 0.4)
    return model_module.ThemeModel(["preventie"], weights, np.array([intercept]), np.array([threshold]), "x")


def test_threshold_decides_the_tag_and_maps_to_score_one_half():
    matcher = themes.build_matcher([t for t in themes.load_taxonomy() if t.id == "preventie"])
    text = "Het college komt in het najaar met een uitgewerkt plan voor de wijk."
    below = themes.Tagger(matcher, _one_theme_model(0.65))
    above = themes.Tagger(matcher, _one_theme_model(0.55))
    assert tag(text, tagger=below) == []
    (tagged,) = tag(text, tagger=above)
    assert tagged.id == "preventie" and tagged.score == pytest.approx(0.5 + 0.5 * 0.05 / 0.45, abs=1e-3)
    assert model_module.score(0.55, 0.55) == 0.5
    strict = ThemesConfig(min_score=0.7)
    assert themes.tag_paragraphs([text], above, strict) == [[]]


def test_loading_refuses_another_scikit_learn_version(tmp_path: Path):
    path = tmp_path / "m.joblib"
    model_module.save(_one_theme_model(0.5), path)
    with pytest.raises(themes.ModelError, match=r"make train.*scikit-learn==x"):
        themes.load_model(path)
    with pytest.raises(themes.ModelError, match="not found"):
        themes.load_model(tmp_path / "missing.joblib")


def test_doc_themes_follow_the_paragraphs():
    paragraph_tags = [[ThemeTag("preventie", 0.75, ["preventie"])], [ThemeTag("preventie", 0.5, ["voorkomen"])],
                      [ThemeTag("financien", 0.5, ["budget"])], []]
    assert themes.doc_themes(paragraph_tags, CFG) == ["preventie"]  # one budget paragraph is not enough
    paragraph_tags.append([ThemeTag("financien", 0.5, ["kosten"])])
    assert themes.doc_themes(paragraph_tags, CFG) == ["financien", "preventie"]
    assert themes.doc_themes([[], []], CFG) == []


def test_a_theme_far_behind_the_main_one_is_no_document_theme():
    main = [[ThemeTag("financien", 0.9, ["budget"])]] * 10
    aside = [[ThemeTag("preventie", 0.9, ["preventie"])]] * 2  # 2 of 12 themed paragraphs, a fifth of the top
    assert themes.doc_themes(main + aside, CFG) == ["financien"]
    assert themes.doc_themes(main[:6] + aside, CFG) == ["financien", "preventie"]  # a third of the top


def test_metadata_fields_get_no_theme_but_other_label_lines_are_content():
    assert not themes.is_taggable("Onderwerp: Wachtlijsten jeugd-ggz")
    assert not themes.is_taggable("Ingediend door: fractie X en fractie Y")
    assert themes.is_taggable("Doel: de wachttijd voor jeugd-ggz terugbrengen naar zes weken")


def test_the_document_profile_uses_only_the_other_paragraphs_of_the_same_document():
    ids = ["wachttijden", "financien"]
    texts = ["a b", "c d", "e f"]
    hits = [{"wachttijden": ["wacht*"]}, {"financien": ["budget*", "kosten"]}, {}]
    x, _ = model_module.featurize(texts, [t.split() for t in texts], hits, ids, ["d1", "d1", "d2"])
    profile = x[:, model_module.WORD_FEATURES + model_module.CHAR_FEATURES + len(ids):][:, :len(ids)].toarray()
    assert profile[0].tolist() == [0.0, 0.75]  # its neighbour's budget terms, not its own waiting terms
    assert profile[1].tolist() == [0.5, 0.0]
    assert profile[2].tolist() == [0.0, 0.0]  # alone in its document


def test_neighbour_vote_weights_the_most_similar_labelled_paragraphs():
    memory = sparse.csr_matrix(np.array([[1.0, 0, 0], [0.8, 0.6, 0], [0, 0, 1.0]]))
    labels = np.array([[True, False], [True, True], [False, True]])
    query = sparse.csr_matrix(np.array([[1.0, 0, 0]]))
    votes = model_module.neighbour_vote(query, memory, labels, k=2)  # neighbours: rows 0 (sim 1) and 1 (0.8)
    assert votes[0] == pytest.approx([1.0, 0.8 / 1.8], abs=1e-6)
    assert model_module.neighbour_vote(query, memory[:0], labels[:0]).shape == (1, 2)


def test_a_remembered_paragraph_moves_the_probability_and_survives_saving(tmp_path: Path):
    remembered = "De wachtlijst voor jeugdhulp groeit en kinderen wachten langer."
    clean = [themes.dehyphenate(remembered)]
    x, _ = model_module.featurize(clean, themes.lemmas(clean, clean=True), [{}], ["preventie"])
    plain = _one_theme_model(0.5)
    voting = model_module.ThemeModel(["preventie"], plain.weights, plain.intercepts, plain.thresholds, "x",
                                     memory=model_module.ngram_block(x), memory_labels=np.array([[True]]),
                                     vote_weight=0.5)
    assert plain.probabilities(x)[0, 0] == pytest.approx(0.6)
    assert voting.probabilities(x)[0, 0] == pytest.approx(0.5 * 0.6 + 0.5 * 1.0)
    path = tmp_path / "m.joblib"
    model_module.save(voting, path)
    payload = __import__("joblib").load(path)
    assert payload["vote_weight"] == 0.5
    assert payload["memory"].shape == (1, model_module.WORD_FEATURES + model_module.CHAR_FEATURES)


def test_whole_words_of_a_term_are_lemmatized_like_the_text():
    matcher = themes.build_matcher([themes.Theme("x", "X", "X", "", ("kansrijke start", "gesprekken met"))])
    for text in ("Kansrijke Start in de wijk", "via kansrijke start", "in gesprek met jongeren"):
        assert matcher.matches(themes.lemmas([text])[0]), text
    assert matcher.matches(themes.lemmas(["kansrijk gestart"])[0]) == {}
