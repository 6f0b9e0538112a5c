"""Errors that end one input (or one command) with a one-line message, never a traceback."""

from __future__ import annotations


class BacauditError(Exception):
    """Base class: `str(err)` is the one line shown to the user."""


class InputProblem(BacauditError):
    """An input (file, URL, stdin) that cannot be read or parsed; the run goes on without it."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class FetchRefused(InputProblem):
    """Fetching was refused by policy (robots.txt, private address, content type)."""


class ReferenceSetError(BacauditError):
    """The reference set is broken; `problems` holds one line per problem (file, entry, field)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class ConfigError(BacauditError):
    """A bacaudit.toml / [tool.bacaudit] problem, naming file and key."""
