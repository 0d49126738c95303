"""Write ontology/vocabularies.ttl from the enums (run from the project root)."""

from pathlib import Path

from kg.vocab.ontology import vocabulary_turtle

if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "ontology" / "vocabularies.ttl"
    target.write_bytes(vocabulary_turtle())
    print(f"wrote {target}")
