"""The interactive explorer: one offline HTML page of terms, keyness, contexts and topics.

:func:`explorer_tables` computes every number (``_tables``); :func:`explorer` lays them out in the page
(``_page``), whose JavaScript only picks precomputed values.
"""

from ._page import KEYNESS_PALETTE, Explorer, explorer
from ._tables import (
    FDR_LEVEL,
    G2_SATURATION,
    LAMBDAS,
    REST,
    REST_LABEL,
    Z_SATURATION,
    explorer_tables,
    search_rules,
)

__all__ = [
    "LAMBDAS", "G2_SATURATION", "Z_SATURATION", "FDR_LEVEL", "REST", "REST_LABEL", "KEYNESS_PALETTE",
    "explorer_tables", "search_rules", "Explorer", "explorer",
]
