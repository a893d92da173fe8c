"""The coding form's save/resume logic, without a browser. Codes here are chosen by the test
program (test data), not by a reader."""
import os

import pandas as pd
import pytest

import framings as fr
from framings import _io


@pytest.fixture
def blank(tmp_path, paras):
    sample = fr.coding_sample(paras, n=6, random_state=2)
    return fr.coding.write_coding_sample(sample, tmp_path / "job", key=tmp_path / "key.csv")["sheet"]


def test_first_use_copies_the_blank_sheet_and_every_code_is_saved(blank, tmp_path):
    path = tmp_path / "coding" / "test-coder.csv"
    session = fr.coding.CodingSession(path, blank=blank)
    assert path.exists() and session.position == 0 and session.n_coded == 0
    assert path.read_bytes() == blank.read_bytes(), "the copy is in the blank sheet's format"
    first = session.current["id"]
    session.code("alliance", notes="test note")
    saved = fr.coding.read_sheet(path, codes=fr.coding.codebook_codes())
    assert saved.set_index("id").loc[first, ["code", "notes"]].tolist() == ["alliance", "test note"]
    assert session.position == 1 and session.n_coded == 1
    assert saved["text"].tolist() == fr.coding.read_sheet(blank)["text"].tolist()


def test_a_new_session_resumes_at_the_first_uncoded_paragraph(blank, tmp_path):
    path = tmp_path / "test-coder.csv"
    session = fr.coding.CodingSession(path, blank=blank)
    for code in ["none", "other", "strategic-autonomy"]:
        session.code(code)
    del session  # the kernel dies: nothing but the file survives
    resumed = fr.coding.CodingSession(path)
    assert resumed.position == 3 and resumed.n_coded == 3
    # revising an earlier code, then moving on, goes to the next paragraph still without a code
    resumed.go(0)
    resumed.code("alliance")
    assert resumed.position == 3
    assert fr.coding.read_sheet(path)["code"].tolist()[:4] == ["alliance", "other", "strategic-autonomy", ""]
    while not resumed.done:
        resumed.code("none")
    assert fr.coding.CodingSession(path).done and fr.coding.CodingSession(path).position == 5


def test_a_crash_during_saving_leaves_the_last_saved_sheet(blank, tmp_path, monkeypatch):
    path = tmp_path / "test-coder.csv"
    session = fr.coding.CodingSession(path, blank=blank)
    session.code("none")
    before = path.read_bytes()

    def crash(source, target):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(_io.os, "replace", crash)
    with pytest.raises(OSError):
        session.code("other")
    monkeypatch.undo()
    assert path.read_bytes() == before
    # the blank sheet's writer left its advisory lock file (.framings-lock.job, kept on purpose); nothing else
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".") and p.name != ".framings-lock.job")
    assert left == [], "no temporary file left"
    assert fr.coding.CodingSession(path).n_coded == 1


def test_unknown_code_and_missing_blank_are_errors(blank, tmp_path):
    session = fr.coding.CodingSession(tmp_path / "test-coder.csv", blank=blank)
    with pytest.raises(fr.CorpusError, match="unknown code 'kinship'"):
        session.code("kinship")
    with pytest.raises(fr.CorpusError, match="no blank sheet"):
        fr.coding.CodingSession(tmp_path / "other.csv", blank=tmp_path / "absent.csv")
    coded = tmp_path / "coded.csv"
    fr.coding.read_sheet(blank).assign(code="none").to_csv(coded, index=False)
    with pytest.raises(fr.CorpusError, match="not a blank sheet"):
        fr.coding.CodingSession(tmp_path / "third.csv", blank=coded)


def test_the_widget_saves_on_every_click(blank, tmp_path):
    path = tmp_path / "test-coder.csv"
    form = fr.coding_form(path, blank=blank)
    session = form.session
    buttons = {b.description: b for b in form.children[2].children}
    assert list(buttons) == fr.coding.codebook_codes()
    text_shown = form.children[1].value
    assert fr.coding.read_sheet(blank)["text"].iloc[0].split()[0] in text_shown
    form.children[3].value = "a note typed in the form"
    buttons["other"].click()            # ipywidgets runs the handler without a browser
    saved = fr.coding.read_sheet(path)
    assert saved.loc[0, ["code", "notes"]].tolist() == ["other", "a note typed in the form"]
    assert "1 coded" in form.children[0].value and "saved" in form.children[5].value
    previous, following = form.children[4].children
    previous.click()
    assert session.position == 0 and buttons["other"].button_style == "info"
    following.click()
    assert session.position == 1
    # a new form on the same file resumes
    assert fr.coding_form(path).session.position == 1
