"""The types the batch tape and the optimizers promise a user program, checked by running mypy on one.

``autograd.tape`` is checked strictly with the rest of autograd (``make test`` runs mypy); this keeps
its public side honest: ``Tape`` reached through ``autograd``'s lazy import is the real class to a type
checker, ``forward`` gives float64 arrays, ``ARRAY_MATH``'s functions take arrays, an optimizer steps on
a tape's arrays, and a model without ``parameters()`` is an error mypy reports.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

USER_PROGRAM = """
import numpy as np

import nn
from autograd import ARRAY_MATH, Tape, Value, add

w, b = Value(2.0, label="w"), Value(0.5, label="b")
tape = Tape.record(lambda xs: add(w * xs[0], b).tanh(), inputs=1)
reveal_type(tape.forward([[0.0], [1.0]]))
reveal_type(tape.parameters)
with tape.training() as held:
    reveal_type(held.grad)
reveal_type(ARRAY_MATH.exp(np.zeros(3)))
model = nn.MLP(2, [3, 1], seed=0)
on_tape = Tape.record(lambda xs: model(xs), inputs=2, model=model)
nn.SGD(model.parameters(), lr=0.1).step_arrays(on_tape.data, on_tape.grad)
Tape.record(lambda xs: w * xs[0], inputs=1, model=w)
"""


@pytest.mark.slow
def test_a_user_program_gets_the_types_the_tape_promises(require, tmp_path):
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
    array = "numpy.ndarray[tuple[Any, ...], numpy.dtype[numpy.float64]]"
    revealed = re.findall(r'Revealed type is "(.*)"', result.stdout)
    assert revealed == [
        array,  # forward: (batch, n_outputs) float64
        "list[autograd.value.Value]",  # the parameters
        array,  # the gradient array held inside training()
        "numpy.ndarray[tuple[Any, ...], numpy.dtype[Any]]",  # numpy's exp itself, not its scalar signature only
    ], result.stdout + result.stderr
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    # A Value as the model: the one error of the program, on its last line.
    assert len(errors) == 1 and f"program.py:{USER_PROGRAM.count(chr(10))}:" in errors[0], result.stdout
    assert 'Argument "model" to "record" of "Tape" has incompatible type "Value"' in errors[0]
