"""The remote backend: any SPARQL 1.1 server, over the SPARQL 1.1 Protocol.

Tested against Oxigraph server and Virtuoso 7, each started by the tests on loopback.

Requests are built by SPARQLWrapper (HTTP POST) and sent through an opener of this
store's own, so that both HTTP authentication schemes work: Basic is sent with the
first request, and a server that challenges for Digest (Virtuoso's ``/sparql-auth``)
gets Digest from then on. Writes are SPARQL Update:

1. ``INSERT DATA`` into a fresh staging graph, ``batch`` triples per request
   (``MSKG_BATCH``; Virtuoso refuses requests whose generated SQL passes 10,000 lines,
   which 5,000 triples do), N-Triples written by pyoxigraph (terms escaped correctly);
   triples with blank nodes travel together in one request, since each request has
   its own blank-node scope. Each request also renews a heartbeat triple in the
   staging graph (the server's ``NOW()``);
2. one request ``DROP SILENT GRAPH <g> ; MOVE SILENT GRAPH <staging> TO GRAPH <g>``.

The store's graphs are those under mskg's graph namespace: a server's own graphs
(Virtuoso's ``virtrdf#``, ``ldp#``, DAV, …) and other applications' data are never
listed, queried or exported. Queries never see staging graphs either: every query is
sent with its dataset spelled out (``default-graph-uri`` and ``named-graph-uri`` for
each graph), the protocol way of choosing a dataset. A staging graph whose heartbeat
is older than ``stale_after`` seconds was left by a killed or failed writer and is
dropped by the next write; one that is still beating belongs to a client writing now.

What a server says is normalised on read: results cut at a server's row limit
(Virtuoso's ``ResultSetMaxRows``, announced in ``X-SPARQL-MaxRows``, or found by a
count) are paged for exports and an error for queries — never a silently short
answer; so are the partial results of a query the server stopped at its time limit
(Virtuoso's "anytime" queries: HTTP 206, or 200 with ``X-SQL-State: S1TAT``; mskg
asks Virtuoso to stop at ``time_limit``, the client's own timeout by default, so a
long query ends in a clear error rather than a dropped connection); an ASK answered as a one-column table (Virtuoso) becomes a boolean, and an ASK
reply without one is an error. Bound parameters are written into the query text as
terms (``with_inlined_bindings``) rather than as a VALUES block, which Virtuoso
evaluates wrongly inside ``FILTER EXISTS``.

Errors: an unreachable server, a refused login (HTTP 401/403) or a missing endpoint
raise EndpointError; a query the server rejects (HTTP 400) raises InputError. Messages
name the endpoint URL and the first meaningful line of the server's reply, with
anything that looks like a credential masked.
"""

from __future__ import annotations

import base64
import html
import http.client
import itertools
import json
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from datetime import datetime

import pyoxigraph as ox
import rdflib
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, TURTLE, URLENCODED, SPARQLWrapper

from mskg import __version__ as _version
from mskg.errors import EndpointError, InputError, TimeLimitError
from mskg.graph_store.bindings import (
    boolean_variables,
    check_bindings,
    query_form,
    split_bindings,
    with_bind_alternatives,
    with_inlined_bindings,
)
from mskg.graph_store.interface import GraphStore, QueryResult
from mskg.graph_store.staging import EMPTY_GRAPH, STAGING_PREFIX, created_at, is_staging, new_staging_graph
from mskg.graph_store.terms import blank_node, rdflib_triple, to_rdflib
from mskg.identifiers import GRAPH

#: triples per INSERT DATA request; works on Virtuoso 7 and Oxigraph (MSKG_BATCH)
BATCH = 1_000
#: seconds without a heartbeat after which a staging graph counts as abandoned
STALE_AFTER = 60.0
TIMEOUT = 60
#: the predicate of the heartbeat triple ``<staging> HEARTBEAT NOW()`` in a staging graph
HEARTBEAT = STAGING_PREFIX + "heartbeat"

