#!/usr/bin/env python3
"""Resolution at scale: synthetic organisation names, 10k to 100k, in one run.

Each size is resolved from scratch with the library's resolver (the same code
`clusteratlas resolve --rebuild` runs). Printed per size: seconds, peak Python
memory (tracemalloc in a second, separate pass would double the time, so the
peak is measured with it on), comparisons per name, and time against n·log n
scaled from the smallest size. Nothing here is asserted.

    python bench/resolve_scale.py                 # 10k, 30k, 100k
    python bench/resolve_scale.py --sizes 10000 100000
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

STEMS = ["Tekhno", "Avia", "Prom", "Neft", "Kompozit", "Metall", "Sib", "Ural", "Volga", "Kama", "Energo", "Khim",
         "Pribor", "Radio", "Opto", "Elektro", "Gaz", "Les", "Agro", "Stal", "Titan", "Polimer", "Mash", "Stroy"]
ENDINGS = ["mash", "stroy", "dinamika", "servis", "tekh", "prom", "sistem", "komplekt", "invest", "resurs", "proekt",
           "snab", "lit", "montazh", "avtomatika", "pribor"]
PLACES = ["Kazan", "Perm", "Ufa", "Samara", "Tula", "Kaluga", "Tomsk", "Omsk", "Lipetsk", "Biysk", "Obninsk", "Kirov"]
FORMS = ["LLC {}", "{} LLC", "JSC {}", "{} JSC", "«{}»", "ООО «{}»", "{}", "{} Plant", "{} Group"]


def synthetic_names(n: int, seed: int = 7) -> list[str]:
    """About n/3 distinct companies, each written in up to three ways: legal forms, quotes, typos."""
    rng = random.Random(seed)
    names = []
    while len(names) < n:
        base = rng.choice(STEMS) + rng.choice(ENDINGS) + rng.choice(["", "-" + rng.choice(PLACES), " " + rng.choice(PLACES)])
        if rng.random() < 0.5:
            base += f"-{rng.randint(1, 999)}"
        for _ in range(rng.randint(1, 3)):
            name = rng.choice(FORMS).format(base)
            if rng.random() < 0.1:  # a typo: one letter dropped
                i = rng.randrange(1, len(name) - 1)
                name = name[:i] + name[i + 1 :]
            names.append(name)
    return names[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    args = parser.parse_args()

    from clusteratlas.resolve.matching import NameRecord, resolve_records

    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"{'names':>9} {'seconds':>9} {'peak MiB':>9} {'comparisons/name':>17} {'clusters':>9} {'s / (n log n) vs first':>24}")
    first = None
    for n in args.sizes:
        records = [NameRecord(f"r{i}", "organization", [name]) for i, name in enumerate(synthetic_names(n))]
        tracemalloc.start()
        start = time.perf_counter()
        result = resolve_records(records)
        seconds = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        per_nlogn = seconds / (n * math.log(n))
        first = first or per_nlogn
        print(f"{n:>9,} {seconds:>9.1f} {peak / 2**20:>9.1f} {result.comparisons / n:>17.2f} "
              f"{len(set(result.canonical.values())):>9,} {per_nlogn / first:>24.2f}", flush=True)
    print("\nA last column at or below about 1 means time grows no faster than n·log n.")


if __name__ == "__main__":
    main()
