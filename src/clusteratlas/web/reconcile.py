"""The reconciliation service at ``/reconcile`` (Reconciliation Service API 0.2, as OpenRefine uses
it): a thin HTTP skin over :mod:`clusteratlas.reconcile`.

What this layer adds is the protocol's transport: queries by GET or POST (a form field, or a JSON
body), JSONP through ``callback``, CORS on every response (the specification makes it mandatory),
and errors as JSON ``{"error": ...}`` with status 400 (404, 405, 413) — never an HTML page or a 500,
whatever the input. The CORS headers and JSON errors are added by the route class below, so they
cover this router only and leave the rest of the app as it is.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import HTMLResponse, JSONResponse, Response

from .. import reconcile as service
from ..atlas import Atlas

log = logging.getLogger(__name__)

# A JSONP callback is a JavaScript name, possibly dotted (jQuery's "jQuery3410_17.x"); anything else
# could smuggle script into the response. ASCII only: \w would admit any Unicode letter.
CALLBACK = re.compile(r"[A-Za-z_$][\w$.]*", re.ASCII)
MAX_CALLBACK_CHARS = 128
MAX_BODY_BYTES = 4 * 1024 * 1024  # 100 queries of 10,000 characters, URL-encoded, fit comfortably
ALLOWED_METHODS = "GET, POST, OPTIONS"
HEADER_LIST = re.compile(r"[A-Za-z0-9\-_, ]{0,500}")
CORS_HEADERS = {"Access-Control-Allow-Origin": "*"}
# The preview is shown in another site's iframe: it may be framed anywhere, but runs nothing.
PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

# Paths this router answers, so that a wrong method is a 405 and an unknown path a 404.
ENDPOINTS = {"", "/", "/suggest/entity", "/suggest/type", "/suggest/property", "/preview", "/propose_properties"}


def error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


class ReconcileRoute(APIRoute):
    """Every response of this router gets the CORS header, and every failure becomes JSON."""

    def get_route_handler(self) -> Callable:
        inner = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                response = await inner(request)
            except service.ReconcileError as exc:
                response = error(exc.status_code, str(exc))
            except RequestValidationError as exc:
                problems = "; ".join(f"{'.'.join(str(p) for p in err['loc'][1:])}: {err['msg']}" for err in exc.errors())
                response = error(400, f"bad parameter ({problems})")
            except StarletteHTTPException as exc:
                response = error(exc.status_code, str(exc.detail), headers=exc.headers)
            except Exception:  # a bug must still answer in the protocol's terms, with CORS
                log.exception("reconciliation request failed: %s", request.url.path)
                response = error(500, "internal error")
            response.headers.update(CORS_HEADERS)
            return response

        return handler


# Out of the OpenAPI document, which describes /api only: the reconciliation protocol is described by
# its own manifest (GET /reconcile) and specification.
router = APIRouter(prefix="/reconcile", tags=["reconcile"], route_class=ReconcileRoute, include_in_schema=False)


def _atlas(request: Request) -> Atlas:
    return request.app.state.atlas


def _reconciler(request: Request) -> service.Reconciler:
    return service.Reconciler(_atlas(request).store)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _answer(data: Any, callback: str | None) -> Response:
    """JSON, or JSONP when a valid callback is given."""
    if callback is None:
        return JSONResponse(data)
    if len(callback) > MAX_CALLBACK_CHARS or not CALLBACK.fullmatch(callback):
        raise service.ReconcileError("callback must be a JavaScript name ([A-Za-z_$][A-Za-z0-9_$.]*)")
    # ASCII-escaped JSON cannot contain U+2028/U+2029, which end a JavaScript line; the leading
    # comment keeps the first bytes from being read as another file type.
    body = f"/**/{callback}({json.dumps(data, ensure_ascii=True)});"
    return Response(body, media_type="application/javascript; charset=utf-8",
                    headers={"X-Content-Type-Options": "nosniff"})


def _dispatch(request: Request, queries: Any, extend: Any, callback: str | None) -> Response:
    """The endpoint's three answers: reconciliation results, extension data, or the manifest."""
    reconciler = _reconciler(request)
    if queries is not None and extend is not None:
        raise service.ReconcileError("send either queries or extend, not both")
    if queries is not None:
        return _answer(reconciler.reconcile_batch(service.parse_query_batch(queries)), callback)
    if extend is not None:
        return _answer(reconciler.extend(service.parse_extend_query(extend)), callback)
    return _answer(service.manifest(_base(request)), callback)


Text = Annotated[str | None, Query()]


@router.get("", summary="Service manifest; or reconciliation (?queries=) or data extension (?extend=)")
def endpoint_get(request: Request, queries: Text = None, extend: Text = None, callback: Text = None) -> Response:
    return _dispatch(request, queries, extend, callback)


@router.post("", summary="Reconciliation or data extension: form field queries= or extend= (or a JSON body)")
async def endpoint_post(request: Request) -> Response:
    fields = await _post_fields(request)
    callback = fields.get("callback", request.query_params.get("callback"))
    if callback is not None and not isinstance(callback, str):
        raise service.ReconcileError("callback must be a string")
    queries = fields.get("queries", request.query_params.get("queries"))
    extend = fields.get("extend", request.query_params.get("extend"))
    return _dispatch(request, queries, extend, callback)


