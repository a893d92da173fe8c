"""Figures: one look, one colour per framing, one helper that saves every figure; one module per family of charts.
"""

from ._charts import (
    annotated_heatmap,
    bar_terms,
    facet_bars,
    grouped_bars,
    keyness_bars,
    keyness_heatmap,
    label_points,
    lexical_dispersion,
    log_odds_scatter,
    rate_ci_dots,
)
from ._coding import sample_design_bars, validity_dots
from ._export import EXPORT_SUFFIXES, export
from ._frames import (
    MAP_LEGEND_DOCUMENTS,
    frame_profile_dots,
    paragraph_map_scatter,
    precision_dots,
    stacked_shares,
)
from ._known_answer import known_answer_plot
from ._layout import (
    MAX_HEIGHT_INCHES,
    MAX_WIDTH_INCHES,
    MIN_FONT_SIZE,
    fit_figure,
    rows_figsize,
    rows_height,
)
from ._network import COMMUNITY_PALETTE, microframe_dots, topic_network_plot
from ._style import (
    COLORS_COLUMNS,
    EXTRA_COLORS,
    figure_title,
    figures_dir,
    framing_colors,
    lock_sha256,
    plain_text,
    save_figure,
    use_style,
)
from ._topics import (
    topic_k_diagnostics,
    topic_prevalence_dots,
    topic_similarity_heatmap,
    topic_terms_grid,
)

__all__ = [
    "known_answer_plot", "MAX_HEIGHT_INCHES", "MAX_WIDTH_INCHES", "MIN_FONT_SIZE", "rows_height",
    "rows_figsize", "fit_figure", "COLORS_COLUMNS", "EXTRA_COLORS", "framing_colors", "use_style",
    "figures_dir", "lock_sha256", "figure_title", "save_figure", "bar_terms", "facet_bars",
    "keyness_bars", "keyness_heatmap", "label_points", "log_odds_scatter", "rate_ci_dots",
    "grouped_bars", "annotated_heatmap", "lexical_dispersion", "frame_profile_dots", "stacked_shares",
    "MAP_LEGEND_DOCUMENTS", "paragraph_map_scatter", "precision_dots", "topic_k_diagnostics",
    "topic_terms_grid", "topic_prevalence_dots", "topic_similarity_heatmap", "validity_dots",
    "sample_design_bars", "EXPORT_SUFFIXES", "export",
    "plain_text", "COMMUNITY_PALETTE", "topic_network_plot", "microframe_dots",
]
