"""The interactive explorer: one offline HTML page of terms, keyness, contexts and topics.
"""

from ._explorer import (
    FDR_LEVEL,
    G2_SATURATION,
    KEYNESS_PALETTE,
    LAMBDAS,
    REST,
    REST_LABEL,
    Z_SATURATION,
    Explorer,
    explorer,
    explorer_tables,
)

__all__ = [
    'LAMBDAS', 'G2_SATURATION', 'Z_SATURATION', 'FDR_LEVEL', 'REST', 'REST_LABEL', 'KEYNESS_PALETTE',
    'explorer_tables', 'Explorer', 'explorer',
]
