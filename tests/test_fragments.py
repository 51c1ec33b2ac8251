"""Rows of the long lists are rendered once per document and page depth, and taken over by the next version
while their document is unchanged (render/fragments.py)."""
from pathlib import Path

from pipeline.render.common import site_cite, slug
from pipeline.render.fragments import FOLDER, Rows
from pipeline.render.i18n import Labels

DOC = {"doc_id": "abc123", "municipality": "Ede", "year": 2023, "doc_type": "motie", "date": "2023-05-01",
       "path": "ede/motie.txt", "title": "Motie <jeugd> & preventie", "doc_themes": "preventie", "status": "ok",
       "warnings": None}


def context(language: str = "nl", root: str = "../") -> dict:
    labels = Labels(language)
    return {"t": labels.text, "L": labels, "root": root, "cite": site_cite(root, labels.text["page"]), "slug": slug,
            "theme_labels": {"preventie": "Preventie" if language == "nl" else "Prevention"}}


def test_a_row_is_rendered_escaped_and_kept_per_document_and_depth(tmp_path: Path):
    rows = Rows(tmp_path / "v1")
    html = rows.renderer(**context())("document", DOC)
    assert "Motie &lt;jeugd&gt; &amp; preventie" in html and 'href="../municipalities/ede.html"' in html
    deeper = rows.renderer(**context(root="../../"))("document", DOC)
    assert 'href="../../municipalities/ede.html"' in deeper
    rows.save([DOC["doc_id"]])
    assert (tmp_path / "v1" / FOLDER / "abc123.json").exists()


def test_rows_of_an_unchanged_document_are_taken_over_and_a_changed_one_is_rendered_again(tmp_path: Path):
    first = Rows(tmp_path / "v1")
    dutch = first.renderer(**context("nl"))("document", DOC)
    first.save([DOC["doc_id"]])
    kept = Rows(tmp_path / "v2", since=tmp_path / "v1", changed=set())
    # rendered from another context, the row would be English: equal to the Dutch one, it was taken over
    assert kept.renderer(**context("en"))("document", DOC) == dutch
    kept.save([DOC["doc_id"]])
    old, new = tmp_path / "v1" / FOLDER / "abc123.json", tmp_path / "v2" / FOLDER / "abc123.json"
    assert new.stat().st_ino == old.stat().st_ino  # linked, not written again
    again = Rows(tmp_path / "v3", since=tmp_path / "v2", changed={DOC["doc_id"]})
    assert "Prevention" in again.renderer(**context("en"))("document", DOC)
    again.save([DOC["doc_id"]])
    assert (tmp_path / "v3" / FOLDER / "abc123.json").stat().st_ino != new.stat().st_ino


def test_without_a_folder_rows_are_rendered_in_place_and_nothing_is_kept(tmp_path: Path):
    rows = Rows()
    calls = []

    def cite(doc_id, paragraph, page):  # the thematic report numbers its citations in order of use
        calls.append(doc_id)
        return f"[{len(calls)}]"
    ctx = {**context(), "cite": cite}
    fact = {**DOC, "paragraph": 2, "page": 1, "group": "kind:count", "value": "85", "unit": "count", "number": 85.0,
            "subject": "kinderen", "text": "85 kinderen", "n": 0}
    first, second = rows.renderer(**ctx)("fact", fact), rows.renderer(**ctx)("fact", fact)
    assert "[1]" in first and "[2]" in second
    rows.save([DOC["doc_id"]])
    assert not (tmp_path / FOLDER).exists()
