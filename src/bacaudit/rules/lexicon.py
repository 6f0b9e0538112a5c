"""Word and phrase lists of the rule families, kept as data beside the rules (rules/lexicons/).

One TOML file per family (marketing, uncited, seo). Each list is a table with an `about` line
(shown in docs/rules.md) and its `words`. A file is validated when first loaded: a missing,
unknown or malformed list stops the run with one line naming the file and the list. A site can
extend any list in its config (`[lexicons.marketing] commercial_verbs = ["enrol"]`); entries are
added to the shipped ones, never replace them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"

# The lists each family must define (the rules read exactly these). Lists named here in
# CASED keep their capitals (brand-like words); every other entry must be lower case.
SCHEMA: dict[str, frozenset[str]] = {
    "marketing": frozenset(
        {
            "commercial_verbs",
            "commercial_objects",
            "weak_objects",
            "button_labels",
            "prompt_adverbs",
            "imperative_openers",
            "medical_persons",
            "safety_lines",
            "safety_numbers",
            "instruction_verbs",
            "service_verbs",
            "editorial_objects",
            "sponsor_phrases",
            "pitch_phrases",
            "widget_phrases",
            "puffery_words",
            "writer_nouns",
            "provider_words",
        }
    ),
    "uncited": frozenset(
        {
            "number_words",
            "fraction_words",
            "multipliers",
            "change_verbs",
            "risk_nouns",
            "people_nouns",
            "ranking_words",
            "study_nouns",
            "finding_verbs",
            "cause_verbs",
            "harm_nouns",
        }
    ),
    "seo": frozenset(
        {
            "query_openers",
            "query_modifiers",
            "forum_names",
            "retailers",
            "places",
            "query_verbs",
        }
    ),
}
CASED: frozenset[tuple[str, str]] = frozenset({("seo", "places")})


@dataclass(frozen=True)
class WordList:
    name: str
    about: str
    words: tuple[str, ...]


class Lexicon(Mapping[str, tuple[str, ...]]):
    """The lists of one family; `lex["commercial_verbs"]` is a tuple of entries."""

    def __init__(self, family: str, lists: dict[str, WordList], source: str) -> None:
        self.family = family
        self.lists = lists
        self.source = source
        self._sets: dict[str, frozenset[str]] = {}

    __hash__ = object.__hash__  # one instance per loaded lexicon: cached by identity

    def __eq__(self, other: object) -> bool:
        return self is other

    def __getitem__(self, key: str) -> tuple[str, ...]:
        return self.lists[key].words

    def __iter__(self):
        return iter(self.lists)

    def __len__(self) -> int:
        return len(self.lists)

    def set(self, key: str) -> frozenset[str]:
        """The list as a lower-cased set, for membership tests."""
        s = self._sets.get(key)
        if s is None:
            s = self._sets[key] = frozenset(w.lower() for w in self.lists[key].words)
        return s

    def alternation(self, key: str) -> str:
        """A regex alternation of the list, longest first, spaces matching any whitespace."""
        words = sorted(self.lists[key].words, key=len, reverse=True)
        return "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)


def _validate(family: str, data: dict, where: str) -> dict[str, WordList]:
    wanted = SCHEMA[family]
    lists: dict[str, WordList] = {}
    for key, table in data.items():
        if key not in wanted:
            raise ConfigError(f"{where}: unknown list {key!r} (known: {', '.join(sorted(wanted))})")
        if not isinstance(table, dict) or set(table) - {"about", "words"}:
            raise ConfigError(f"{where}: [{key}] must be a table with `about` and `words`")
        about, words = table.get("about"), table.get("words")
        if not isinstance(about, str) or not about.strip():
            raise ConfigError(f"{where}: [{key}] needs an `about` line")
        lists[key] = WordList(key, " ".join(about.split()), _entries(family, key, words, where))
    missing = wanted - set(lists)
    if missing:
        raise ConfigError(f"{where}: missing list(s) {', '.join(sorted(missing))}")
    return lists


def _entries(family: str, key: str, words: object, where: str) -> tuple[str, ...]:
    if not isinstance(words, list) or not words:
        raise ConfigError(f"{where}: [{key}] words must be a non-empty list of strings")
    out: list[str] = []
    for w in words:
        if not isinstance(w, str) or not w.strip():
            raise ConfigError(f"{where}: [{key}] has an empty or non-string entry: {w!r}")
        w = " ".join(w.split())
        if (family, key) not in CASED and w != w.lower():
            raise ConfigError(f"{where}: [{key}] entry {w!r} must be lower case")
        if w in out:
            raise ConfigError(f"{where}: [{key}] lists {w!r} twice")
        out.append(w)
    return tuple(out)


@lru_cache(maxsize=8)
def _shipped(family: str) -> Lexicon:
    path = LEXICON_DIR / f"{family}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read lexicon: {exc}") from None
    return Lexicon(family, _validate(family, data, str(path)), str(path))


@lru_cache(maxsize=32)
def _extended(family: str, extra: tuple[tuple[str, tuple[str, ...]], ...]) -> Lexicon:
    base = _shipped(family)
    lists = dict(base.lists)
    for key, words in extra:
        old = lists[key]
        added = tuple(w for w in words if w not in old.words)
        lists[key] = WordList(key, old.about, old.words + added)
    return Lexicon(family, lists, base.source + " + config")


def load_lexicon(
    family: str, extensions: Mapping[str, Mapping[str, Iterable[str]]] | None = None
) -> Lexicon:
    """The family's shipped lexicon, extended by a config's `lexicons` table when given."""
    if family not in SCHEMA:
        raise ConfigError(f"no lexicon family {family!r} (known: {', '.join(sorted(SCHEMA))})")
    extra = (extensions or {}).get(family) or {}
    if not extra:
        return _shipped(family)
    key = tuple(sorted((k, tuple(" ".join(w.split()) for w in v)) for k, v in extra.items()))
    return _extended(family, key)


def validate_extensions(value: object, origin: str) -> None:
    """Check a config's `lexicons` table: known families and lists, lists of strings."""
    if not isinstance(value, dict):
        raise ConfigError(f"{origin}: lexicons must be a table of families")
    for family, lists in value.items():
        if family not in SCHEMA:
            known = ", ".join(sorted(SCHEMA))
            raise ConfigError(f"{origin}: lexicons.{family}: no such family (known: {known})")
        if not isinstance(lists, dict):
            raise ConfigError(f"{origin}: lexicons.{family} must be a table of lists")
        for key, words in lists.items():
            where = f"{origin}: lexicons.{family}"
            if key not in SCHEMA[family]:
                raise ConfigError(f"{where}: unknown list {key!r}")
            _entries(family, key, words, where)


