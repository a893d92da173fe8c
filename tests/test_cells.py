"""Spreadsheet cells (framings._cells): OWASP's CSV-injection neutralisation and its exact inverse."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from framings._cells import (
    FORMULA_TRIGGERS,
    is_spreadsheet_error,
    needs_neutralising,
    neutralise_cell,
    neutralise_frame,
    restore_cell,
    restore_frame,
)


def test_the_triggers_are_owasps_six():
    # OWASP "CSV Injection": fields beginning with = + - @ tab (0x09) or carriage return (0x0D)
    assert set(FORMULA_TRIGGERS) == {"=", "+", "-", "@", "\x09", "\x0d"}


@pytest.mark.parametrize("text", ["=1+2", "+5 percent", "- TURKSOY (1993): Established", "@SUM(A1)",
                                  "\tindented", "\rreturn", "=cmd|' /C calc'!A0", "-"])
def test_a_cell_starting_with_a_trigger_gets_one_leading_quote(text):
    assert neutralise_cell(text) == "'" + text
    assert restore_cell(neutralise_cell(text)) == text


@pytest.mark.parametrize("text", ["plain", "", " =leading space", "'quoted", "1-2", "x=y", "#NAME?", "’=curly"])
def test_other_text_is_left_alone(text):
    assert neutralise_cell(text) == text
    assert restore_cell(text) == text


def test_a_text_already_quoted_before_a_trigger_gets_one_more_so_restoring_is_exact():
    assert neutralise_cell("'=x") == "''=x"
    assert restore_cell("''=x") == "'=x"
    assert restore_cell("'=x") == "=x"


@pytest.mark.parametrize("value", [-5, -0.5, 3.0, None, True])
def test_numbers_and_missing_values_are_not_text_and_stay(value):
    assert neutralise_cell(value) is value
    assert restore_cell(value) is value


@given(st.text(max_size=40))
def test_restore_undoes_neutralise_for_every_text(text):
    assert restore_cell(neutralise_cell(text)) == text
    assert needs_neutralising(text) == (neutralise_cell(text) != text)
    # what comes out never starts with a trigger
    assert not neutralise_cell(text)[:1] in FORMULA_TRIGGERS or text == ""


@pytest.mark.parametrize("value", ["#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "#ERROR!",
                                   "Err:508", "Err:501", " #NAME? ", "#name?"])
def test_spreadsheet_error_values_are_recognised(value):
    assert is_spreadsheet_error(value)


@pytest.mark.parametrize("value", ["#hashtag", "NAME?", "Err:5", "#NAME? and more", "", 5])
def test_other_values_are_not_spreadsheet_errors(value):
    assert not is_spreadsheet_error(value)


def test_a_frame_is_neutralised_in_text_cells_and_headers_and_restored_exactly():
    frame = pd.DataFrame({"-log p": ["=a", "b", None], "n": [-1, 2, 3],
                          "kind": pd.Categorical(["+x", "y", "+x"]), "s": pd.array(["@c", "d", None], dtype="string")})
    out = neutralise_frame(frame)
    assert list(out.columns) == ["'-log p", "n", "kind", "s"]
    assert out["'-log p"].tolist()[:2] == ["'=a", "b"] and pd.isna(out["'-log p"].iloc[2])
    assert out["n"].tolist() == [-1, 2, 3] and out["n"].dtype == frame["n"].dtype
    assert out["kind"].tolist() == ["'+x", "y", "'+x"]
    assert out["s"].tolist()[:2] == ["'@c", "d"]
    back = restore_frame(out)
    assert list(back.columns) == list(frame.columns)
    assert back["-log p"].tolist()[:2] == ["=a", "b"] and back["kind"].tolist() == ["+x", "y", "+x"]
    assert frame["-log p"].iloc[0] == "=a"  # the input is not changed
