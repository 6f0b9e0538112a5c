"""Command line: `bacaudit audit|extract|refs|rules|crawl|history|serve|decisions`.

Each command lives in commands/."""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .errors import BacauditError, one_line

COMMANDS = ("audit", "extract", "refs", "rules", "crawl", "history", "serve", "decisions")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bacaudit",
        description="Audit addiction-treatment articles for false claims, uncited claims, "
        "marketing boilerplate and SEO spam.",
    )
    parser.add_argument("--version", action="version", version=f"bacaudit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f".commands.{name}", __package__).add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except BacauditError as exc:
        for line in getattr(exc, "problems", None) or [str(exc) or "error"]:
            print(f"bacaudit: {one_line(line)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bacaudit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
