"""Rule patterns of framings._saferegex: the time budget, compiling, and what a bad pattern says (once doctests)."""
import pytest

from framings._saferegex import compile_problem, compile_rule, regex_timeout
from framings.errors import CorpusError


def test_the_budget_is_ten_seconds_unless_the_environment_says_otherwise(monkeypatch):
    monkeypatch.delenv("FRAMINGS_REGEX_TIMEOUT", raising=False)
    assert regex_timeout() == 10.0
    monkeypatch.setenv("FRAMINGS_REGEX_TIMEOUT", "2.5")
    assert regex_timeout() == 2.5
    monkeypatch.setenv("FRAMINGS_REGEX_TIMEOUT", "-1")
    with pytest.raises(CorpusError, match="not a positive number of seconds"):
        regex_timeout()


def test_compile_rule_and_compile_problem():
    assert compile_rule(r"^CHAPTER \d+$").search("CHAPTER 25") is not None
    assert compile_problem(r"^CHAPTER \d+$") is None
    assert compile_problem("(unclosed") == "missing ) at position 9"
