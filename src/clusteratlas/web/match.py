"""Supplier matching over HTTP: ``GET /api/match``, ``GET /api/match.csv`` and the ``/match`` page.

A thin skin over :meth:`clusteratlas.Atlas.match`, kept in its own module so that the search,
reconciliation and matching routes grow without touching each other. Input is checked here as
``api.py`` checks it: a need, region or cluster that cannot be matched is a 422, never a 500.
"""

from __future__ import annotations

import io
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from starlette.responses import HTMLResponse, Response

from ..match import MAX_LIMIT, MAX_NEED_LENGTH, MatchError, SemanticUnavailable, semantic_available, write_csv
from .api import MAX_QUERY_LENGTH, NO_NUL, AtlasDep, Problem
from .pages import page_url, render

Need = Annotated[str, Query(min_length=1, max_length=MAX_NEED_LENGTH, pattern=NO_NUL,
                            description="What is needed, in words (\"geogrids for road construction\"); OKPD2 and HS codes match registry codes.")]
Place = Annotated[str | None, Query(max_length=MAX_QUERY_LENGTH, pattern=NO_NUL,
                                    description="Put organisations in this region (or city) first, e.g. \"Altai Krai\".")]
Cluster = Annotated[str | None, Query(max_length=MAX_QUERY_LENGTH, pattern=NO_NUL,
                                      description="Put members of this cluster or site (a name or an ID) first.")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"How many organisations, 1 to {MAX_LIMIT}.")]
Semantic = Annotated[bool, Query(description="Add sentence-embedding similarity (needs the optional 'semantic' extra).")]

ERRORS = {422: {"model": Problem, "description": "A need, region or cluster that cannot be matched"},
          501: {"model": Problem, "description": "Semantic matching asked for, but not installed"}}

api_router = APIRouter(prefix="/api", tags=["api"])
page_router = APIRouter(include_in_schema=False)


def run_match(atlas, need: str, region: str | None, cluster: str | None, limit: int, semantic: bool):
    try:
        return atlas.match(need, region=region or None, cluster=cluster or None, limit=limit, semantic=semantic)
    except MatchError as exc:
        raise HTTPException(422, f"cannot match: {exc}") from None
    except SemanticUnavailable as exc:
        raise HTTPException(501, str(exc)) from None


@api_router.get("/match", summary="Organisations that make or can do what is needed, best first, each with its evidence",
                responses=ERRORS)
def match(atlas: AtlasDep, q: Need, region: Place = None, cluster: Cluster = None, limit: Limit = 20,
          semantic: Semantic = False) -> dict[str, Any]:
    results = run_match(atlas, q, region, cluster, limit, semantic)
    return {"need": q, "region": region, "cluster": cluster, "results": [m.to_dict() for m in results]}


@api_router.get("/match.csv", summary="The same shortlist as a CSV download, one organisation per row",
                responses={**ERRORS, 200: {"content": {"text/csv": {}}, "description": "The shortlist"}})
def match_csv(atlas: AtlasDep, q: Need, region: Place = None, cluster: Cluster = None, limit: Limit = 20,
              semantic: Semantic = False) -> Response:
    results = run_match(atlas, q, region, cluster, limit, semantic)
    out = io.StringIO()
    write_csv(results, out)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="shortlist.csv"'})


@page_router.get("/match", response_class=HTMLResponse)
def match_page(
    request: Request, atlas: AtlasDep, q: Annotated[str, Query(max_length=100_000)] = "",
    region: Annotated[str, Query(max_length=100_000)] = "", cluster: Annotated[str, Query(max_length=100_000)] = "",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20, semantic: bool = False,
) -> HTMLResponse:
    """The form, and under it the shortlist with the sentences that justify each organisation."""
    results, error, status = None, None, 200
    if q.strip():
        try:
            for name, value, longest in (("need", q, MAX_NEED_LENGTH), ("region", region, MAX_QUERY_LENGTH),
                                         ("cluster", cluster, MAX_QUERY_LENGTH)):
                if len(value) > longest or "\x00" in value:
                    raise MatchError(f"the {name} is too long or holds characters that cannot be searched")
            results = atlas.match(q, region=region.strip() or None, cluster=cluster.strip() or None, limit=limit,
                                  semantic=semantic)
        except MatchError as exc:
            error, status = f"This cannot be matched: {exc}.", 422
        except SemanticUnavailable as exc:
            error, status = f"{exc}.", 501
    params = {"q": q, "region": region, "cluster": cluster, "limit": limit if limit != 20 else None,
              "semantic": "true" if semantic else None}
    shown = {k: (v[:500] if isinstance(v, str) else v) for k, v in params.items()}
    return render(request, "match.html", status, active="match", q=shown["q"], region=shown["region"],
                  cluster=shown["cluster"], limit=limit, semantic=semantic, semantic_available=semantic_available(),
                  results=results, error=error, csv_url=page_url("/api/match.csv", **params) if results else None)
