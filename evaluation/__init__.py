"""Scoring extraction against gold annotations (``mskg eval``).

:func:`evaluate` reads every gold file of a folder, extracts the document each one
names, and returns per-document and overall (micro-averaged) scores;
:func:`render_table` formats that report for a terminal. The rules are fixed so
that a score means the same thing on every corpus:

Items. Sections are gold items of kind ``group``; measures are kinds ``measure``,
``sub-measure`` and ``project``. Extracted items are split the same way by
``Item.kind``. An extracted item matches a gold item of the same class when their
titles, normalised (NFKC, traditional → simplified, case-folded, whitespace,
punctuation and symbols removed), are equal, or one contains the other (the shorter
having at least 2 characters, so that 一 does not match everything), or their
rapidfuzz ``ratio`` is at least 80. Matching is one-to-one and greedy, best pairs
first: equal before containment before similarity, then by higher ratio, then by
document order (gold, then extracted). Empty titles never match.

Domains and agency roles are scored over matched items only, on both sides: the
gold pairs are those of gold items that were matched, the extracted pairs those of
their matched extracted items. Structure errors are charged once, by sections and
measures, not again here. Domains: pairs (gold item id, domain code). Agency roles:
triples (gold item id, role, full agency name); the gold full name is
``agencies_full[printed]`` when present, else the printed form; the extracted one
is ``Responsibility.agency.full``; roles are lead and cooperating, an extracted
``responsible`` counts as cooperating; names are compared after NFKC and
whitespace removal.

Agency names: every printed form in the gold ``agencies_full`` maps of a document
(deduplicated per document) is one decision, correct when
``Extraction.printed_names()`` resolves that printed form to the gold full name,
both sides compared after NFKC and whitespace removal. A printed form the
extractor never produced counts as wrong. Printed forms are compared after NFKC,
whitespace removal and traditional → simplified (the script of a printed form
carries no meaning); full names after NFKC and whitespace removal only, since a
resolved full name is due in simplified characters.

Targets: gold targets with ``restates`` are not scored. An extracted target matches
a gold target when ``Target.value`` equals the gold ``value`` (the printed number,
tolerance 1e-9 relative and absolute) and its span overlaps (non-empty half-open
intersection) an occurrence of the gold quote anywhere in the text; one-to-one,
best intersection-over-union first, then document order. An unmatched extracted
target is neutral (counted neither as extracted nor as matched) when it would match
a restated gold target (at most one per restated target) or when its span lies
inside an occurrence of a ``non_targets`` quote. Target fields, over matched
targets: unit (after NFKC, whitespace removal and traditional → simplified), comparator, baseline value (both
absent or both equal) and year, the last only where the gold year is not null,
compared with ``Target.effective_year`` (falling back to ``Target.year``); its
count is reported as ``n_year``, the others' as ``n``.

Places: distinct full names (gold ``full``, extracted ``Place.full``) per document,
after NFKC and whitespace removal.

Co-lead pairs (:mod:`mskg.evaluation.co_leads`): the answer of the stored query
``co-leading-agencies`` for a domain (default elderly_care; a code or label, a
broader domain taking in its narrower ones) — unordered pairs of distinct agencies
that both lead items of the domain in one plan — per document. Extracted: the query
itself, run over the documents loaded as ``mskg ingest`` loads them into an in-memory
store (inherited leads, domain closure and collective kinds as inferred there).
Gold: the leads of the items of the domain, an item printing none taking those of
the nearest enclosing item that prints some (less any agency the item prints as
cooperating), collectives of the ``agencies`` registry left out. Agencies are full
names compared after NFKC and whitespace removal, as for agency names.

Arithmetic (:mod:`mskg.evaluation.counts`): P = matched/extracted,
R = matched/gold, F1 = 2·matched/(gold+extracted). When one side is empty the
undefined ratio is 0.0; when gold = extracted = 0, P, R and F1 are ``None`` (null in
JSON, – in the table); an accuracy with n = 0 is ``None``. The overall record sums
the counts of all documents and computes the scores from the sums. Floats are
rounded to 4 places.

Report: ``{"co_lead_domain": domain, "overall": R, "documents": {"<document>": R}}``,
R = {"sections", "measures", "domains", "agency_roles", "targets", "places",
"co_lead_pairs": PRF, "agency_names":
{"accuracy", "n"}, "target_fields": {"unit", "comparator", "year", "baseline", "n",
"n_year"}}, PRF = {"precision", "recall", "f1", "gold", "extracted", "matched"}.
"""

from mskg.evaluation.report import evaluate, render_table

__all__ = ["evaluate", "render_table"]
