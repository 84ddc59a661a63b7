"""Every op, value and gradient, against two references: PyTorch and finite differences.

One table, ``OPS``, lists each op as an expression written once for both
engines (see ``ChainruleEngine`` in conftest.py), with ordinary points and
edge points. Two checks run over the whole table:

* PyTorch in float64 (``@pytest.mark.torch``): the forward value and every
  leaf's gradient, at ordinary points and at edges (relu at 0, sigmoid at
  +-1000, exp near its overflow, max at a tie, ...).
* Central finite differences (f(x + h) - f(x - h)) / 2h, using only
  chainrule's forward pass, at the ordinary points (kinks are not
  differentiable, so edges are left to PyTorch's conventions).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pytest

from autograd import Value, topological_order
from autograd.ops import RULES


@dataclass(frozen=True)
class Op:
    """One op under test: ``expr(E, *leaves)`` and where to evaluate it."""

    name: str
    expr: object
    points: list = field(default_factory=list)  # smooth there: finite differences apply
    edges: list = field(default_factory=list)  # kinks and extremes: PyTorch decides


OPS = [
    # binary ops between two Values, and with a plain number on either side
    Op("x + y", lambda E, x, y: x + y, [(1.5, -2.25), (-3.0, 0.5)]),
    Op("x + 2.5", lambda E, x: x + 2.5, [(1.5,), (-4.0,)]),
    Op("2.5 + x", lambda E, x: 2.5 + x, [(1.5,), (-4.0,)]),
    Op("x - y", lambda E, x, y: x - y, [(1.5, -2.25), (-3.0, 0.5)]),
    Op("x - 2.5", lambda E, x: x - 2.5, [(1.5,)]),
    Op("2 - x", lambda E, x: 2 - x, [(1.5,), (-0.75,)]),
    Op("x * y", lambda E, x, y: x * y, [(1.5, -2.25), (-3.0, 0.5)]),
    Op("x * -3", lambda E, x: x * -3, [(1.5,)]),
    Op("-3 * x", lambda E, x: -3 * x, [(1.5,), (-0.2,)]),
    Op("x / y", lambda E, x, y: x / y, [(1.5, -2.25), (-3.0, 0.5)]),
    Op("x / 4", lambda E, x: x / 4, [(1.5,)]),
    Op("2 / x", lambda E, x: 2 / x, [(1.5,), (-0.75,)], edges=[(1e-150,), (1e300,)]),
    # powers: number exponents (whole, fractional, negative), Value exponents, number bases
    Op("x ** 2", lambda E, x: x**2, [(1.5,), (-0.75,)], edges=[(0.0,)]),
    Op("x ** 3", lambda E, x: x**3, [(1.5,), (-1.7,)], edges=[(0.0,)]),
    Op("x ** -2", lambda E, x: x**-2, [(1.5,), (-0.75,)]),
    Op("x ** 0.5", lambda E, x: x**0.5, [(2.25,), (0.1,)]),
    Op("x ** -1.5", lambda E, x: x**-1.5, [(2.25,)]),
    Op("x ** 2.5", lambda E, x: x**2.5, [(1.3,)], edges=[(0.0,)]),
    Op("x ** 1", lambda E, x: x**1, [(-1.3,)], edges=[(0.0,)]),
    Op("x ** 0", lambda E, x: x**0, [(-1.3,), (2.0,)], edges=[(0.0,)]),
    Op("x ** y", lambda E, x, y: x**y, [(1.5, -2.25), (0.3, 2.5), (2.0, 0.0)]),
    Op("2 ** x", lambda E, x: 2**x, [(1.5,), (-0.75,)]),
    Op("0.5 ** x", lambda E, x: 0.5**x, [(1.5,)]),
    # unary ops
    Op("-x", lambda E, x: -x, [(1.5,), (-0.25,)], edges=[(0.0,)]),
    Op("exp", lambda E, x: x.exp(), [(1.5,), (-2.0,)], edges=[(709.0,), (-745.0,), (-1000.0,)]),
    Op("log", lambda E, x: x.log(), [(1.5,), (0.01,)], edges=[(1e-300,), (1e300,)]),
    Op("tanh", lambda E, x: x.tanh(), [(0.5,), (-2.0,)], edges=[(0.0,), (50.0,), (-50.0,), (20.0,)]),
    Op("sin", lambda E, x: x.sin(), [(0.5,), (-2.0,), (10.0,)], edges=[(0.0,), (1e6,)]),
    Op("cos", lambda E, x: x.cos(), [(0.5,), (-2.0,), (10.0,)], edges=[(0.0,), (1e6,)]),
    Op(
        "sigmoid",
        lambda E, x: x.sigmoid(),
        [(0.5,), (-2.0,)],
        edges=[(0.0,), (40.0,), (-40.0,), (1000.0,), (-1000.0,), (-700.0,)],
    ),
    Op("relu", lambda E, x: x.relu(), [(1.5,), (-2.0,)], edges=[(0.0,), (1e-300,), (-1e-300,)]),
    Op("leaky_relu", lambda E, x: E.leaky_relu(x, 0.01), [(1.5,), (-2.0,)], edges=[(0.0,)]),
    Op("leaky_relu(0.2)", lambda E, x: E.leaky_relu(x, 0.2), [(1.5,), (-2.0,)], edges=[(0.0,)]),
    # max routes the gradient to the larger input; a tie splits it 0.5 / 0.5 (as torch.maximum)
    Op("max(x, y)", lambda E, x, y: E.maximum(x, y), [(1.5, -2.25), (-3.0, 0.5)], edges=[(2.0, 2.0), (0.0, -0.0)]),
    Op("max(x, 2)", lambda E, x: E.maximum(x, 2.0), [(1.5,), (3.0,)], edges=[(2.0,)]),
    Op("max(x, x)", lambda E, x: E.maximum(x, x), [], edges=[(1.5,)]),
    # one n-ary "+" node, numbers among the terms, a leaf used twice
    Op("add(x, y, z)", lambda E, x, y, z: E.add(x, y, z), [(1.5, -2.25, 4.0)]),
    Op("add(x, 2, y, x)", lambda E, x, y: E.add(x, 2, y, x), [(1.5, -2.25)]),
    Op("add(x)", lambda E, x: E.add(x), [(1.5,)]),
    # a leaf reaching the output along several paths: the paths' gradients add up
    Op("x + x", lambda E, x: x + x, [(1.5,)]),
    Op("x * x", lambda E, x: x * x, [(1.5,), (-0.5,)]),
    Op("x / x", lambda E, x: x / x, [(1.5,)]),
    Op("x ** x", lambda E, x: x**x, [(1.5,), (0.4,)]),
    Op("(x * y + x).tanh() * y", lambda E, x, y: (x * y + x).tanh() * y, [(0.3, -1.2)]),
]


def all_points(op: Op) -> list:
    return [pytest.param(op, point, id=f"{op.name} at {point}") for point in op.points + op.edges]


def smooth_points(op: Op) -> list:
    return [pytest.param(op, point, id=f"{op.name} at {point}") for point in op.points]


def test_the_table_covers_every_op(chainrule_engine):
    """Each op name of the engine appears in some table entry (add one here with every new op)."""
    made = set()
    for op in OPS:
        for point in op.points + op.edges:
            made.update(node.op for node in topological_order(chainrule_engine.run(op.expr, point).root))
    assert set(RULES) <= made


@pytest.mark.torch
@pytest.mark.parametrize("op, point", [p for op in OPS for p in all_points(op)])
def test_value_and_gradients_match_pytorch_float64(in_both, op, point):
    ours, theirs = in_both(op.expr, point)
    assert math.isfinite(ours.data) and all(math.isfinite(g) for g in ours.grads)
    assert ours.data == pytest.approx(theirs.data, rel=1e-12, abs=1e-300)
    assert ours.grads == pytest.approx(theirs.grads, rel=1e-12, abs=1e-300), (
        f"{op.name} at {point}: chainrule grads {ours.grads}, torch grads {theirs.grads}"
    )


@pytest.mark.parametrize("op, point", [p for op in OPS for p in smooth_points(op)])
def test_gradients_match_central_finite_differences(chainrule_engine, op, point):
    grads = chainrule_engine.run(op.expr, point).grads

    def f(*xs):
        return op.expr(chainrule_engine, *[Value(x) for x in xs]).data

    for i, x in enumerate(point):
        h = 1e-5 * max(1.0, abs(x))
        up, down = list(point), list(point)
        up[i], down[i] = x + h, x - h
        estimate = (f(*up) - f(*down)) / (2 * h)
        assert grads[i] == pytest.approx(estimate, rel=1e-6, abs=1e-8), (
            f"d({op.name})/dx{i} at {point}: backward gave {grads[i]}, finite differences {estimate}"
        )


@pytest.mark.torch
def test_zero_to_the_zero_is_one_with_slope_zero_like_torch(in_both):
    """0 ** 0 = 1 (Python and torch agree); the engine's domain check allows n == 0 at x == 0."""
    ours, theirs = in_both(lambda E, x: x**0, (0.0,))
    assert (ours.data, ours.grads) == (theirs.data, theirs.grads) == (1.0, [0.0])


@pytest.mark.torch
def test_parity_helper_can_tell_a_wrong_gradient(in_both):
    """The helper itself: with torch given x^3 / 1.5 (same value at 1.5, other slope), the check fails."""

    def wrong(E, x):
        return x * x if isinstance(x, Value) else x * x * x / 1.5

    ours, theirs = in_both(wrong, (1.5,))
    assert ours.data == theirs.data == 2.25
    assert ours.grads != pytest.approx(theirs.grads, rel=1e-12)
