"""What a node records: data, op, inputs (in order, duplicates kept), local gradients, constants.

A learner reads the graph, so these are part of the contract (SPEC.md):
``x - y`` reads "-" with inputs (x, y) even if it were composed from other ops.
"""

from __future__ import annotations

import math

import pytest

import autograd
from autograd import Constant, Value, add, no_grad, topological_order


def test_a_leaf():
    a = Value(5, label="a")
    assert type(a.data) is float and a.data == 5.0
    assert (a.grad, a.label, a.op, a.inputs, a.local_grads) == (0.0, "a", "", (), ())
    assert a.is_leaf and not a.grad_computed
    assert Value(2.5).label == ""


@pytest.mark.parametrize("number", [2.5, 3, -0.0])
def test_numpy_scalars_are_accepted_as_plain_floats(require, number):
    np = require("numpy")
    for scalar in (np.float64(number), np.float32(number), np.int64(int(number))):
        v = Value(scalar)
        assert type(v.data) is float and v.data == float(scalar)
    y = Value(1.0) * np.float64(number)
    assert type(y.data) is float and y.data == float(number)


def test_numpy_scalar_on_the_left_still_builds_a_node(require):
    np = require("numpy")
    x = Value(3.0)
    y = np.float64(2.0) * x
    assert isinstance(y, Value) and y.data == 6.0
    y.backward()
    assert x.grad == 2.0


def test_same_operand_twice_keeps_both_edges():
    a = Value(3.0, label="a")
    b = a + a
    assert b.inputs == (a, a) and b.local_grads == (1.0, 1.0)
    b.backward()
    assert a.grad == 2.0
    c = a * a
    assert c.inputs == (a, a) and c.local_grads == (3.0, 3.0)


@pytest.mark.parametrize(
    "symbol, make, data, local",
    [
        ("+", lambda x, y: x + y, 5.0, (1.0, 1.0)),
        ("-", lambda x, y: x - y, 1.0, (1.0, -1.0)),
        ("*", lambda x, y: x * y, 6.0, (2.0, 3.0)),
        ("/", lambda x, y: x / y, 1.5, (0.5, -0.75)),
        ("**", lambda x, y: x**y, 9.0, (6.0, 9.0 * math.log(3.0))),
        ("max", lambda x, y: x.max(y), 3.0, (1.0, 0.0)),
    ],
)
def test_binary_op_reads_as_written(symbol, make, data, local):
    x, y = Value(3.0, label="x"), Value(2.0, label="y")
    out = make(x, y)
    assert out.op == symbol
    assert out.inputs == (x, y)
    assert out.data == data
    assert out.local_grads == pytest.approx(local, rel=1e-15)
    assert not out.is_leaf and out.label == ""


@pytest.mark.parametrize(
    "symbol, make, data",
    [
        ("+", lambda x: 2 + x, 5.0),
        ("-", lambda x: 2 - x, -1.0),
        ("*", lambda x: 2 * x, 6.0),
        ("/", lambda x: 2 / x, 2 / 3),
        ("**", lambda x: 2**x, 8.0),
    ],
)
def test_a_number_on_the_left_is_a_constant_first_input(symbol, make, data):
    x = Value(3.0, label="x")
    out = make(x)
    assert out.op == symbol and out.data == pytest.approx(data, rel=1e-15)
    first, second = out.inputs
    assert isinstance(first, Constant) and first.data == 2.0 and first.is_leaf
    assert second is x


@pytest.mark.parametrize(
    "make",
    [
        lambda x: x + 2,
        lambda x: x - 2,
        lambda x: x * 2,
        lambda x: x / 2,
        lambda x: x**2,
        lambda x: x.max(2),
    ],
)
def test_a_number_on_the_right_is_a_constant_second_input(make):
    x = Value(3.0)
    first, second = make(x).inputs
    assert first is x
    assert isinstance(second, Constant) and second.data == 2.0


@pytest.mark.parametrize(
    "name, local",
    [
        ("exp", math.exp(0.5)),
        ("log", 2.0),
        ("tanh", 1 - math.tanh(0.5) ** 2),
        ("sigmoid", (1 / (1 + math.exp(-0.5))) * (1 - 1 / (1 + math.exp(-0.5)))),
        ("relu", 1.0),
    ],
)
def test_unary_op_records_its_local_gradient(name, local):
    x = Value(0.5)
    out = getattr(x, name)()
    assert out.op == name and out.inputs == (x,)
    assert out.local_grads == pytest.approx((local,), rel=1e-15)


