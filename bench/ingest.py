#!/usr/bin/env python3
"""Ingestion benchmark for Cluster Atlas: speed and memory, on SQLite and PostgreSQL.

The script replicates the example corpus (examples/corpus/ by default) into a
temporary directory until it holds at least --target-mb MiB of source files,
giving every copy of a text file (.txt, .md, .html) a unique line so that its
content hash differs and nothing is skipped as a duplicate. PDF and DOCX files
cannot be varied that simply, so they are included once.

That corpus is then ingested with ``Atlas(db).ingest(...)`` into a fresh
SQLite file and, when a PostgreSQL URL is given (--postgres, or the
CLUSTERATLAS_TEST_DATABASE_URL environment variable), into a fresh schema
of that database, which is dropped afterwards.

Each backend is measured in two passes, each in a fresh Python process and a
fresh database, so that one measurement does not disturb the other:

  speed pass   no tracemalloc; gives seconds, documents/s, chars/s and the
               peak resident set size (ru_maxrss) of the whole process.
  memory pass  under tracemalloc; gives the peak of Python allocations and the
               traced memory after 10 %, 50 % and 100 % of the files, which
               shows whether memory grows with the number of documents.
               tracemalloc slows Python down, so its time is shown apart.

See bench/README.md for what every figure means.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "examples" / "corpus"
PG_ENV = "CLUSTERATLAS_TEST_DATABASE_URL"
MIB = 1024 * 1024

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
BINARY_SUFFIXES = {".pdf", ".docx"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | BINARY_SUFFIXES
CHECKPOINTS = tuple(i / 10 for i in range(1, 11))  # the table shows 10 %, 50 % and 100 %


# ---- corpus ---------------------------------------------------------------


def _source_files(corpus: Path) -> list[Path]:
    """Supported files under the corpus directory, sorted, hidden ones skipped (as Atlas.ingest does)."""
    found = []
    for path in sorted(corpus.rglob("*")):
        rel = path.relative_to(corpus).parts
        if path.is_file() and not any(p.startswith(".") for p in rel) and path.suffix.lower() in SUPPORTED:
            found.append(path)
    return found


def _vary(data: bytes, suffix: str, copy: int) -> bytes:
    """The file's bytes with a line that names the copy, where the reader keeps it."""
    if suffix in HTML_SUFFIXES:
        marker = f"\n<p>Replica {copy} of this article.</p>\n".encode()
        lower = data.lower()
        for tag in (b"</article>", b"</main>", b"</body>"):
            at = lower.rfind(tag)
            if at != -1:
                return data[:at] + marker + data[at:]
        return data + marker
    return data.rstrip(b"\n") + f"\n\nReplica {copy} of this article.\n".encode()


def build_corpus(source: Path, dest: Path, target_bytes: int, copies: int | None) -> dict:
    """Write copy 1 (every file verbatim) and copies 2..N (text files varied) under dest."""
    files = _source_files(source)
    if not files:
        raise SystemExit(f"bench: no supported files ({', '.join(sorted(SUPPORTED))}) under {source}")
    text_files = [f for f in files if f.suffix.lower() not in BINARY_SUFFIXES]
    binary_files = [f for f in files if f.suffix.lower() in BINARY_SUFFIXES]
    contents = {f: f.read_bytes() for f in files}

    total = 0
    n_files = 0
    copy = 0
    while True:
        copy += 1
        if copies is not None and copy > copies:
            break
        if copies is None and total >= target_bytes:
            break
        if copy > 1 and not text_files:
            break  # only binary files: more copies would be duplicates
        out_dir = dest / f"r{copy:05d}"
        out_dir.mkdir(parents=True)
        for f in files if copy == 1 else text_files:
            data = contents[f] if copy == 1 else _vary(contents[f], f.suffix.lower(), copy)
            target = out_dir / f.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            total += len(data)
            n_files += 1
    return {
        "source": str(source),
        "source_files": len(files),
        "text_files": len(text_files),
        "binary_files_once": len(binary_files),
        "copies": copy - 1,
        "files": n_files,
        "bytes": total,
        "mib": round(total / MIB, 3),
    }


