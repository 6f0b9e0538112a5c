"""Rules are small units with a stable code, a name that names the problem, a severity and docs.

A rule subclasses `Rule`, sets the class attributes and implements `check(ctx)`. Registering
happens by decorating it with `@register`. `bacaudit rules` and docs/rules.md are generated
from the registry, and a test fails when a rule lacks a docstring section or fixtures.

Docstring sections (each required, in this order):
    What it flags: ...
    Why: ...
    Flagged example: ...
    Fine example: ...
    Fix: ...
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from ..models import Article, Claim, Finding, ReferenceRef

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Config
    from ..reference import ReferenceSet

DOC_SECTIONS = ("What it flags", "Why", "Flagged example", "Fine example", "Fix")

# Renamed or merged codes keep working in configs and suppressions: old -> new.
REDIRECTS: dict[str, str] = {}


@dataclass
class Sentence:
    """A sentence span in Article.text (the NLP stage computes these once per article)."""

    start: int
    end: int
    text: str


@dataclass
class AuditContext:
    """Everything a rule may read. Rules never mutate it."""

    article: Article
    sentences: list[Sentence]
    claims: list[Claim]
    refs: ReferenceSet
    config: Config
    doc: Any = None  # the spaCy Doc, when a rule needs tokens or entities
    extras: dict[str, Any] = field(default_factory=dict)

    def span_text(self, start: int, end: int) -> str:
        return self.article.text[start:end]


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[str]
    severity: ClassVar[str]
    message: ClassVar[str]  # one line; may hold {placeholders} the rule fills in

    def check(self, ctx: AuditContext) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    def finding(
        self,
        ctx: AuditContext,
        start: int,
        end: int,
        message: str | None = None,
        *,
        severity: str | None = None,
        reference: ReferenceRef | None = None,
        fix: str | None = None,
    ) -> Finding:
        """Build a Finding whose text is exactly the article slice (the contract's invariant)."""
        return Finding(
            category=self.category,  # type: ignore[arg-type]
            rule=self.code,
            severity=(severity or self.severity),  # type: ignore[arg-type]
            text=ctx.article.text[start:end],
            start=start,
            end=end,
            message=message or self.message,
            reference=reference,
            fix=fix,
            name=self.name,
        )

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        """Parse the docstring into its named sections."""
        import inspect
        import re

        doc = inspect.getdoc(cls) or ""
        out: dict[str, str] = {}
        names = "|".join(map(re.escape, DOC_SECTIONS))
        pattern = re.compile(rf"^({names}):\s*", re.M)
        parts = pattern.split(doc)
        out["summary"] = parts[0].strip()
        for i in range(1, len(parts) - 1, 2):
            out[parts[i]] = " ".join(parts[i + 1].split())
        return out


_REGISTRY: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    code = cls.code
    if code in _REGISTRY and _REGISTRY[code] is not cls:
        raise RuntimeError(
            f"rule code {code} registered twice ({_REGISTRY[code].__name__}, {cls.__name__})"
        )
    _REGISTRY[code] = cls
    return cls


def all_rules() -> dict[str, type[Rule]]:
    """Every registered rule by code, importing the rule modules first."""
    from . import load_rule_modules

    load_rule_modules()
    return dict(sorted(_REGISTRY.items()))


def resolve_code(code: str) -> str:
    code = code.strip().upper()
    return REDIRECTS.get(code, code)


def iter_enabled(config: Config) -> Iterator[Rule]:
    for code, cls in all_rules().items():
        if config.rule_enabled(code):
            yield cls()


# Passes over a whole run (e.g. a block recurring across articles = template boilerplate).
# Each is `(results: list[AuditResult], auditor) -> None` and appends findings in place,
# re-sorting them and recomputing the score.
RUN_LEVEL_PASSES: list[Any] = []
