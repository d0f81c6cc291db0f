"""What lsucheck RAISES when it cannot check a file at all.

Everything here carries a French message for the user: what is wrong, where, and what to do.
The engine turns these into an ``illisible`` report (exit code 2); they never reach the user
as a traceback.
"""
from __future__ import annotations


class LsucheckError(Exception):
    """Base class: an input that cannot be checked. ``message`` is French, for the user."""

    code = "F1"

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None,
                 fix: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.fix = fix
        if code:
            self.code = code


class UnreadableError(LsucheckError):
    """Not XML, malformed, truncated, empty, binary, wrong encoding (F1)."""


class HostileInputError(LsucheckError):
    """A DTD, entities, external references: refused before anything is expanded (F1)."""


class TooLargeError(LsucheckError):
    """Over the configured size limit (F1)."""


class NotLsuError(LsucheckError):
    """Well-formed XML, but not an LSU 2nd-degree import file (F2/F4)."""

    code = "F2"

    def __init__(self, message: str, *, kind: str | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.kind = kind
