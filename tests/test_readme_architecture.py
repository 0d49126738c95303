"""The README's architecture section names every module: as its own row, or by file name in its package's row."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _rows() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Architecture")
    end = text.index("\n## ", start + 1)
    return [line for line in text[start:end].splitlines() if line.startswith("|")]


def test_every_module_has_a_place_in_the_architecture_section() -> None:
    rows = _rows()
    unnamed = []
    for path in sorted((ROOT / "kg").rglob("*.py")):
        if path.name in ("__init__.py", "__main__.py"):
            continue
        rel = path.relative_to(ROOT).as_posix()
        package = path.parent.relative_to(ROOT).as_posix() + "/"
        if not any(f"`{rel}`" in row or (f"`{package}`" in row and f"`{path.name}`" in row) for row in rows):
            unnamed.append(rel)
    assert not unnamed, f"modules the README's architecture section does not name: {unnamed}"
