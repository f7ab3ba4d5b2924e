"""The ``mskg`` command line: thin over the library.

Each command parses its arguments, resolves configuration from the environment,
calls one library function that returns data, formats it and picks the exit code:
0 success, 1 validation results at or above ``--fail-on``, 2 usage error or
unreadable input, 3 endpoint unreachable or authentication refused.
"""

from __future__ import annotations

import logging
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from mskg import __version__, formats
from mskg.errors import DECLINED_EXIT, INTERRUPTED_EXIT, InputError, MskgError
from mskg.formats import Formats
from mskg.severities import FAIL_ON

log = logging.getLogger("mskg")


class Settings:
    """Where the graph lives, resolved once from options and the environment."""

    def __init__(self, store: str | None, endpoint: str | None, update_endpoint: str | None, verbosity: int):
        self.store_path = store or ".mskg/store"
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint
        self.verbosity = verbosity
        # Credentials come from the environment only, never from argv.
        self.user = os.environ.get("MSKG_USER") or None
        self.password = os.environ.get("MSKG_PASSWORD") or None

    def open_store(self, *, read_only: bool = False):
        """The store; read commands pass ``read_only``: the embedded store must then exist
        and is opened without its lock, so reads work while an ingest writes."""
        from mskg.graph_store import open_store

        if self.endpoint:
            return open_store(
                endpoint=self.endpoint,
                update_endpoint=self.update_endpoint,
                user=self.user,
                password=self.password,
                batch=_batch(),
            )
        if self.store_path == ":memory:":
            return open_store(memory=True)
        return open_store(path=self.store_path, read_only=read_only)

    def describe(self) -> str:
        return self.endpoint if self.endpoint else self.store_path


def _batch() -> int | None:
    """``MSKG_BATCH``: triples per write request to a remote server (None when unset: the
    store's default). Read only for a remote store; the store refuses a number below 1."""
    value = os.environ.get("MSKG_BATCH", "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise InputError(f"MSKG_BATCH must be a whole number of triples per request, got {value!r}") from None


class MskgGroup(click.Group):
    """Turns library errors into one line on stderr and the documented exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except MskgError as e:
            click.echo(f"mskg: error: {e}", err=True)
            ctx.exit(e.exit_code)
        except BrokenPipeError:  # `mskg export | head`
            sys.stderr.close()
            ctx.exit(0)
        except KeyboardInterrupt as e:
            # Writes are atomic per graph and queries only read: nothing half-written stays.
            click.echo(f"\nmskg: {str(e) or 'interrupted (Ctrl-C); nothing was written'}", err=True)
            if Path(sys.argv[0]).name in ("mskg", "cli.py"):  # the program itself, not a test runner
                # an abandoned worker thread or extraction process must not hold up the exit
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(INTERRUPTED_EXIT)
            ctx.exit(INTERRUPTED_EXIT)


# Options shared by several commands, declared once each. `-f` is always --format and
# `-o` always --output; the format comes from --format, else -o's extension (see
# mskg.formats), else the family's default.


def _options(*decorators):
    """One decorator applying ``decorators`` in the order they are listed in --help."""

    def apply(command):
        for decorator in reversed(decorators):
            command = decorator(command)
        return command

    return apply


def output_option(what: str = "Write to FILE instead of stdout."):
    return click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE", help=what)


def format_option(family: Formats, what: str = "Output format", *, note: str = ""):
    """``-f/--format`` with the family's choices (default: from -o's extension)."""
    return click.option("-f", "--format", "fmt", type=click.Choice(family.names),
                        help=f"{what} (default: from -o's extension, else {family.default}).{' ' + note if note else ''}")


def output_options(family: Formats, what: str = "Output format", *, note: str = "", bom: bool = False):
    """-f/--format and -o/--output (and --bom for CSV): every command that writes data."""
    options = [format_option(family, what, note=note), output_option()]
    if bom:
        options.append(click.option("--bom", is_flag=True, help="Start CSV with a byte-order mark (for spreadsheets on Chinese Windows)."))
    return _options(*options)


def selection_options(plan: str = "Only this plan: document id, IRI or part of its title."):
    """--plan, --domain and --place: what a picture or an analysis covers."""
    return _options(
        click.option("--plan", metavar="PLAN", help=plan),
        click.option("--domain", metavar="DOMAIN", help="Only measures of this domain: code or label (elderly_care, 养老服务)."),
        click.option("--place", metavar="PLACE", help="Only plans of this place or of places inside it: name, short name or division code."),
    )


def fail_on_option(what: str = "Exit 1 when results of this severity or worse are found."):
    return click.option("--fail-on", type=click.Choice(FAIL_ON), default="violation", show_default=True, help=what)


def timeout_option(default: float = 60.0, minimum: float = 0,
                   what: str = "Stop a query that runs longer than this (exit 5); 0: no limit. Ctrl-C stops it at once."):
    """``--timeout SECONDS`` on every command that runs a query."""
    return click.option("--timeout", type=click.FloatRange(min=minimum), default=default, show_default=True,
                        metavar="SECONDS", help=what)


def _write(text: str | bytes, output: Path | None) -> None:
    """Data goes to stdout or to ``-o FILE``; nothing else is written there."""
    if output is None:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
            sys.stdout.flush()
        else:
            click.echo(text)
        return
    try:
        if isinstance(text, bytes):
            output.write_bytes(text)
        else:
            output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as e:

        raise InputError(f"{output}: cannot write ({e.strerror or e})") from None


class _FileOutput:
    """A file being written, its write errors (a full disk) told as the file's."""

    def __init__(self, path: Path, shown: Path) -> None:
        self._shown = shown
        self._file = open(path, "wb")  # noqa: SIM115 - closed by _streamed

    def write(self, data) -> int:  # noqa: ANN001 - bytes-like
        try:
            return self._file.write(data)
        except OSError as e:
            raise InputError(f"{self._shown}: cannot write ({e.strerror or e})") from None

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> None:
        self._file.close()


