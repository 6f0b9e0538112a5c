"""http(s) inputs -> Documents through the shared `Fetcher`, so URL audits and crawls obey one
policy (timeouts, redirects, size cap, retries, private-address refusal)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import InputProblem
from ..models import Document, InputError
from .sniff import SNIFF_BYTES, binary_type, describe_binary

if TYPE_CHECKING:
    from . import IngestOptions
    from .http import Fetcher


def is_url(value: str) -> bool:
    head = value[:8].lower()
    return head.startswith(("http://", "https://"))


def make_fetcher(options: IngestOptions) -> Fetcher:
    from .http import Fetcher, FetchPolicy

    policy = FetchPolicy(
        timeout=options.timeout,
        max_bytes=options.max_bytes,
        max_redirects=options.max_redirects,
        retries=options.retries,
        backoff=options.backoff,
        max_retry_after=options.max_retry_after,
        allow_private=options.allow_private,
        user_agent=options.user_agent,
    )
    return Fetcher(policy)


def fetch_document(fetcher: Fetcher, url: str) -> Document | InputError:
    """One URL as a Document, or the one-line reason it could not be fetched."""
    try:
        result = fetcher.fetch(url)
    except InputProblem as exc:
        return InputError(url, exc.reason)
    except Exception as exc:  # a run over many URLs must survive one odd failure
        return InputError(url, f"fetch failed ({type(exc).__name__}: {exc})".splitlines()[0])
    media = binary_type(result.content[:SNIFF_BYTES])
    if media:
        return InputError(url, describe_binary(media))
    if not result.content.strip():
        return InputError(url, f"empty response (HTTP {result.status})")
    return result.to_document(url)
