"""Server-rendered HTML pages: Jinja2 templates with autoescaping always on.

Documents are untrusted text. Nothing from a document is ever marked safe:
the highlighted text is a list of :class:`Segment` objects and the template
escapes each one, so markup inside a document shows as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.responses import HTMLResponse

from .. import __version__
from ..extract.sentences import split_sentences
from ..schema import Schema, load_schema
from .api import NO_NUL, AtlasDep, FacetText, PageNumber, SearchText, TypeFilter, load_document, load_entity

HERE = Path(__file__).resolve().parent
ENTITIES_PER_PAGE = 50
DOCUMENTS_PER_PAGE = 20
RECENT_DOCUMENTS = 8

# Pages run no scripts at all; the policy is defence in depth should escaping ever fail.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

router = APIRouter(include_in_schema=False)
SEARCH_PER_PAGE = 20


# ---- templates -----------------------------------------------------------


def url_part(value: Any) -> str:
    """One path segment of a URL: every reserved character escaped."""
    return quote(str(value), safe="")


def when(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value or "")


def _environment() -> Environment:
    # autoescape=True for every template, whatever its name: nothing relies on file extensions.
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    schema = load_schema()
    env.filters["url_part"] = url_part
    env.filters["when"] = when
    env.filters["type_label"] = lambda name: schema.entity_types[name].label if name in schema.entity_types else name
    env.globals["version"] = __version__
    env.globals["schema"] = schema
    return env


templates = Jinja2Templates(env=_environment())


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, context, status_code=status_code, headers=SECURITY_HEADERS)


def error_page(request: Request, status_code: int, message: str, headers: dict | None = None) -> HTMLResponse:
    titles = {404: "Not found", 405: "Method not allowed", 422: "Bad request"}
    response = render(request, "error.html", status_code, title=titles.get(status_code, "Error"), message=message)
    response.headers.update(headers or {})
    return response


def page_url(path: str, **params: Any) -> str:
    """A URL with the given query parameters, leaving out empty ones and page 1."""
    kept = {k: v for k, v in params.items() if v not in (None, "") and not (k == "page" and v == 1)}
    return f"{path}?{urlencode(kept)}" if kept else path


def pager(path: str, result: dict[str, Any], **params: Any) -> dict[str, Any]:
    page, pages = result["page"], result["pages"]
    return {
        "page": page, "pages": pages, "total": result["total"],
        "prev": page_url(path, **params, page=page - 1) if page > 1 else None,
        "next": page_url(path, **params, page=page + 1) if page < pages else None,
    }


# ---- the document text, highlighted ---------------------------------------


@dataclass(frozen=True)
class Segment:
    """A run of document text: plain, a mention of an entity, a value, or an empty anchor."""

    text: str
    kind: str = "text"  # text | mention | value | anchor
    start: int = 0
    entity_id: str | None = None
    type: str | None = None  # the entity type of a mention, the kind (money, date) of a value
    title: str | None = None  # what a tooltip says: the entity's caption or the value read

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _marks(text: str, mentions: list[dict], values: list[dict]) -> list[Segment]:
    """Mentions and values as segments, sorted, with spans that overlap an earlier one left out."""
    candidates = [
        Segment(text[m["start"]:m["end"]], "mention", m["start"], m["entity_id"], m.get("type"), m.get("caption"))
        for m in mentions
    ] + [Segment(text[v["start"]:v["end"]], "value", v["start"], None, v["kind"], str(v["value"])) for v in values]
    # longest first at the same start, and a mention before a value over the same span
    candidates.sort(key=lambda seg: (seg.start, -seg.end, seg.kind != "mention"))
    kept, cursor = [], 0
    for seg in candidates:
        if seg.start >= cursor:
            kept.append(seg)
            cursor = seg.end
    return kept


def highlighted_text(text: str, mentions: list[dict], values: list[dict], anchors: list[int] = ()) -> list[Segment]:
    """The whole text as segments; ``anchors`` are offsets (sentence starts) that get an empty
    ``id="s-N"`` element where no mark starts, so every fact's link has a target."""
    marks = _marks(text, [m for m in mentions if _valid(m, text)], [v for v in values if _valid(v, text)])
    marked_starts = {seg.start for seg in marks}
    points = [Segment("", "anchor", a) for a in anchors if a not in marked_starts and 0 <= a < len(text)]
    out, cursor = [], 0
    for seg in sorted(marks + points, key=lambda s: (s.start, s.kind != "anchor")):
        if seg.start < cursor:  # an anchor inside a mark: the mark is the target instead
            continue
        if seg.start > cursor:
            out.append(Segment(text[cursor:seg.start], start=cursor))
        out.append(seg)
        cursor = seg.end
    if cursor < len(text):
        out.append(Segment(text[cursor:], start=cursor))
    return out


