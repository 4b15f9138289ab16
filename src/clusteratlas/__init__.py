"""Cluster Atlas: writing about industrial clusters, technoparks, industrial
parks and special economic zones, turned into a sourced knowledge graph.

    >>> from clusteratlas import Atlas
    >>> atlas = Atlas("atlas.db")
    >>> atlas.ingest(["examples/corpus"]).summary()
"""

from .atlas import Atlas, IngestReport

__version__ = "0.1.0"
__all__ = ["Atlas", "IngestReport", "__version__"]
