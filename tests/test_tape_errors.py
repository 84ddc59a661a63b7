"""What a tape refuses: graphs that depend on the data, bad batches, ops outside their domain,
and a model that changed after recording. Each refusal names what was wrong."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from autograd import Value, add, no_grad
from autograd.tape import Tape


class Tiny:
    """One neuron add(w1 * x1, w2 * x2, b).tanh(), with parameters() like an nn module."""

    def __init__(self):
        self.w = [Value(0.5, label="w1"), Value(-0.3, label="w2")]
        self.b = Value(0.1, label="b")

    def parameters(self):
        return [*self.w, self.b]

    def __call__(self, xs):
        return add(*[w * x for w, x in zip(self.w, xs)], self.b).tanh()


# ---- graphs whose shape depends on the data ----------------------------------


def test_a_python_if_on_data_is_detected():
    def build(xs):
        x = xs[0]
        return x.relu() if x.data > 0 else x.tanh()

    with pytest.raises(ValueError, match="same shape for every sample"):
        Tape.record(build, inputs=1)


def test_a_number_taken_from_data_is_detected():
    with pytest.raises(ValueError, match="no number taken from .data"):
        Tape.record(lambda xs: xs[0] * xs[0].data, inputs=1)


def test_a_branch_no_probe_takes_is_only_found_with_probes_from_the_data():
    def build(xs):
        return xs[0].exp() if xs[0].data < 5 else xs[0] * 2

    Tape.record(build, inputs=1)  # every default probe is below 5: documented, cannot be seen
    with pytest.raises(ValueError, match="different graphs"):
        Tape.record(build, inputs=1, probes=[[0.0], [9.0]])


def test_a_value_made_inside_build_is_a_constant_unless_it_changes():
    w = Value(2.0, label="w")
    tape = Tape.record(lambda xs: w * xs[0] + Value(1.5), inputs=1)
    assert tape.parameters == [w]
    assert tape.forward([[1.0], [2.0]])[:, 0].tolist() == [3.5, 5.5]
    counter = iter(range(100))
    with pytest.raises(ValueError, match="different graphs"):
        Tape.record(lambda xs: w * xs[0] + Value(next(counter)), inputs=1)


def test_recording_needs_a_graph_and_values():
    with no_grad(), pytest.raises(ValueError, match="outside autograd.no_grad"):
        Tape.record(lambda xs: xs[0] * 2, inputs=1)
    with pytest.raises(TypeError, match="Value or a non-empty list of Values"):
        Tape.record(lambda xs: 3.0, inputs=1)
    with pytest.raises(ValueError, match="inputs must be the number of columns"):
        Tape.record(lambda xs: xs[0], inputs=0)
    with pytest.raises(ValueError, match="at the probe row"):
        Tape.record(lambda xs: xs[0].log(), inputs=1)  # default probes include negatives
    assert Tape.record(lambda xs: xs[0].log(), inputs=1, probes=[[1.0], [2.0]]).forward([[1.0]])[0, 0] == 0.0


# ---- bad batches ------------------------------------------------------------------


@pytest.fixture
def tape():
    return Tape.record(Tiny(), inputs=2)


@pytest.mark.parametrize(
    "batch, message",
    [
        (np.ones((4, 3)), r"shape \(batch, 2\)"),
        (np.ones(4), r"shape \(batch, 2\)"),
        (np.ones((0, 2)), r"batch >= 1"),
        ([np.ones(3), np.ones(4)], "one length"),
        ([np.ones(3)], "expected 2 input columns"),
    ],
)
def test_wrong_batch_shapes_are_refused(tape, batch, message):
    with pytest.raises(ValueError, match=message):
        tape.forward(batch)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_inputs_name_the_column_and_row(tape, bad):
    x = np.zeros((5, 2))
    x[3, 1] = bad
    with pytest.raises(ValueError, match=r"input column 1 \(x2\), row 3 is"):
        tape.forward(x)


def test_non_numbers_are_refused(tape):
    with pytest.raises(TypeError, match="real numbers"):
        tape.forward(np.array([["a", "b"]]))


# ---- ops outside their domain: the scalar engine's exceptions ----------------------


def test_log_of_a_non_positive_sample_names_the_op_and_the_row():
    tape = Tape.record(lambda xs: xs[0].log(), inputs=1, probes=[[1.0], [2.0]])
    with pytest.raises(ValueError, match=r"log: needs a positive input, got -1\.0 \(row 2"):
        tape.forward([[1.0], [3.0], [-1.0]])


def test_overflow_names_the_op_and_the_row():
    tape = Tape.record(lambda xs: xs[0].exp(), inputs=1)
    with pytest.raises(OverflowError, match=r"exp: .*too large .*row 1"):
        tape.forward([[1.0], [800.0]])
    with pytest.raises(OverflowError, match="exp"):
        Value(800.0).exp()  # the scalar engine refuses the same sample


def test_division_by_a_zero_sample():
    tape = Tape.record(lambda xs: 1 / xs[0], inputs=1)
    with pytest.raises(ValueError, match=r"/: cannot divide by zero, got 0\.0 \(row 1"):
        tape.forward([[2.0], [0.0]])


def test_backward_needs_a_forward_and_a_sensible_upstream(tape):
    with pytest.raises(ValueError, match="forward pass first"):
        tape.backward()
    tape.forward(np.ones((3, 2)))
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        tape.backward(upstream=np.ones(4))
    with pytest.raises(ValueError, match="'mean', 'sum'"):
        tape.backward(upstream="avg")
    with pytest.raises(ValueError, match="output must be an int"):
        tape.backward(output=1)
    with pytest.raises(ValueError, match="finite"):
        tape.backward(upstream=np.array([1.0, np.nan, 1.0]))


# ---- a model that changed after recording -----------------------------------------


def test_a_model_whose_parameters_changed_is_refused():
    model = Tiny()
    tape = Tape.record(model, inputs=2, model=model)
    tape.forward(np.ones((2, 2)))
    model.b.data = 0.7  # a new value is fine: read at every run
    assert tape.forward(np.zeros((1, 2)))[0, 0] == pytest.approx(np.tanh(0.7), rel=1e-15)
    model.b = Value(0.2)  # a parameter replaced by another Value
    with pytest.raises(ValueError, match="model changed since this tape was recorded"):
        tape.forward(np.ones((2, 2)))
    model = Tiny()
    tape = Tape.record(model, inputs=2, model=model)
    model.w.append(Value(1.0))  # one more weight: a different shape
    with pytest.raises(ValueError, match=r"3 parameters then, 4 now"):
        tape.forward(np.ones((2, 2)))


def test_importing_autograd_does_not_import_numpy():
    code = "import sys, autograd; assert 'numpy' not in sys.modules, 'numpy imported'; print('ok')"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
