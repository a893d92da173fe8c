"""python -m framings add / check, with every bad input, and bringing your own documents."""
import subprocess
import sys

import pandas as pd
import pytest

import framings as fr
from framings.project import main

TEXT = ("Azerbaijan's foreign policy after 2020 balances Russia, Türkiye and the West, "
        "a new source argues in a paragraph long enough to count as text.\n"
        "A second paragraph on the Middle Corridor and the South Caucasus closes the document.\n")


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "framings", *args], capture_output=True, text=True)


def test_add_copies_file_writes_checksum_row_and_rules(corpus_copy, tmp_path):
    new = tmp_path / "New Source.txt"
    new.write_text(TEXT, encoding="utf-8")
    result = run_cli("add", str(new), "--framing", "strategic-autonomy", "--title", "A new source",
                     "--authors", "Doe, Jane", "--date", "2025-03-01", "--corpus", str(corpus_copy))
    assert result.returncode == 0, result.stderr
    meta = pd.read_csv(corpus_copy / "metadata.csv", dtype=str, keep_default_na=False)
    row = meta.iloc[-1]
    assert (row["doc_id"], row["file"], row["year"]) == ("new-source", "new-source.txt", "2025")
    assert (corpus_copy / "raw" / "new-source.txt").read_bytes() == new.read_bytes()
    assert (corpus_copy / "rules" / "new-source.yaml").exists()
    corpus = fr.load_corpus(corpus_copy)
    assert len(corpus) == 6
    assert (corpus_copy / "cleaning-report.csv").exists()


