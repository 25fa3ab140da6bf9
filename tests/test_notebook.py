"""The researcher's worked example runs from top to bottom with `jupyter nbconvert --execute`,
as the README says, from the declared `notebook` extra (so that it cannot rot)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "worked_example.ipynb"
EXTRA = "the notebook extra is not installed: pip install -e '.[notebook]'"


def test_worked_example_runs_with_nbconvert(tmp_path):
    for module in ("nbformat", "nbconvert", "ipykernel", "matplotlib", "jupyter_core"):
        pytest.importorskip(module, reason=EXTRA)
    import nbformat

    # The kernel is another process: make it import this checkout's ogi, whatever is installed.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])))
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            str(NOTEBOOK),
            "--output-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    assert res.returncode == 0, res.stderr[-3000:]
    nb = nbformat.read(tmp_path / NOTEBOOK.name, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2  # outcome and applicant plots
    text = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "威海市环翠区工业和信息化局 2023" in text  # the samples were extracted and labelled
    assert "applications.received" in text and " facts in " in text  # the facts section shows facts
    assert "no facts yet" not in text