# ---- machine --------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / MIB, 1)  # kB → GiB
    except OSError:
        pass
    return None


def machine_info() -> dict:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    import sqlalchemy

    try:
        from clusteratlas import __version__ as atlas_version
    except ImportError:
        atlas_version = None
    return {
        "cpu": _cpu_model(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "cpus_usable": usable,
        "ram_gib": _ram_gib(),
        "os": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": sqlalchemy.__version__,
        "clusteratlas": atlas_version,
    }


# ---- one measured run (in its own process) ----------------------------------


def _rss_mib() -> float | None:
    """Current resident set size of this process, from /proc (Linux)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / MIB
    except (OSError, ValueError, IndexError):
        return None


def _trim_cache() -> list[int] | None:
    """Entries in trafilatura's trim() LRU cache (bounded, filled while reading HTML): [size, maxsize]."""
    try:
        from trafilatura.utils import trim

        info = trim.cache_info()
        return [info.currsize, info.maxsize]
    except (ImportError, AttributeError):
        return None


def worker(db_url: str, corpus: str, total_files: int, trace: bool, result_path: str) -> None:
    """Ingest the corpus into db_url and write the figures as JSON to result_path."""
    import gc
    import resource
    import tracemalloc

    from sqlalchemy import func, select

    from clusteratlas import Atlas
    from clusteratlas.store.tables import documents

    marks: dict[int, list[float]] = {}
    for share in CHECKPOINTS:
        marks.setdefault(max(1, math.ceil(total_files * share)), []).append(share)
    checkpoints: list[dict] = []
    seen = 0

    def on_file(path, outcome, error):
        nonlocal seen
        seen += 1
        if seen in marks:
            point = {"files": seen, "rss_mib": _rss_mib(), "trim_cache": _trim_cache()}
            if trace:
                gc.collect()  # count what is held, not garbage waiting for the cycle collector
                point["traced_mib"] = tracemalloc.get_traced_memory()[0] / MIB
            checkpoints.extend({"share": share, **point} for share in marks[seen])

    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    atlas = Atlas(db_url)  # loads schema, patterns and gazetteers; runs the migrations
    t1 = time.perf_counter()
    report = atlas.ingest([corpus], on_file=on_file)
    t2 = time.perf_counter()
    traced_peak = tracemalloc.get_traced_memory()[1] / MIB if trace else None
    if trace:
        tracemalloc.stop()
    maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    maxrss_mib = maxrss_kib / (MIB if sys.platform == "darwin" else 1024)

    with atlas.store.engine.connect() as conn:
        n_docs, n_chars, n_bytes = conn.execute(
            select(func.count(), func.coalesce(func.sum(func.length(documents.c.text)), 0),
                   func.coalesce(func.sum(documents.c.size), 0))
        ).one()
    counts = atlas.store.row_counts()
    atlas.close()

    seconds = t2 - t1
    result = {
        "files": seen,
        "ingested": len(report.ingested),
        "unchanged": len(report.unchanged),
        "failed": len(report.failed),
        "failures": report.failed[:5],
        "documents": int(n_docs),
        "text_chars": int(n_chars),
        "source_bytes": int(n_bytes),
        "entities": counts.get("entities"),
        "statements": counts.get("statements"),
        "setup_seconds": t1 - t0,
        "seconds": seconds,
        "docs_per_s": n_docs / seconds if seconds else None,
        "chars_per_s": n_chars / seconds if seconds else None,
        "mib_per_s": n_bytes / MIB / seconds if seconds else None,
        "maxrss_mib": maxrss_mib,
        "traced_peak_mib": traced_peak,
        "checkpoints": checkpoints,
    }
    Path(result_path).write_text(json.dumps(result))


def start_pass(db_url: str, corpus: Path, total_files: int, trace: bool, workdir: Path):
    """Start one measured ingest in a fresh Python process, so ru_maxrss is this run's alone."""
    result_path = workdir / f"result-{uuid.uuid4().hex[:8]}.json"
    cmd = [
        sys.executable, str(Path(__file__).resolve()), "--worker-db", db_url, "--worker-corpus", str(corpus),
        "--worker-files", str(total_files), "--worker-result", str(result_path),
    ]
    if trace:
        cmd.append("--worker-trace")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc, result_path


def finish_pass(started) -> dict:
    proc, result_path = started
    output, _ = proc.communicate()
    if proc.returncode != 0 or not result_path.exists():
        tail = "\n".join((output or "").strip().splitlines()[-15:])
        raise RuntimeError(f"ingest process exited with {proc.returncode}:\n{tail}")
    return json.loads(result_path.read_text())


# ---- backends -------------------------------------------------------------


class SQLiteBackend:
    name = "sqlite"

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.version = f"SQLite {sqlite3.sqlite_version}"

    def fresh_url(self, label: str) -> str:
        return f"sqlite:///{self.workdir / f'atlas-{label}.db'}"

    def release(self, url: str) -> None:
        pass  # the file goes with the temporary directory

    def close(self) -> None:
        pass


class PostgresBackend:
    """Each pass gets a schema of its own (as tests/conftest.py does), dropped afterwards."""

    name = "postgresql"

    def __init__(self, base: str):
        from sqlalchemy import create_engine, text

        from clusteratlas.store import database_url

        self._text = text
        self.url = database_url(base)
        self.admin = create_engine(self.url)
        self.schemas: list[str] = []
        with self.admin.connect() as conn:
            self.version = conn.execute(text("select version()")).scalar()

    def fresh_url(self, label: str) -> str:
        schema = f"bench_{label}_{uuid.uuid4().hex[:8]}"
        with self.admin.begin() as conn:
            conn.execute(self._text(f'CREATE SCHEMA "{schema}"'))
        self.schemas.append(schema)
        sep = "&" if "?" in self.url else "?"
        return f"{self.url}{sep}options=-csearch_path%3D{schema}"

    def release(self, url: str) -> None:
        schema = url.rsplit("%3D", 1)[1]
        if schema in self.schemas:
            with self.admin.begin() as conn:
                conn.execute(self._text(f'DROP SCHEMA "{schema}" CASCADE'))
            self.schemas.remove(schema)

    def close(self) -> None:
        try:
            for schema in list(self.schemas):
                with self.admin.begin() as conn:
                    conn.execute(self._text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        finally:
            self.admin.dispose()


def run_backends(backends: list, corpus: Path, total_files: int, workdir: Path, serial: bool, log) -> dict:
    """Speed passes one at a time (alone on the machine); then the tracemalloc passes, side by side
    unless serial, since their time is not the headline figure and per-process memory is unaffected."""
    results: dict[str, dict] = {}
    speed: dict[str, dict] = {}
    for b in backends:
        url = b.fresh_url("speed")
        log(f"  {b.name}: speed pass …")
        try:
            speed[b.name] = finish_pass(start_pass(url, corpus, total_files, False, workdir))
        except Exception as exc:
            results[b.name] = {"version": b.version, "error": str(exc)}
        finally:
            b.release(url)
    memory: dict[str, dict] = {}
    todo = [b for b in backends if b.name in speed]
    groups = [[b] for b in todo] if serial else [todo]
    for group in groups:
        started = {}
        log(f"  {' + '.join(b.name for b in group)}: memory pass (tracemalloc) …")
        for b in group:
            url = b.fresh_url("memory")
            started[b.name] = (b, url, start_pass(url, corpus, total_files, True, workdir))
        for name, (b, url, handle) in started.items():
            try:
                memory[name] = finish_pass(handle)
            except Exception as exc:
                results[name] = {"version": b.version, "error": str(exc)}
            finally:
                b.release(url)
    for b in todo:
        if b.name in memory:
            results[b.name] = {"version": b.version, **_merge(speed[b.name], memory[b.name])}
            results[b.name]["memory_passes_side_by_side"] = not serial and len(todo) > 1
    return results


def _merge(speed: dict, memory: dict) -> dict:
    peak_rss = max([speed["maxrss_mib"]] + [p["rss_mib"] for p in speed["checkpoints"] if p.get("rss_mib")])
    return {
        **{k: v for k, v in speed.items() if k != "checkpoints"},
        "maxrss_mib": peak_rss,
        "rss_checkpoints": speed["checkpoints"],
        "traced_peak_mib": memory["traced_peak_mib"],
        "traced_checkpoints": memory["checkpoints"],
        "traced_seconds": memory["seconds"],
        "traced_documents": memory["documents"],
    }


# ---- output ---------------------------------------------------------------


def _num(value, fmt="{:,.0f}") -> str:
    return "-" if value is None else fmt.format(value)


def _point(points: list[dict], share: float, key: str) -> str:
    for p in points:
        if abs(p["share"] - share) < 1e-9 and p.get(key) is not None:
            return f"{p[key]:.1f} MiB ({p['files']} files)"
    return "-"


def _growth(points: list[dict]) -> str:
    first = next((p for p in points if abs(p["share"] - 0.1) < 1e-9), None)
    last = next((p for p in points if abs(p["share"] - 1.0) < 1e-9), None)
    if not first or not last or last["files"] <= first["files"] or first.get("traced_mib") is None:
        return "-"
    grown = last["traced_mib"] - first["traced_mib"]
    per_file = grown * MIB / 1024 / (last["files"] - first["files"])
    return f"{grown:+.1f} MiB ({per_file:+.1f} KiB/file)"


def _cache(points: list[dict]) -> str:
    first = next((p for p in points if abs(p["share"] - 0.1) < 1e-9), None)
    last = next((p for p in points if abs(p["share"] - 1.0) < 1e-9), None)
    if not first or not last or not first.get("trim_cache") or not last.get("trim_cache"):
        return "-"
    return f"{first['trim_cache'][0]:,} -> {last['trim_cache'][0]:,} of {last['trim_cache'][1]:,}"


def render(report: dict) -> str:
    m, c, results = report["machine"], report["corpus"], report["results"]
    lines = [
        "Cluster Atlas ingestion benchmark",
        "",
        f"Machine:    {m['cpu']} ({m['machine']}), {m['cpus_usable']} of {m['cpus']} CPUs usable, "
        f"{_num(m['ram_gib'], '{:.1f}')} GiB RAM",
        f"OS:         {m['os']}",
        f"Software:   {m['python']}, SQLAlchemy {m['sqlalchemy']}, clusteratlas {m['clusteratlas']}",
    ]
    for name, r in results.items():
        lines.append(f"{name + ':':<12}{r.get('version') or r.get('skipped') or r.get('error', '').splitlines()[0]}")
    lines += [
        f"Corpus:     {c['source']}: {c['text_files']} text/HTML files x {c['copies']} copies "
        f"(copy 1 verbatim, the others with a unique 'Replica N' line)",
        f"            + {c['binary_files_once']} PDF/DOCX once = {c['files']:,} files, "
        f"{c['mib']:.2f} MiB of source bytes",
        "",
    ]
    ran = {k: v for k, v in results.items() if "seconds" in v}
    if ran:
        rows = [
            ("documents stored", lambda r: _num(r["documents"])),
            ("  ingested / unchanged / failed", lambda r: f"{r['ingested']} / {r['unchanged']} / {r['failed']}"),
            ("source MiB (stored documents)", lambda r: _num(r["source_bytes"] / MIB, "{:.2f}")),
            ("text chars (stored documents)", lambda r: _num(r["text_chars"])),
            ("entities / statements", lambda r: f"{r['entities']:,} / {r['statements']:,}"),
            ("setup seconds (open + migrate)", lambda r: _num(r["setup_seconds"], "{:.2f}")),
            ("ingest seconds", lambda r: _num(r["seconds"], "{:.2f}")),
            ("documents/s", lambda r: _num(r["docs_per_s"], "{:,.1f}")),
            ("chars/s", lambda r: _num(r["chars_per_s"])),
            ("source MiB/s", lambda r: _num(r["mib_per_s"], "{:.3f}")),
            ("peak RSS, ru_maxrss (MiB)", lambda r: _num(r["maxrss_mib"], "{:.1f}")),
            ("  RSS after 10% of files", lambda r: _point(r["rss_checkpoints"], 0.10, "rss_mib")),
            ("  RSS after 50% of files", lambda r: _point(r["rss_checkpoints"], 0.50, "rss_mib")),
            ("  RSS after all files", lambda r: _point(r["rss_checkpoints"], 1.00, "rss_mib")),
            ("tracemalloc peak (MiB)", lambda r: _num(r["traced_peak_mib"], "{:.1f}")),
            ("  traced after 10% of files", lambda r: _point(r["traced_checkpoints"], 0.10, "traced_mib")),
            ("  traced after 50% of files", lambda r: _point(r["traced_checkpoints"], 0.50, "traced_mib")),
            ("  traced after all files", lambda r: _point(r["traced_checkpoints"], 1.00, "traced_mib")),
            ("  growth from 10% to 100%", lambda r: _growth(r["traced_checkpoints"])),
            ("  trafilatura trim() cache entries", lambda r: _cache(r["traced_checkpoints"])),
            ("ingest seconds under tracemalloc", lambda r: _num(r["traced_seconds"], "{:.2f}")),
        ]
        label_w = max(len(label) for label, _ in rows)
        cells = {name: [fn(r) for _, fn in rows] for name, r in ran.items()}
        col_w = {name: max(len(name), *(len(v) for v in vals)) for name, vals in cells.items()}
        lines.append(" " * label_w + "  " + "  ".join(f"{name:>{col_w[name]}}" for name in ran))
        lines.append("-" * label_w + "  " + "  ".join("-" * col_w[name] for name in ran))
        for i, (label, _) in enumerate(rows):
            lines.append(f"{label:<{label_w}}  " + "  ".join(f"{cells[n][i]:>{col_w[n]}}" for n in ran))
    for name, r in results.items():
        if "skipped" in r:
            lines.append(f"\nNote: {name} skipped: {r['skipped']}")
        elif "error" in r:
            lines.append(f"\nError: {name} failed: {r['error']}")
        elif r.get("failed"):
            lines.append(f"\nNote: {name}: {r['failed']} files failed, e.g. {r['failures'][0]}")
    side_by_side = any(r.get("memory_passes_side_by_side") for r in ran.values())
    lines += [
        "",
        f"Total wall time: {report['wall_seconds']:.1f} s (corpus build, two passes per backend, process starts).",
        "Speed and RSS come from a pass without tracemalloc, one backend at a time. The tracemalloc figures",
        "come from a second pass in a fresh process and database, slower because tracemalloc hooks every",
        "allocation" + ("; the backends' tracemalloc passes ran side by side, so those times are only indicative."
                        if side_by_side else "."),
        "Traced memory grows until trafilatura's trim() LRU cache (bounded) is full, then stays flat;",
        "see bench/README.md.",
    ]
    return "\n".join(lines)


# ---- main -----------------------------------------------------------------


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/ingest.py",
        description=(
            "Measure Cluster Atlas ingestion speed and memory. Replicates the example corpus into a temporary "
            "directory until it holds at least --target-mb MiB of source files (each copy of a .txt/.md/.html "
            "file gets a unique 'Replica N of this article.' line so its content hash differs; PDF and DOCX "
            "files are included once), then ingests it into a fresh SQLite file and, when a PostgreSQL URL is "
            f"given by --postgres or ${PG_ENV}, into a fresh schema that is dropped afterwards. Each backend "
            "runs twice in fresh processes: a speed pass (seconds, documents/s, chars/s, ru_maxrss) and a "
            "tracemalloc pass (peak of Python allocations, and traced memory after 10%, 50% and 100% of the "
            "files, to show whether memory grows with the number of documents)."
        ),
        epilog="Example: CLUSTERATLAS_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test "
        ".venv/bin/python bench/ingest.py --json bench-result.json. See bench/README.md.",
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="directory of example documents to replicate (default: examples/corpus)")
    parser.add_argument("--target-mb", type=float, default=5.0,
                        help="replicate until the corpus holds at least this many MiB of source bytes (default: 5)")
    parser.add_argument("--copies", type=int, default=None, metavar="N",
                        help="make exactly N copies of the text files instead of aiming at --target-mb")
    parser.add_argument("--postgres", metavar="URL", default=None,
                        help=f"PostgreSQL URL to benchmark as well (default: ${PG_ENV} if set; "
                        "without either PostgreSQL is skipped)")
    parser.add_argument("--no-sqlite", action="store_true", help="skip the SQLite backend")
    parser.add_argument("--serial", action="store_true",
                        help="run the tracemalloc passes of the backends one after another instead of side by side "
                        "(slower; makes 'ingest seconds under tracemalloc' comparable with the speed pass)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary directory (corpus and SQLite files) and print its path")
    parser.add_argument("--json", metavar="FILE", default=None,
                        help="also write all figures as JSON to FILE ('-' prints JSON instead of the table)")
    for hidden in ("--worker-db", "--worker-corpus", "--worker-files", "--worker-result"):
        parser.add_argument(hidden, help=argparse.SUPPRESS)
    parser.add_argument("--worker-trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.copies is not None and args.copies < 1:
        parser.error("--copies must be at least 1")
    if args.target_mb <= 0:
        parser.error("--target-mb must be positive")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.worker_db:
        worker(args.worker_db, args.worker_corpus, int(args.worker_files), args.worker_trace, args.worker_result)
        return 0

    quiet = args.json == "-"

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    start = time.perf_counter()
    corpus_src = args.corpus.resolve()
    if not corpus_src.is_dir():
        print(f"bench: corpus directory {corpus_src} does not exist", file=sys.stderr)
        return 2
    pg_url = args.postgres or os.environ.get(PG_ENV)
    workdir = Path(tempfile.mkdtemp(prefix="clusteratlas-bench-"))
    exit_code = 0
    try:
        log(f"Building the corpus in {workdir} …")
        corpus_dir = workdir / "corpus"
        corpus = build_corpus(corpus_src, corpus_dir, int(args.target_mb * MIB), args.copies)
        try:
            corpus["source"] = str(corpus_src.relative_to(Path.cwd()))
        except ValueError:
            pass
        log(f"  {corpus['files']} files, {corpus['mib']:.2f} MiB")

        backends: list = []
        skipped: dict[str, dict] = {}
        if args.no_sqlite:
            skipped["sqlite"] = {"skipped": "--no-sqlite given"}
        else:
            backends.append(SQLiteBackend(workdir))
        if not pg_url:
            skipped["postgresql"] = {"skipped": f"no --postgres URL given and ${PG_ENV} is not set"}
        else:
            try:
                backends.append(PostgresBackend(pg_url))
            except Exception as exc:  # unreachable server, bad URL: report it, still run SQLite
                skipped["postgresql"] = {"error": f"cannot connect: {exc.__class__.__name__}: {exc}".strip()}
        try:
            ran = run_backends(backends, corpus_dir, corpus["files"], workdir, args.serial, log)
        finally:
            for b in backends:
                b.close()
        results = {name: ran.get(name) or skipped[name] for name in ("sqlite", "postgresql")}
        if any("error" in r for r in results.values()):
            exit_code = 1

        report = {
            "machine": machine_info(),
            "corpus": corpus,
            "target_mib": args.target_mb,
            "results": results,
            "wall_seconds": time.perf_counter() - start,
        }
        if args.json and args.json != "-":
            Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
        if quiet:
            print(json.dumps(report, indent=2))
        else:
            print(render(report))
            if args.json:
                print(f"JSON written to {args.json}")
        if args.keep:
            log(f"Kept {workdir}")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
