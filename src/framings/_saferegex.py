"""Regular expressions from rules files, run under a time limit.

Patterns written in ``rules/<doc_id>.yaml`` are compiled with the ``regex`` package
(compatible with :mod:`re` in its default ``VERSION0`` mode) and every search is given
the time left of a per-document budget (:func:`regex_timeout` seconds, default 10,
``$FRAMINGS_REGEX_TIMEOUT`` overrides it). A pattern with catastrophic backtracking,
such as ``(a+)+$`` on a long line, stops with :class:`RuleTimeout` instead of hanging;
the loader turns it into a :class:`~framings.CorpusError` naming the rules file and rule.
"""

from __future__ import annotations

import os
import time
from functools import lru_cache

from .errors import CorpusError

DEFAULT_REGEX_TIMEOUT = 10.0  # seconds of rule-pattern matching per document


_TIMEOUT_ENV = "FRAMINGS_REGEX_TIMEOUT"


def regex_timeout() -> float:
    """Seconds of rule-pattern matching allowed per document: ``$FRAMINGS_REGEX_TIMEOUT`` (positive) or 10."""
    value = os.environ.get(_TIMEOUT_ENV, "").strip()
    if value:
        try:
            seconds = float(value)
        except ValueError:
            seconds = 0.0
        if seconds > 0:
            return seconds

        raise CorpusError(f"${_TIMEOUT_ENV}={value!r}: not a positive number of seconds; unset it or give e.g. 30")
    return DEFAULT_REGEX_TIMEOUT


class RuleTimeout(Exception):
    """A rule's pattern ran out of time: ``key`` (``drop_lines``…), ``rule`` name, ``pattern``."""

    def __init__(self, key: str, rule: str, pattern: str, seconds: float):
        super().__init__(key, rule, pattern, seconds)
        self.key, self.rule, self.pattern, self.seconds = key, rule, pattern, seconds

    def describe(self) -> str:
        """The message: which rule and pattern ran out of time, and how to fix it."""
        shown = self.pattern if len(self.pattern) <= 60 else self.pattern[:59] + "…"
        return (f"rule {self.rule!r} ({self.key}, pattern {shown!r}) ran longer than the limit of "
                f"{self.seconds:g} s for this document: the pattern backtracks catastrophically (nested "
                f"quantifiers such as (a+)+); rewrite it without nested repeats, or raise ${_TIMEOUT_ENV}")


class Budget:
    """The time left for one document's rule patterns."""

    __slots__ = ("seconds", "deadline")

    def __init__(self, seconds: float | None = None):
        self.seconds = regex_timeout() if seconds is None else float(seconds)
        self.deadline = time.monotonic() + self.seconds

    def left(self) -> float:
        """Seconds left, at least a millisecond (so every search still gets a timeout)."""
        return max(self.deadline - time.monotonic(), 1e-3)


@lru_cache(maxsize=2048)
def compile_rule(pattern: str):
    """``regex.compile(pattern)``, cached; the pattern's searches take ``timeout=``."""
    import regex  # heavy (regex, only for rules with a timeout): imported on first use

    return regex.compile(pattern)


def compile_problem(pattern: str) -> str | None:
    """Why ``pattern`` does not compile (for the schema), or None."""
    import regex  # heavy (regex, only for rules with a timeout): imported on first use

    try:
        compile_rule(pattern)
    except regex.error as err:
        return str(err)
    except (OverflowError, RecursionError, ValueError) as err:  # absurd repeat counts or nesting
        return f"{type(err).__name__}: {err}"
    return None
