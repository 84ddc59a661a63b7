"""What the tape's backward leaves on the parameters: as Value.backward does, or a clear error."""

import numpy as np
import pytest

from autograd import Value, add
from autograd.tape import Tape


def neuron_tape(activation="tanh"):
    w, b = Value(0.5, label="w"), Value(-1.0, label="b")
    tape = Tape.record(lambda xs: getattr(add(w * xs[0], b), activation)(), inputs=1)
    return tape, w, b


def test_parameters_read_as_computed_after_a_tape_backward():
    tape, w, b = neuron_tape()
    assert not w.grad_computed and not b.grad_computed
    tape.forward(np.array([[0.5], [2.0]]))
    tape.backward(upstream="sum")
    assert w.grad_computed and b.grad_computed  # drawings then show these gradients, not "not computed"
    expected_b = sum(1 - np.tanh(0.5 * x - 1.0) ** 2 for x in (0.5, 2.0))
    assert b.grad == pytest.approx(expected_b, rel=1e-12)


def test_accumulating_past_the_float_range_raises_and_keeps_the_old_grads():
    tape, w, b = neuron_tape("relu")
    w.grad = 1.7e308
    tape.forward(np.array([[1e307], [1e307]]))  # dz/dw = x: this pass adds 2e307 to w.grad
    with pytest.raises(OverflowError, match="too large for a float"):
        tape.backward(upstream=np.array([1.0, 1.0]))
    assert w.grad == 1.7e308 and b.grad == 0.0


def test_division_by_zero_in_a_batch_is_the_scalar_engine_s_error():
    from autograd.ops import DivisionByZeroError

    w = Value(2.0, label="w")
    tape = Tape.record(lambda xs: w / xs[0], inputs=1, probes=[[1.0], [2.0], [3.0], [4.0]])
    with pytest.raises(DivisionByZeroError, match="row 1"):
        tape.forward(np.array([[1.0], [0.0]]))
    with pytest.raises(ZeroDivisionError):
        w / 0
