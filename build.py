"""The main job behind ``mskg build``: corpus in, validated graph and an answer out."""

from __future__ import annotations

from dataclasses import dataclass

from mskg.loading import LoadReport, load_documents

# The question the build answers as a smoke test of the whole chain.
QUESTION = ("co-leading-agencies", {"domain": "elderly_care"})
SUMMARY_COLUMNS = ("nameA", "nameB", "planTitle", "leadTogether")


@dataclass
class BuildOutcome:
    reports: list[LoadReport]
    vocabulary_triples: int
    validation: object  # mskg.validation.ValidationOutcome
    answer: object  # mskg.graph_store.QueryResult of QUESTION

    def counts(self) -> dict[str, int]:
        return self.validation.counts()

    def exceeds(self, fail_on: str) -> bool:
        """True when validation found results at or above ``fail_on`` ('never' never)."""
        return self.validation.exceeds(fail_on)

    def render(self) -> str:
        from rdflib import Literal

        from mskg.results import render

        lines = ["Documents ingested:"]
        rows = [
            tuple(Literal(v) for v in (r.document, r.kind, r.title, r.items, r.responsibilities, r.targets, r.places, r.triples))
            for r in self.reports
        ]
        lines.append(render(["document", "kind", "title", "items", "roles", "targets", "places", "triples"], rows))
        total = sum(r.triples for r in self.reports) + self.vocabulary_triples
        lines.append(f"\nTriples: {total} ({self.vocabulary_triples} ontology and concept schemes)")
        from mskg.validation.rendering import by_severity

        lines.append(f"Validation (SHACL): {by_severity(self.counts())} — details: mskg validate")
        name, params = QUESTION
        lines.append(f"\nWhich agencies co-lead elder-care work? (mskg query {name} -p domain={params['domain']})")
        if self.answer.rows:
            # The summary shows who, where and whether together; `mskg query` shows all columns.
            keep = [i for i, v in enumerate(self.answer.variables) if v in SUMMARY_COLUMNS]
            lines.append(
                render([self.answer.variables[i] for i in keep], [[row[i] for i in keep] for row in self.answer.rows])
            )
        else:
            lines.append("(no pairs of agencies lead measures of this domain together)")
        return "\n".join(lines)


def build(store, *, progress: bool = False, stop=None) -> BuildOutcome:
    """Ingest the bundled corpus into ``store``, validate it and answer ``QUESTION``.

    ``stop`` (a :class:`mskg.loading.Stop`) lets another thread stop the ingest."""
    from mskg.data import corpus_files
    from mskg.ontology import load_ontology, load_schemes
    from mskg.queries import run
    from mskg.validation import validate_store

    files = corpus_files()
    vocab = len(load_ontology()) + len(load_schemes())
    if progress:
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("ingest", total=len(files))
            reports = load_documents(store, files, vocabularies=True, stop=stop, isolate=stop is not None,
                                     progress=lambda _: bar.advance(task))
    else:
        reports = load_documents(store, files, vocabularies=True, stop=stop, isolate=stop is not None)
    validation = validate_store(store)
    name, params = QUESTION
    answer = run(store, name, params)
    return BuildOutcome(reports, vocab, validation, answer)
