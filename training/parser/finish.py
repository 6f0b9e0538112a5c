"""Stamp the trained model, write its NOTICE and record its test-split accuracy.

Usage: python finish.py MODEL_DIR EVAL_JSON DOCS_MD
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from prepare import REVISION

from bacaudit.parser import PARSER_NAME, PARSER_VERSION

NOTICE = f"""bacaudit English tagger and parser ({PARSER_NAME} {PARSER_VERSION})

These weights were trained by the bacaudit project with spaCy on the Universal Dependencies
English Web Treebank (UD_English-EWT), revision {REVISION}.

UD_English-EWT: Natalia Silveira, Timothy Dozat, Marie-Catherine de Marneffe, Samuel Bowman,
Miriam Connor, John Bauer and Christopher D. Manning (2014), "A Gold Standard Dependency
Corpus for English", and the UD English EWT contributors.
https://github.com/UniversalDependencies/UD_English-EWT
Licence: Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0),
https://creativecommons.org/licenses/by-sa/4.0/
The underlying English Web Treebank (LDC2012T13) is distributed by the Linguistic Data
Consortium; the UD annotation is released under the licence above.

These model weights are a derived work of that treebank and are distributed under the same
licence, CC BY-SA 4.0. No treebank text is included.

spaCy (MIT licence), https://spacy.io
"""


def main(model_dir: str, eval_json: str, docs: str) -> None:
    model = Path(model_dir)
    meta_path = model / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    scores = json.loads(Path(eval_json).read_text(encoding="utf-8"))
    meta.update(
        name=PARSER_NAME,
        version=PARSER_VERSION,
        license="CC BY-SA 4.0",
        sources=[{"name": "UD_English-EWT", "revision": REVISION, "license": "CC BY-SA 4.0",
                  "url": "https://github.com/UniversalDependencies/UD_English-EWT"}],
        test_performance=scores,
    )
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (model / "NOTICE").write_text(NOTICE, encoding="utf-8")
    shutil.rmtree(model / "__pycache__", ignore_errors=True)
    row = (f"| {PARSER_VERSION} | {REVISION[:10]} | {scores['tag_acc']:.4f} | "
           f"{scores['pos_acc']:.4f} | {scores['dep_uas']:.4f} | {scores['dep_las']:.4f} | "
           f"{scores['sents_f']:.4f} | {scores.get('speed', 0):.0f} |")
    text = Path(docs).read_text(encoding="utf-8")
    marker = "<!-- parser rows end -->"
    Path(docs).write_text(text.replace(marker, row + "\n" + marker), encoding="utf-8")
    print(row)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
