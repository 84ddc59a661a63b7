"""Imports go one way, viz -> autograd <- nn, and ``autograd`` is this project's.

Each check runs in a fresh interpreter (a subprocess), so modules that
other tests already imported cannot hide an import, and reads ``sys.modules``
right after the import under test.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

import autograd

REPO = Path(__file__).resolve().parent.parent


def modules_after_import(module: str, cwd: Path = REPO) -> dict:
    """Import ``module`` in a fresh interpreter; return its file and the top-level packages loaded."""
    code = (
        "import json, sys\n"
        f"import {module} as m\n"
        "print(json.dumps({'file': m.__file__,"
        " 'loaded': sorted({name.partition('.')[0] for name in sys.modules})}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    "package, forbidden",
    [
        ("autograd", {"nn", "viz", "numpy", "graphviz", "torch", "matplotlib"}),
        ("nn", {"viz", "graphviz", "torch", "matplotlib"}),
    ],
)
def test_import_layering(package, forbidden):
    result = modules_after_import(package)
    assert Path(result["file"]).resolve().is_relative_to(REPO / package)
    assert set(result["loaded"]) & forbidden == set(), f"importing {package} also imported these"


def test_the_layering_check_sees_imports():
    """The check above can fail: viz does load graphviz, and nn and viz load autograd."""
    assert "graphviz" in modules_after_import("viz")["loaded"]
    assert "autograd" in modules_after_import("nn")["loaded"]
    assert "autograd" in modules_after_import("viz")["loaded"]


def test_autograd_is_this_project_not_hips_autograd():
    """HIPS's autograd uses the same import name; ours is the one with ``Value``."""
    assert Path(autograd.__file__).resolve() == REPO / "autograd" / "__init__.py"
    spec = importlib.util.find_spec("autograd")
    assert Path(spec.origin).resolve() == REPO / "autograd" / "__init__.py"
    assert hasattr(autograd, "Value") and hasattr(autograd, "backward_steps")
    # HIPS has grad too (so does chainrule now, SPEC additions); elementwise_grad and autograd.numpy are its own
    assert not hasattr(autograd, "elementwise_grad") and importlib.util.find_spec("autograd.numpy") is None


def test_autograd_resolves_to_this_project_from_anywhere(tmp_path, skip_or_fail):
    """Installed (as `make test` does), ``import autograd`` from any directory finds this project."""
    try:
        importlib.metadata.distribution("chainrule")
    except importlib.metadata.PackageNotFoundError:
        skip_or_fail("chainrule is not installed in this environment; `make test` installs it with pip -e")
    result = modules_after_import("autograd", cwd=tmp_path)
    assert Path(result["file"]).resolve() == REPO / "autograd" / "__init__.py"