def test_neg_and_pos():
    x = Value(0.5)
    n = -x
    assert (n.op, n.inputs, n.data, n.local_grads) == ("neg", (x,), -0.5, (-1.0,))
    assert +x is x


def test_leaky_relu_slope_is_a_constant_input():
    x = Value(-2.0)
    out = x.leaky_relu(0.2)
    assert out.op == "leaky_relu" and out.data == pytest.approx(-0.4, rel=1e-15)
    assert out.inputs[0] is x and isinstance(out.inputs[1], Constant) and out.inputs[1].data == 0.2
    assert out.local_grads[0] == 0.2
    assert x.leaky_relu().inputs[1].data == 0.01  # the default slope
    assert Value(3.0).leaky_relu(0.2).data == 3.0


def test_power_exponent_is_a_constant_input():
    x = Value(-2.0)
    out = x**3
    assert out.data == -8.0 and out.local_grads[0] == 12.0
    assert out.inputs[0] is x and isinstance(out.inputs[1], Constant) and out.inputs[1].data == 3.0


def test_add_is_one_node_for_many_terms():
    a, b, c = Value(1.0), Value(2.0), Value(4.0)
    s = add(a, b, 3, c, a)
    assert s.op == "+" and s.data == 11.0
    assert len(s.inputs) == 5
    assert s.inputs[0] is a and s.inputs[1] is b and s.inputs[3] is c and s.inputs[4] is a
    assert isinstance(s.inputs[2], Constant) and s.inputs[2].data == 3.0
    assert s.local_grads == (1.0,) * 5
    s.backward()
    assert (a.grad, b.grad, c.grad) == (2.0, 1.0, 1.0)


def test_add_takes_an_iterable_of_terms():
    terms = [Value(float(i)) for i in range(4)]
    assert add(terms).data == 6.0 and add(terms).inputs == tuple(terms)
    assert add(t for t in terms).inputs == tuple(terms)
    assert add(Value(2.0)).data == 2.0


def test_add_with_no_terms_says_so():
    with pytest.raises(ValueError, match="add"):
        add()
    with pytest.raises(ValueError, match="add"):
        add([])


def test_add_rejects_non_numbers():
    with pytest.raises(TypeError):
        add(Value(1.0), "2")
    with pytest.raises(TypeError):
        add("12")


def test_constant_is_a_value_leaf():
    k = Constant(3)
    assert isinstance(k, Value) and k.is_leaf and k.data == 3.0 and k.op == ""


def _diamond():
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    u = a * b
    u.label = "u"
    v = u + a
    v.label = "v"
    w = (v * u).tanh()
    return w


def test_topological_order_puts_inputs_first_and_is_deterministic():
    w = _diamond()
    order = topological_order(w)
    assert order[-1] is w
    assert len(order) == len(set(map(id, order))) == 6  # a, b, u, v, v * u, w: each once
    position = {id(node): i for i, node in enumerate(order)}
    for node in order:
        for child in node.inputs:
            assert position[id(child)] < position[id(node)]
    assert [n.label or n.op for n in order] == ["a", "b", "u", "v", "*", "tanh"]
    assert [n.label or n.op for n in topological_order(_diamond())] == [n.label or n.op for n in order]


def test_repr_is_readable_and_short():
    a = Value(2.0, label="a")
    r = repr(a)
    assert r.startswith("Value(") and "label='a'" in r and "data=2.0" in r and "grad=0.0" in r
    y = a * 3
    assert "op='*'" in repr(y) and "data=6.0" in repr(y)
    deep = a
    for _ in range(1000):
        deep = deep + 1
    assert len(repr(deep)) < 100  # the graph below is not printed
    assert "비용 J" in repr(Value(1.0, label="비용 J"))


def test_label_must_be_text():
    with pytest.raises(TypeError, match="label"):
        Value(1.0, label=3)


def test_no_grad_builds_no_graph():
    x = Value(2.0)
    assert autograd.is_recording()
    with no_grad():
        assert not autograd.is_recording()
        y = (x * 3).tanh() + x
    assert autograd.is_recording()
    assert y.is_leaf and y.inputs == () and y.op == "" and y.data == pytest.approx(math.tanh(6.0) + 2.0)
    z = x * 3
    assert z.inputs[0] is x  # recording is back on


def test_no_grad_restores_the_mode_after_an_exception():
    with pytest.raises(ValueError):
        with no_grad():
            Value(-1.0).log()
    assert autograd.is_recording()
    assert (Value(1.0) * 2).op == "*"


def test_no_grad_nests():
    with no_grad():
        with no_grad():
            pass
        assert not autograd.is_recording()
    assert autograd.is_recording()
