"""autograd.grad, create_graph and jacobian; sin and cos on the tape.

Textbook cases by hand, then PyTorch float64 over the random graphs of
test_properties.py: first derivatives, whole Hessians through
``create_graph=True``, and Jacobians against ``torch.autograd.functional``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st
from test_properties import as_expression, programs

import autograd
from autograd import Constant, Value, grad, jacobian, no_grad, topological_order
from autograd.tape import Tape

# ---- by hand ----------------------------------------------------------------


def test_grad_gives_floats_and_touches_no_grad():
    a, b, c = Value(5.0, label="a"), Value(3.0, label="b"), Value(2.0, label="c")
    J = 3 * (a + b * c)
    assert grad(J, [a, b, c]) == [3.0, 6.0, 9.0]
    assert all(node.grad == 0.0 and not node.grad_computed for node in topological_order(J))


def test_grad_equals_backward_exactly_and_of_an_inner_node():
    x, w = Value(0.7), Value(-1.3)
    u = x * w
    y = (u.tanh() + u * x).exp()
    ours = grad(y, [x, w, u])
    y.backward()
    assert ours[:2] == [x.grad, w.grad]
    assert ours[2] == u.grad  # an inner node's gradient, d(y)/d(u)


def test_an_input_the_output_does_not_use_gets_zero():
    x, unused = Value(2.0), Value(1.0)
    assert grad(x * x, [unused, x]) == [0.0, 4.0]


def test_second_and_third_derivatives_of_a_cubic():
    x = Value(3.0, label="x")
    (dy,) = grad(x**3, [x], create_graph=True)  # 3x^2
    assert isinstance(dy, Value) and dy.data == 27.0
    (d2y,) = grad(dy, [x], create_graph=True)  # 6x
    assert d2y.data == 18.0
    assert grad(d2y, [x]) == [6.0]
    assert x.grad == 0.0


def test_second_derivative_of_sin_is_minus_sin():
    x = Value(0.8)
    (g,) = grad(x.sin(), [x], create_graph=True)
    assert g.data == pytest.approx(math.cos(0.8), rel=1e-15)
    assert grad(g, [x]) == pytest.approx([-math.sin(0.8)], rel=1e-15)


def test_a_constant_gradient_comes_back_as_a_value():
    x = Value(2.0)
    (g,) = grad(3 * x, [x], create_graph=True)
    assert isinstance(g, Value) and g.data == 3.0
    assert grad(g, [x]) == [0.0]


def test_created_gradient_can_run_backward_and_be_drawn():
    x, y = Value(1.5, label="x"), Value(-0.5, label="y")
    f = x * x * y + y.exp()
    gx, gy = grad(f, [x, y], create_graph=True)  # 2xy, x^2 + e^y
    gx.backward()
    assert (x.grad, y.grad) == (2 * y.data, 2 * x.data)
    import viz

    assert "digraph" in viz.to_dot(gy)


def test_newtons_method_finds_a_root_with_second_derivatives():
    """Minimise f(x) = x^4 - 3x^2 + x from x = 2: x <- x - f'(x) / f''(x)."""
    x = 2.0
    for _ in range(20):
        v = Value(x)
        (d1,) = grad(v**4 - 3 * v**2 + v, [v], create_graph=True)
        (d2,) = grad(d1, [v])
        x -= d1.data / d2
    assert 4 * x**3 - 6 * x + 1 == pytest.approx(0.0, abs=1e-12)


def test_hessian_vector_product():
    x1, x2 = Value(1.0), Value(2.0)
    f = x1**2 * x2 + x2**3  # H = [[2 x2, 2 x1], [2 x1, 6 x2]] = [[4, 2], [2, 12]]
    g1, g2 = grad(f, [x1, x2], create_graph=True)
    v = [1.0, -1.0]
    assert grad(g1 * v[0] + g2 * v[1], [x1, x2]) == [2.0, -10.0]  # H @ v


def test_grad_refuses_bad_arguments():
    x = Value(1.0)
    with pytest.raises(TypeError, match="output must be a Value"):
        grad(2.0, [x])
    with pytest.raises(TypeError, match="list of Values"):
        grad(x * 2, x)
    with pytest.raises(TypeError, match="every input must be a Value"):
        grad(x * 2, [x, 3.0])
    with pytest.raises(ValueError, match="Constant"):
        grad(x * 2, [Constant(2.0)])
    with pytest.raises(TypeError, match="create_graph"):
        grad(x * 2, [x], create_graph="yes")
    with no_grad(), pytest.raises(ValueError, match="no_grad"):
        grad(x, [x], create_graph=True)


def test_grad_overflow_is_an_overflow_error_naming_grad():
    a, b, c = Value(1e300), Value(1e-300), Value(1e300)
    y = (a * b) * c  # 1e300 fits; dy/db = a * c = 1e600 does not
    with pytest.raises(OverflowError, match="grad: the gradient reaching"):
        grad(y, [b])
    with pytest.raises(OverflowError, match="too large"):
        grad(y, [b], create_graph=True)
    assert b.grad == 0.0


def test_jacobian_rows_and_columns():
    x1, x2, x3 = Value(1.0), Value(2.0), Value(3.0)
    J = jacobian([x1 * x2, x2 + x3 * x3], [x1, x2, x3])
    assert J == [[2.0, 1.0, 0.0], [0.0, 1.0, 6.0]]
    assert jacobian(x1 * x3, [x1, x3]) == [[3.0, 1.0]]
    with pytest.raises(ValueError, match="empty"):
        jacobian([], [x1])
    with pytest.raises(TypeError, match="outputs"):
        jacobian(3.0, [x1])


