"""Extraction: text in, a :class:`~clusteratlas.model.DocumentGraph` out.

An :class:`Extractor` is anything with a ``name``, a ``version`` and an
``extract(text)`` method. The default is :class:`RuleExtractor`, a pipeline
of named components (sentences → values → names → relations), each reading
its patterns from the data files beside it.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from ..model import DocumentGraph
from .pipeline import RuleExtractor


@runtime_checkable
class Extractor(Protocol):
    name: str
    version: str

    def extract(self, text: str, *, language: str | None = None) -> DocumentGraph: ...


def default_extractor() -> Extractor:
    return RuleExtractor()


__all__ = ["Extractor", "RuleExtractor", "default_extractor"]
