import re

from conftest import REPO, run_cli

COMMANDS = ["analyse", "status", "report", "nightly", "harvest", "label"]


def test_every_command_has_help_with_an_example():
    for command in COMMANDS:
        result = run_cli(command, "--help")
        assert result.returncode == 0
        assert "example:" in result.stdout and f"raadslens {command}" in result.stdout


def test_readme_lists_every_command_and_make_target():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"raadslens {command}" in readme
    targets = re.findall(r"^([a-z-]+):.*## ", (REPO / "Makefile").read_text(encoding="utf-8"), re.M)
    for target in targets:
        assert f"make {target}" in readme, target


def test_analyse_and_status_from_the_command_line(tiny_corpus, tmp_path):
    out = tmp_path / "out"
    result = run_cli("analyse", str(tiny_corpus), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    assert "5 documents" in result.stdout and "failed: broken.pdf" in result.stdout
    status = run_cli("status", "--out", str(out), "--corpus", str(tiny_corpus))
    assert status.returncode == 0 and "3 fresh" in status.stdout and "2 failed" in status.stdout


def test_missing_corpus_is_a_clear_error(tmp_path):
    result = run_cli("analyse", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "corpus folder not found" in result.stderr
