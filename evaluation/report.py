"""The evaluation run over a folder of gold files, and its report as JSON data or a table."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable

from mskg.errors import InputError
from mskg.evaluation.co_leads import QUERY, CoLeadPairs
from mskg.evaluation.counts import Scores
from mskg.evaluation.gold import gold_files, load_gold
from mskg.evaluation.metrics import score_document
from mskg.identifiers import document_id
from mskg.ingest.model import Extraction

# ``extract(text, document=..., path=...)``, the signature of mskg.ingest.extract_text.
Extractor = Callable[..., Extraction]

PRF_METRICS = ("sections", "measures", "domains", "agency_roles", "targets", "places", "co_lead_pairs")


def evaluate(
    gold_dir: str | Path,
    docs_dir: str | Path | None = None,
    *,
    extract: Extractor | None = None,
    domain: str | None = None,
) -> dict:
    """Score extraction against every gold file (``*.json``) of ``gold_dir``.

    Each gold file's ``document`` is read from ``docs_dir`` (default: ``gold_dir``)
    and extracted in memory with ``extract`` (default: :func:`mskg.ingest.extract_text`).
    The co-lead pairs are those of ``domain`` (a code or label, as the stored query
    takes it; default elderly_care), answered by the stored query over the documents
    loaded into an in-memory store (:mod:`mskg.evaluation.co_leads`).
    Returns ``{"co_lead_domain": domain, "overall": R, "documents": {document: R}}``
    with floats rounded to four places; the overall record is micro-averaged (counts
    summed over documents).

    :raises InputError: for a missing or empty gold folder, a gold file that is not
        JSON or is malformed, two gold files for one document, a missing document, or
        a domain the query does not know.
    """
    if extract is None:
        from mskg.ingest import extract_text as extract
    from mskg.ingest import read_document

    files = gold_files(gold_dir)
    docs = Path(docs_dir) if docs_dir is not None else Path(gold_dir)
    if not docs.is_dir():
        raise InputError(f"{docs}: no such folder of documents")
    co_leads = CoLeadPairs(domain)  # an unknown domain fails before any extraction
    documents: dict[str, Scores] = {}
    for path in files:
        gold = load_gold(path)
        if gold.document in documents:
            raise InputError(f"{path}: a second gold file for document {gold.document!r}")
        doc_path = docs / gold.document
        if not doc_path.is_file():
            raise InputError(f"{path}: its document {gold.document!r} is not in {docs}")
        text = read_document(doc_path)
        extraction = extract(text, document=document_id(doc_path), path=doc_path.name)
        documents[gold.document] = score_document(gold, extraction)
        co_leads.add(gold, doc_path, extraction)
    for name, pairs in co_leads.scores().items():
        documents[name] = replace(documents[name], co_lead_pairs=pairs)
    total = sum(documents.values(), Scores())
    return {
        "co_lead_domain": co_leads.domain,
        "overall": total.to_json(),
        "documents": {name: scores.to_json() for name, scores in documents.items()},
    }


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.4f}"


def _block(name: str, record: dict) -> list[str]:
    lines = [name, f"  {'metric':<14}{'P':>8}{'R':>8}{'F1':>8}{'gold':>8}{'extracted':>11}{'matched':>9}"]
    for metric in PRF_METRICS:
        r = record[metric]
        lines.append(
            f"  {metric:<14}{_number(r['precision']):>8}{_number(r['recall']):>8}{_number(r['f1']):>8}"
            f"{r['gold']:>8}{r['extracted']:>11}{r['matched']:>9}"
        )
    names = record["agency_names"]
    lines.append(f"  {'agency_names':<14}accuracy {_number(names['accuracy'])}  n {names['n']}")
    tf = record["target_fields"]
    lines.append(
        f"  {'target_fields':<14}unit {_number(tf['unit'])}  comparator {_number(tf['comparator'])}"
        f"  year {_number(tf['year'])} (n {tf.get('n_year', tf['n'])})"
        f"  baseline {_number(tf['baseline'])}  n {tf['n']}"
    )
    return lines


def render_table(report: dict) -> str:
    """A fixed-width text table of a report from :func:`evaluate`: one block per
    document, then the overall block. Undefined scores show as ``–``."""
    lines: list[str] = []
    for name, record in report["documents"].items():
        lines += _block(name, record) + [""]
    lines += _block("overall (micro-averaged)", report["overall"])
    if "co_lead_domain" in report:
        lines += ["", f"co_lead_pairs: pairs of agencies that both lead items of {report['co_lead_domain']} "
                      f"in one plan (the stored query {QUERY})"]
    return "\n".join(lines) + "\n"

