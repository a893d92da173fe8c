"""Shared by the doctests in ``src/framings`` (``--doctest-modules``): the names every example may use."""
import os
import sys

import matplotlib

matplotlib.use("Agg")
os.environ.setdefault("FRAMINGS_PROGRESS", "0")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import framings as fr  # noqa: E402

# --doctest-modules imports every module it collects: not the fixture-making scripts (they need
# packages the tests do not, e.g. scattertext), which are run by hand, never by pytest
collect_ignore_glob = ["tests/fixtures/*.py"]


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace):
    """``fr``, ``pd`` and ``np`` in every doctest, as in the notebooks."""
    doctest_namespace.update(fr=fr, pd=pd, np=np)


@pytest.fixture(autouse=True)
def _close_doctest_figures(request):
    """Close the figures a doctest drew (examples of plotting functions leave them open)."""
    yield
    if isinstance(request.node, pytest.DoctestItem) and "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
