"""bacaudit: audits addiction-treatment articles for contradictions with a sourced reference
set, uncited medical claims, marketing boilerplate and SEO spam."""

from __future__ import annotations

__version__ = "0.1.0"
USER_AGENT = (
    f"bacaudit/{__version__} (+https://github.com/bacaudit/bacaudit; content-quality audit)"
)

__all__ = ["USER_AGENT", "__version__", "audit_html", "audit_paths", "audit_text"]


def audit_text(text: str, source: str = "<text>"):
    """Audit plain text; returns an AuditResult."""
    from .audit import Auditor

    return Auditor.default().audit_text(text, source=source)


def audit_html(html: str | bytes, source: str = "<html>"):
    """Audit an HTML page; returns an AuditResult."""
    from .audit import Auditor

    return Auditor.default().audit_html(html, source=source)


def audit_paths(*inputs: str):
    """Yield an AuditResult or InputError per article found in the inputs."""
    from .audit import Auditor

    yield from Auditor.default().audit_inputs(list(inputs))
