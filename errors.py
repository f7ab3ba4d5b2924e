"""Errors that the CLI turns into a message and an exit code, never a traceback."""

from __future__ import annotations


class MskgError(Exception):
    """Base class: a problem the user can fix. ``exit_code`` follows the README."""

    exit_code = 2


class InputError(MskgError):
    """Unreadable or malformed input (a document, a gold file, a query, a parameter)."""

    exit_code = 2


class EndpointError(MskgError):
    """The SPARQL endpoint is unreachable or refused the credentials."""

    exit_code = 3


class LexiconError(InputError):
    """A lexicon file (package data) that does not parse or lacks a value an entry needs:
    the message names the file, the line and the entry."""


class TimeLimitError(MskgError):
    """A query ran longer than its time limit (``--timeout``) and was stopped."""

    exit_code = 5


#: exit code of `mskg ask` when it declines a question (no query run)
DECLINED_EXIT = 4

#: exit code of a command stopped by Ctrl-C (SIGINT), as shells report 128 + 2
INTERRUPTED_EXIT = 130
