"""`bacaudit decisions export|import`: reviewers' decisions travel between databases and runs.

`export` writes `{"decisions": [...]}` (dismissed and accepted) to standard output or --out;
`import` merges a file into a database, the newer decision winning for each fingerprint.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def add_parser(sub) -> None:
    p = sub.add_parser(
        "decisions",
        help="export or import reviewers' decisions (dismissed / accepted findings)",
        description="Move triage decisions between a database and a JSON file. Use the file "
        "with `bacaudit audit --decisions FILE` to hide dismissed findings.",
    )
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    e = verbs.add_parser("export", help="write the decisions of a database as JSON")
    e.add_argument("--db", required=True, help="crawl or decisions database (SQLite)")
    e.add_argument("--out", help="file to write (default: standard output)")
    e.set_defaults(func=run_export)
    i = verbs.add_parser("import", help="merge a decisions file into a database (newest wins)")
    i.add_argument("file", metavar="FILE", help="decisions.json written by `decisions export`")
    i.add_argument("--db", required=True, help="crawl or decisions database (SQLite)")
    i.set_defaults(func=run_import)


def _existing(db: str) -> Path:
    from ..errors import BacauditError

    path = Path(db)
    if not path.is_file():
        raise BacauditError(f"{path}: database not found")
    return path


def run_export(args) -> int:
    from ..review.decisions import DecisionStore

    with DecisionStore(_existing(args.db)) as store:
        doc = store.export()
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if args.out:
        from ..errors import BacauditError

        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise BacauditError(f"{args.out}: cannot write ({exc.strerror or exc})") from None
    else:
        sys.stdout.write(text)
    print(f"bacaudit: {len(doc['decisions'])} decision(s) exported", file=sys.stderr)
    return 0


def run_import(args) -> int:
    from ..review.decisions import DecisionStore, load_decisions_file

    decisions = load_decisions_file(args.file)
    with DecisionStore(args.db) as store:
        taken, kept = store.merge(decisions)
    print(
        f"bacaudit: {taken} decision(s) imported, {kept} older than the database's kept out",
        file=sys.stderr,
    )
    return 0
