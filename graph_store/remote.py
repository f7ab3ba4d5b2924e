"""The remote backend: any SPARQL 1.1 server, over the SPARQL 1.1 Protocol.

Queries and updates go through SPARQLWrapper (HTTP POST; basic authentication
when a user is given). Writes are SPARQL Update:

1. ``INSERT DATA`` into a fresh staging graph, in chunks of N-Triples written by
   pyoxigraph (so terms are escaped correctly); triples with blank nodes travel
   together in one request, since each request has its own blank-node scope;
2. one request ``DROP SILENT GRAPH <g> ; MOVE SILENT GRAPH <staging> TO GRAPH <g>``
   — one update request is one transaction on Oxigraph (and on Fuseki, GraphDB).

Queries never see staging graphs: every query is sent with its dataset spelled out
(``default-graph-uri`` and ``named-graph-uri`` for each named graph), the protocol
way of choosing a dataset. Several clients may write to one server, so a staging
graph is only treated as abandoned (and dropped by the next write) once it is older
than ``stale_after`` seconds.

Errors: an unreachable server, a refused login (HTTP 401/403) or a missing endpoint
raise EndpointError; a query the server rejects (HTTP 400) raises InputError. Messages
name the endpoint URL, never the password.
"""

from __future__ import annotations

import ast
import http.client
import json
import itertools
import socket
import time
import urllib.error
import urllib.parse
from collections.abc import Iterable, Iterator

import pyoxigraph as ox
import rdflib
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, TURTLE, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
    URITooLong,
)

from mskg import __version__ as _version
from mskg.errors import EndpointError, InputError
from mskg.graph_store.bindings import with_values_block
from mskg.graph_store.interface import GraphStore, QueryResult
from mskg.graph_store.staging import EMPTY_GRAPH, created_at, is_staging, new_staging_graph
from mskg.graph_store.terms import blank_node, rdflib_triple, to_rdflib

CHUNK = 5_000
STALE_AFTER = 3600.0
TIMEOUT = 60

_LIST_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
_ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


def redact(url: str) -> str:
    """The URL without any user:password@ part, for messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def default_update_endpoint(endpoint: str) -> str:
    """The update URL when none is given: ``…/query`` → ``…/update`` (Oxigraph,
    Fuseki), otherwise the query URL itself (Virtuoso, servers with one URL)."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.path.endswith("/query"):
        return urllib.parse.urlunsplit(parts._replace(path=parts.path[: -len("query")] + "update"))
    return endpoint


def _check_url(url: str, what: str) -> str:
    parts = urllib.parse.urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{what} must be an http:// or https:// URL, got {url!r}")
    if parts.password is not None:
        raise InputError(f"{what} {redact(url)!r} carries a password; give credentials through MSKG_USER/MSKG_PASSWORD")
    return url


def _response_text(exc: SPARQLWrapperException) -> str:
    message = str(exc)
    if "Response:\n" not in message:
        return ""
    raw = message.split("Response:\n", 1)[1]
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return raw.strip()
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return str(value).strip()


