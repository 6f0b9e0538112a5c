"""Errors that end one input (or one command) with a one-line message, never a traceback."""

from __future__ import annotations

import re

# C0/C1 controls (CR and LF included), line and paragraph separators and bidi overrides: in a
# file name or URL they could split one error into forged lines or rewrite the terminal. Lone
# surrogates (a file name's undecodable bytes) cannot be written as UTF-8 at all.
_UNSAFE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def one_line(value: object) -> str:
    """`value` as one printable line: control characters become visible `\\xNN`/`\\uNNNN`."""
    return _UNSAFE.sub(_escape, str(value))


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def error_line(source: str, reason: str) -> str:
    """The one standard-error line for an input that failed: `bacaudit: SOURCE: REASON`."""
    return f"bacaudit: {one_line(source)}: {one_line(reason)}"


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


def read_json_list(path, key: str, file_noun: str, doc_noun: str) -> list:
    """The list under `key` in a JSON file the user gave (a baseline, a decisions export);
    a missing, unreadable or malformed file is one line naming it. `file_noun` names the
    file ("baseline file"), `doc_noun` its content ("baseline") in the messages."""
    import json
    from pathlib import Path

    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BacauditError(f"{p}: {file_noun} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BacauditError(f"{p}: cannot read {file_noun} ({exc.__class__.__name__})") from None
    except json.JSONDecodeError as exc:
        raise BacauditError(f"{p}: {doc_noun} is not valid JSON (line {exc.lineno})") from None
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise BacauditError(f'{p}: {doc_noun} has no "{key}" list')
    return entries
