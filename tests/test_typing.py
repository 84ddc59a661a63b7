"""The type checks: what mypy is told to check, and the types the engine promises its users.

``make test`` runs mypy over the whole package. These tests keep its configuration from sliding back
(no module quietly added to the list whose errors are not reported), and check, by running mypy on a
small user program, that the annotations say what the engine does: ``grad`` gives floats, or Values
with ``create_graph=True``; a rule of ``autograd.ops`` run on float math gives floats, on Value math
Values; and mixing the two is an error mypy reports.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _mypy_overrides() -> list[dict]:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11 and newer, as the main test run
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]["overrides"]


def test_autograd_is_strict_and_no_module_goes_unreported():
    overrides = _mypy_overrides()
    strict = [o for o in overrides if o.get("disallow_untyped_defs")]
    assert [o["module"] for o in strict] == [["autograd", "autograd.*"]]
    assert all(strict[0][flag] for flag in ("disallow_any_generics", "warn_return_any", "check_untyped_defs"))
    unreported = {m for o in overrides if o.get("ignore_errors") for m in o["module"]}
    assert not unreported, f"modules whose mypy errors are not reported: {unreported}"


USER_PROGRAM = """
from autograd import Value, add, grad
from autograd.grad import VALUE_MATH
from autograd.ops import SCALAR_MATH, tanh

x = Value(0.5, label="x")
reveal_type(grad(x * x, [x]))
reveal_type(grad(x * x, [x], create_graph=True))
reveal_type(tanh(SCALAR_MATH, 0.5))
reveal_type(tanh(VALUE_MATH, x))
reveal_type(1 + x)
reveal_type(add(x, 2.0, x * x))
reveal_type(x.backward_steps()[0].products)
tanh(SCALAR_MATH, x)
"""


@pytest.mark.slow
def test_a_user_program_gets_the_types_the_engine_promises(require, tmp_path):
    require("mypy")
    program = tmp_path / "program.py"
    program.write_text(USER_PROGRAM, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--no-error-summary"]
        + ["--cache-dir", str(tmp_path / "cache"), str(program)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    revealed = re.findall(r'Revealed type is "(.*)"', result.stdout)
    assert revealed == [
        "list[float]",
        "list[autograd.value.Value]",
        "tuple[float, tuple[float | float, ...]]",  # float | float: a number of the math, or a fixed slope (1.0)
        "tuple[autograd.value.Value | float, tuple[autograd.value.Value | float | float, ...]]",
        "autograd.value.Value",
        "autograd.value.Value",
        "tuple[float, ...]",
    ], result.stdout + result.stderr
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    # A Value given to the float math: the one error of the program, on its last line.
    assert len(errors) == 1 and f"program.py:{USER_PROGRAM.count(chr(10))}:" in errors[0], result.stdout
    assert 'Argument 2 to "tanh" has incompatible type "Value"; expected "float"' in errors[0]
