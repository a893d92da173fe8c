"""Figures that scale: sizes that grow with the number of rows up to a cap, and tick labels that fit.

A per-document figure for 3 documents and one for 200 must both be readable. The plotting
functions size their figures with :func:`rows_height` (it grows with the rows, up to
:data:`MAX_HEIGHT_INCHES`), and :func:`framings.save_figure` calls :func:`fit_figure` before
saving: a figure larger than the cap is shrunk to it, tick labels that would overprint are
made smaller (down to :data:`MIN_FONT_SIZE`), and when even that is not enough only every
k-th label is shown, with a note saying so on the figure.
"""

from __future__ import annotations

import math

MAX_HEIGHT_INCHES = 30.0   # 3,600 px at the 120 dpi of saved figures


MAX_WIDTH_INCHES = 20.0


MIN_FONT_SIZE = 4.5


_NOTE_GID = "framings-thinned-labels"


def rows_height(n_rows: int, per_row: float = 0.4, base: float = 1.6,
                max_inches: float = MAX_HEIGHT_INCHES) -> float:
    """Figure height in inches for ``n_rows`` rows: ``base + per_row · n_rows``, at most ``max_inches``.

    Parameters
    ----------
    n_rows : int
        Rows of the figure (documents).
    per_row : float, default 0.4
        Inches per row.
    base : float, default 1.6
        Inches for titles, axes and legends.
    max_inches : float, default 30.0
        The cap.

    Returns
    -------
    float

    Examples
    --------
    >>> rows_height(5), rows_height(200)
    (3.6, 30.0)
    """
    return float(min(base + per_row * max(int(n_rows), 0), max_inches))


def rows_figsize(n_rows: int, width: float = 9.0, per_row: float = 0.4, base: float = 1.6) -> tuple[float, float]:
    """``(width, height)`` for a figure with one row per document (see :func:`rows_height`).

    Parameters
    ----------
    n_rows, per_row, base : int or float
        As in :func:`rows_height`.
    width : float, default 9.0
        Inches (at most :data:`MAX_WIDTH_INCHES`).

    Returns
    -------
    tuple of float
        For ``plt.subplots(figsize=...)``.

    Examples
    --------
    >>> rows_figsize(189)
    (9.0, 30.0)
    """
    return (float(min(width, MAX_WIDTH_INCHES)), rows_height(n_rows, per_row, base))


def _visible_labels(ax, axis: str):
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t for t in labels if t.get_visible() and t.get_text().strip()]


def _thickness(label, renderer) -> float:
    """A label's size across its own baseline, in pixels (its height when unrotated)."""
    lines = label.get_text().count("\n") + 1
    return label.get_fontsize() * 1.2 * lines * renderer.points_to_pixels(1.0)


def _crowding(labels, axis: str, renderer) -> float:
    """How much larger the labels are than the room between them (> 1: they overprint)."""
    angle = math.radians(labels[0].get_rotation() % 180)
    if axis == "x" and abs(math.sin(angle)) > 0.1:
        # rotated column labels are parallel strips: they overprint when the distance between their
        # anchors, measured across the text direction (dx · sin angle), is less than their thickness
        anchors = sorted(t.get_transform().transform(t.get_position())[0] for t in labels)
        gaps = [b - a for a, b in zip(anchors, anchors[1:])]
        room = min(gaps) * abs(math.sin(angle)) if gaps else float("inf")
        return 1.05 * max(_thickness(t, renderer) for t in labels) / max(room, 1e-9)
    boxes = [t.get_window_extent(renderer) for t in labels]
    if axis == "y":
        boxes.sort(key=lambda b: b.y0)
        pairs = zip(boxes, boxes[1:])
        worst = max(((a.height + b.height) / 2) / max(abs((b.y0 + b.y1) - (a.y0 + a.y1)) / 2, 1e-9)
                    for a, b in pairs)
    else:
        boxes.sort(key=lambda b: b.x0)
        pairs = zip(boxes, boxes[1:])
        worst = max(((a.width + b.width) / 2) / max(abs((b.x0 + b.x1) - (a.x0 + a.x1)) / 2, 1e-9)
                    for a, b in pairs)
    return worst * 1.05  # a little air between labels


def _fit_axis(ax, axis: str, renderer) -> int:
    """Shrink (then thin) one axis's tick labels until they do not overprint; return the step kept."""
    labels = _visible_labels(ax, axis)
    if len(labels) < 2:
        return 1
    crowding = _crowding(labels, axis, renderer)
    if crowding <= 1:
        return 1
    size = labels[0].get_fontsize()
    new_size = max(size / crowding, MIN_FONT_SIZE)
    ax.tick_params(axis=axis, which="major", labelsize=new_size)
    crowding = _crowding(labels, axis, renderer)
    if crowding <= 1:
        return 1
    step = math.ceil(crowding)
    ordered = sorted(labels, key=lambda t: t.get_position()[1 if axis == "y" else 0],
                     reverse=bool(axis == "y" and ax.yaxis_inverted()))
    for k, label in enumerate(ordered):
        label.set_visible(k % step == 0)
    return step


def fit_figure(fig: "matplotlib.figure.Figure", max_height: float = MAX_HEIGHT_INCHES,
               max_width: float = MAX_WIDTH_INCHES) -> None:
    """Cap the size of ``fig`` and make every axis's tick labels fit (smaller, then every k-th).

    Called by :func:`framings.save_figure`; idempotent. When labels are thinned, a note at the
    bottom of the figure says which share is shown.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A matplotlib Figure.
    max_height, max_width : float
        The size cap in inches.

    Returns
    -------
    None
        ``fig`` is changed in place.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(6, 80))
    >>> fit_figure(fig); fig.get_size_inches().tolist()
    [6.0, 30.0]
    """
    width, height = fig.get_size_inches()
    if height > max_height or width > max_width:
        fig.set_size_inches(min(width, max_width), min(height, max_height))
    if not fig.axes:
        return
    renderer = fig.canvas.get_renderer()
    fig.canvas.draw()
    notes = []
    for ax in fig.axes:
        if not ax.get_visible() or ax.get_label() == "<colorbar>":
            continue
        for axis in ("y", "x"):
            step = _fit_axis(ax, axis, renderer)
            if step > 1:
                notes.append(f"every {step}{'nd' if step == 2 else 'rd' if step == 3 else 'th'} "
                             f"{'row' if axis == 'y' else 'column'} labelled")
    if notes and not any(t.get_gid() == _NOTE_GID for t in fig.texts):
        fig.text(0.01, 0.002, "; ".join(dict.fromkeys(notes)) + " (too many to show all at a readable size)",
                 fontsize=7, color="0.35", ha="left", va="bottom", gid=_NOTE_GID)
