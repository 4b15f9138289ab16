"""The JSON API under ``/api``: a thin skin over :class:`clusteratlas.Atlas`.

Every parameter is validated here, before it reaches the database, so bad
input is a 422 (or a 404 for an ID that cannot exist) and never a 500.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel

from ..atlas import Atlas
from ..schema import ENTITY_TYPES

# Past this page, OFFSET overflows a 64-bit integer on some databases; no atlas has that many pages.
MAX_PAGE = 1_000_000
MAX_PER_PAGE = 200
# A search longer than any name is a mistake; SQLite also refuses LIKE patterns over 50,000 characters.
MAX_QUERY_LENGTH = 200
MAX_ID_LENGTH = 200
# PostgreSQL text cannot hold NUL; the pattern keeps it out of the search text.
NO_NUL = r"^[^\x00]*$"

# The entity types as an enum: FastAPI answers 422 for any other and OpenAPI lists the choices.
EntityTypeName = Enum("EntityTypeName", {name: name for name in ENTITY_TYPES}, type=str)

PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")]
SearchText = Annotated[
    str | None,
    Query(max_length=MAX_QUERY_LENGTH, pattern=NO_NUL, description="Only entities whose name contains this text."),
]
TypeFilter = Annotated[EntityTypeName | None, Query(description="Only entities of this type.")]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description=f"Items per page, 1 to {MAX_PER_PAGE}.")]


class Problem(BaseModel):
    detail: str


NOT_FOUND = {404: {"model": Problem, "description": "No such item"}}

router = APIRouter(prefix="/api", tags=["api"])


def get_atlas(request: Request) -> Atlas:
    return request.app.state.atlas


AtlasDep = Annotated[Atlas, Depends(get_atlas)]


def plausible_id(value: str) -> bool:
    """False for an ID no entity or document can have; such IDs never reach the database."""
    return 0 < len(value) <= MAX_ID_LENGTH and "\x00" not in value


def shown_id(value: str) -> str:
    """An ID as an error message quotes it: short enough to read."""
    return repr(value if len(value) <= 80 else value[:77] + "...")


def load_entity(atlas: Atlas, entity_id: str) -> dict[str, Any]:
    found = atlas.entity(entity_id) if plausible_id(entity_id) else None
    if found is None:
        raise HTTPException(404, f"no entity with ID {shown_id(entity_id)}")
    return found


def load_document(atlas: Atlas, doc_id: str) -> dict[str, Any]:
    found = atlas.document(doc_id) if plausible_id(doc_id) else None
    if found is None:
        raise HTTPException(404, f"no document with ID {shown_id(doc_id)}")
    return found


@router.get("/stats", summary="Counts of documents, entities and statements")
def stats(atlas: AtlasDep) -> dict[str, Any]:
    return atlas.stats()


@router.get("/documents", summary="Ingested documents, newest first (without their text)")
def documents(atlas: AtlasDep, page: PageNumber = 1, per_page: PerPage = 20) -> dict[str, Any]:
    return atlas.documents(page=page, per_page=per_page)


@router.get("/documents/{doc_id}", summary="A document with its text, mentions and values", responses=NOT_FOUND)
def document(atlas: AtlasDep, doc_id: Annotated[str, Path(description="A document ID (doc-…)")]) -> dict[str, Any]:
    return load_document(atlas, doc_id)


@router.get("/entities", summary="Entities, most documented first; filter by type and name")
def entities(
    atlas: AtlasDep,
    type: TypeFilter = None,
    q: SearchText = None,
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> dict[str, Any]:
    return atlas.entities(type=type.value if type else None, q=q, page=page, per_page=per_page)


SearchType = Enum("SearchType", {name: name for name in ("document", *ENTITY_TYPES)}, type=str)
FacetText = Annotated[str | None, Query(max_length=MAX_QUERY_LENGTH, pattern=NO_NUL)]


@router.get("/search", summary="Full-text search over documents and entities, with snippets, facets and pages",
            responses={422: {"model": Problem, "description": "A query that cannot be searched"}})
def search(
    atlas: AtlasDep,
    q: Annotated[str, Query(description="The words to find, as a person types them; \"quoted words\" are a phrase.")],
    type: Annotated[SearchType | None, Query(description="document, or an entity type")] = None,
    region: FacetText = None,
    cluster: FacetText = None,
    language: Annotated[str | None, Query(max_length=8, pattern=NO_NUL)] = None,
    year: Annotated[int | None, Query(ge=1000, le=9999)] = None,
    page: PageNumber = 1,
    per_page: PerPage = 20,
) -> dict[str, Any]:
    from ..search import SearchError

    try:
        result = atlas.search(q, type=type.value if type else None, region=region, cluster=cluster,
                              language=language, year=year, page=page, per_page=per_page)
    except SearchError as exc:
        raise HTTPException(422, f"cannot search: {exc}") from None
    return result.to_dict()


@router.get(
    "/entities/{entity_id}",
    summary="An entity with every fact, each with its document, offsets and source sentence",
    responses=NOT_FOUND,
)
def entity(atlas: AtlasDep, entity_id: Annotated[str, Path(description="An entity ID (org-…, cl-…)")]) -> dict[str, Any]:
    return load_entity(atlas, entity_id)


@router.get(
    "/entities/{entity_id}/neighbours",
    summary="The network one hop out: canonical entities related to this one, with the relations",
    responses=NOT_FOUND,
)
def neighbours(atlas: AtlasDep, entity_id: Annotated[str, Path(description="An entity ID")]) -> dict[str, Any]:
    found = load_entity(atlas, entity_id)
    nodes = {found["id"]: {"id": found["id"], "caption": found["caption"], "type": found["type"]}}
    edges = {}
    for fact in found["facts"]:
        other = fact.get("other")
        if not other or not other.get("id"):
            continue
        nodes.setdefault(other["id"], {"id": other["id"], "caption": other["caption"], "type": other["type"]})
        source, target = (found["id"], other["id"]) if fact["direction"] == "out" else (other["id"], found["id"])
        key = (source, fact["property"], target)
        edge = edges.setdefault(key, {"source": source, "relation": fact["property"], "target": target,
                                      "role": fact["qualifiers"].get("role"), "documents": []})
        if fact["document"]["id"] not in edge["documents"]:
            edge["documents"].append(fact["document"]["id"])
    return {"entity": found["id"], "nodes": list(nodes.values()), "edges": list(edges.values())}


class JudgementIn(BaseModel):
    left_id: str
    right_id: str
    verdict: Annotated[str, Query(pattern="^(same|different|unsure)$")]
    author: str = "api"
    reason: str | None = None


@router.get("/review", summary="Pairs the resolver was unsure of, the closest to the thresholds first")
def review_queue(atlas: AtlasDep, limit: PerPage = 20) -> dict[str, Any]:
    return {"pairs": atlas.review_queue(limit)}


@router.post("/judgements", summary="Say whether two entities are one thing (same, different, unsure)",
             responses={**NOT_FOUND, 422: {"model": Problem, "description": "Bad verdict"}})
def judge(atlas: AtlasDep, judgement: JudgementIn) -> dict[str, Any]:
    if judgement.verdict not in ("same", "different", "unsure"):
        raise HTTPException(422, "verdict must be same, different or unsure")
    for entity_id in (judgement.left_id, judgement.right_id):
        if not plausible_id(entity_id) or atlas.store.get_entity(entity_id) is None:
            raise HTTPException(404, f"no entity with ID {shown_id(entity_id)}")
    summary = atlas.judge(judgement.left_id, judgement.right_id, judgement.verdict,
                          author=judgement.author[:100], reason=judgement.reason)
    return {"judged": judgement.model_dump(), "resolution": summary}