_SCOPE = f'FILTER (STRSTARTS(STR(?g), "{GRAPH}"))'
_LIST_GRAPHS_FAST = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
_LIST_GRAPHS = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_SCOPE} }}"
_HEARTBEATS = (
    f"SELECT ?g ?beat (NOW() AS ?now) WHERE {{ GRAPH ?g {{ ?g <{HEARTBEAT}> ?beat }} "
    f'FILTER (STRSTARTS(STR(?g), "{STAGING_PREFIX}")) }}'
)
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_MAX_MESSAGE = 300


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


_CREDENTIALS = [
    # header lines and header-like fields: "Authorization: Basic …", authorization="…"
    (re.compile(r"(?i)((?:proxy-)?authorization[\"']?\s*[:=]\s*)[^\r\n]*"), r"\1***"),
    # the schemes' tokens wherever they appear
    (re.compile(r"(?i)\b(basic|bearer)\s+[A-Za-z0-9+/=._~-]{6,}"), r"\1 ***"),
    (re.compile(r"(?i)\bdigest\s+(?:username|realm|nonce|uri|response)=[^\r\n]*"), "Digest ***"),
    # password=…, "passwd": "…", pwd: …
    (re.compile(r"(?i)\b((?:password|passwd|pwd|secret|token|api[_-]?key)[\"']?\s*[:=]\s*)(\"[^\"]*\"|'[^']*'|[^\s,;&]+)"), r"\1***"),
]


