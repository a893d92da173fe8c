"""Progress bars for long runs: shown only on a terminal, only for large inputs, never with ``FRAMINGS_PROGRESS=0``."""

from __future__ import annotations

import os
import sys


class _NoBar:
    def update(self, n=1):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def progress_enabled() -> bool:
    """Whether a bar may be drawn: ``FRAMINGS_PROGRESS`` is not ``0`` and stderr is a terminal.

    A notebook kernel, a pipe, a log file or ``make figures`` gets no bar.
    """
    if os.environ.get("FRAMINGS_PROGRESS", "1").strip() == "0":
        return False
    try:
        return bool(sys.stderr is not None and sys.stderr.isatty())
    except (AttributeError, ValueError):  # a closed or replaced stderr
        return False


def progress_bar(total: int, desc: str, unit: str, min_total: int, enabled: bool = True, unit_scale: bool = True):
    """A tqdm bar over ``total`` units, or a silent stand-in.

    Silent below ``min_total``, with ``enabled=False`` (a function's ``progress=False``),
    with ``FRAMINGS_PROGRESS=0`` and whenever stderr is not a terminal (:func:`progress_enabled`).
    """
    if not enabled or total < min_total or not progress_enabled():
        return _NoBar()
    from tqdm import (
        tqdm,  # a terminal bar; imported only when one is shown: it is not free
    )

    return tqdm(total=total, desc=desc, unit=unit, unit_scale=unit_scale, leave=False, file=sys.stderr)
