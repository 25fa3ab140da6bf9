"""The researcher's worked example runs from top to bottom (so that it cannot rot)."""
from __future__ import annotations

import os

import pytest

from .conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "worked_example.ipynb"


def test_worked_example_runs(monkeypatch):
    nbformat = pytest.importorskip("nbformat", reason="the notebook extra is not installed: pip install -e '.[notebook]'")
    nbclient = pytest.importorskip("nbclient", reason="the notebook extra is not installed: pip install -e '.[notebook]'")
    pytest.importorskip("ipykernel", reason="the notebook extra is not installed: pip install -e '.[notebook]'")
    pytest.importorskip("matplotlib", reason="the notebook extra is not installed: pip install -e '.[notebook]'")
    # The kernel is another process: make it import this checkout's ogi, whatever is installed.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2  # outcome and applicant plots
    text = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "威海市环翠区工业和信息化局 2023" in text  # the samples were extracted and labelled