def config_lexicon(config, family: str) -> Lexicon:
    """The lexicon a rule uses under `config` (the shipped one when the config adds nothing)."""
    return load_lexicon(family, getattr(config, "lexicons", None))


FAMILY_RULES = {"marketing": "BA3xx", "uncited": "BA2xx", "seo": "BA4xx"}


def lexicon_markdown() -> list[str]:
    """The docs/rules.md section that lists every lexicon list, what it means and its entries."""
    lines = [
        "## Lexicons",
        "",
        "The rules' words live in data files beside them, `src/bacaudit/rules/lexicons/<family>"
        ".toml`, one per rule family, validated when first loaded (a missing, unknown or "
        "malformed list stops the run naming the file and the list). A site adds entries in its "
        "config, e.g. `[lexicons.marketing] safety_lines = [\"county crisis line\"]` (see "
        "configuration.md).",
    ]
    for family in sorted(SCHEMA):
        lex = load_lexicon(family)
        lines += ["", f"### {family} ({FAMILY_RULES.get(family, '')})", ""]
        lines += ["| list | what it holds | entries |", "| --- | --- | --- |"]
        for key in sorted(lex.lists):
            wl = lex.lists[key]
            shown = ", ".join(wl.words[:6]) + (", ..." if len(wl.words) > 6 else "")
            about = wl.about.replace("|", "\\|")
            lines.append(f"| `{key}` | {about} | {len(wl.words)}: {shown.replace('|', '/')} |")
    return lines