def _valid(span: dict, text: str) -> bool:
    return 0 <= span["start"] < span["end"] <= len(text)


# ---- an entity's facts, grouped ---------------------------------------------


def _group_label(fact: dict, schema: Schema) -> str:
    if fact["direction"] == "in":
        relation = schema.relations.get(fact["property"])
        return relation.reverse_label if relation else f"{fact['label']} (reverse)"
    return fact["label"]


def _group_rank(fact: dict, schema: Schema) -> tuple:
    """Relations first (out, then in), then literal properties, names last; schema order within each."""
    prop = fact["property"]
    if prop in schema.relations:
        return (0 if fact["direction"] == "out" else 1, list(schema.relations).index(prop))
    if prop == "name":
        return (3, 0)
    order = list(schema.properties)
    return (2, order.index(prop) if prop in order else len(order), prop)


def sentence_parts(fact: dict) -> tuple[str, str, str]:
    """The source sentence cut around the fact's own span: (before, span, after).

    A span that is the whole sentence (as a relation's is) is not marked."""
    sentence = fact["sentence"]
    offset = fact.get("sentence_start")
    if offset is None:
        return sentence, "", ""
    lo, hi = fact["start"] - offset, fact["end"] - offset
    if not (0 <= lo < hi <= len(sentence)) or (lo == 0 and hi == len(sentence)):
        return sentence, "", ""
    return sentence[:lo], sentence[lo:hi], sentence[hi:]


def fact_groups(entity: dict, schema: Schema) -> list[dict]:
    """Facts grouped by property and direction, then by value, each value with all its sources."""
    groups: dict[tuple, dict] = {}
    for fact in sorted(entity["facts"], key=lambda f: _group_rank(f, schema)):
        group = groups.setdefault(
            (fact["property"], fact["direction"]), {"label": _group_label(fact, schema), "values": {}}
        )
        role = (fact.get("qualifiers") or {}).get("role")
        other = fact.get("other")
        key = (other["id"] if other else fact["value"], role)
        value = group["values"].setdefault(key, {"text": fact["value"], "other": other, "role": role, "sources": []})
        value["sources"].append({
            "document": fact["document"], "start": fact["start"], "end": fact["end"],
            "parts": sentence_parts(fact),
        })
    return [{"label": g["label"], "values": list(g["values"].values())} for g in groups.values()]


# ---- pages ------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request, atlas: AtlasDep) -> HTMLResponse:
    stats = atlas.stats()
    by_type = [
        {"name": name, "label": spec.plural, "count": stats["entities_by_type"].get(name, 0)}
        for name, spec in load_schema().entity_types.items()
    ]
    recent = atlas.documents(page=1, per_page=RECENT_DOCUMENTS)["items"]
    return render(request, "home.html", active="home", stats=stats, by_type=by_type, recent=recent)


