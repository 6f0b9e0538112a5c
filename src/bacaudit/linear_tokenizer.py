"""Keep spaCy's tokenizer linear in the length of the text.

spaCy splits suffixes off a whitespace-free run one at a time, searching the whole remaining
run each time, so a run of n characters that is all punctuation (").).)." repeated, a row of
dots, a mis-decoded page's U+FFFD replacement characters) costs n² regex work: minutes for a
25,000-character line. Long runs are rare in prose and never a word, so a run longer than
`LONG_RUN` characters is handed to the tokenizer in `PIECE`-character pieces and the pieces'
docs are joined. The joined doc's text is exactly the input, so every offset still holds.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc

LONG_RUN = 200
PIECE = 50
_LONG = re.compile(rf"\S{{{LONG_RUN + 1},}}")


class LinearTokenizer:
    """Wraps a spaCy tokenizer; everything but `__call__` is the wrapped tokenizer's."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __call__(self, text: str) -> Doc:
        if len(text) <= LONG_RUN or _LONG.search(text) is None:
            return self.inner(text)
        docs: list[Doc] = []
        pos = 0
        for match in _LONG.finditer(text):
            if match.start() > pos:
                docs.append(self.inner(text[pos : match.start()]))
            run = match.group()
            docs.extend(self.inner(run[i : i + PIECE]) for i in range(0, len(run), PIECE))
            pos = match.end()
        if pos < len(text):
            docs.append(self.inner(text[pos:]))
        docs = [d for d in docs if len(d)]
        if not docs:
            return self.inner(text)
        return Doc.from_docs(docs, ensure_whitespace=False)

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)