def test_value_math_follows_the_table():
    """Every rule runs on Values and gives the local gradients the float engine recorded."""
    from autograd.grad import VALUE_MATH
    from autograd.ops import RULES

    points = {"+": (1.5, -2.0, 0.5), "**": (1.7, 2.5), "leaky_relu": (-1.5, 0.1), "neg": (0.3,)}
    for op, rule in RULES.items():
        point = points.get(op, (0.6, 1.3) if rule.__code__.co_argcount == 3 else (0.6,))
        leaves = [Value(p) for p in point]
        out, local = rule(VALUE_MATH, *leaves)
        expected_out, expected_local = rule(autograd.ops.SCALAR_MATH, *point)
        assert float(out) == pytest.approx(expected_out, rel=1e-15), op
        assert [float(g) for g in local] == pytest.approx(list(expected_local), rel=1e-15), op


# ---- against PyTorch ----------------------------------------------------------


def _scale(values) -> float:
    return max([abs(v) for v in values] + [1.0])


@pytest.mark.torch
@settings(max_examples=60, deadline=None)
@given(programs())
def test_hessians_match_torch_create_graph(torch, torch_engine, chainrule_engine, case):
    leaves, program = case
    # PyTorch masks the gradient of x ** t to the base where t == 0 (its where(t == 0, 0, ...)), which
    # also cuts that term's dependence on t: its second derivatives there are not the math's. Skip those points.
    expr = as_expression(program)
    xs = [Value(v) for v in leaves]
    try:
        nodes = list(leaves)
        for step, operands in program:
            if step.name == "(sigmoid(x) + 0.5) ** tanh(y)" and nodes[operands[1]] == 0.0:
                reject()
            nodes.append(step.fn(chainrule_engine, *[Value(nodes[i]) for i in operands]).data)
        y = expr(chainrule_engine, *xs)
        first = grad(y, xs, create_graph=True)
        hessian = [grad(g, xs) for g in first]
    except OverflowError:  # chainrule refuses a slope that is not a float (torch would carry inf): nothing to compare
        reject()

    ts = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in leaves]
    out = expr(torch_engine, *ts)
    torch_first = torch.autograd.grad(out, ts, create_graph=True, allow_unused=True)
    torch_hessian = []
    for g in torch_first:
        if g is None or not g.requires_grad:
            torch_hessian.append([0.0] * len(ts))
            continue
        row = torch.autograd.grad(g, ts, retain_graph=True, allow_unused=True)
        torch_hessian.append([0.0 if r is None else r.item() for r in row])
    torch_first = [0.0 if g is None else g.item() for g in torch_first]

    first_scale = _scale(step.upstream for step in y.backward_steps())
    assert [g.data for g in first] == pytest.approx(torch_first, rel=1e-9, abs=1e-12 * first_scale)
    scale = _scale([h for row in torch_hessian for h in row] + [first_scale])
    for ours, theirs in zip(hessian, torch_hessian):
        assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-11 * scale), f"{[(s.name, o) for s, o in program]}"


@pytest.mark.torch
@settings(max_examples=40, deadline=None)
@given(programs(), st.integers(1, 3))
def test_jacobian_matches_torch_functional_jacobian(torch, torch_engine, chainrule_engine, case, n_outputs):
    leaves, program = case
    steps = len(program)

    def outputs(E, *xs):
        nodes = list(xs)
        for step, operands in program:
            nodes.append(step.fn(E, *[nodes[i] for i in operands]))
        return [nodes[-1 - k % steps] for k in range(n_outputs)]

    xs = [Value(v) for v in leaves]
    ours = jacobian(outputs(chainrule_engine, *xs), xs)
    point = tuple(torch.tensor(v, dtype=torch.float64) for v in leaves)
    theirs = torch.autograd.functional.jacobian(lambda *ts: tuple(outputs(torch_engine, *ts)), point)
    theirs = [[float(d) for d in row] for row in theirs]
    scale = _scale([d for row in theirs for d in row])
    for row_ours, row_theirs in zip(ours, theirs):
        assert row_ours == pytest.approx(row_theirs, rel=1e-9, abs=1e-12 * scale)


# ---- sin and cos on the tape -------------------------------------------------------


@pytest.mark.parametrize("fuse", [True, False])
def test_tape_replays_sin_and_cos_as_the_scalar_engine(fuse):
    w, b = Value(0.7, label="w"), Value(-0.2, label="b")
    tape = Tape.record(lambda xs: (w * xs[0] + b).sin() * (xs[1] * w).cos(), inputs=2, fuse=fuse)
    X = np.array([[0.5, -1.0], [2.0, 0.3], [-1.5, 1.1]])
    out = tape.forward(X)
    tape.backward(upstream="sum")
    tape_grads = (w.grad, b.grad)
    w.grad = b.grad = 0.0
    total = 0.0
    for x1, x2 in X.tolist():
        y = (w * x1 + b).sin() * (x2 * w).cos()
        total += y.data
        y.backward()
    assert float(out.sum()) == pytest.approx(total, rel=1e-12)
    assert tape_grads == pytest.approx((w.grad, b.grad), rel=1e-12)
