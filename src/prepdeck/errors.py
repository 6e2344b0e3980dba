"""Errors that reach the user as one clear line, with the exit code they imply."""

from __future__ import annotations


class PrepdeckError(Exception):
    """A problem the user can fix (bad content, a bad answer file, a broken database): exit 1."""

    exit_code = 1


class UsageError(PrepdeckError):
    """The command line itself is wrong (unknown id, missing file argument): exit 2."""

    exit_code = 2
