"""The interactive explorer: one offline HTML page of terms, keyness, contexts and topics.
"""

from ._explorer import (
    LAMBDAS, G2_SATURATION, Z_SATURATION, FDR_LEVEL, REST, REST_LABEL, KEYNESS_PALETTE, explorer_tables,
    Explorer, explorer,
)

__all__ = [
    'LAMBDAS', 'G2_SATURATION', 'Z_SATURATION', 'FDR_LEVEL', 'REST', 'REST_LABEL', 'KEYNESS_PALETTE',
    'explorer_tables', 'Explorer', 'explorer',
]
