"""The FastAPI application: the API router, the page router, static files and error handling.

Errors answer in the language of the request: JSON ``{"detail": ...}`` under
``/api`` (FastAPI's own form), an HTML page everywhere else.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from .. import __version__
from ..atlas import Atlas
from . import api, pages
from . import reconcile
from . import match as matching

DESCRIPTION = (
    "Organisations, clusters, sites, places, people and legal acts read from articles. "
    "Every fact carries its document, character offsets and source sentence."
)


def create_app(atlas: Atlas) -> FastAPI:
    app = FastAPI(title="Cluster Atlas", version=__version__, description=DESCRIPTION)
    app.state.atlas = atlas
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(reconcile.router)
    app.include_router(matching.api_router)  # /api/match, /api/match.csv
    app.include_router(matching.page_router)  # /match
    app.mount("/static", StaticFiles(directory=pages.HERE / "static"), name="static")
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    return app


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path == "/api" or path.startswith("/api/")


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    if _wants_json(request):
        return await http_exception_handler(request, exc)
    return pages.error_page(request, exc.status_code, str(exc.detail), headers=exc.headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    if _wants_json(request):
        return await request_validation_exception_handler(request, exc)
    problems = "; ".join(f"{'.'.join(str(p) for p in err['loc'][1:])}: {err['msg']}" for err in exc.errors())
    return pages.error_page(request, 422, f"The address has a parameter this page cannot use ({problems}).")
