"""`bacaudit extract INPUT...`: the same ingest as `audit`, no auditing; shows what was read.

`--format json` (one object, `articles` and `errors`), `jsonl` (one article or error per line)
or `text` (the prose only: body blocks without hints, as the auditor reads the article).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from ..models import Article, InputError


def add_parser(sub) -> None:
    p = sub.add_parser(
        "extract", help="show the text, blocks and hints the auditor reads, without auditing"
    )
    p.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="file, folder, http(s) URL, or - for stdin"
    )
    p.add_argument("--format", choices=("json", "jsonl", "text"), default="json")
    p.add_argument("--out", help="output file; default: standard output")
    p.add_argument(
        "--allow-private", action="store_true", help="allow URLs on private or loopback addresses"
    )
    p.add_argument(
        "--timeout", type=float, default=20.0, help="seconds per HTTP request (default 20)"
    )
    p.set_defaults(func=run)


def extract_inputs(
    inputs: list[str], *, allow_private: bool = False, timeout: float = 20.0
) -> Iterator[Article | InputError]:
    """Articles (or one InputError per unreadable input), lazily, in input order."""
    from ..errors import BacauditError, InputProblem
    from ..extract import extract
    from ..ingest import IngestOptions, iter_documents

    options = IngestOptions(allow_private=allow_private, timeout=timeout)
    for doc in iter_documents(inputs, options):
        if isinstance(doc, InputError):
            yield doc
            continue
        try:
            yield extract(doc)
        except InputProblem as exc:
            yield InputError(doc.source, exc.reason)
        except BacauditError as exc:
            yield InputError(doc.source, str(exc))
        except RecursionError:
            yield InputError(doc.source, "document nested too deeply to parse")


def run(args) -> int:
    from ..errors import BacauditError
    from ..extract.export import article_dict, prose_text

    fh: TextIO = sys.stdout
    if args.out:
        try:
            Path(args.out).parent.mkdir(parents=True, exist_ok=True)
            fh = open(args.out, "w", encoding="utf-8", newline="")  # noqa: SIM115
        except OSError as exc:
            raise BacauditError(f"{args.out}: cannot write ({exc.strerror or exc})") from exc
    articles: list[dict] = []
    errors: list[dict] = []
    seen = 0
    try:
        for item in extract_inputs(
            args.inputs, allow_private=args.allow_private, timeout=args.timeout
        ):
            if isinstance(item, InputError):
                errors.append(item.to_dict())
                print(f"bacaudit: {item.source}: {item.error}", file=sys.stderr)
                if args.format == "jsonl":
                    fh.write(json.dumps({"error": item.to_dict()}, ensure_ascii=False) + "\n")
                continue
            seen += 1
            if args.format == "json":
                articles.append(article_dict(item))
            elif args.format == "jsonl":
                fh.write(json.dumps({"article": article_dict(item)}, ensure_ascii=False) + "\n")
            else:
                if len(args.inputs) > 1 or seen > 1:
                    fh.write(("\n" if seen > 1 else "") + f"== {item.source}\n\n")
                fh.write(prose_text(item) + "\n")
        if args.format == "json":
            json.dump({"articles": articles, "errors": errors}, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    finally:
        if fh is not sys.stdout:
            fh.close()
    if not seen:
        print(
            "bacaudit: no articles found in the inputs"
            if not errors
            else f"bacaudit: no readable input ({len(errors)} failed)",
            file=sys.stderr,
        )
        return 2
    return 0
