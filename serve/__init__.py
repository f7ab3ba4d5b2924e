"""``mskg serve``: a read-only SPARQL 1.1 Protocol endpoint over the store, and a query page.

A small Starlette application run by uvicorn:

- ``GET/POST /sparql`` — the SPARQL 1.1 Protocol (query by GET parameter, form POST or
  ``application/sparql-query`` body); results as SPARQL JSON, CSV or TSV (SELECT, ASK),
  Turtle, N-Triples or JSON-LD (CONSTRUCT, DESCRIBE), chosen by ``Accept`` or ``format``.
  The default graph is the union of the store's graphs, as everywhere in mskg.
  Refused: SPARQL Update (403), ``SERVICE`` (403: the server never calls other
  servers), a dataset of the client's own (``default-graph-uri``/``FROM``, 400), a
  query past the time limit (503, the query is stopped).
- ``GET /queries`` — the stored queries with their summaries and parameters (JSON);
  ``GET /queries/NAME?param=…`` runs one, parameters bound as in ``mskg query``.
- ``GET /void`` — a VoID description of the dataset (Turtle).
- ``GET /`` — the query page: YASGUI from local files, and the stored queries.

Queries run in a worker process (``serve.worker``) that is killed at the time limit.
It listens on 127.0.0.1 unless told otherwise; CORS headers only for ``--cors`` origins.
"""

from __future__ import annotations

import json
import urllib.parse
from contextlib import asynccontextmanager
from importlib.resources import files

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from mskg.errors import InputError
from mskg.graph_store.bindings import _keyword, _tokens, query_form
from mskg.serve.worker import MEDIA_TYPES, Answer, QueryRunner, QueryTimeout

DEFAULT_PORT = 7878
DEFAULT_HOST = "127.0.0.1"
DEFAULT_TIMEOUT = 30.0

#: Accept media types → result format
_ACCEPT = {media: name for name, media in MEDIA_TYPES.items()} | {"application/json": "json"}
_FORMATS = set(MEDIA_TYPES)


def _error(status: int, message: str) -> PlainTextResponse:
    return PlainTextResponse(message + "\n", status_code=status)


def result_format(request: Request, given: str | None = None) -> str:
    """The format asked for: ``format`` parameter, else the first known ``Accept`` type."""
    if given:
        if given not in _FORMATS and given not in _ACCEPT:
            raise InputError(f"unknown result format {given!r}; choose one of {', '.join(sorted(_FORMATS))}")
        return _ACCEPT.get(given, given)
    for part in request.headers.get("accept", "").split(","):
        media = part.split(";")[0].strip().lower()
        if media in _ACCEPT:
            return _ACCEPT[media]
    return "json"


def refuse_service(sparql: str) -> None:
    """InputError when the query calls another server with ``SERVICE``."""
    if any(_keyword(tok) == "service" for tok in _tokens(sparql)):
        raise PermissionError(
            "SERVICE (federated query) is refused: this endpoint does not call other servers"
        )


def _answer(answer: Answer) -> Response:
    return Response(answer.body, status_code=answer.status, media_type=answer.media_type)


def create_app(store_options: dict, *, timeout: float = DEFAULT_TIMEOUT, cors: tuple[str, ...] = ()) -> Starlette:
    """The application over the store that ``open_store(**store_options)`` opens."""
    runner = QueryRunner(store_options, timeout)

    async def run(job: tuple) -> Response:
        try:
            return _answer(await run_in_threadpool(runner.run, job))
        except QueryTimeout as exc:
            return _error(503, str(exc))

    async def sparql(request: Request) -> Response:
        params = dict(request.query_params)
        text = params.get("query")
        if request.method == "POST":
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type == "application/sparql-update":
                return _error(403, "this endpoint is read-only: SPARQL Update is refused")
            if content_type == "application/sparql-query":
                text = (await request.body()).decode("utf-8", errors="replace")
            elif content_type == "application/x-www-form-urlencoded":
                form = urllib.parse.parse_qs((await request.body()).decode("utf-8", errors="replace"))
                params.update({k: v[-1] for k, v in form.items()})
                text = params.get("query", text)
            else:
                return _error(415, "send the query as application/x-www-form-urlencoded or application/sparql-query")
        if "update" in params:
            return _error(403, "this endpoint is read-only: SPARQL Update is refused")
        if any(k in params for k in ("default-graph-uri", "named-graph-uri")):
            return _error(400, "the dataset is fixed: the default graph is the union of the store's graphs; "
                               "use GRAPH <iri> { … } for one graph")
        if not text:
            return _error(400, "no query: give it as ?query=…, a form field or an application/sparql-query body")
        try:
            query_form(text)
            refuse_service(text)
            fmt = result_format(request, params.get("format"))
        except PermissionError as exc:
            return _error(403, str(exc))
        except InputError as exc:
            status = 403 if "SPARQL Update" in str(exc) else 400
            return _error(status, str(exc) + ("; this endpoint is read-only" if status == 403 else ""))
        return await run(("sparql", text, fmt))

    async def query_list(request: Request) -> Response:
        from mskg.queries import load_all

        out = []
        for q in load_all().values():
            out.append({
                "name": q.name,
                "summary": q.summary,
                "description": q.description,
                "parameters": [
                    {"name": p.name, "type": p.type, "required": p.required, "default": p.default}
                    for p in q.parameters
                ],
                "url": f"/queries/{q.name}",
            })
        return Response(json.dumps(out, ensure_ascii=False), media_type="application/json")

    async def stored(request: Request) -> Response:
        from mskg.queries import get

        name = request.path_params["name"]
        values = {k: v for k, v in request.query_params.items() if k != "format"}
        try:
            query = get(name)
            query.bindings(values)  # a bad parameter is the client's error, answered at once
            fmt = result_format(request, request.query_params.get("format"))
        except InputError as exc:
            return _error(404 if "no stored query" in str(exc) else 400, str(exc))
        return await run(("stored", name, values, fmt))

    async def void(request: Request) -> Response:
        return await run(("void", str(request.url_for("sparql"))))

    async def page(request: Request) -> Response:
        html = (files("mskg.serve") / "static" / "index.html").read_text(encoding="utf-8")
        return Response(html, media_type="text/html; charset=utf-8")

    middleware = []
    if cors:
        from starlette.middleware.cors import CORSMiddleware

        middleware.append(Middleware(CORSMiddleware, allow_origins=list(cors), allow_methods=["GET", "POST"],
                                     allow_headers=["Accept", "Content-Type"]))
    @asynccontextmanager
    async def lifespan(app: Starlette):
        await run_in_threadpool(runner.start)
        try:
            yield
        finally:
            runner.close()

    app = Starlette(
        routes=[
            Route("/", page),
            Route("/sparql", sparql, methods=["GET", "POST"], name="sparql"),
            Route("/queries", query_list),
            Route("/queries/{name}", stored),
            Route("/void", void),
            Mount("/static", StaticFiles(directory=str(files("mskg.serve") / "static")), name="static"),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.runner = runner
    return app


def serve(store_options: dict, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          timeout: float = DEFAULT_TIMEOUT, cors: tuple[str, ...] = ()) -> None:
    """Run the endpoint until interrupted (uvicorn; logs on stderr)."""
    import uvicorn

    uvicorn.run(create_app(store_options, timeout=timeout, cors=cors), host=host, port=port,
                log_level="warning", access_log=False)