def test_add_rejects_non_utf8(corpus_copy, tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Política exterior".encode("latin-1"))
    result = run_cli("add", str(bad), "--framing", "x", "--title", "t", "--corpus", str(corpus_copy))
    assert result.returncode == 2
    assert "latin1.txt: not UTF-8" in result.stderr and "0xed at byte offset 3" in result.stderr


def test_add_rejects_empty(corpus_copy, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    result = run_cli("add", str(empty), "--framing", "x", "--title", "t", "--corpus", str(corpus_copy))
    assert result.returncode == 2 and "empty.txt: empty" in result.stderr


def test_add_rejects_duplicate_text(corpus_copy, tmp_path):
    copy = tmp_path / "again.txt"
    copy.write_bytes((corpus_copy / "raw" / "huseynov-2025.txt").read_bytes())
    result = run_cli("add", str(copy), "--framing", "x", "--title", "t", "--corpus", str(corpus_copy))
    assert result.returncode == 2 and "already in the corpus as 'huseynov-2025'" in result.stderr


def test_add_rejects_duplicate_doc_id(corpus_copy, tmp_path):
    new = tmp_path / "n.txt"
    new.write_text(TEXT, encoding="utf-8")
    result = run_cli("add", str(new), "--framing", "x", "--title", "t", "--doc-id", "heyet-2026",
                     "--corpus", str(corpus_copy))
    assert result.returncode == 2 and "doc_id 'heyet-2026' exists already" in result.stderr


def test_add_rejects_missing_file(corpus_copy, tmp_path):
    result = run_cli("add", str(tmp_path / "nope.txt"), "--framing", "x", "--title", "t",
                     "--corpus", str(corpus_copy))
    assert result.returncode == 2 and "nope.txt: no such file" in result.stderr


@pytest.mark.parametrize("args", [["add", "--title", "t"],                      # no file to add
                                  ["add", "x.txt", "--framing", "a", "--title", "t", "--colour", "red"],
                                  ["frobnicate"]])
def test_unknown_or_missing_options_are_usage_errors(args):
    result = run_cli(*args)
    assert result.returncode == 2 and "usage:" in result.stderr


def test_check_reports_a_bad_corpus(corpus_copy):
    (corpus_copy / "raw" / "stray.txt").write_text("stray", encoding="utf-8")
    assert main(["check", "--corpus", str(corpus_copy)]) == 2


def test_check_prints_summary(capsys):
    assert main(["check"]) == 0
    assert "5 documents" in capsys.readouterr().out


# --------------------------------------------------------------------------
# the parser itself (issue 30): descriptions, help on every option, --corpus, --random-state
# --------------------------------------------------------------------------
def _commands(parser, path=()):
    """Every (path, parser) pair of the command tree, the top level included."""
    import argparse

    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _commands(child, (*path, name))


def _parser():
    from framings.project._cli import _parser as build

    return build()


def test_every_command_has_a_description_and_every_option_help():
    missing = []
    for path, parser in _commands(_parser()):
        if path and not (parser.description or "").strip():
            missing.append(f"{' '.join(path)}: no description")
        for action in parser._actions:
            if action.help is None or not str(action.help).strip():
                missing.append(f"{' '.join(path) or 'framings'} {'/'.join(action.option_strings) or action.dest}")
    assert missing == []


def test_commands_that_read_a_corpus_take_corpus_and_seeds_are_random_state():
    options = {" ".join(path): {o for a in parser._actions for o in a.option_strings}
               for path, parser in _commands(_parser()) if path}
    for command in ("check", "figures", "report", "add", "coding sample", "coding score", "explore"):
        assert "--corpus" in options[command], command
    for command in ("coding sample", "coding score", "explore"):
        assert "--random-state" in options[command], command
    assert not any("--seed" in found for found in options.values())


def test_help_of_every_command_runs_and_starts_with_its_description(capsys):
    for path, parser in _commands(_parser()):
        if not path:
            continue
        with pytest.raises(SystemExit) as exit_:
            main([*path, "--help"])
        assert exit_.value.code == 0
        text = capsys.readouterr().out
        assert parser.description.split(".")[0] in " ".join(text.split())


@pytest.mark.parametrize("command, extra, module", [("explore", "explore", "bokeh"), ("report", "docs", "sphinx"),
                                                    ("figures", "notebooks", "nbclient")])
def test_missing_extra_is_one_line_before_any_work(monkeypatch, capsys, command, extra, module):
    import importlib.util

    from framings.project import _cli

    real = importlib.util.find_spec
    monkeypatch.setattr(_cli.importlib.util, "find_spec", lambda name, *a: None if name == module else real(name, *a))

    def no_work(*args, **kwargs):
        raise AssertionError("work started before the missing extra was named")

    for name in ("load_corpus", "paragraphs", "build_report", "run_notebooks", "explorer"):
        monkeypatch.setattr(_cli, name, no_work)
    assert main([command]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and module in err and f"[{extra}]" in err and "install" in err


def test_explore_without_bokeh_in_a_fresh_process_is_one_line(tmp_path):
    # a Python without Bokeh: the import system finds no bokeh (the check runs before anything is read)
    import os

    env = {**os.environ}
    result = subprocess.run([sys.executable, "-c", "import sys; from framings.project import main; "
                             "import importlib.util as u; "
                             "u.find_spec = (lambda f: (lambda n, *a: None if n == 'bokeh' else f(n, *a)))(u.find_spec); "
                             "sys.exit(main(['explore']))"], capture_output=True, text=True, env=env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "[explore]" in result.stderr


def test_heartbeat_names_a_long_step(capsys):
    import time

    from framings.project._cli import _with_heartbeat

    assert _with_heartbeat("building", lambda: time.sleep(0.35) or 7, every=0.1) == 7
    err = capsys.readouterr().err
    assert err.startswith("building…") and err.count("still working") >= 2


def test_notebooks_copies_the_course_and_keeps_existing_files(tmp_path, capsys):
    from framings.project import notebook_paths
    from framings.project._cli import course_notebooks

    sources = course_notebooks()
    assert [p.name for p in sources[:len(notebook_paths())]] == [p.name for p in notebook_paths()]
    out = tmp_path / "course"
    assert main(["notebooks", str(out)]) == 0
    copied = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.ipynb"))
    assert len(copied) == len(sources) and "exercises/01-reading-solutions.ipynb" in copied
    assert (out / "01-reading.ipynb").read_bytes() == sources[0].read_bytes()
    (out / "01-reading.ipynb").write_text("my edits", encoding="utf-8")
    assert main(["notebooks", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert (out / "01-reading.ipynb").read_text(encoding="utf-8") == "my edits"
    assert main(["notebooks", str(out), "--force"]) == 0
    assert (out / "01-reading.ipynb").read_bytes() == sources[0].read_bytes()


def test_explore_prints_progress_while_it_builds(tmp_path, capsys):
    pytest.importorskip("bokeh")
    out = tmp_path / "explorer.html"
    assert main(["explore", "--out", str(out), "--n-boot", "20", "--max-terms", "200"]) == 0
    err = capsys.readouterr().err
    steps = [line for line in err.splitlines() if line.startswith("explorer [")]
    assert any("tokenizing" in s for s in steps) and any("topic model" in s for s in steps)
    assert any("tables done" in s for s in steps) and out.is_file()
    # the page itself (Bokeh) is the last long step: it is announced, on the same clock
    drawing = next(i for i, s in enumerate(steps) if "drawing the page" in s)
    assert "page done" in steps[drawing + 1]
    seconds = [float(s.split("[")[1].split("s]")[0]) for s in steps]
    assert seconds == sorted(seconds)