@router.get("/entities", response_class=HTMLResponse)
def entity_list(
    request: Request, atlas: AtlasDep, type: TypeFilter = None, q: SearchText = None, page: PageNumber = 1
) -> HTMLResponse:
    type_name = type.value if type else None
    result = atlas.entities(type=type_name, q=q, page=page, per_page=ENTITIES_PER_PAGE)
    filters = [{"name": None, "label": "All", "url": page_url("/entities", q=q)}] + [
        {"name": name, "label": spec.plural, "url": page_url("/entities", type=name, q=q)}
        for name, spec in load_schema().entity_types.items()
    ]
    return render(
        request, "entities.html", active="entities", result=result, type=type_name, q=q or "",
        filters=filters, pager=pager("/entities", result, type=type_name, q=q),
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request, atlas: AtlasDep, q: Annotated[str, Query(max_length=100_000)] = "",
    type: Annotated[str | None, Query(max_length=32, pattern=NO_NUL)] = None, region: FacetText = None,
    cluster: FacetText = None, language: Annotated[str | None, Query(max_length=8, pattern=NO_NUL)] = None,
    year: Annotated[int | None, Query(ge=1000, le=9999)] = None, page: PageNumber = 1,
) -> HTMLResponse:
    from ..search import SearchError

    filters = {"type": type, "region": region, "cluster": cluster, "language": language, "year": year}
    active = [(name, value) for name, value in filters.items() if value not in (None, "")]
    result, error = None, None
    if q.strip():
        try:
            result = atlas.search(q, page=page, per_page=SEARCH_PER_PAGE, **filters)
        except SearchError as exc:
            error = f"This cannot be searched: {exc}."

    def facet_url(name: str, value: str) -> str:
        return page_url("/search", q=q, **{**filters, name: value})

    return render(
        request, "search.html", 422 if error else 200, active="search", q=q if len(q) <= 500 else q[:500], result=result,
        error=error, active_filters=active, facet_url=facet_url, clear_url=page_url("/search", q=q),
        pager=pager("/search", {"page": result.page, "pages": result.pages, "total": result.total}, q=q, **filters)
        if result else None,
    )


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, atlas: AtlasDep, entity_id: str) -> HTMLResponse:
    entity = load_entity(atlas, entity_id)
    if entity.get("redirected_from"):  # a merged-away ID: send the reader to the canonical page
        return RedirectResponse(f"/entities/{entity['id']}", status_code=301)
    return render(request, "entity.html", active="entities", entity=entity, groups=fact_groups(entity, load_schema()))


def review_pairs(atlas, limit: int = 20) -> list[dict]:
    pairs = []
    for pair in atlas.review_queue(limit):
        left, right = atlas.entity(pair["left_id"]), atlas.entity(pair["right_id"])
        if left and right and left["id"] != right["id"]:
            pairs.append({"left": left, "right": right, "score": pair["score"]})
    return pairs


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, atlas: AtlasDep) -> HTMLResponse:
    return render(request, "review.html", active="review", pairs=review_pairs(atlas), judged=None)


@router.post("/review", response_class=HTMLResponse)
async def review_judge(request: Request, atlas: AtlasDep) -> HTMLResponse:
    form = await request.form()
    left, right, verdict = (str(form.get(k, "")) for k in ("left_id", "right_id", "verdict"))
    if verdict not in ("same", "different", "unsure") or not atlas.store.get_entity(left) or not atlas.store.get_entity(right):
        return error_page(request, 422, "a judgement needs two entity IDs and a verdict of same, different or unsure")
    atlas.judge(left, right, verdict, author="web")
    return render(request, "review.html", active="review", pairs=review_pairs(atlas), judged=f"{left} and {right} {verdict}")


@router.get("/documents", response_class=HTMLResponse)
def document_list(request: Request, atlas: AtlasDep, page: PageNumber = 1) -> HTMLResponse:
    result = atlas.documents(page=page, per_page=DOCUMENTS_PER_PAGE)
    return render(request, "documents.html", active="documents", result=result, pager=pager("/documents", result))


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, atlas: AtlasDep, doc_id: str) -> HTMLResponse:
    doc = load_document(atlas, doc_id)
    sentence_starts = [span.start for span in split_sentences(doc["text"])]
    segments = highlighted_text(doc["text"], doc["mentions"], doc["values"], sentence_starts)
    named = {m["entity_id"]: m for m in doc["mentions"] if m["entity_id"]}
    entities = sorted(named.values(), key=lambda m: ((m["type"] or ""), (m["caption"] or "").lower()))
    return render(request, "document.html", active="documents", doc=doc, segments=segments, entities=entities)
