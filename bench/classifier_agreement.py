"""Agreement of the reference classifier with the curators' grades in seeds/.

Run from the project root: ``.venv/bin/python bench/classifier_agreement.py [--documents DIR]``.
Prints the share of reference entries where the classifier's evidence level (and source type,
and support tier) equals the curated one, per basis of the classifier's grade (a work in
seeds/metadata/works.jsonl is graded from its bibliographic metadata), and lists the disagreements.
"""

from __future__ import annotations

import argparse
import platform
from pathlib import Path

from kg.audit import classifier_report
from kg.seeds.load import load_knowledge_base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    parser.add_argument("--ontology", type=Path, default=Path("ontology"))
    parser.add_argument("--documents", type=Path, default=Path("../shared/seeds"))
    args = parser.parse_args()
    docs = args.documents if args.documents.is_dir() else None
    kb = load_knowledge_base(args.seeds, args.ontology, docs)
    rows = classifier_report(kb, args.ontology, docs)
    n = len(rows)
    level = sum(r.level_agrees for r in rows)
    source = sum(r.source_agrees for r in rows)
    tier = sum(r.tier_agrees for r in rows)
    print(f"machine: {platform.node()} {platform.machine()} python {platform.python_version()}")
    print(f"references: {n} (documents {'present' if docs else 'absent: titles and hosts only'})")
    print(f"level agreement:       {level}/{n} = {level / n:.1%}")
    print(f"support-tier agreement: {tier}/{n} = {tier / n:.1%}")
    print(f"source-type agreement: {source}/{n} = {source / n:.1%}")
    print("\nlevel agreement by the basis of the classifier's grade:")
    for basis in sorted({r.predicted.basis for r in rows}):
        group = [r for r in rows if r.predicted.basis is basis]
        agree = sum(r.level_agrees for r in group)
        print(f"  {basis.value:<24} {agree}/{len(group)} = {agree / len(group):.1%}")
    print("\ndisagreements on level (curated -> classifier: rationale):")
    for r in rows:
        if not r.level_agrees:
            print(
                f"  {r.reference.key}: {r.reference.level.value} -> {r.predicted.level.value}: {r.predicted.rationale}"
            )


if __name__ == "__main__":
    main()
