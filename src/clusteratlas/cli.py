"""The command line: a thin skin over :class:`clusteratlas.Atlas`.

Errors are one line (``clusteratlas: …``) and a non-zero exit; ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from . import __version__
from .read import DEFAULT_MAX_BYTES
from .store import DATABASE_ENV

app = typer.Typer(
    name="clusteratlas",
    help=(
        "Cluster Atlas: read articles about industrial clusters, technoparks, industrial parks and "
        "special economic zones, and keep every fact with its source sentence.\n\n"
        "Example: clusteratlas --db atlas.db ingest examples/corpus && clusteratlas serve"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

_state: dict = {"db": None, "debug": False}


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"clusteratlas: {message}", err=True)
    raise typer.Exit(code)


def _atlas(**kwargs):
    from .atlas import Atlas

    try:
        return Atlas(_state["db"], **kwargs)
    except Exception as exc:  # a wrong URL or an unreachable server
        if _state["debug"]:
            raise
        _fail(f"cannot open the database {_state['db'] or '(default)'}: {str(exc).splitlines()[0]}")


# Options shared by the listing commands.
PAGE_OPTION = typer.Option(1, "--page", min=1, help="Page number, from 1.")
PER_PAGE_OPTION = typer.Option(30, "--per-page", min=1, max=1000, help="Rows per page.")
JSON_OPTION = typer.Option(False, "--json", help="JSON instead of a table.")


def _print_page(result: dict, noun: str, as_json: bool, format_row) -> None:
    """A page of rows on stdout; the page line on stderr so pipes get rows only."""
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=1, default=str))
        return
    for row in result["items"]:
        typer.echo(format_row(row))
    typer.echo(f"page {result['page']} of {result['pages']} ({result['total']} {noun})", err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"clusteratlas {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    db: Optional[str] = typer.Option(
        None, "--db", metavar="PATH_OR_URL",
        help=f"SQLite file or SQLAlchemy URL (postgresql://user@host/db). Default: ${DATABASE_ENV}, else ./atlas.db.",
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks instead of one-line errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    _state["db"] = db
    _state["debug"] = debug


def _size(value: str) -> int:
    units = {"k": 1024, "kb": 1024, "m": 1024**2, "mb": 1024**2, "g": 1024**3, "gb": 1024**3}
    text = value.strip().lower()
    for suffix in sorted(units, key=len, reverse=True):
        if text.endswith(suffix):
            return int(float(text[: -len(suffix)]) * units[suffix])
    return int(text)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files and directories (read recursively)."),
    max_size: str = typer.Option("20MB", "--max-size", help="Skip files larger than this (e.g. 500KB, 20MB)."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress bar (default: on a terminal)."),
) -> None:
    """Read, extract and store documents, one transaction each.

    Re-ingesting the same content changes nothing. A bad file gets one line on
    stderr and the others go on; the exit code is 1 if any file failed.

    Example: clusteratlas ingest examples/corpus report.pdf
    """
    from .atlas import iter_input_files

    try:
        limit = _size(max_size)
    except ValueError:
        _fail(f"--max-size: cannot read {max_size!r} as a size (e.g. 20MB)", 2)
    atlas = _atlas(max_bytes=limit)
    files = list(iter_input_files(paths))
    show = sys.stderr.isatty() if progress is None else progress

    def report_failure(path, outcome, error):
        if outcome == "failed":
            (bar.console.print if bar else typer.echo)(f"clusteratlas: {error}", **({} if bar else {"err": True}))

    bar = None
    if show and files:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                       TextColumn("{task.fields[name]}"), transient=True)
        with bar:
            task = bar.add_task("ingest", total=len(files), name="")

            def on_file(path, outcome, error):
                report_failure(path, outcome, error)
                bar.update(task, advance=1, name=path.name)

            result = atlas.ingest(files, on_file=on_file)
    else:
        result = atlas.ingest(files, on_file=report_failure)
    typer.echo(result.summary())
    atlas.close()
    if not result.ok:
        raise typer.Exit(1)


@app.command()
def extract(
    files: list[Path] = typer.Argument(..., help="Documents to read (txt, md, html, pdf, docx)."),
    out: Path = typer.Option(..., "--out", "-o", help="Directory for one <stem>.json per input."),
) -> None:
    """Write each document's graph as JSON in the extraction contract's form; no database is touched.

    Example: clusteratlas extract ../shared/eval/dev/docs/*.txt --out predictions/
    """
    from .atlas import iter_input_files
    from .extract import default_extractor
    from .read import ReadError, read_document

    extractor = default_extractor()
    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path in iter_input_files(files):
        try:
            doc = read_document(path)
        except ReadError as exc:
            typer.echo(f"clusteratlas: {exc}", err=True)
            failed += 1
            continue
        graph = extractor.extract(doc.text, language=doc.language).to_schema_dict(doc.file_name)
        graph["extractor"] = {"name": extractor.name, "version": extractor.version}
        target = out / f"{path.stem}.json"
        tmp = target.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(graph, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(target)  # no half-written file if interrupted
    if failed:
        raise typer.Exit(1)


@app.command()
def entities(
    type: Optional[str] = typer.Option(None, "--type", "-t", help="organization, cluster, site, person, place or legal_act."),
    query: Optional[str] = typer.Option(None, "--query", "-q", help="Only names containing this text."),
    page: int = PAGE_OPTION,
    per_page: int = PER_PAGE_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """List entities, most documented first.

    Example: clusteratlas entities --type cluster --page 2
    """
    from .schema import ENTITY_TYPES

    if type and type not in ENTITY_TYPES:
        _fail(f"--type: unknown type {type!r} (choose from {', '.join(ENTITY_TYPES)})", 2)
    result = _atlas().entities(type=type, q=query, page=page, per_page=per_page)
    _print_page(result, "entities", as_json,
                lambda row: f"{row['id']:<18} {row['type']:<12} {row['documents']:>3} docs  {row['caption']}")


@app.command()
def search(
    query: Optional[str] = typer.Argument(None, help="Words to find; \"quoted words\" as a phrase. Any script."),
    type: Optional[str] = typer.Option(None, "--type", "-t", help="document, or an entity type (organization, cluster, ...)."),
    region: Optional[str] = typer.Option(None, "--region", help="Only hits tied to this region (e.g. \"Kaluga Region\")."),
    cluster: Optional[str] = typer.Option(None, "--cluster", help="Only hits tied to this cluster."),
    language: Optional[str] = typer.Option(None, "--language", help="Only documents in this language (en, ru)."),
    year: Optional[int] = typer.Option(None, "--year", help="Only documents published this year."),
    page: int = PAGE_OPTION,
    per_page: int = typer.Option(10, "--per-page", min=1, max=200, help="Hits per page."),
    as_json: bool = JSON_OPTION,
    reindex: bool = typer.Option(False, "--reindex", help="Rebuild the search index from the stored facts first."),
) -> None:
    """Full-text search over documents and entities, best first, with the words found marked.

    Names match across scripts and spellings: "Ростех" finds Rostec. The text is
    searched as words; characters such as * - : ( ) are not operators. Facet
    counts (type, region, cluster, language, year) follow the hits; narrow with
    the options.

    Example: clusteratlas search "composite materials" --region "Kaluga Region" --type document
    """
    from .search import SearchError

    atlas = _atlas()
    if reindex:
        counts = atlas.store.reindex()
        typer.echo(f"indexed {counts['documents']} documents and {counts['entities']} entities", err=True)
        if query is None:
            return
    if query is None:
        _fail("give words to search for (or --reindex)", 2)
    try:
        result = atlas.search(query, type=type, region=region, cluster=cluster, language=language, year=year,
                              page=page, per_page=per_page)
    except SearchError as exc:
        _fail(f"cannot search: {exc}", 2)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
        return
    bold = sys.stdout.isatty()
    for hit in result.hits:
        snippet = "".join((f"\033[1m{t}\033[0m" if bold else f"[{t}]") if is_hit else t for t, is_hit in hit.snippet)
        typer.echo(f"{hit.title}  [{hit.type}]  {hit.id}\n    {' '.join(snippet.split())}")
    shown = ", ".join(f"{name}: " + "; ".join(f"{v} ({n})" for v, n in values[:5])
                      for name, values in result.facets.items() if values)
    total = f"{result.total:,}" + ("" if result.total_is_exact else "+")
    typer.echo(f"{total} hits, page {result.page} of {result.pages}" + (f"  |  {shown}" if shown else ""), err=True)


@app.command()
def match(
    need: str = typer.Argument(..., help="What you need, in words: a product or a service, e.g. \"geogrids for road construction\". "
                                         "OKPD2 and HS codes (22.21, 7019) match registry codes."),
    region: Optional[str] = typer.Option(None, "--region", help="Put organisations in this region first: located there, in "
                                                               "one of its cities, or in a cluster or site there (e.g. \"Altai Krai\")."),
    cluster: Optional[str] = typer.Option(None, "--cluster", help="Put members of this cluster or site first (a name or an ID)."),
    limit: int = typer.Option(20, "--limit", min=1, max=200, help="How many organisations to list."),
    csv_file: Optional[Path] = typer.Option(None, "--csv", help="Also write the shortlist to this CSV file (one row per organisation, with evidence)."),
    semantic: bool = typer.Option(False, "--semantic", help="Add sentence-embedding similarity (needs the optional 'semantic' extra)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Find organisations that make or can do what you need, best first, each with the sentences that say so.

    Organisations are ranked by what the atlas says they make or can do (strong evidence) and by the
    sentences that name them (weaker); --region and --cluster put those in the region or cluster first
    without hiding the others. Every result lists its evidence with the document it comes from, so a
    shortlist can be checked before anyone is called.

    Example: clusteratlas match "geogrids for road construction" --region "Altai Krai" --csv shortlist.csv
    """
    from .match import MatchError, SemanticUnavailable, write_csv

    atlas = _atlas()
    try:
        results = atlas.match(need, region=region, cluster=cluster, limit=limit, semantic=semantic)
    except MatchError as exc:
        _fail(f"cannot match: {exc}", 2)
    except SemanticUnavailable as exc:
        _fail(str(exc), 2)
    if csv_file is not None:
        tmp = csv_file.with_name(csv_file.name + ".tmp")
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            write_csv(results, fh)
        tmp.replace(csv_file)  # no half-written shortlist if interrupted
        typer.echo(f"{len(results)} organisations written to {csv_file}", err=True)
    if as_json:
        typer.echo(json.dumps({"results": [m.to_dict() for m in results]}, ensure_ascii=False, indent=1))
        return
    for rank, m in enumerate(results, start=1):
        where = "; ".join(x for x in (m.region, ", ".join(c["name"] + (f" ({c['role']})" if c["role"] else "")
                                                          for c in m.clusters[:3])) if x)
        typer.echo(f"{rank:>2}. {m.name}  [{m.id}]  score {m.score:.2f}" + (f"  — {where}" if where else ""))
        for ev in m.evidence[:3]:
            label = ev.property if ev.property == "mention" else f"{ev.property}: {ev.value}"
            typer.echo(f"      {label} — “{ev.text if len(ev.text) <= 200 else ev.text[:197] + '...'}” "
                       f"({ev.document['title'] or ev.document['path']})")
    if not results:
        typer.echo(f"no organisation in the atlas says it makes or does {need!r}", err=True)


@app.command()
def show(
    id_or_name: str = typer.Argument(..., help="An entity ID (org-…) or a name as written."),
    as_json: bool = typer.Option(False, "--json", help="JSON instead of text."),
) -> None:
    """Show an entity with every statement and its source sentence.

    Example: clusteratlas show "Kaluga Region"
    """
    atlas = _atlas()
    found = atlas.find_entity(id_or_name)
    if not found:
        _fail(f"no entity with ID or name {id_or_name!r} (try: clusteratlas entities -q ...)")
    if len(found) > 1:
        typer.echo(f"{len(found)} entities are named {id_or_name!r}; showing each:", err=True)
    for ent in found:
        detail = atlas.entity(ent["id"])
        if as_json:
            typer.echo(json.dumps(detail, ensure_ascii=False, indent=1, default=str))
            continue
        typer.echo(f"{detail['caption']}  [{detail['type']}]  {detail['id']}")
        for fact in detail["facts"]:
            if fact["direction"] == "in":
                line = f"  ← {fact['label']}: {fact['other']['caption']}"
            elif "other" in fact:
                line = f"  {fact['label']}: {fact['other']['caption']}"
            else:
                line = f"  {fact['label']}: {fact['value']}"
            if fact["qualifiers"].get("role"):
                line += f" (role: {fact['qualifiers']['role']})"
            typer.echo(line)
            typer.echo(f"      “{' '.join(fact['sentence'].split())}” — {fact['document']['path']} [{fact['start']}:{fact['end']}]")


@app.command()
def documents(
    page: int = PAGE_OPTION,
    per_page: int = PER_PAGE_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """List ingested documents, newest first.

    Example: clusteratlas documents --per-page 10
    """
    result = _atlas().documents(page=page, per_page=per_page)
    _print_page(result, "documents", as_json,
                lambda row: f"{row['id']}  {row['format']:<4} {row['language'] or '?':<3} {row['title'] or row['path']}")


@app.command()
def export(
    format: str = typer.Option("json", "--format", "-f", help="json (entities and statements), csv (a statement per row) or mentions (JSON lines: each name in each document with its canonical entity)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="File to write (default: standard output)."),
) -> None:
    """Export the graph with the provenance of every statement.

    Example: clusteratlas export --format csv --out atlas.csv
    """
    from .export import FORMATS
    from .export import export as run_export

    if format not in FORMATS:
        _fail(f"--format: unknown format {format!r} (choose from {', '.join(FORMATS)})", 2)
    atlas = _atlas()
    if out is None:
        count = run_export(atlas.store, format, sys.stdout)
    else:
        tmp = out.with_name(out.name + ".tmp")
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            count = run_export(atlas.store, format, fh)
        tmp.replace(out)
    typer.echo(f"{count} statements exported", err=True)


@app.command("import-table")
def import_table(
    file: Path = typer.Argument(..., help="A registry table: .csv (comma, semicolon or tab) or .xlsx (first sheet)."),
    map: str = typer.Option(..., "--map", help="field=Column pairs: name (required), inn, ogrn, region, website, products, okpd2, address, role, cluster."),
    type: str = typer.Option("organization", "--type", help="Entity type of the rows."),
    source: Optional[str] = typer.Option(None, "--source", help="Name of the registry, kept as the document title."),
) -> None:
    """Load a registry table (cluster participants, park residents, SME lists) as sourced statements.

    INN and OGRN are checked by their check digits; a bad row is reported with its line number
    and nothing is loaded until every row is good. Rows are resolved against the graph.

    Example: clusteratlas import-table residents.csv --map name=Company,inn=INN,region=Region --source "Park register 2024"
    """
    from .registry import RegistryError, parse_mapping
    from .schema import ENTITY_TYPES

    if type not in ENTITY_TYPES:
        _fail(f"--type: unknown type {type!r} (choose from {', '.join(ENTITY_TYPES)})", 2)
    try:
        mapping = parse_mapping(map)
    except ValueError as exc:
        _fail(f"--map: {exc}", 2)
    try:
        result = _atlas().import_table(file, mapping, entity_type=type, source=source)
    except RegistryError as exc:
        for line in getattr(exc, "details", []):
            typer.echo(f"clusteratlas: {line}", err=True)
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot import {file}: {exc.strerror or exc}")
    typer.echo(f"{result['rows']} rows {result['status']}")


@app.command()
def resolve(
    rebuild: bool = typer.Option(False, "--rebuild", help="Resolve every entity from scratch (judgements hold)."),
) -> None:
    """Join the entities that are one real thing (ingest does this for new entities as it goes).

    Example: clusteratlas resolve --rebuild
    """
    if not rebuild:
        _fail("ingest resolves new entities itself; pass --rebuild to resolve the whole graph again", 2)
    summary = _atlas().resolve()
    typer.echo(f"{summary['entities']} entities → {summary['canonical']} canonical, {summary['review']} pairs to review, "
               f"{summary['comparisons']} comparisons")


@app.command()
def judge(
    left: str = typer.Argument(..., help="An entity ID."),
    right: str = typer.Argument(..., help="Another entity ID."),
    verdict: str = typer.Argument(..., help="same, different or unsure."),
    reason: Optional[str] = typer.Option(None, "--reason", help="Why, for whoever reads the judgement later."),
    author: str = typer.Option("cli", "--author", help="Who judged."),
) -> None:
    """Say whether two entities are one thing; a "different" is never merged again.

    Example: clusteratlas judge org-3f2a1b4c5d6e org-9a8b7c6d5e4f different --reason "holding and subsidiary"
    """
    try:
        summary = _atlas().judge(left, right, verdict, author=author, reason=reason)
    except (KeyError, ValueError) as exc:
        _fail(str(exc).strip("'\""), 2)
    typer.echo(f"judged {left} and {right} {verdict}; {summary['canonical']} canonical entities")


@app.command()
def review(
    limit: int = typer.Option(20, "--limit", min=1, help="How many pairs to go through."),
    author: str = typer.Option("cli", "--author", help="Who judges."),
) -> None:
    """Go through the pairs the resolver was unsure of: y (same), n (different), u (unsure), s (skip), q (quit).

    On a terminal it asks pair by pair, showing both entities' sourced facts; in a pipe it lists the pairs.

    Example: clusteratlas review --limit 10
    """
    atlas = _atlas()
    pairs = atlas.review_queue(limit)
    if not pairs:
        typer.echo("nothing to review")
        return
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    answers = {"y": "same", "n": "different", "u": "unsure"}
    for pair in pairs:
        left, right = atlas.entity(pair["left_id"]), atlas.entity(pair["right_id"])
        if left is None or right is None:
            continue
        typer.echo(f"\n{pair['score']:.0f}  {left['caption']} [{left['id']}]  ?=  {right['caption']} [{right['id']}]")
        if not interactive:
            continue
        for side in (left, right):
            typer.echo(f"  {side['caption']} ({side['type']}): " + "; ".join(
                f"{f['label']}: {f.get('other', {}).get('caption') or f['value']}" for f in side["facts"][:6]))
            if side["facts"]:
                typer.echo(f"    “{' '.join(side['facts'][0]['sentence'].split())[:200]}”")
        key = typer.prompt("same? [y/n/u/s/q]", default="s").strip().lower()[:1]
        if key == "q":
            break
        if key in answers:
            atlas.judge(left["id"], right["id"], answers[key], author=author)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
) -> None:
    """Serve the web pages and the HTTP API (OpenAPI at /docs).

    Example: clusteratlas --db atlas.db serve --port 8080
    """
    import uvicorn

    from .web import create_app

    atlas = _atlas()
    typer.echo(f"Cluster Atlas is serving {atlas.store.url.split('://')[0]} data at http://{host}:{port}/  (Ctrl+C stops)")
    uvicorn.run(create_app(atlas), host=host, port=port, log_level="warning")


@app.command()
def demo(
    corpus: Path = typer.Option(Path("examples/corpus"), "--corpus", help="Directory of example articles."),
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port"),
    no_serve: bool = typer.Option(False, "--no-serve", help="Build the atlas and exit."),
) -> None:
    """Build the demo atlas from the example corpus, then serve it.

    Example: clusteratlas --db atlas.db demo --port 8000
    """
    if not corpus.is_dir():
        _fail(f"cannot read {corpus}: no such directory (run from the project root or pass --corpus)")
    atlas = _atlas()
    result = atlas.ingest([corpus])
    for path, error in result.failed:
        typer.echo(f"clusteratlas: {error}", err=True)
    stats = atlas.stats()
    typer.echo(f"demo atlas: {result.summary()}; {stats['documents']} documents, {stats['entities']} entities, "
               f"{stats['statements']} statements")
    if no_serve:
        return
    serve(host=host, port=port)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if _state["debug"]:
            raise
        typer.echo(f"clusteratlas: {exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