@contextmanager
def _streamed(output: Path | None):
    """A binary stream for data written as it is made: stdout, or ``-o FILE`` written under
    a temporary name beside it and renamed when complete, so that a failure or a Ctrl-C
    never leaves a truncated FILE (nor removes the one there before)."""
    if output is None:
        yield sys.stdout.buffer
        sys.stdout.flush()
        return
    part = output.with_name(f".{output.name}.{os.getpid()}.part")
    try:
        try:
            out = _FileOutput(part, output)
        except OSError as e:
            raise InputError(f"{output}: cannot write ({e.strerror or e})") from None
        try:
            yield out
        finally:
            out.close()
        try:
            os.replace(part, output)
        except OSError as e:
            raise InputError(f"{output}: cannot write ({e.strerror or e})") from None
    finally:
        part.unlink(missing_ok=True)


def _progress(paths: list[Path], quiet: bool):
    """A progress bar on stderr, shown only on a terminal."""
    from contextlib import nullcontext

    if quiet or not sys.stderr.isatty() or len(paths) < 2:
        return nullcontext(None)
    from rich.console import Console
    from rich.progress import Progress

    return Progress(console=Console(stderr=True), transient=True)


@click.group(cls=MskgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mskg")
@click.option("--store", metavar="PATH", envvar="MSKG_STORE", help="Embedded store folder (default ./.mskg/store; ':memory:' for a throw-away store). Env: MSKG_STORE.")
@click.option("--endpoint", metavar="URL", envvar="MSKG_ENDPOINT", help="SPARQL 1.1 query endpoint of a remote server; overrides --store. Env: MSKG_ENDPOINT. Credentials: MSKG_USER, MSKG_PASSWORD.")
@click.option("--update-endpoint", metavar="URL", envvar="MSKG_UPDATE_ENDPOINT", help="SPARQL Update endpoint, when the server has a separate one. Env: MSKG_UPDATE_ENDPOINT.")
@click.option("-v", "--verbose", count=True, help="More messages on stderr (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only data and errors.")
@click.pass_context
def main(ctx, store, endpoint, update_endpoint, verbose, quiet):
    """mskg — a knowledge graph of Chinese local livelihood (民生) policy.

    \b
    Example:
      mskg build                      # ingest the bundled corpus, validate, answer
      mskg sparql 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }'
    """
    verbosity = -1 if quiet else verbose
    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    logging.basicConfig(level=level, format="mskg: %(message)s", stream=sys.stderr)
    ctx.obj = Settings(store, endpoint, update_endpoint, verbosity)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Store a document even when a stored one under another name has the same text, dropping that one.")
@click.option("--lenient", is_flag=True, help="Read past bytes that are not part of a character (replaced by U+FFFD, with a warning) instead of refusing the file.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N", help="Extract N documents at a time, each in a process of its own (default: one per core). The store is the same whatever N.")
@click.pass_obj
def ingest(settings: Settings, paths, replace, lenient, jobs):
    """Extract documents (files or folders of *.txt) into the graph.

    Each document replaces its own named graph atomically; re-ingesting the same
    document yields the same IRIs and triples. A document whose text equals a stored
    document's under another name (a renamed or re-encoded copy) is refused (exit 2)
    unless --replace. Text is UTF-8, GB18030, or UTF-16/32 with a byte-order mark; a
    byte that fits none is an error naming its offset, unless --lenient. Every file is
    read and checked before anything is written. Documents are extracted in parallel
    (-j, default one process per core) and each is written as soon as it is ready, so
    memory does not grow with the number of documents; a file edited after its check is
    refused. Ctrl-C stops it within a second (exit 130): each document is stored entirely,
    with its inferences, or not at all; the ones already written stay (the message names
    them).

    \b
    Example:
      mskg ingest data/corpus/
      mskg ingest plan.txt --store /tmp/kg
      mskg ingest renamed-copy.txt --replace
      mskg ingest -j 1 data/corpus/   # one extraction process
    """
    from mskg.ingest import document_paths
    from mskg.loading import load_documents

    files = document_paths(list(paths))
    with settings.open_store() as store, _progress(files, settings.verbosity < 0) as bar:
        task = bar.add_task("ingest", total=len(files)) if bar else None
        reports = _interruptible_load(lambda stop: load_documents(
            store, files, vocabularies=True, replace=replace, lenient=lenient, stop=stop, isolate=True, jobs=jobs,
            progress=(lambda p: bar.advance(task)) if bar else None))
    _print_reports(reports)


def _interruptible_load(load):
    """Run ``load(stop)`` so that Ctrl-C stops it within a second (see ``loading.Stop``);
    the message says which documents the stop left stored."""
    from mskg.graph_store import deadline
    from mskg.loading import Interrupted, Stop

    stop = Stop()
    try:
        return deadline.call(lambda: load(stop), timeout=None, what="the ingest", on_interrupt=stop.request,
                             settled=stop.settled)
    except KeyboardInterrupt:
        raise Interrupted(stop.account()) from None


def _print_reports(reports) -> None:
    from rdflib import Literal

    from mskg.results import render

    rows = [
        tuple(Literal(v) for v in (r.document, r.kind, r.title, r.items, r.responsibilities, r.targets, r.places, r.triples))
        for r in reports
    ]
    click.echo(render(["document", "kind", "title", "items", "roles", "targets", "places", "triples"], rows))
    for r in reports:
        if not r.items:
            click.echo(f"mskg: warning: {r.path}: no measure or section found; is it a policy document "
                       "of the genre (numbered measures, 牵头/配合 agencies, targets)? `mskg inspect` shows "
                       "how it was read", err=True)
        for notice in r.notices:
            click.echo(f"mskg: warning: {r.path}: {notice}", err=True)


@main.command()
@output_options(formats.RDF, "RDF format")
@click.option("--graph", metavar="IRI", help="Export one named graph only (see `mskg stats`).")
@click.option("--plan", metavar="PLAN", help="Export one plan: document id, IRI or part of its title.")
@click.option("--with-ontology/--without-ontology", default=None, help="Add (or leave out) the ontology and concept schemes (default: with them for the whole dataset, without for --plan/--graph).")
@click.option("--with-shapes", is_flag=True, help="Add the SHACL shapes (graph …/graph/shapes).")
@click.option("--void", "void", is_flag=True, help="Write the VoID description of the dataset instead (triples per graph, classes, the stored queries as examples).")
@click.pass_obj
def export(settings: Settings, fmt, output, graph, plan, with_ontology, with_shapes, void):
    """Export the graph as Turtle, N-Triples, N-Quads, TriG or JSON-LD.

    The whole dataset, one plan or one graph. Output is deterministic: the same graph
    gives the same bytes.

    \b
    Example:
      mskg export -f turtle -o mskg.ttl
      mskg export --plan 000_e71d73c36a34a15e --with-ontology --with-shapes -o plan.trig
      mskg export -f trig --graph https://w3id.org/mskg/graph/document/000_e71d73c36a34a15e
      mskg export --void -o void.ttl
    """
    from mskg.graph_store.export import ExportPart, export_dataset

    fmt = formats.RDF.for_output(output, fmt)
    part = ExportPart(plan=plan, graph=graph, with_ontology=with_ontology, with_shapes=with_shapes)
    if void:
        if part != ExportPart():
            raise click.UsageError("--void describes the whole dataset: leave out --graph, --plan and --with-…")
        if fmt in ("nquads", "trig"):
            raise click.UsageError("--void is one graph: choose turtle, ntriples or jsonld")
        from mskg.graph_store.void import void_description

        with settings.open_store(read_only=True) as store:
            data = void_description(store, fmt={"ntriples": "nt", "jsonld": "json-ld"}.get(fmt, fmt))
        _write(data, output)
        return
    with settings.open_store(read_only=True) as store, _streamed(output) as out:
        export_dataset(store, fmt, part, output=out)


@main.command()
@click.argument("query", required=False)
@click.option("--file", "query_file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE", help="Read the query from FILE ('-' reads stdin).")
@output_options(formats.RESULTS, "Result format", bom=True)
@click.option("--allow-service", is_flag=True, help="Let the query call other SPARQL endpoints with SERVICE (requests leave this machine).")
@timeout_option()
@click.pass_obj
def sparql(settings: Settings, query, query_file, fmt, output, bom, allow_service, timeout):
    """Run a SPARQL query (text, --file FILE, or - for stdin) against the graph.

    SELECT gives rows (json = SPARQL 1.1 Query Results JSON), ASK true/false,
    CONSTRUCT/DESCRIBE Turtle.

    \b
    Example:
      mskg sparql 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g'
      mskg sparql --file my.rq -f csv -o out.csv
    """

    if query_file is not None and query is not None:
        raise click.UsageError("give the query as text or with --file FILE, not both")
    if query == "-" or (query_file is not None and str(query_file) == "-"):
        text = sys.stdin.read()
    elif query_file is not None:
        try:
            text = query_file.read_text(encoding="utf-8")
        except OSError as e:
            raise InputError(f"{query_file}: cannot read the query ({e.strerror or e})") from None
    elif query:
        text = query
    else:
        raise click.UsageError("no query: give it as text, --file FILE, or - for stdin")
    from mskg.graph_store.bindings import service_calls

    called = service_calls(text)
    if called and not allow_service:
        raise InputError(f"the query calls SERVICE {called[0]}: a request from this machine to another "
                         "server; refused unless you give --allow-service")
    fmt = formats.RESULTS.for_output(output, fmt)
    with settings.open_store(read_only=True) as store:
        store.timeout = timeout
        result = store.query(text)
    _write(_render_result(result, fmt, bom), output)


def _render_result(result, fmt: str, bom: bool = False) -> str:
    from mskg.results import render, render_boolean

    if result.kind == "ask":
        return render_boolean(bool(result.boolean), fmt)
    if result.kind == "construct":
        return result.graph.serialize(format="turtle")
    return render(result.variables, result.rows, fmt, bom=bom)


@main.command()
@output_options(formats.RESULTS)
@click.pass_obj
def stats(settings: Settings, fmt, output):
    """Triples per named graph, instances per class, and documents stored twice.

    Documents that hold the same text under different names (a renamed or re-encoded
    copy, stored before mskg refused them) are listed last.

    \b
    Example:
      mskg stats
      mskg stats -f json
    """
    from mskg.graph_store import stats as store_stats

    from mskg.ingest.identity import duplicates

    with settings.open_store(read_only=True) as store:
        data = store_stats(store)
        data["duplicates"] = [[{"document": d.document, "file": d.file, "digest": d.digest} for d in group]
                              for group in duplicates(store)]
    _write(_render_stats(data, formats.RESULTS.for_output(output, fmt)), output)


def _render_stats(data: dict, fmt: str) -> str:
    from rdflib import Literal, URIRef

    from mskg.results import render

    graphs = render(["graph", "triples"], [(URIRef(g), Literal(n)) for g, n in data["graphs"].items()], fmt)
    classes = render(["class", "instances"], [(URIRef(c), Literal(n)) for c, n in data["classes"].items()], fmt)
    if fmt == "json":
        import json

        return json.dumps(data, ensure_ascii=False, indent=2)
    out = graphs + "\n\n" + classes
    if data.get("duplicates"):
        rows = [(Literal(i + 1), Literal(d["document"]), Literal(d["file"]))
                for i, group in enumerate(data["duplicates"]) for d in group]
        out += "\n\nDocuments holding the same text (counted twice in every query):\n"
        out += render(["group", "document", "file"], rows, fmt)
    return out


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@output_options(formats.READING)
def inspect(path, fmt, output):
    """Show how a document is read, without storing anything.

    The layouts that compete for the body with their scores (the chosen ones marked
    *), the tables with the meaning read from each header word, the lead convention
    and the note that states it, every item with its line, number, title, what found
    it and its units with roles, the notices ingest would print, and the body lines
    that no item covers.

    \b
    Example:
      mskg inspect data/corpus/001_478e334c04adaff1.txt
      mskg inspect plan.txt -o reading.json
    """
    import json

    from mskg.ingest import extract_file
    from mskg.ingest.reading import explain, format_explanation

    fmt = formats.READING.for_output(output, fmt)
    data = explain(extract_file(path))
    _write(json.dumps(data, ensure_ascii=False, indent=2) if fmt == "json" else format_explanation(data).rstrip("\n"), output)


@main.command("eval")
@click.argument("gold_dir", type=click.Path(path_type=Path))
@click.option("--docs", "docs_dir", type=click.Path(path_type=Path), help="Folder of the documents named in the gold files (default: GOLD_DIR).")
@click.option("--domain", metavar="DOMAIN", help="Domain of the co-lead pairs metric, as `mskg query co-leading-agencies -p domain=…` takes it: code or label (default: elderly_care; a broader domain such as elderly_and_child_care takes in its narrower ones).")
@output_options(formats.SCORES)
def eval_(gold_dir, docs_dir, domain, fmt, output):
    """Score extraction against gold annotation files (precision, recall, F1).

    Each gold JSON names its document; it is read from --docs, extracted in memory
    and scored per document and overall (micro-averaged). The co-lead pairs are the
    answer of the stored query co-leading-agencies for --domain over the documents.

    \b
    Example:
      mskg eval ../shared/gold --docs data/corpus
      mskg eval tests/documents -o scores.json
      mskg eval tests/blind --domain 一老一小
    """
    import json

    from mskg.evaluation import evaluate, render_table

    fmt = formats.SCORES.for_output(output, fmt)
    report = evaluate(gold_dir, docs_dir, domain=domain)
    _write(json.dumps(report, ensure_ascii=False, indent=2) if fmt == "json" else render_table(report), output)


@main.command()
@click.option("--data", "data_file", type=click.Path(dir_okay=False, path_type=Path), help=f"Validate this RDF file ({' '.join(formats.RDF_INPUT.suffixes)}) instead of the store.")
@click.option("--shapes", "shapes_paths", multiple=True, type=click.Path(path_type=Path), help="Shapes file or folder (repeatable; default: the bundled core and recommended shapes).")
@click.option("--engine", type=click.Choice(["oxigraph", "pyshacl"]), default="oxigraph", show_default=True, help="SHACL engine: oxigraph (shapes compiled to SPARQL, fast at any size) or pySHACL (the reference; same results).")
@click.option("--full", is_flag=True, help="Check every document again, not reusing the stored results of the documents that did not change.")
@output_options(formats.REPORTS, "Report format", note="turtle/json are the sh:ValidationReport graph.")
@fail_on_option()
@click.pass_obj
def validate(settings: Settings, data_file, shapes_paths, engine, full, fmt, output, fail_on):
    """Check the graph against the SHACL shapes, for auditors.

    Results are grouped by severity, rule, and document (or agency or place), with the
    focus node's label, the value, the message in Chinese and English and the source
    sentence. The exit code follows the severities found and --fail-on, not sh:conforms.
    The results of documents that did not change since the last run are reused (an
    embedded store, the bundled shapes, the default engine); --full checks them again.

    \b
    Example:
      mskg validate
      mskg validate --data graph.ttl -o report.ttl
      mskg validate --fail-on warning --engine pyshacl
    """
    from mskg.validation import load_data, render, validate_graph, validate_store

    fmt = formats.REPORTS.for_output(output, fmt)
    shapes = list(shapes_paths) or None
    if data_file is not None:
        from rdflib import RDF, URIRef

        from mskg.identifiers import ONTOLOGY

        data = load_data(data_file)
        if not any(True for _ in data.subjects(RDF.type, URIRef(ONTOLOGY + "Plan"))):
            raise InputError(f"{data_file}: holds no mskg plan (nothing typed mskg:Plan), so there is "
                             "nothing to check; validate a file written by mskg export, or the store")
        outcome = validate_graph(data, shapes=shapes, engine=engine)
    else:
        from mskg.identifiers import document_graph

        with settings.open_store(read_only=True) as store:
            if not any(str(name).startswith(document_graph("")) for name in store.graphs()):
                raise InputError(f"{settings.describe()} holds no document to validate; "
                                 "ingest documents first (mskg build or mskg ingest), or give --data FILE")
            stale = _stale_inferences(store)
            if stale:
                # the shapes would check the wrong inferences: say so rather than report on them
                click.echo(f"mskg: error: {stale}", err=True)
                sys.exit(1)
            outcome = validate_store(store, shapes=shapes, engine=engine, reuse=not full)
    _write(render(outcome, fmt), output)
    if outcome.exceeds(fail_on):
        sys.exit(1)


def _stale_inferences(store) -> str | None:
    """Why the inferred graphs cannot be trusted, or None when they are current."""
    from mskg.inference import pending

    if pending(store):
        return ("the inferred graphs are stale: documents changed after they were computed (an ingest "
                "was stopped between the two); run the ingest again to refresh them")
    return None



@main.command("queries")
@output_options(formats.RESULTS)
def queries_(fmt, output):
    """List the stored queries: name, summary (Chinese and English) and parameters.

    \b
    Example:
      mskg queries
      mskg queries -f markdown
    """
    from mskg.queries import catalogue
    from mskg.results import render

    variables, rows = catalogue()
    _write(render(variables, rows, formats.RESULTS.for_output(output, fmt)), output)


@main.command("query")
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A parameter of the query (repeatable); see `mskg queries`.")
@output_options(formats.RESULTS, "Result format", bom=True)
@timeout_option()
@click.pass_obj
def query_(settings: Settings, name, params, fmt, output, bom, timeout):
    """Run the stored query NAME with checked parameters, bound as RDF terms.

    \b
    Example:
      mskg query co-leading-agencies -p domain=elderly_care
      mskg query targets-due-in-year -p year=2025 -o targets.csv
    """
    from mskg.queries import get, parse_assignments, run

    values = parse_assignments(params)
    get(name).bindings(values)  # unknown names and bad values fail before the store opens
    fmt = formats.RESULTS.for_output(output, fmt)
    with settings.open_store(read_only=True) as store:
        store.timeout = timeout
        result = run(store, name, values)
    _write(_render_result(result, fmt, bom), output)


@main.command("ask")
@click.argument("question")
@click.option("--explain", is_flag=True, help="Also show the names recognised, the scores and the SPARQL.")
@output_options(formats.RESULTS, "Result format")
@timeout_option()
@click.pass_obj
def ask_(settings: Settings, question, explain, fmt, output, timeout):
    """Answer a question in Chinese or English from the best-fitting stored query.

    Offline and deterministic: names in the question are matched against labels in
    the graph, the rest against the example questions of the stored queries. Every
    place, agency, year or domain the question names is honoured or the question is
    declined: when no query fits well, or the question names something the graph does
    not hold (another city's agency, a place with no plan) or counts something it does
    not record, nothing is run, the reason and the three nearest stored questions are
    printed on stderr, and the exit code is 4. --explain adds the names recognised,
    the scores, the bindings and the SPARQL.

    \b
    Example:
      mskg ask "哪些部门共同牵头养老工作"
      mskg ask "which agencies co-lead elder-care work" --explain
    """
    from mskg.queries.questions import ask, explain as explain_answer

    fmt = formats.RESULTS.for_output(output, fmt)
    with settings.open_store(read_only=True) as store:
        store.timeout = timeout
        answer = ask(store, question)
    header = explain_answer(answer, sparql=explain)
    if answer.result is None:
        # declined: nothing was run; the reason and the nearest stored questions go to stderr
        click.echo(f"mskg: {header}", err=True)
        sys.exit(DECLINED_EXIT)
    human = output is None and fmt in ("table", "markdown")
    click.echo(header + ("\n" if human else ""), err=not human)
    _write(_render_result(answer.result, fmt), output)
    if answer.result.kind == "select" and not answer.result.rows:
        click.echo("mskg: the query found nothing with these parameters: the graph holds no such "
                   "item (the question was understood as shown above)", err=True)


@main.command()
@click.argument("kind", type=click.Choice(["agencies", "plan", "coverage"]))
@selection_options("A plan: document id, IRI or part of its title (needed by `plan`; filters `agencies`).")
@output_options(formats.PICTURES, "Picture format")
@click.pass_obj
def viz(settings: Settings, kind, plan, domain, place, fmt, output):
    """Draw the graph: the agencies' collaboration network, a plan, or domain × place coverage.

    HTML is one offline file (search, zoom, click a node for its role and source
    quote); SVG and PNG draw Chinese labels in a CJK font; DOT, GEXF and GraphML open
    in Graphviz, Gephi, yEd or Cytoscape. Same graph, same bytes.

    \b
    Example:
      mskg viz agencies --domain elderly_care -o elder-care.html
      mskg viz plan --plan 000_e71d73c36a34a15e -o plan.svg
      mskg viz coverage -o coverage.png
    """
    from mskg.networks import picture

    fmt = formats.PICTURES.for_output(output, fmt)
    if output is None and formats.PICTURES[fmt].binary and sys.stdout.isatty():
        raise click.UsageError("PNG is binary: write it to a file with -o FILE.png")
    with settings.open_store(read_only=True) as store:
        data = picture(store, kind, fmt, plan=plan, domain=domain, place=place)
    _write(data, output)


@main.command()
@selection_options()
@output_options(formats.ANALYSIS, bom=True)
@click.option("--limit", type=int, default=20, show_default=True, help="Agencies listed in the table view (0: all).")
@click.pass_obj
def analyze(settings: Settings, plan, domain, place, fmt, output, bom, limit):
    """Central and bridging agencies of the collaboration network.

    Degree and betweenness centrality, communities (greedy modularity) and the
    agencies whose partners lie in several communities.

    \b
    Example:
      mskg analyze --domain elderly_care
      mskg analyze --place 济宁市 --bom -o agencies.csv
    """
    from mskg.networks import analyze as analyze_network, render_analysis

    fmt = formats.ANALYSIS.for_output(output, fmt)
    with settings.open_store(read_only=True) as store:
        result = analyze_network(store, plan=plan, domain=domain, place=place)
    _write(render_analysis(result, fmt, bom=bom, limit=limit or None), output)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; anything but loopback makes the data reachable from other machines.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@timeout_option(30.0, 0.1, "Stop a query that runs longer than this (HTTP 503).")
@click.option("--cors", "cors", multiple=True, metavar="ORIGIN", help="Allow browser pages from ORIGIN to query (repeatable); off by default.")
@click.pass_obj
def serve(settings: Settings, host, port, timeout, cors):
    """Serve the graph read-only: a SPARQL endpoint and a query page for analysts.

    /sparql (SPARQL 1.1 Protocol, default graph = all graphs), / (the query page:
    YASGUI and the stored queries, no network needed), /queries/NAME?param=… (a stored
    query, parameters bound as in `mskg query`), /void (VoID). Updates and SERVICE
    are refused; each query is stopped after --timeout seconds.

    \b
    Example:
      mskg serve                      # http://127.0.0.1:7878/
      curl 'http://127.0.0.1:7878/queries/co-leading-agencies' -H 'Accept: text/csv'
    """
    from mskg.serve import serve as run_server

    if settings.endpoint:
        options = {"endpoint": settings.endpoint, "update_endpoint": settings.update_endpoint,
                   "user": settings.user, "password": settings.password}
    elif settings.store_path == ":memory:":
        raise InputError("an in-memory store has nothing to serve: give --store PATH or --endpoint URL")
    else:
        settings.open_store(read_only=True).close()  # a missing store is an error now, not per query
        options = {"path": settings.store_path, "read_only": True}
    click.echo(f"mskg: serving {settings.describe()} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    run_server(options, host=host, port=port, timeout=timeout, cors=tuple(cors))


@main.command()
@fail_on_option("Exit 1 when validation finds results of this severity or worse.")
@click.pass_obj
def build(settings: Settings, fail_on):
    """The main job: ingest the bundled corpus, validate, and answer a question.

    Replaces the corpus documents' graphs in the store, checks the graph with the
    SHACL shapes, prints a summary and the agencies that co-lead elder-care work.

    \b
    Example:
      mskg build
      mskg --store /tmp/kg build
    """
    from mskg.build import build as run_build

    with settings.open_store() as store:
        outcome = _interruptible_load(
            lambda stop: run_build(store, progress=settings.verbosity >= 0 and sys.stderr.isatty(), stop=stop))
    click.echo(outcome.render())
    if outcome.exceeds(fail_on):
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
