#!/usr/bin/env python3
"""Write ontology/grounding/ambiguous-symbols.txt: vocabulary symbols that are also English words.

A gene symbol, alias or acronym whose lower-case form is a common English word ("CAT", "SET",
"REST", "WAS") only grounds when a text writes it in capitals inside a line that is not all
capitals. The list is made from word frequencies (the wordfreq package, zipf >= 3.0), then kept as
data, so neither kg extract nor its tests need wordfreq:

    .venv/bin/pip install wordfreq && .venv/bin/python tools/gen_ambiguous_symbols.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wordfreq import zipf_frequency  # noqa: E402

from kg.grounding.index import read_rules, symbol_shaped  # noqa: E402
from kg.grounding.normalize import key_of  # noqa: E402
from kg.grounding.sources import resources_folder, vocabulary_terms  # noqa: E402

THRESHOLD = 3.0


def main() -> int:
    folder = ROOT / "ontology" / "grounding"
    rules = read_rules(folder)
    rules["ambiguous"] = []
    words: set[str] = set()
    for term in vocabulary_terms(resources_folder(), rules):
        if not (term.symbol or symbol_shaped(term.name)):
            continue
        key = key_of(term.name)
        if key.isalpha() and zipf_frequency(key, "en") >= THRESHOLD:
            words.add(key)
    head = (
        "# Vocabulary symbols that are also English words (zipf >= 3.0); written by\n"
        "# tools/gen_ambiguous_symbols.py. They ground only when written in capitals in a line that\n"
        "# is not all capitals.\n"
    )
    body = "\n".join(" ".join(sorted(words)[i : i + 16]) for i in range(0, len(words), 16))
    (folder / "ambiguous-symbols.txt").write_text(head + body + "\n", encoding="utf-8")
    print(f"{len(words)} ambiguous symbols written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
