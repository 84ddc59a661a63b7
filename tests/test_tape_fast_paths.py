"""The tape's shortcuts give exactly what the plain numpy (and the scalar engine) give.

Each shortcut in ``autograd.tape`` saves an array pass per training step; each
is checked here against the long way, element for element.
"""

from __future__ import annotations

import numpy as np
import pytest

import nn
from autograd import Value, no_grad
from autograd.ops import RULES, SCALAR_MATH, power_by_number
from autograd.tape import _FINITE_OUTPUTS, ARRAY_MATH, Tape, _Node, _ones

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


EXPONENTS = [0.0, 1.0, 2.0, 3.0, 7.0, -1.0, -2.0, 0.5, 1.5, 2.5, -0.5, -1.5, 1e-3, -1e-3]
BASES = [-3.0, -1.0, -0.5, -0.0, 0.0, 0.5, 1.0, 2.0, 3.0]


def _outcome(rule, m, x, n):
    """What a rule gives: (output, slope of x), or the error it raises (type and message)."""
    try:
        with np.errstate(all="ignore"):
            out, local = rule(m, x, n)
    except ValueError as error:
        return type(error), str(error)
    return out, local[0]


@pytest.mark.parametrize("n", EXPONENTS)
def test_a_number_exponent_gives_powers_output_slope_and_errors(n):
    # power_by_number tests only the conditions its n needs; it must refuse exactly what power refuses.
    cases = [(SCALAR_MATH, x) for x in BASES] + [(ARRAY_MATH, np.array([1.0, x, 2.0])) for x in BASES]
    cases.append((ARRAY_MATH, np.array([2.0, 1.0, *BASES])))  # a batch: the first offending row is named
    for m, x in cases:
        expected, got = _outcome(RULES["**"], m, x, n), _outcome(power_by_number, m, x, n)
        if isinstance(expected[0], type):
            assert got == expected, (x, n)
        else:
            assert not isinstance(got[0], type), (x, n, got)
            assert same(got[0], expected[0]) and same(got[1], expected[1]), (x, n, got, expected)


def test_the_tape_runs_a_number_exponent_without_its_slope():
    w = Value(0.5, label="w")
    tape = Tape.record(lambda xs: (w * xs[0]) ** 2 + w ** xs[1], inputs=2, probes=[[1.0, 2.0], [2.0, 3.0]])
    rules = {step.rule for step in tape._steps if type(step) is _Node and step.op == "**"}
    assert rules == {power_by_number, RULES["**"]}  # ** 2 by its number; w ** x2 needs d/dn: the whole rule


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