def mask_credentials(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with Authorization values, ``password=…`` pairs and the given secret
    values (also base64- and URL-encoded) replaced by ``***``.

    >>> mask_credentials("echo: Authorization: Basic dXNlcjpzM2NyZXQ= end")
    'echo: Authorization: ***'
    >>> mask_credentials("login failed for password=hunter2; user x", ["hunter2"])
    'login failed for password=***; user x'
    >>> mask_credentials("you sent 'hunter2'", ["hunter2"])
    "you sent '***'"
    """
    for pattern, replacement in _CREDENTIALS:
        text = pattern.sub(replacement, text)
    for secret in secrets:
        if secret and len(secret) >= 3:
            for form in {secret, urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret)}:
                text = text.replace(form, "***")
    return text


def first_line(body: bytes | str, secrets: Iterable[str] = ()) -> str:
    """The first meaningful line of a server's error reply, credentials masked.

    HTML is reduced to its text; blank lines and an echo of the request are skipped;
    the line is cut to 300 characters.

    >>> first_line(b"Virtuoso 37000 Error SP031: SPARQL: Internal error\\n\\nSPARQL query:\\nINSERT DATA {")
    'Virtuoso 37000 Error SP031: SPARQL: Internal error'
    >>> first_line("<html><head><title>Error</title></head><body><h1>Not Found</h1></body></html>")
    'Error'
    """
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    if re.search(r"<(html|body|head|title|h1|p)\b", text[:2000], re.I):
        text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", text)
        text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            line = mask_credentials(line, secrets)
            return line if len(line) <= _MAX_MESSAGE else line[: _MAX_MESSAGE - 1] + "…"
    return ""


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
            if binding["datatype"] == _XSD_BOOLEAN and value in ("0", "1"):  # Virtuoso writes 0/1
                value = "true" if value == "1" else "false"
            return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
        return ox.Literal(value)
    raise EndpointError(f"unsupported term in SPARQL results (RDF-star triple terms are not supported): {binding!r}")


class _DigestHandler(urllib.request.HTTPDigestAuthHandler):
    """Answers a Digest challenge and tells the store, which stops sending Basic."""

    handler_order = 490  # before the Basic handler, which refuses Digest challenges

    def __init__(self, manager: urllib.request.HTTPPasswordMgrWithPriorAuth, store: RemoteStore) -> None:
        super().__init__(manager)
        self._store = store

    def http_error_401(self, req, fp, code, msg, headers):  # noqa: ANN001 - urllib's signature
        if "digest" in (headers.get("WWW-Authenticate") or "").lower():
            self._store._digest = True
        return super().http_error_401(req, fp, code, msg, headers)


class _Client(SPARQLWrapper):
    """SPARQLWrapper with the request sent through a given opener, response headers and
    HTTP errors kept as they are (SPARQLWrapper's own ``_query`` drops the headers and
    installs a process-wide opener for Digest)."""

    opener: urllib.request.OpenerDirector

    def _query(self):  # noqa: ANN202 - SPARQLWrapper's signature
        if self.timeout:  # seconds; None or 0: no limit (SPARQLWrapper's own int() made 0.5 s a 0)
            return self.opener.open(self._createRequest(), timeout=self.timeout), self.returnFormat
        return self.opener.open(self._createRequest()), self.returnFormat


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
        time_limit: float | None = None,
        batch: int | None = None,
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
        self._digest = False  # Basic up front was refused or Digest asked for: wait for challenges
        self._fast_listing: bool | None = None  # does `GRAPH ?g { }` list graphs here?
        self._virtuoso = False  # the server said it is Virtuoso (its Server header)
        self.timeout = timeout
        #: seconds a Virtuoso server may spend on a query before it stops (its ``timeout``
        #: parameter; None: the store's ``timeout``); past it Virtuoso sends partial
        #: results, which are refused
        self.time_limit = time_limit
        size = batch if batch is not None else BATCH
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            raise InputError(f"triples per request (MSKG_BATCH) must be a positive whole number, got {size!r}")
        self.batch = size
        self.stale_after = stale_after
        self._ask_alive()

    @property
    def chunk_size(self) -> int:
        """Triples per write request (the embedded store's name for its batch)."""
        return self.batch

    @chunk_size.setter
    def chunk_size(self, size: int) -> None:
        self.batch = max(1, int(size))

    def __repr__(self) -> str:
        return f"RemoteStore({redact(self.endpoint)!r}, update_endpoint={redact(self.update_endpoint)!r})"

    # -- HTTP ------------------------------------------------------------------------

    def _secrets(self) -> list[str]:
        if not self._password:
            return []
        pair = f"{self._user}:{self._password}".encode()
        return [self._password, base64.b64encode(pair).decode()]

    def _opener(self) -> urllib.request.OpenerDirector:
        if not self._user:
            return urllib.request.build_opener()
        manager = urllib.request.HTTPPasswordMgrWithPriorAuth()
        for url in {self.endpoint, self.update_endpoint}:
            manager.add_password(None, url, self._user, self._password or "", is_authenticated=not self._digest)
        return urllib.request.build_opener(
            _DigestHandler(manager, self), urllib.request.HTTPBasicAuthHandler(manager)
        )

    def _client(self, text: str, *, update: bool, kind: str, dataset: list[str] | None) -> _Client:
        client = _Client(self.endpoint, updateEndpoint=self.update_endpoint, agent=f"mskg/{_version}")
        client.opener = self._opener()
        client.setMethod(POST)
        client.setOnlyConneg(True)
        client.timeout = self.timeout if self.timeout and self.timeout > 0 else None
        # Not setQuery(): its regexes would guess the query form again (slowly, on
        # large INSERT DATA requests). The form was found by our own scanner, so a
        # query never goes to the update endpoint or the other way round.
        client.queryString = text
        client.queryType = "INSERT" if update else kind.upper()
        client.setRequestMethod(POSTDIRECTLY if update else URLENCODED)
        client.setReturnFormat(TURTLE if kind in ("construct", "describe") else JSON)
        for graph in dataset or ():
            client.addParameter("default-graph-uri", graph)
            client.addParameter("named-graph-uri", graph)
        limit = self._time_limit()
        if self._virtuoso and not update and limit is not None:
            client.addParameter("timeout", str(max(1, int(limit * 1000))))
        return client

    def _send(
        self, text: str, *, update: bool, kind: str, dataset: list[str] | None = None
    ) -> tuple[bytes, http.client.HTTPMessage]:
        url = redact(self.update_endpoint if update else self.endpoint)
        role = "SPARQL update endpoint" if update else "SPARQL endpoint"
        try:
            response = self._client(text, update=update, kind=kind, dataset=dataset).query().response
            try:
                if (response.headers.get("Server") or "").startswith("Virtuoso"):
                    self._virtuoso = True
                self._check_not_partial(response.status, response.headers, role, url)
                return response.read(), response.headers
            finally:
                response.close()
        except urllib.error.HTTPError as exc:
            if exc.code == 401 and self._user and not self._digest and not exc.headers.get("WWW-Authenticate"):
                # Basic sent up front was refused without a challenge (Virtuoso does
                # this where it wants Digest): ask again without it, to learn the scheme.
                self._digest = True
                return self._send(text, update=update, kind=kind, dataset=dataset)
            raise self._http_error(exc, role, url, update) from None
        except urllib.error.URLError as exc:
            raise EndpointError(f"cannot reach {role} {url}: {exc.reason}") from None
        except (TimeoutError, socket.timeout) as exc:
            raise EndpointError(f"{role} {url} did not answer within {self.timeout:g} s: {exc}") from None
        except (ConnectionError, http.client.HTTPException, OSError) as exc:
            raise EndpointError(f"connection to {role} {url} failed: {exc}") from None

    def _time_limit(self) -> float | None:
        """Seconds Virtuoso may spend on a query; None (``--timeout 0``): no limit."""
        limit = self.time_limit if self.time_limit is not None else self.timeout
        return limit if limit and limit > 0 else None

    def _check_not_partial(self, status: int, headers: http.client.HTTPMessage, role: str, url: str) -> None:
        """EndpointError when the server says its answer is partial: Virtuoso's anytime
        queries stop at a time limit and send what they found so far, with HTTP 206 or
        with 200 and ``X-SQL-State: S1TAT`` (Virtuoso 7)."""
        state = (headers.get("X-SQL-State") or "").strip()
        if status != 206 and state != "S1TAT":
            return
        said = first_line(headers.get("X-SQL-Message") or "", self._secrets())
        raise TimeLimitError(
            f"{role} {url} stopped the query at its time limit and sent incomplete results "
            f"(HTTP {status}{', X-SQL-State ' + state if state else ''}{': ' + said if said else ''}); "
            f"the answer is not used: narrow the query, or raise the limit (--timeout, now "
            f"{self._time_limit() or 0:g} s, and the server's MaxQueryExecutionTime)"
        )

    def _http_error(self, exc: urllib.error.HTTPError, role: str, url: str, update: bool) -> Exception:
        try:
            body = exc.read() or b""
        except (OSError, http.client.HTTPException):
            body = b""
        said = first_line(body, self._secrets())
        detail = f": {said}" if said else ""
        code = exc.code
        if code in (401, 403):
            return EndpointError(
                f"{role} {url} refused {'the credentials' if self._user else 'access'} (HTTP {code}); "
                f"check MSKG_USER and MSKG_PASSWORD{detail}"
            )
        if code == 404:
            return EndpointError(f"no {role} at {url} (HTTP 404); check the URL")
        if code == 414:
            return EndpointError(f"{role} {url} refused a request as too long (HTTP 414)")
        hint = ""
        if re.search(r"exceeded \d+ lines|too (long|large|big)|memory exhausted", said, re.I):
            hint = f"; the request was too large for this server: set MSKG_BATCH below {self.batch}"
        elif update and re.search(r"(?i)SR186|permission|not allowed|read.?only", said):
            hint = (
                "; this URL does not accept updates from this user: give the server's authenticated "
                "update endpoint (Virtuoso: …/sparql-auth) with MSKG_USER and MSKG_PASSWORD"
            )
        elif update and code in (405, 415):
            hint = "; is this URL the server's update endpoint? give it with --update-endpoint"
        if code == 400 and not hint:
            return InputError(f"{role} {url} rejected the request (HTTP 400){detail}")
        reason = f" {exc.reason}" if code not in (400, 500) else ""
        return EndpointError(f"{role} {url} failed (HTTP {code}{reason}){detail}{hint}")

    def _update(self, text: str) -> None:
        # Virtuoso compiles each INSERT DATA into SQL; with its big-data-const pragma
        # the data stays out of the SQL text: 20 times faster, and no SQL-size limit
        # at 1,000 triples (its parser still runs out of memory near 5,000).
        prefix = "DEFINE sql:big-data-const 1\n" if self._virtuoso else ""
        self._send(prefix + text, update=True, kind="update")

    def _request(self, text: str, kind: str, dataset: list[str] | None = None) -> tuple[bytes, http.client.HTTPMessage]:
        return self._send(text, update=False, kind=kind, dataset=dataset)

    def _json(self, body: bytes) -> dict:
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise EndpointError(f"SPARQL endpoint {redact(self.endpoint)} sent results that are not JSON: {exc}") from None
        if not isinstance(payload, dict):
            raise EndpointError(f"SPARQL endpoint {redact(self.endpoint)} sent JSON that is not a SPARQL result")
        return payload

    def _table(self, body: bytes) -> tuple[list[str], list[dict]]:
        payload = self._json(body)
        results = payload.get("results")
        if not isinstance(results, dict) or not isinstance(results.get("bindings"), list):
            raise EndpointError(
                f"SPARQL endpoint {redact(self.endpoint)} answered a SELECT query without a results table"
            )
        return list(payload.get("head", {}).get("vars", [])), results["bindings"]

    def _boolean(self, body: bytes) -> bool:
        payload = self._json(body)
        value = payload.get("boolean")
        if isinstance(value, bool):
            return value
        # Virtuoso 7 answers an ASK as a table of one column, __ASK_RETVAL: one row
        # holding 1 for true, no row for false.
        variables = payload.get("head", {}).get("vars")
        results = payload.get("results")
        if variables == ["__ASK_RETVAL"] and isinstance(results, dict) and isinstance(results.get("bindings"), list):
            values = [row.get("__ASK_RETVAL", {}).get("value") for row in results["bindings"]]
            return any(v not in (None, "0", "false") for v in values)
        raise EndpointError(
            f"SPARQL endpoint {redact(self.endpoint)} answered an ASK query without a boolean: "
            f"{first_line(json.dumps(payload, ensure_ascii=False)[:200], self._secrets())}"
        )

    def _select(self, text: str, dataset: list[str] | None = None) -> tuple[list[str], list[dict], int | None]:
        """Variables, rows, and the server's row limit when it cut the result."""
        body, headers = self._request(text, "select", dataset)
        variables, rows = self._table(body)
        return variables, rows, _row_limit(headers, len(rows))

    def _ask_alive(self) -> None:
        self._boolean(self._request("ASK {}", "ask", [EMPTY_GRAPH])[0])

    # -- graphs ------------------------------------------------------------------------

    def _graph_names(self) -> list[str]:
        """The graphs under mskg's graph namespace, staging graphs included."""
        if self._fast_listing is not False:
            _, rows, _ = self._select(_LIST_GRAPHS_FAST)
            names = [row["g"]["value"] for row in rows if row.get("g", {}).get("type") == "uri"]
            if names or (rows == [] and self._fast_listing):
                self._fast_listing = True
                return [g for g in names if g.startswith(GRAPH)]
            if rows:  # rows without ?g: the server does not list graphs this way (Virtuoso)
                self._fast_listing = False
        _, rows, limit = self._select(_LIST_GRAPHS)
        if limit is not None:
            raise EndpointError(
                f"SPARQL endpoint {redact(self.endpoint)} cut the list of graphs at {limit} rows (its result limit)"
            )
        names = [row["g"]["value"] for row in rows if row.get("g", {}).get("type") == "uri"]
        if names and self._fast_listing is None:
            self._fast_listing = False  # data, yet `GRAPH ?g { }` found none
        return names

    def _dataset(self) -> list[str]:
        return [g for g in self._graph_names() if not is_staging(g)] or [EMPTY_GRAPH]

    def _remove_stale_staging(self) -> None:
        staging = [g for g in self._graph_names() if is_staging(g) and g != EMPTY_GRAPH]
        if not staging:
            return
        _, rows, _ = self._select(_HEARTBEATS)
        age: dict[str, float] = {}
        for row in rows:
            try:
                beat = _datetime(row["beat"]["value"])
                now = _datetime(row["now"]["value"])
            except (KeyError, ValueError):
                continue
            age[row["g"]["value"]] = min(age.get(row["g"]["value"], float("inf")), (now - beat).total_seconds())
        now = time.time()
        stale = [g for g in staging if age.get(g, now - created_at(g)) >= self.stale_after]
        if stale:
            self._update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in stale))

    # -- writes ------------------------------------------------------------------------

    def _insert(self, staging: str, triples: list[ox.Triple], *, blank_nodes: bool = False) -> None:
        body = "\n".join(f"{t.subject} {t.predicate} {_written(t.object)} ." for t in triples)
        # Blank nodes go in a template (one fresh node per label, shared by the whole
        # request): Virtuoso refuses them in INSERT DATA.
        operation = "INSERT" if blank_nodes else "INSERT DATA"
        where = " WHERE {}" if blank_nodes else ""
        self._update(f"{_heartbeat(staging)} ;\n{operation} {{ GRAPH <{staging}> {{\n{body}\n}} }}{where}")

    def _replace(self, graph: str, triples: Iterator[ox.Triple]) -> None:
        if not graph.startswith(GRAPH):
            raise InputError(
                f"graph {graph!r} is outside mskg's graph namespace {GRAPH}: a remote store "
                "keeps its graphs there, apart from the server's own"
            )
        self._remove_stale_staging()
        staging = new_staging_graph()
        with_blank_nodes: list[ox.Triple] = []
        try:
            self._update(_heartbeat(staging))
            while chunk := list(itertools.islice(triples, self.batch)):
                plain = []
                for t in chunk:
                    if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
                        with_blank_nodes.append(t)
                    else:
                        plain.append(t)
                if plain:
                    self._insert(staging, plain)
            if with_blank_nodes:
                self._insert(staging, with_blank_nodes, blank_nodes=True)
            self._update(
                f"DELETE WHERE {{ GRAPH <{staging}> {{ <{staging}> <{HEARTBEAT}> ?beat }} }} ;\n"
                f"DROP SILENT GRAPH <{graph}> ;\nMOVE SILENT GRAPH <{staging}> TO GRAPH <{graph}>"
            )
        except BaseException:
            try:
                self._update(f"DROP SILENT GRAPH <{staging}>")
            except Exception:  # noqa: BLE001 - the original error matters more
                pass
            raise

    def _drop(self, graph: str) -> None:
        self._remove_stale_staging()
        self._update(f"DROP SILENT GRAPH <{graph}>")

    # -- reads -------------------------------------------------------------------------

    def query(self, sparql: str, *, bindings=None, graphs=None) -> QueryResult:  # noqa: ANN001 - as GraphStore.query
        """As :meth:`GraphStore.query`; a variable bound to one value is written in as a
        term, one bound to several as a union of BINDs (never a VALUES block, which
        Virtuoso evaluates wrongly inside FILTER EXISTS)."""
        self._check_open()
        kind = query_form(sparql)
        single, several = split_bindings(check_bindings(bindings))
        for name, terms in list(several.items()):
            if len(terms) == 1:
                single[name] = terms[0]
                del several[name]
        chosen = None if graphs is None else [self._check_graph_name(g) for g in graphs]
        return self._query(with_bind_alternatives(sparql, several), kind, single, chosen)

    def _query(
        self, sparql: str, kind: str, bindings: dict[str, ox.NamedNode | ox.Literal], graphs: list[str] | None = None
    ) -> QueryResult:
        text = with_inlined_bindings(sparql, bindings)
        body, headers = self._request(text, kind, (graphs or [EMPTY_GRAPH]) if graphs is not None else self._dataset())
        if kind in ("construct", "describe"):
            graph = rdflib.Graph()
            try:
                for triple in ox.parse(body, format=ox.RdfFormat.TURTLE):
                    graph.add(rdflib_triple(triple))
            except SyntaxError as exc:
                raise EndpointError(f"SPARQL endpoint {redact(self.endpoint)} sent invalid Turtle: {exc}") from None
            self._check_complete(_row_limit(headers, len(graph), text), "triples")
            return QueryResult("construct", graph=graph)
        if kind == "ask":
            return QueryResult("ask", boolean=self._boolean(body))
        variables, bindings_rows = self._table(body)
        self._check_complete(_row_limit(headers, len(bindings_rows), text), "rows")
        booleans = boolean_variables(text)
        rows = [
            tuple(_normalised(to_rdflib(_json_term(row[v])), v in booleans) if v in row else None for v in variables)
            for row in bindings_rows
        ]
        return QueryResult("select", variables=variables, rows=rows)

    def _check_complete(self, limit: int | None, what: str) -> None:
        if limit is not None:
            raise EndpointError(
                f"SPARQL endpoint {redact(self.endpoint)} cut the result at {limit} {what} (its result "
                "limit, e.g. Virtuoso's ResultSetMaxRows); add LIMIT and OFFSET to the query, or raise "
                "the server's limit"
            )

    def _quads(self, graph: str | None) -> Iterator[ox.Quad]:
        graphs = [graph] if graph is not None else [g for g in self._dataset() if g != EMPTY_GRAPH]
        for name in graphs:  # one graph's rows in memory at a time
            yield from self._graph_quads(name)

    def _graph_quads(self, graph: str) -> list[ox.Quad]:
        """Every triple of one graph, paged when the server cuts long results."""
        target = ox.NamedNode(graph)
        _, rows, limit = self._select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        if limit is not None:
            _, counted, _ = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
            expected = int(counted[0]["n"]["value"])
            rows = []
            while len(rows) < expected:
                _, page, _ = self._select(
                    f"SELECT ?s ?p ?o WHERE {{ {{ SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} "
                    f"ORDER BY ?s ?p ?o }} }} LIMIT {limit} OFFSET {len(rows)}"
                )
                if not page:
                    break
                rows.extend(page)
            if len(rows) != expected:
                raise EndpointError(
                    f"SPARQL endpoint {redact(self.endpoint)} gave {len(rows)} of the {expected} triples "
                    f"of graph <{graph}> when read page by page"
                )
        return [ox.Quad(_json_term(r["s"]), _json_term(r["p"]), _json_term(r["o"]), target) for r in rows]  # type: ignore[arg-type]


_XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
_WHOLE = re.compile(r"[+-]?\d+")


def _written(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """An object term as N-Triples for INSERT DATA. A whole xsd:decimal is written
    with ``.0`` (the same value): Virtuoso 7 stores ``"42"^^xsd:decimal`` as an integer
    and reads it back as ``"42"^^xsd:integer``."""
    if isinstance(term, ox.Literal) and term.datatype.value == _XSD_DECIMAL and _WHOLE.fullmatch(term.value):
        return str(ox.Literal(term.value + ".0", datatype=term.datatype))
    return str(term)


def _heartbeat(staging: str) -> str:
    """The update renewing the heartbeat of a staging graph with the server's clock."""
    return (
        f"DELETE WHERE {{ GRAPH <{staging}> {{ <{staging}> <{HEARTBEAT}> ?beat }} }} ;\n"
        f"INSERT {{ GRAPH <{staging}> {{ <{staging}> <{HEARTBEAT}> ?now }} }} WHERE {{ BIND (NOW() AS ?now) }}"
    )


def _datetime(value: str) -> datetime:
    value = value.strip().replace("Z", "+00:00")
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.astimezone()


_LIMIT = re.compile(r"\bLIMIT\s+(\d+)\s*(?:OFFSET\s+\d+\s*)?$", re.IGNORECASE)


def _row_limit(headers: http.client.HTTPMessage, count: int, query: str = "") -> int | None:
    """The server's row limit when it announced one (``X-SPARQL-MaxRows``, Virtuoso)
    and the result reached it: the result was cut there — unless the query's own
    final LIMIT asked for no more than that."""
    announced = headers.get("X-SPARQL-MaxRows") if headers is not None else None
    if announced is None:
        return None
    try:
        limit = int(announced)
    except ValueError:
        return None
    own = _LIMIT.search(query.strip())
    if own and int(own.group(1)) <= limit:
        return None
    return limit if 0 < limit <= count else None


_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def _normalised(term, boolean: bool = False):  # noqa: ANN001, ANN202 - rdflib terms
    """Booleans written as 0/1 (Virtuoso) read back as booleans: values typed
    xsd:boolean, and integers 0/1 in a column the query computes as a boolean."""
    if isinstance(term, rdflib.Literal) and str(term) in ("0", "1"):
        datatype = str(term.datatype or "")
        if datatype == _XSD_BOOLEAN or (boolean and datatype == _XSD_INTEGER):
            return rdflib.Literal(str(term) == "1", datatype=_XSD_BOOLEAN)
    return term
