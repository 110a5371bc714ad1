"""The errors journeymap reports to its user, each mapped to an exit status in one place.

Everything a user can get wrong (an option, the configuration, a path, a git revision)
is a `UsageError` (exit status 2); a site that was not built is `BuildFailed` (1).
Findings are not errors: a command whose findings fail it exits `ExitStatus.FAILED`
itself. The message of each error is a sentence for the user, never a traceback; the
CLI turns each into its exit status in one place.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """The exit statuses of every journeymap command (SPEC "Command line")."""

    OK = 0
    FAILED = 1  # findings fail the run, or the site was not built
    USAGE = 2  # bad option, unreadable configuration, no journey files, git errors


class JourneymapError(Exception):
    """An error the user can act on; `exit_status` is what the command exits with."""

    exit_status = ExitStatus.USAGE


class UsageError(JourneymapError):
    """A usage problem: a bad option or path (exit status 2)."""


class ConfigError(UsageError):
    """The configuration cannot be used (exit status 2)."""


class NoJourneys(UsageError):
    """A path does not exist, or no journey files were found (exit status 2)."""


class GitError(UsageError):
    """A git revision or repository cannot be used (exit status 2)."""


class BuildFailed(JourneymapError):
    """The site was not built; the previous site is unchanged (exit status 1)."""

    exit_status = ExitStatus.FAILED
