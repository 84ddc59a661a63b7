"""The worked examples of the lecture notes, computed by the engine and checked by hand.

* Andrew Ng's computation graph J = 3(a + bc) with u = bc, v = a + u at
  a = 5, b = 3, c = 2 (seeds/004): J = 33, dJ/dv = 3, dJ/du = 3, dJ/da = 3,
  dJ/db = 3c = 6, dJ/dc = 3b = 9.
* CS231n lecture 4 (seeds/002): f = (x + y) z at x = -2, y = 5, z = -4:
  q = x + y = 3, f = -12, df/dz = q = 3, df/dq = z = -4, df/dx = df/dy = -4;
  and its sigmoid neuron f = 1 / (1 + e^-(w0 x0 + w1 x1 + w2)).
"""

from __future__ import annotations

import math

import pytest
from lecture_graphs import j_graph

from autograd import Value


@pytest.fixture
def ng_graph():
    return j_graph()


def test_ng_forward_pass(ng_graph):
    a, b, c, u, v, J = ng_graph
    assert (u.data, v.data, J.data) == (6.0, 11.0, 33.0)
    assert (u.op, v.op, J.op) == ("*", "+", "*")
    assert u.inputs == (b, c) and v.inputs == (a, u)
    assert J.inputs[1] is v and J.inputs[0].data == 3.0  # the 3 is a constant leaf of the graph


def test_ng_backward_pass_every_node(ng_graph):
    a, b, c, u, v, J = ng_graph
    J.backward()
    assert J.grad == 1.0
    assert v.grad == 3.0  # dJ/dv = 3
    assert u.grad == 3.0  # dJ/du = dJ/dv * dv/du = 3 * 1
    assert a.grad == 3.0  # dJ/da = dJ/dv * dv/da = 3 * 1
    assert b.grad == 6.0  # dJ/db = dJ/du * du/db = 3 * c
    assert c.grad == 9.0  # dJ/dc = dJ/du * du/dc = 3 * b


def test_ng_local_gradients_multiply_along_the_path(ng_graph):
    a, b, c, u, v, J = ng_graph
    assert J.local_grads == (11.0, 3.0)  # d(3v)/d3 = v, d(3v)/dv = 3
    assert v.local_grads == (1.0, 1.0)
    assert u.local_grads == (2.0, 3.0)  # du/db = c, du/dc = b
    path_to_b = J.local_grads[1] * v.local_grads[1] * u.local_grads[0]
    J.backward()
    assert b.grad == path_to_b == 6.0


def test_ng_backward_steps_show_the_upstream_at_each_node(ng_graph):
    a, b, c, u, v, J = ng_graph
    steps = J.backward_steps()
    upstream = {step.node.label: step.upstream for step in steps if step.node.label}
    assert upstream == {"J": 1.0, "v": 3.0, "u": 3.0, "a": 3.0, "b": 6.0, "c": 9.0}
    assert [step.node.label for step in steps][0] == "J"  # the walk starts at the output


def test_cs231n_add_and_multiply_gates():
    x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
    q = x + y
    f = q * z
    assert (q.data, f.data) == (3.0, -12.0)
    f.backward()
    assert f.grad == 1.0
    assert z.grad == 3.0  # df/dz = q
    assert q.grad == -4.0  # df/dq = z
    assert x.grad == -4.0  # add gate: hands df/dq to both inputs unchanged
    assert y.grad == -4.0


def test_cs231n_sigmoid_neuron_two_ways():
    """The same neuron built from primitive gates and with the sigmoid op: equal gradients."""
    point = {"w0": 2.0, "x0": -1.0, "w1": -3.0, "x1": -2.0, "w2": -3.0}

    def leaves():
        return {name: Value(value, label=name) for name, value in point.items()}

    p = leaves()
    dot = p["w0"] * p["x0"] + p["w1"] * p["x1"] + p["w2"]
    f = 1 / (1 + (-dot).exp())
    f.backward()

    q = leaves()
    g = (q["w0"] * q["x0"] + q["w1"] * q["x1"] + q["w2"]).sigmoid()
    g.backward()

    s = 1 / (1 + math.exp(-1.0))  # w0 x0 + w1 x1 + w2 = 1
    assert f.data == pytest.approx(s, rel=1e-15) and g.data == pytest.approx(s, rel=1e-15)
    ds = s * (1 - s)  # the sigmoid gate's local gradient, about 0.2
    expected = {"w0": -ds, "x0": 2 * ds, "w1": -2 * ds, "x1": -3 * ds, "w2": ds}
    for name, grad in expected.items():
        assert p[name].grad == pytest.approx(grad, rel=1e-14), name
        assert q[name].grad == pytest.approx(grad, rel=1e-14), name
    # the lecture's rounded numbers
    assert [round(q[n].grad, 2) for n in point] == [-0.2, 0.39, -0.39, -0.59, 0.2]


def test_where_paths_meet_the_gradients_add():
    a = Value(3.0, label="a")
    b = a + a
    assert b.inputs == (a, a)
    b.backward()
    assert a.grad == 2.0
    c = Value(2.0, label="c")
    d = c * c * c  # three paths: d(c^3)/dc = 3c^2
    d.backward()
    assert c.grad == 12.0
