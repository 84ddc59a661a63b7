"""The tape's shortcuts give exactly what the plain numpy (and the scalar engine) give.

Each shortcut in ``autograd.tape`` saves an array pass per training step; each
is checked here against the long way, element for element.
"""

from __future__ import annotations

import numpy as np
import pytest

import nn
from autograd import Value, no_grad
from autograd.ops import RULES
from autograd.tape import _FINITE_OUTPUTS, ARRAY_MATH, DOMAIN_CHECKED, Tape, _domain_checked, _ones

EXTREMES = np.array([-1.7e308, -1e300, -710.0, -1.0, -5e-324, -0.0, 0.0, 5e-324, 1e-300, 0.5, 710.0, 1e300, 1.7e308])


def same(a, b) -> bool:
    """Equal element for element, signs of zero included."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and np.array_equal(a, b) and np.array_equal(np.signbit(a), np.signbit(b))


@pytest.mark.parametrize("shape", [(7,), (1000, 16), (300, 64)])
def test_where_shortcuts_equal_np_where(shape):
    rng = np.random.default_rng(1)
    x = rng.normal(size=shape)
    x.flat[:3] = [0.0, -0.0, -3.0]
    positive = x > 0
    assert same(ARRAY_MATH.where(positive, x, 0.0), np.where(positive, x, 0.0))  # relu's output: no -0.0
    assert same(ARRAY_MATH.where(positive, 1.0, 0.0), np.where(positive, 1.0, 0.0))  # relu's slope
    assert same(ARRAY_MATH.where(positive, x, 1.0), np.where(positive, x, 1.0))  # the general case
    assert same(ARRAY_MATH.where(positive, 0.0, x), np.where(positive, 0.0, x))
    for condition in (True, False, np.True_, np.False_):  # one condition for the whole batch
        assert same(ARRAY_MATH.where(condition, x, 0.0), np.where(condition, x, 0.0))
        assert same(ARRAY_MATH.where(condition, 2.0, np.float64(3.0)), np.where(condition, 2.0, 3.0))


@pytest.mark.parametrize("op", sorted(_FINITE_OUTPUTS))
def test_ops_whose_outputs_need_no_check_keep_extreme_numbers_finite(op):
    # The tape checks no output of these ops: every finite input must give a finite output.
    rule = RULES[op]
    args = {"max": (EXTREMES, EXTREMES[::-1])}.get(op, (EXTREMES,))
    with np.errstate(all="ignore"):
        out, _ = rule(ARRAY_MATH, *args)
    assert np.isfinite(out).all(), (op, out)


def test_the_domain_of_a_whole_constant_exponent_is_checked_once():
    x = Value(2.0, label="x")
    assert _domain_checked(x**2) and _domain_checked(x**3) and _domain_checked(x**0)
    assert not _domain_checked(x**0.5) and not _domain_checked(x**-1)  # x < 0 or x = 0 leave their domains
    assert not _domain_checked(Value(2.0) ** Value(3.0))  # an exponent that is a parameter: checked per sample
    assert not _domain_checked(x * 2)
    # Where the domain holds, skipping the checks changes nothing.
    rng = np.random.default_rng(2)
    xs = rng.normal(size=500) * 10
    for n in (0.0, 1.0, 2.0, 3.0, 7.0):
        assert all(same(a, b) for a, b in zip(RULES["**"](DOMAIN_CHECKED, xs, n), RULES["**"](ARRAY_MATH, xs, n)))


def test_powers_on_the_tape_keep_the_scalar_engines_domain():
    squared = Tape.record(lambda xs: (xs[0] - 1.0) ** 2, inputs=1)
    assert squared.forward([[-3.0], [1.0], [4.0]])[:, 0].tolist() == [16.0, 0.0, 9.0]
    root = Tape.record(lambda xs: xs[0] ** 0.5, inputs=1, probes=[[1.0], [4.0]])
    with pytest.raises(ValueError, match=r"\*\*.*whole-number exponent.*row 1"):
        root.forward([[4.0], [-1.0]])
    inverse = Tape.record(lambda xs: xs[0] ** -1, inputs=1, probes=[[1.0], [2.0]])
    with pytest.raises(ValueError, match=r"\*\*"):
        inverse.forward([[2.0], [0.0]])


def test_squared_error_gradients_equal_the_scalar_engine():
    w = Value(0.5, label="w")
    rows = [[-2.0, 1.0], [0.0, -1.0], [3.0, 2.5]]
    tape = Tape.record(lambda xs: (w * xs[0] - xs[1]) ** 2, inputs=2)
    tape.forward(rows)
    tape.backward(upstream="sum")
    expected = sum(2 * (0.5 * x - t) * x for x, t in rows)
    assert w.grad == pytest.approx(expected, rel=1e-15)


def test_ones_are_shared_and_read_only():
    assert _ones(5) is _ones(5) and _ones(5).tolist() == [1.0] * 5
    with pytest.raises(ValueError):
        _ones(5)[0] = 2.0


def test_layer_views_follow_the_array_the_tape_holds():
    # A layer keeps views of the arrays it was given; a new training() block holds a new array.
    model = nn.MLP(2, [3, 1], activation="tanh", seed=0)
    tape = Tape.record(lambda xs: model(xs), inputs=2, model=model)
    rows = [[0.5, -1.0], [2.0, 0.25]]
    with tape.training():
        first = tape.forward(rows)
        tape.data *= 2.0
        doubled = tape.forward(rows)
    assert not np.array_equal(first, doubled)
    with tape.training():  # a fresh copy of the Values, which now hold the doubled numbers
        assert np.array_equal(tape.forward(rows), doubled)
    with no_grad():  # and the Values are the numbers the tape trained
        assert np.allclose(doubled[:, 0], [model(r).data for r in rows], rtol=1e-15)


def test_a_failed_backward_keeps_the_last_passs_gradient():
    # The pass gradient the drawings show survives an overflowing pass (backward adds into one buffer).
    w = Value(1.0, label="w")
    tape = Tape.record(lambda xs: w * xs[0], inputs=1)
    with tape.training():
        tape.forward([[3.0]])
        tape.backward(upstream="sum")
        tape.forward([[1e308]])
        with pytest.raises(OverflowError, match="too large"):
            tape.backward(upstream=np.array([1e10]))
    assert w.grad == 3.0 and w._pass_grad == 3.0