async def _post_fields(request: Request) -> dict[str, Any]:
    """The fields of a POST: a form (what the specification and OpenRefine use), multipart, or JSON
    (either {"queries": ...} / {"extend": ...}, or the query batch itself)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise StarletteHTTPException(413, f"request body over {MAX_BODY_BYTES} bytes")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        form = await request.form()
        return {k: v for k, v in form.items() if isinstance(v, str)}
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise StarletteHTTPException(413, f"request body over {MAX_BODY_BYTES} bytes")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise service.ReconcileError("the request body is not UTF-8") from None
    if content_type == "application/json" or (not content_type and text.lstrip().startswith("{")):
        data = service.decode_json(text, "the JSON body") if text.strip() else {}
        if not isinstance(data, dict):
            raise service.ReconcileError("a JSON body must be an object")
        if any(k in data for k in ("queries", "extend", "callback")):
            return data
        return {"queries": data} if data else {}
    return {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}


Prefix = Annotated[str, Query(max_length=service.MAX_PREFIX_CHARS)]
Cursor = Annotated[int, Query(ge=0, le=1_000_000)]
Limit = Annotated[int, Query(ge=1, le=service.MAX_LIMIT)]


@router.get("/suggest/entity", summary="Entities whose name starts with the prefix (any script)")
def suggest_entity(request: Request, prefix: Prefix = "", cursor: Cursor = 0, limit: Limit = service.DEFAULT_LIMIT,
                   type: Annotated[str | None, Query(max_length=100)] = None, callback: Text = None) -> Response:
    types = (type,) if type else ()
    return _answer(_reconciler(request).suggest_entities(prefix, cursor, limit, types), callback)


@router.get("/suggest/type", summary="Entity types whose ID or name starts with the prefix")
def suggest_type(prefix: Prefix = "", cursor: Cursor = 0, limit: Limit = service.DEFAULT_LIMIT,
                 callback: Text = None) -> Response:
    return _answer(service.suggest_types(prefix, cursor, limit), callback)


@router.get("/suggest/property", summary="Properties whose ID or name starts with the prefix")
def suggest_property(prefix: Prefix = "", cursor: Cursor = 0, limit: Limit = service.DEFAULT_LIMIT,
                     type: Annotated[str | None, Query(max_length=100)] = None, callback: Text = None) -> Response:
    return _answer(service.suggest_properties(prefix, cursor, limit, type), callback)


@router.get("/propose_properties", summary="Properties data extension can fetch for a type")
def propose(type: Annotated[str | None, Query(max_length=100)] = None,
            limit: Annotated[int | None, Query(ge=1, le=service.MAX_LIMIT)] = None, callback: Text = None) -> Response:
    return _answer(service.propose_properties(type, limit), callback)


@router.get("/preview", response_class=HTMLResponse, summary="A small HTML card of an entity, for an iframe")
def preview(request: Request, id: Annotated[str, Query(max_length=service.MAX_ID_CHARS)]) -> Response:
    data = _reconciler(request).preview(id)
    if data is None:
        return error(404, f"no entity with ID {id[:80]!r}")
    page = service.preview_html(data, service.entity_url(_base(request), data["id"]))
    return HTMLResponse(page, headers={"Content-Security-Policy": PREVIEW_CSP, "X-Content-Type-Options": "nosniff",
                                       "Referrer-Policy": "no-referrer"})


# ---- everything else under /reconcile: preflight, wrong methods, unknown paths ----

ANY_METHOD = ["GET", "POST", "OPTIONS", "PUT", "PATCH", "DELETE", "HEAD"]


async def _other(request: Request, rest: str) -> Response:
    if request.method == "OPTIONS":  # a CORS preflight: say what a cross-origin client may send
        requested = request.headers.get("access-control-request-headers", "")
        allowed = requested if requested and HEADER_LIST.fullmatch(requested) else "Content-Type"
        return Response(status_code=204, headers={"Access-Control-Allow-Methods": ALLOWED_METHODS,
                                                  "Access-Control-Allow-Headers": allowed,
                                                  "Access-Control-Max-Age": "86400"})
    if rest in ("", "/") and request.method in ("GET", "HEAD", "POST"):
        # "/reconcile/" as a client may write it: the endpoint itself
        if request.method == "POST":
            return await endpoint_post(request)
        params = request.query_params
        return _dispatch(request, params.get("queries"), params.get("extend"), params.get("callback"))
    if rest in ENDPOINTS:
        allowed = ALLOWED_METHODS if rest in ("", "/") else "GET, OPTIONS"
        return error(405, f"method {request.method} not allowed here", headers={"Allow": allowed})
    return error(404, f"no reconciliation endpoint at /reconcile{rest[:80]}")


@router.api_route("", methods=["OPTIONS", "HEAD", "PUT", "PATCH", "DELETE"], include_in_schema=False)
async def endpoint_other(request: Request) -> Response:
    return await _other(request, "")


@router.api_route("/{rest:path}", methods=ANY_METHOD, include_in_schema=False)
async def path_other(request: Request, rest: str) -> Response:
    return await _other(request, "/" + rest if rest else "/")
