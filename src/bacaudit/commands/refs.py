"""`bacaudit refs validate|list|show`: check and read the reference set an audit relies on."""

from __future__ import annotations

import json
import sys
import textwrap

from ..errors import BacauditError, ReferenceSetError
from ..reference_schema import printable


def add_parser(sub) -> None:
    p = sub.add_parser("refs", help="validate, list or show reference-set entries")
    p.set_defaults(func=lambda args: _usage(p))
    rsub = p.add_subparsers(dest="refs_command", metavar="ACTION")

    v = rsub.add_parser("validate", help="check a reference set; one line per problem, exit 2")
    v.add_argument("directory", nargs="?", metavar="DIR", help="default: the bundled set")
    v.set_defaults(func=run_validate)

    ls = rsub.add_parser("list", help="list entries (id, subject, type, statement, source)")
    ls.add_argument("--format", choices=("text", "json"), default="text")
    ls.add_argument("--refs", metavar="DIR", help="reference set folder (default: bundled)")
    ls.add_argument("--subject", help="only entries about this drug (id, name or brand)")
    ls.add_argument("--type", dest="entry_type", help="only entries of this claim type")
    ls.set_defaults(func=run_list)

    sh = rsub.add_parser("show", help="show one entry in full")
    sh.add_argument("entry_id", metavar="ID")
    sh.add_argument("--format", choices=("text", "json"), default="text")
    sh.add_argument("--refs", metavar="DIR", help="reference set folder (default: bundled)")
    sh.set_defaults(func=run_show)


def _usage(parser) -> int:
    parser.print_help(sys.stderr)
    return 2


def run_validate(args) -> int:
    from ..reference import default_reference_dir, load_reference_set, validate_reference_dir

    directory = args.directory or default_reference_dir()
    problems = validate_reference_dir(directory)
    if problems:
        raise ReferenceSetError(problems)
    refs = load_reference_set(directory)
    print(
        f"{directory}: reference set {refs.version} is valid: "
        f"{len(refs.entries)} entries, {len(refs.drugs)} drugs, "
        f"{len(refs.conditions)} conditions, {len(refs.agencies)} agencies"
    )
    _print_coverage(refs)
    return 0


def _print_coverage(refs) -> None:
    """One line per drug: the claim families it declares complete and those it covers only in
    part (where an unrecorded approval or indication is reported unverifiable, not wrong)."""
    print("coverage (complete: the verifier may call an unrecorded claim wrong; partial: not):")
    width = max((len(d) for d in refs.drugs), default=0)
    partial_drugs = 0
    for drug_id in sorted(refs.drugs):
        cov = refs.coverage(drug_id)
        done = [f for f, ok in cov.items() if ok]
        part = [f for f, ok in cov.items() if not ok]
        partial_drugs += bool(part)
        shown = [f"complete: {', '.join(done) or '-'}", f"partial: {', '.join(part) or '-'}"]
        print(printable(f"  {drug_id:<{width}}  " + "; ".join(shown)))
    print(f"{partial_drugs} of {len(refs.drugs)} drugs have partial coverage")


def run_list(args) -> int:
    from ..reference import entries_as_rows, load_reference_set

    refs = load_reference_set(args.refs)
    entries = refs.entries
    if args.subject:
        drug = refs.drug_for_name(args.subject)
        if drug is None:
            raise BacauditError(f"{args.subject}: not a drug in the reference set")
        entries = [e for e in entries if e.subject == drug.id]
    if args.entry_type:
        entries = [e for e in entries if e.type == args.entry_type]
    if args.format == "json":
        json.dump(entries_as_rows(entries), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for e in entries:
        print(printable(f"{e.id}  [{e.type}]"))
        print(textwrap.indent(textwrap.fill(printable(e.statement), 96), "    "))
        print(printable(f"    source: {e.source_url} (retrieved {e.retrieved})"))
    print(f"{len(entries)} entries (reference set {refs.version})")
    return 0


def run_show(args) -> int:
    from ..reference import load_reference_set

    refs = load_reference_set(args.refs)
    entry = refs.get(args.entry_id)
    if entry is None:
        near = [e.id for e in refs.entries if e.id.startswith(args.entry_id.split(".")[0] + ".")]
        hint = f" (entries for that drug: {', '.join(near[:5])}...)" if near else ""
        raise BacauditError(f"{args.entry_id}: no such reference entry{hint}")
    data = entry.to_dict()
    if args.format == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    width = max(len(k) for k in data)
    for key, value in data.items():
        if value is None or value == {}:
            continue
        if key == "sources":
            print(f"{key:<{width}}  " + f"\n{'':<{width}}  ".join(map(printable, value)))
        elif isinstance(value, dict):
            shown = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in value.items())
            print(printable(f"{key:<{width}}  {shown}"))
        else:
            lines = textwrap.wrap(printable(str(value)), 96 - width) or [""]
            print(f"{key:<{width}}  " + f"\n{'':<{width}}  ".join(lines))
    return 0
