"""Regenerate the parts of README.md that are read off the code and committed results.

Each generated part stands between two marker lines::

    <!-- generated: NAME (make docs) -->
    …
    <!-- end generated: NAME -->

and is rewritten from its one source:

- ``commands``: the command reference, every option of every command, from the click
  definitions in ``cli.py``;
- ``scores``: the extraction scores of each document set, from ``mskg eval --format json``
  kept in ``tests/snapshots/scores_*.json`` (what ``tests/test_score_snapshots.py`` checks);
- ``scale``: the figures of ``bench/scale.py``, from the run kept in
  ``bench/results/scale.json`` (written by its ``--results``).

Besides the marked parts, the row count printed under each ``$ mskg query …`` example
(``… (26 rows; …``) is read from the rows every stored query gives on the corpus, kept in
``tests/golden/query_rows.json`` (what ``tests/test_queries.py`` checks).

Only committed files are read, never a clock or a machine: the same checkout gives the
same README, byte for byte. ``make docs`` rewrites README.md; ``--check`` only says
whether it is current (exit 1 when it is not), as ``tests/test_readme.py`` does.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SNAPSHOTS = ROOT / "tests" / "snapshots"
BENCH_RESULTS = ROOT / "bench" / "results"
QUERY_ROWS = ROOT / "tests" / "golden" / "query_rows.json"

_PART = re.compile(
    r"(?P<begin><!-- generated: (?P<name>[\w-]+) \(make docs\) -->\n)(?P<body>.*?)(?P<end><!-- end generated: (?P=name) -->)",
    re.DOTALL,
)


def _cell(text: str) -> str:
    """Text for a Markdown table cell (pipes escaped, one line)."""
    return " ".join(text.split()).replace("|", "\\|")


# -- the command reference -------------------------------------------------------------------


def commands() -> str:
    """Every command's usage and options, as click declares them."""
    import click

    from mskg.cli import main

    group = click.Context(main, info_name="mskg", **main.context_settings)
    out = [_options_table(main, group, "Global options (before the command)")]
    for name in sorted(main.commands):
        command = main.commands[name]
        ctx = click.Context(command, info_name=name, parent=group, **command.context_settings)
        usage = " ".join(["mskg", name, *command.collect_usage_pieces(ctx)])
        summary = command.get_short_help_str(limit=200)
        out.append(f"#### `mskg {name}`\n\n    {usage}\n\n{summary}\n\n" + _options_table(command, ctx))
    return "\n\n".join(out) + "\n"


def _options_table(command, ctx, title: str | None = None) -> str:
    import click

    rows = []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if not isinstance(param, click.Option) or record is None or "--help" in param.opts:
            continue
        option, meaning = record
        rows.append(f"| `{_cell(option)}` | {_cell(meaning) or '–'} |")
    head = f"{title}:\n\n" if title else ""
    if not rows:
        return head + "No options but `-h/--help`."
    return head + "| option | meaning |\n| --- | --- |\n" + "\n".join(rows)


# -- the scores ------------------------------------------------------------------------------

#: document set → how its row is named and the command that scores it
_SETS = {
    "seed": ("seed corpus", "mskg eval ../shared/gold --docs data/corpus"),
    "documents": ("own test documents", "mskg eval tests/documents"),
    "heldout": ("held-out documents", "mskg eval tests/heldout"),
    "blind": ("blind documents", "mskg eval tests/blind"),
}
#: (metric, score, column heading); the co-lead pairs are the owner's elder-care question,
#: judged on precision and recall, so both are shown
_COLUMNS = (("sections", "f1", "sections"), ("measures", "f1", "measures"), ("domains", "f1", "domains"),
            ("agency_roles", "f1", "agency roles"), ("agency_names", "accuracy", "agency names"),
            ("targets", "f1", "targets"), ("places", "f1", "places"),
            ("co_lead_pairs", "precision", "co-lead pairs P"), ("co_lead_pairs", "recall", "co-lead pairs R"))


def scores() -> str:
    """One row per document set: overall F1 (agency names: accuracy; co-lead pairs:
    precision and recall) and the document count."""
    head = "| documents | " + " | ".join(heading for _, _, heading in _COLUMNS) + " |"
    lines = [head, "|" + " --- |" * (len(_COLUMNS) + 1)]
    for name, (label, command) in _SETS.items():
        path = SNAPSHOTS / f"scores_{name}.json"
        report = json.loads(path.read_text(encoding="utf-8"))
        overall = report["overall"]
        cells = [_score(overall.get(metric, {}).get(key)) for metric, key, _ in _COLUMNS]
        lines.append(f"| {label} ({len(report['documents'])}), `{command}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _score(value) -> str:
    return "–" if value is None else f"{value:.3f}"


# -- benchmark figures -----------------------------------------------------------------------


def scale() -> str:
    """The table of the run of ``bench/scale.py`` kept in ``bench/results/scale.json``."""
    data = json.loads((BENCH_RESULTS / "scale.json").read_text(encoding="utf-8"))
    lines = [f"`{data['command']}` on {data['machine']}:", "",
             "| " + " | ".join(data["header"]) + " |", "|" + " --- |" * len(data["header"])]
    lines += ["| " + " | ".join(_cell(str(c)) for c in row) + " |" for row in data["rows"]]
    return "\n".join(lines) + "\n"


PARTS: dict[str, Callable[[], str]] = {"commands": commands, "scores": scores, "scale": scale}


# -- row counts of the stored-query examples -------------------------------------------------

_EXAMPLE = re.compile(r"^\$ mskg query (?P<name>\S+)(?P<params>(?: -p \S+)*)\n(?P<output>.*?)^```", re.DOTALL | re.MULTILINE)
_COUNT = re.compile(r"\((\d+) rows?")


def query_row_counts(text: str) -> str:
    """``text`` with the row count of every stored-query example that has a snapshot."""
    snapshot = json.loads(QUERY_ROWS.read_text(encoding="utf-8"))

    def example(match: re.Match) -> str:
        params = sorted(p for p in match["params"].split(" -p ") if p.strip())
        rows = snapshot.get(" ".join([match["name"], *params]))
        if rows is None:
            return match[0]
        n = len(rows["rows"])
        start = match.start("output") - match.start()
        head, output = match[0][:start], match[0][start:]
        return head + _COUNT.sub(f"({n} row{'' if n == 1 else 's'}", output, count=1)

    return _EXAMPLE.sub(example, text)


def generate(text: str) -> str:
    """``text`` (the README) with every generated part rewritten from its source.

    :raises KeyError: a marker names a part this script does not know.
    """

    def part(match: re.Match) -> str:
        body = PARTS[match["name"]]()
        return match["begin"] + body + match["end"]

    return query_row_counts(_PART.sub(part, text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if README.md is not current; write nothing")
    args = parser.parse_args(argv)
    current = README.read_text(encoding="utf-8")
    fresh = generate(current)
    if args.check:
        if fresh != current:
            print("README.md is stale: run `make docs`", file=sys.stderr)
            return 1
        return 0
    if fresh != current:
        README.write_text(fresh, encoding="utf-8")
        print("README.md regenerated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