def _json_term(binding: dict) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    kind = binding.get("type")
    value = binding.get("value", "")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return blank_node(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in binding:
            return ox.Literal(value, language=binding["xml:lang"])
        if "datatype" in binding:
            return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
        return ox.Literal(value)
    raise EndpointError(f"unsupported term in SPARQL results (RDF-star triple terms are not supported): {binding!r}")


class RemoteStore(GraphStore):
    """A store on a SPARQL 1.1 server (query URL, optional separate update URL)."""

    backend = "remote"

    def __init__(
        self,
        endpoint: str,
        update_endpoint: str | None = None,
        user: str | None = None,
        password: str | None = None,
        *,
        timeout: float = TIMEOUT,
        chunk_size: int = CHUNK,
        stale_after: float = STALE_AFTER,
    ) -> None:
        super().__init__()
        self.endpoint = _check_url(endpoint, "SPARQL endpoint")
        self.update_endpoint = _check_url(
            update_endpoint or default_update_endpoint(endpoint), "SPARQL update endpoint"
        )
        if password and not user:
            raise InputError("a password was given without a user name (set MSKG_USER)")
        self._user = user
        self._password = password
        self.timeout = timeout
        self.chunk_size = max(1, int(chunk_size))
        self.stale_after = stale_after
        self._ask_alive()

    def __repr__(self) -> str:
        return f"RemoteStore({redact(self.endpoint)!r}, update_endpoint={redact(self.update_endpoint)!r})"

    # -- HTTP ------------------------------------------------------------------------

    def _client(self, text: str, *, update: bool, kind: str) -> SPARQLWrapper:
        client = SPARQLWrapper(self.endpoint, updateEndpoint=self.update_endpoint, agent=f"mskg/{_version}")
        client.setMethod(POST)
        client.setOnlyConneg(True)
        client.setTimeout(int(self.timeout))
        if self._user:
            client.setCredentials(self._user, self._password or "")
        # Not setQuery(): its regexes would guess the query form again (slowly, on
        # large INSERT DATA requests). The form was found by our own scanner, so a
        # query never goes to the update endpoint or the other way round.
        client.queryString = text
        client.queryType = "INSERT" if update else kind.upper()
        client.setRequestMethod(POSTDIRECTLY if update else URLENCODED)
        client.setReturnFormat(TURTLE if kind in ("construct", "describe") else JSON)
        return client

    def _send(self, client: SPARQLWrapper, *, update: bool) -> bytes:
        url = redact(self.update_endpoint if update else self.endpoint)
        role = "SPARQL update endpoint" if update else "SPARQL endpoint"
        try:
            response = client.query().response
            try:
                return response.read()
            finally:
                response.close()
        except Unauthorized:
            raise EndpointError(
                f"{role} {url} refused the credentials (HTTP 401); check MSKG_USER and MSKG_PASSWORD"
            ) from None
        except QueryBadFormed as exc:
            hint = "" if not update else " (is this URL the server's update endpoint? give it explicitly)"
            raise InputError(f"{role} {url} rejected the request (HTTP 400){hint}: {_response_text(exc)}") from None
        except EndPointNotFound:
            raise EndpointError(f"no {role} at {url} (HTTP 404); check the URL") from None
        except URITooLong:
            raise EndpointError(f"{role} {url} refused a request as too long (HTTP 414)") from None
        except EndPointInternalError as exc:
            raise EndpointError(f"{role} {url} failed (HTTP 500): {_response_text(exc)}") from None
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):
                raise EndpointError(
                    f"{role} {url} refused access (HTTP {exc.code}); check MSKG_USER and MSKG_PASSWORD"
                ) from None
            hint = "" if not update or exc.code not in (405, 415) else (
                "; is this URL the server's update endpoint? give it explicitly"
            )
            raise EndpointError(f"{role} {url} answered HTTP {exc.code} {exc.reason}{hint}") from None
        except urllib.error.URLError as exc:
            raise EndpointError(f"cannot reach {role} {url}: {exc.reason}") from None
        except (TimeoutError, socket.timeout) as exc:
            raise EndpointError(f"{role} {url} did not answer within {self.timeout:g} s: {exc}") from None
        except (ConnectionError, http.client.HTTPException, OSError) as exc:
            raise EndpointError(f"connection to {role} {url} failed: {exc}") from None

    def _update(self, text: str) -> None:
        self._send(self._client(text, update=True, kind="update"), update=True)

    def _request(self, text: str, kind: str, dataset: list[str] | None = None) -> bytes:
        client = self._client(text, update=False, kind=kind)
        for graph in dataset or ():
            client.addParameter("default-graph-uri", graph)
            client.addParameter("named-graph-uri", graph)
        return self._send(client, update=False)

    def _select(self, text: str, dataset: list[str] | None = None) -> tuple[list[str], list[dict]]:
        payload = self._json(self._request(text, "select", dataset))
        return list(payload.get("head", {}).get("vars", [])), payload.get("results", {}).get("bindings", [])

    def _json(self, body: bytes) -> dict:
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise EndpointError(f"SPARQL endpoint {redact(self.endpoint)} sent results that are not JSON: {exc}") from None

    def _ask_alive(self) -> None:
        self._json(self._request("ASK {}", "ask", [EMPTY_GRAPH]))

    # -- backend primitives ------------------------------------------------------------

    def _graph_names(self) -> list[str]:
        _, rows = self._select(_LIST_GRAPHS)
        return [row["g"]["value"] for row in rows if row.get("g", {}).get("type") == "uri"]

    def _dataset(self) -> list[str]:
        return [g for g in self._graph_names() if not is_staging(g)] or [EMPTY_GRAPH]

    def _remove_stale_staging(self) -> None:
        now = time.time()
        stale = [
            g for g in self._graph_names()
            if is_staging(g) and g != EMPTY_GRAPH and now - created_at(g) >= self.stale_after
        ]
        if stale:
            self._update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in stale))

    def _insert(self, staging: str, triples: list[ox.Triple]) -> None:
        body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
        self._update(f"INSERT DATA {{ GRAPH <{staging}> {{\n{body}\n}} }}")

    def _replace(self, graph: str, triples: Iterator[ox.Triple]) -> None:
        self._remove_stale_staging()
        staging = new_staging_graph()
        with_blank_nodes: list[ox.Triple] = []
        try:
            while chunk := list(itertools.islice(triples, self.chunk_size)):
                plain = []
                for t in chunk:
                    if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
                        with_blank_nodes.append(t)
                    else:
                        plain.append(t)
                if plain:
                    self._insert(staging, plain)
            if with_blank_nodes:
                self._insert(staging, with_blank_nodes)
            self._update(f"DROP SILENT GRAPH <{graph}> ;\nMOVE SILENT GRAPH <{staging}> TO GRAPH <{graph}>")
        except BaseException:
            try:
                self._update(f"DROP SILENT GRAPH <{staging}>")
            except Exception:  # noqa: BLE001 - the original error matters more
                pass
            raise

    def _drop(self, graph: str) -> None:
        self._remove_stale_staging()
        self._update(f"DROP SILENT GRAPH <{graph}>")

    def _query(self, sparql: str, kind: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> QueryResult:
        text = with_values_block(sparql, bindings)
        body = self._request(text, kind, self._dataset())
        if kind in ("construct", "describe"):
            graph = rdflib.Graph()
            try:
                for triple in ox.parse(body, format=ox.RdfFormat.TURTLE):
                    graph.add(rdflib_triple(triple))
            except SyntaxError as exc:
                raise EndpointError(f"SPARQL endpoint {redact(self.endpoint)} sent invalid Turtle: {exc}") from None
            return QueryResult("construct", graph=graph)
        payload = self._json(body)
        if kind == "ask":
            return QueryResult("ask", boolean=bool(payload.get("boolean")))
        variables = list(payload.get("head", {}).get("vars", []))
        rows = [
            tuple(to_rdflib(_json_term(row[v])) if v in row else None for v in variables)
            for row in payload.get("results", {}).get("bindings", [])
        ]
        return QueryResult("select", variables=variables, rows=rows)

    def _quads(self, graph: str | None) -> Iterable[ox.Quad]:
        dataset = [graph] if graph is not None else self._dataset()
        _, rows = self._select(_ALL_QUADS, dataset)
        return [
            ox.Quad(_json_term(r["s"]), _json_term(r["p"]), _json_term(r["o"]), _json_term(r["g"]))  # type: ignore[arg-type]
            for r in rows
        ]
