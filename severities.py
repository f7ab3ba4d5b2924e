"""The severities of validation results, most severe first, and the ``--fail-on`` levels.

A module of its own so that the command line offers the choices without loading the
validation engines.
"""

SEVERITY_ORDER = ("violation", "warning", "info")

#: ``--fail-on`` levels: exit 1 on results of this severity or worse; ``never``: exit 0
FAIL_ON = (*SEVERITY_ORDER, "never")
