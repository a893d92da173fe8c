"""Progress bars for long runs: tqdm.auto, shown only on a terminal and only for large inputs."""
from __future__ import annotations

import os


class _NoBar:
    def update(self, n=1):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def progress_bar(total: int, desc: str, unit: str, min_total: int):
    """A tqdm bar over ``total`` units, or a silent stand-in below ``min_total``.

    tqdm itself stays silent when stderr is not a terminal (``disable=None``);
    ``FRAMINGS_PROGRESS=0`` turns bars off everywhere.
    """
    if total < min_total or os.environ.get("FRAMINGS_PROGRESS", "1") == "0":
        return _NoBar()
    from tqdm.auto import tqdm  # imported only when a bar may be shown: it is not free

    return tqdm(total=total, desc=desc, unit=unit, unit_scale=True, disable=None, leave=False)
