"""After a small change, the new version of the report equals a full render, byte for byte, and the
pages of unchanged documents are the files of the previous version (hard links), not written again."""
import json
import shutil
from pathlib import Path

import pytest
from conftest import HOSTILE, MOTION, QUESTIONS, write

from pipeline import aggregate, incremental, run
from pipeline.config import Config, RenderConfig
from pipeline.render import charts, common


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """The overview says when it was generated: the same minute for every render here."""
    monkeypatch.setattr(common, "generated_at", lambda: "2026-01-01 00:00 UTC")


def corpus_of(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    write(corpus, "zutphen/motie.txt", MOTION)
    write(corpus, "velsen/vragen.txt", QUESTIONS)
    write(corpus, "velsen/motie.txt", MOTION.replace("Zutphen", "Velsen").replace("12 weken", "9 weken"))
    write(corpus, "ede/motie.txt", MOTION.replace("Zutphen", "Ede").replace("250.000", "80.000"))
    write(corpus, "ede/verhuist.txt", MOTION.replace("Zutphen", "Ede").replace("2024", "2025"))
    write(corpus, "web/c.html", HOSTILE)
    write(corpus, "broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage")
    return corpus


def version(out: Path) -> Path:
    return (out / ".site" / "current").resolve()


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a version but the caches of charts and rows (they hold what was drawn or taken over, see
    charts.kept_in and render/fragments.py) and the manifest, which lists them; its other entries are compared."""
    caches = (".charts/", ".fragments/")
    out = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
           if p.is_file() and not p.relative_to(folder).as_posix().startswith((*caches, ".manifest.json"))}
    manifest = json.loads((folder / ".manifest.json").read_text())
    out[".manifest.json"] = json.dumps({**manifest, "files": {k: v for k, v in manifest["files"].items()
                                                              if not k.startswith(caches)}}).encode()
    return out


def analyse_both(corpus: Path, incremental_out: Path, full_out: Path) -> None:
    """The same run on two copies of an output folder; the second cannot build on its published version."""
    (version(full_out) / incremental.STATE).unlink()
    for out in (incremental_out, full_out):
        charts._CACHE.clear()  # as in a new process
        run.analyse(corpus, out, Config(), progress=False)


def page(out: Path, path: str) -> Path:
    return version(out) / "documents" / f"{aggregate.doc_id(path)}.html"


def test_an_incremental_render_equals_a_full_render_and_links_what_did_not_change(tmp_path):
    corpus = corpus_of(tmp_path)
    a, b = tmp_path / "a", tmp_path / "b"
    run.analyse(corpus, a, Config(), progress=False)
    shutil.copytree(a, b, symlinks=True)
    first = version(a)

    write(corpus, "zutphen/motie.txt", MOTION.replace("12 weken", "14 weken"))  # one document changes
    analyse_both(corpus, a, b)
    assert version(a) != first and files(version(a)) == files(version(b))
    assert page(a, "zutphen/motie.txt").stat().st_ino != (first / "documents" / page(a, "zutphen/motie.txt").name
                                                          ).stat().st_ino
    for same in ("velsen/vragen.txt", "ede/motie.txt", "broken.pdf"):  # not written again: the same file
        assert page(a, same).stat().st_ino == (first / "documents" / page(a, same).name).stat().st_ino, same
        assert page(b, same).stat().st_nlink == 1  # the full render wrote its own
        rows = f".fragments/{aggregate.doc_id(same)}.json"  # nor its rows in the lists of other pages
        assert (version(a) / rows).stat().st_ino == (first / rows).stat().st_ino, same
    rows = f".fragments/{aggregate.doc_id('zutphen/motie.txt')}.json"
    assert (version(a) / rows).stat().st_ino != (first / rows).stat().st_ino
    for town, linked in (("ede", True), ("velsen", True), ("zutphen", False)):
        inode = (version(a) / "municipalities" / f"{town}.html").stat().st_ino
        assert (inode == (first / "municipalities" / f"{town}.html").stat().st_ino) == linked, town
        theme_pages = sorted(version(a).glob(f"themes/*/{town}.html"))  # the town's page per theme
        assert theme_pages, town
        for theme_page in theme_pages:
            before = first / theme_page.relative_to(version(a))
            assert (theme_page.stat().st_ino == before.stat().st_ino) == linked, theme_page
    assert "14 weken" in page(a, "zutphen/motie.txt").read_text(encoding="utf-8")

    second = version(a)
    (corpus / "ede" / "motie.txt").unlink()  # removed
    write(corpus, "ede/verhuist.txt.meta.json", json.dumps({"municipality": "Velsen"}))  # moves to another town
    write(corpus, "nieuw.txt", QUESTIONS.replace("Velsen", "Zutphen"))  # new
    analyse_both(corpus, a, b)
    assert files(version(a)) == files(version(b))
    assert not page(a, "ede/motie.txt").exists()
    ede = (version(a) / "municipalities" / "ede.html").read_text(encoding="utf-8")  # web/c.html is still in Ede
    listed = {path for path in ("ede/motie.txt", "ede/verhuist.txt", "web/c.html") if aggregate.doc_id(path) in ede}
    assert listed == {"web/c.html"}
    assert ">Velsen</a>" in page(a, "ede/verhuist.txt").read_text(encoding="utf-8")
    assert page(a, "velsen/vragen.txt").stat().st_ino == (second / "documents" / page(a, "velsen/vragen.txt").name
                                                          ).stat().st_ino
    assert (version(a) / "municipalities" / "velsen.html").stat().st_nlink == 1  # one of its documents moved in


def test_a_theme_overview_whose_kept_parts_are_lost_is_built_again_from_the_documents(tmp_path):
    corpus = corpus_of(tmp_path)
    a, b = tmp_path / "a", tmp_path / "b"
    run.analyse(corpus, a, Config(), progress=False)
    kept = sorted((version(a) / ".overview").glob("*.json"))
    assert len(kept) >= 2
    kept[0].write_text("{", encoding="utf-8")  # unreadable
    kept[1].unlink()  # gone
    shutil.copytree(a, b, symlinks=True)
    first = version(a)
    write(corpus, "zutphen/motie.txt", MOTION.replace("12 weken", "14 weken"))
    analyse_both(corpus, a, b)
    assert files(version(a)) == files(version(b))
    for lost in kept[:2]:  # the pages per municipality of those themes were rendered again to rebuild them
        for theme_page in version(a).glob(f"themes/{lost.stem}/*.html"):
            assert theme_page.stat().st_ino != (first / theme_page.relative_to(version(a))).stat().st_ino


def test_a_published_version_whose_data_does_not_match_is_not_built_upon(tmp_path):
    corpus = corpus_of(tmp_path)
    a, b = tmp_path / "a", tmp_path / "b"
    run.analyse(corpus, a, Config(), progress=False)
    jsonl = version(a) / "data" / "documents.jsonl"
    lines = jsonl.read_text(encoding="utf-8").splitlines(keepends=True)
    jsonl.write_text("".join(lines[:2] + lines[3:]), encoding="utf-8")  # a line lost
    shutil.copytree(a, b, symlinks=True)
    write(corpus, "zutphen/motie.txt", MOTION.replace("12 weken", "14 weken"))
    analyse_both(corpus, a, b)
    assert files(version(a)) == files(version(b))
    assert "cannot build on the published version" in "".join(
        p.read_text(encoding="utf-8") for p in (a / "logs").glob("*.log"))


def test_changed_render_settings_render_everything_again(tmp_path):
    corpus = corpus_of(tmp_path)
    out = tmp_path / "out"
    run.analyse(corpus, out, Config(), progress=False)
    first = version(out)
    again = run.analyse(corpus, out, Config(render=RenderConfig(language="en")), progress=False)
    assert again.rendered and again.stage_calls == 0
    for path in ("velsen/vragen.txt", "ede/motie.txt"):
        text = page(out, path).read_text(encoding="utf-8")
        assert '<html lang="en">' in text and page(out, path).stat().st_ino != (first / "documents" /
                                                                                page(out, path).name).stat().st_ino


def test_link_or_copy_never_writes_over_a_file(tmp_path):
    source, target = tmp_path / "source.html", tmp_path / "v2" / "target.html"
    source.write_text("old version", encoding="utf-8")
    write(target.parent, target.name, "already here")
    assert not common.link_or_copy(source, target)  # the caller renders the page instead
    assert target.read_text(encoding="utf-8") == "already here" and source.read_text(encoding="utf-8") == "old version"
    assert not common.link_or_copy(tmp_path / "gone.html", tmp_path / "v2" / "other.html")
    assert common.link_or_copy(source, tmp_path / "v2" / "new.html")
    assert (tmp_path / "v2" / "new.html").stat().st_ino == source.stat().st_ino
