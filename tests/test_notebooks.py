"""The teaching notebooks: committed with outputs, in sync with their source, and they run clean.

notebooks/*.ipynb are built and executed by scripts/make_notebooks.py. These
tests check what a reader on GitHub sees (every code cell has its output, the
first cell says what the notebook teaches) and re-run every notebook with
nbclient in a temporary directory, so nothing in the repository changes; a
failing lecture check (an ``assert`` in a cell) fails the test.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EXPECTED = [
    "01_computation_graph.ipynb",
    "02_logistic_regression.ipynb",
    "03_backprop_by_hand.ipynb",
    "04_xor_mlp.ipynb",
    "05_activations_losses_regularization.ipynb",
]
HANGUL = re.compile("[\uac00-\ud7a3]")


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else source


def _code_cells(nb: dict) -> list[dict]:
    return [cell for cell in nb["cells"] if cell["cell_type"] == "code"]


def _streams(nb: dict) -> list[str]:
    """Everything the code cells printed, cell by cell (stdout and stderr joined per cell)."""
    return [
        "".join(_text(o["text"]) for o in cell["outputs"] if o["output_type"] == "stream") for cell in _code_cells(nb)
    ]


def _make_notebooks_module():
    spec = importlib.util.spec_from_file_location("make_notebooks", ROOT / "scripts" / "make_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_five_notebooks_are_committed():
    assert [p.name for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_first_cell_says_what_it_teaches(path):
    first = _read(path)["cells"][0]
    assert first["cell_type"] == "markdown"
    text = _text(first["source"])
    assert text.startswith("# ")  # a title
    assert "What this notebook teaches:" in text
    assert re.search(r"Lecture notes followed:.*`00[0-4]`", text)  # which lecture note it follows
    assert HANGUL.search(text)  # the lecture's Korean terms


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_with_outputs_and_no_errors(path):
    nb = _read(path)
    cells = _code_cells(nb)
    assert cells
    for k, cell in enumerate(cells, 1):
        assert cell["outputs"], f"code cell {k} of {path.name} has no output: run scripts/make_notebooks.py"
        assert cell["execution_count"] == k, f"{path.name} was not run top to bottom (cell {k})"
        assert all(o["output_type"] != "error" for o in cell["outputs"]), f"cell {k} of {path.name} failed"
        for o in cell["outputs"]:
            assert " at 0x" not in _text(o.get("data", {}).get("text/plain", "")), "memory address in output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_uses_the_package_never_redefines_it(path):
    code = "\n".join(_text(c["source"]) for c in _code_cells(_read(path)))
    assert "from autograd import Value" in code and "import nn" in code and "import viz" in code
    assert not re.search(r"^\s*class\s+(Value|Neuron|Layer|MLP)\b", code, re.MULTILINE)
    assert "SEED = " in code


def test_graphs_are_inline_svg_with_a_korean_label():
    nb = _read(NOTEBOOK_DIR / "01_computation_graph.ipynb")
    svgs = [
        _text(o["data"]["image/svg+xml"])
        for cell in _code_cells(nb)
        for o in cell["outputs"]
        if "image/svg+xml" in o.get("data", {})
    ]
    assert len(svgs) >= 8 + 1  # every step of J's backward pass, and more
    assert any("비용 J" in svg for svg in svgs)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_cells_match_the_builder(path):
    """scripts/make_notebooks.py is the source of truth: the committed cells are what it builds."""
    builder = _make_notebooks_module()
    built = builder.build(path.stem)
    committed = _read(path)
    assert [(c.cell_type, c.source) for c in built.cells] == [
        (c["cell_type"], _text(c["source"])) for c in committed["cells"]
    ]


@pytest.mark.slow
@pytest.mark.needs_dot
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_top_to_bottom_and_prints_what_is_committed(path, tmp_path, require, skip_or_fail):
    """Execute a copy in a temporary directory; every check in it must pass, and it must print
    what the committed notebook shows (the committed outputs come from the current code)."""
    nbformat = require("nbformat")
    nbclient = require("nbclient")
    require("ipykernel")
    require("matplotlib")
    if shutil.which("dot") is None:
        skip_or_fail("Graphviz `dot` is not installed; `make test` installs it")
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    nb = nbformat.read(copy, as_version=4)
    client = nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    fresh = json.loads(nbformat.writes(nb))
    for k, cell in enumerate(_code_cells(fresh), 1):
        assert all(o["output_type"] != "error" for o in cell["outputs"]), f"cell {k} failed"
    assert _streams(fresh) == _streams(_read(path)), (
        f"{path.name} prints something else now: rebuild it with scripts/make_notebooks.py"
    )
