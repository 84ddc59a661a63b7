"""Acceptance tests: SPEC.md sentence by sentence, through the public names only.

Written the way an outside tester would: ``from autograd import Value``,
``import nn``, ``import viz``, nothing private. Textbook cases (CS231n,
Andrew Ng's J = 3(a + bc), micrograd's README) are checked with the numbers
those sources print.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import graphviz
import pytest
from lecture_graphs import j_graph

import nn
import viz
from autograd import Value

REPO = Path(__file__).resolve().parent.parent


# ---- autograd: a leaf's attributes ------------------------------------------


def test_leaf_attributes_and_types():
    a = Value(5.0, label="a")
    assert a.data == 5.0 and type(a.data) is float
    assert a.grad == 0.0 and type(a.grad) is float
    assert a.label == "a" and type(a.label) is str
    assert a.op == ""
    assert a.inputs == () and isinstance(a.inputs, tuple)
    assert a.local_grads == () and isinstance(a.local_grads, tuple)


def test_label_defaults_to_empty_text():
    assert Value(1.0).label == ""


@pytest.mark.parametrize("number", [5, -3, 0, 2**40])
def test_int_data_becomes_float(number):
    v = Value(number)
    assert type(v.data) is float and v.data == float(number)


def test_numpy_scalars_become_plain_floats():
    numpy = pytest.importorskip("numpy")
    for number in (numpy.float64(1.5), numpy.float32(1.5), numpy.int64(3), numpy.float16(0.5)):
        v = Value(number)
        assert type(v.data) is float and v.data == float(number)
        v2 = v * 2
        assert type(v2.data) is float


def test_inputs_keep_duplicates_in_order():
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    s = a + a
    assert s.inputs == (a, a)
    assert s.inputs[0] is a and s.inputs[1] is a
    assert (a * b).inputs[0] is a and (a * b).inputs[1] is b
    assert (b * a).inputs[0] is b


def test_local_grads_are_a_tuple_of_floats_recorded_in_forward():
    x, y = Value(3.0), Value(4.0)
    z = x * y
    assert z.local_grads == (4.0, 3.0)
    assert isinstance(z.local_grads, tuple) and all(type(g) is float for g in z.local_grads)
    assert len(z.local_grads) == len(z.inputs)
    x.data = 100.0  # recorded in the forward pass: changing data later does not change it
    assert z.local_grads == (4.0, 3.0)


OP_CASES = [
    ("+", lambda x, y: x + y),
    ("-", lambda x, y: x - y),
    ("*", lambda x, y: x * y),
    ("/", lambda x, y: x / y),
    ("**", lambda x, y: x**2),
    ("neg", lambda x, y: -x),
    ("exp", lambda x, y: x.exp()),
    ("log", lambda x, y: x.log()),
    ("tanh", lambda x, y: x.tanh()),
    ("sigmoid", lambda x, y: x.sigmoid()),
    ("relu", lambda x, y: x.relu()),
    ("leaky_relu", lambda x, y: x.leaky_relu()),
]


@pytest.mark.parametrize("name, expr", OP_CASES, ids=[c[0] for c in OP_CASES])
def test_op_names(name, expr):
    x, y = Value(1.5, label="x"), Value(0.5, label="y")
    out = expr(x, y)
    assert out.op == name
    assert x in out.inputs
    assert all(type(g) is float for g in out.local_grads)


@pytest.mark.parametrize(
    "name, expr, value, grads",
    [
        ("exp", lambda x: x.exp(), math.exp(1.5), (math.exp(1.5),)),
        ("log", lambda x: x.log(), math.log(1.5), (1 / 1.5,)),
        ("tanh", lambda x: x.tanh(), math.tanh(1.5), (1 - math.tanh(1.5) ** 2,)),
        (
            "sigmoid",
            lambda x: x.sigmoid(),
            1 / (1 + math.exp(-1.5)),
            ((1 / (1 + math.exp(-1.5))) * (1 - 1 / (1 + math.exp(-1.5))),),
        ),
        ("relu", lambda x: x.relu(), 1.5, (1.0,)),
    ],
)
def test_unary_values_and_local_grads(name, expr, value, grads):
    out = expr(Value(1.5))
    assert out.data == pytest.approx(value, rel=1e-12)
    assert out.local_grads[0] == pytest.approx(grads[0], rel=1e-12)


def test_leaky_relu_default_and_custom_slope():
    x = Value(-2.0)
    assert x.leaky_relu().data == pytest.approx(-0.02)
    y = x.leaky_relu(slope=0.2)
    assert y.data == pytest.approx(-0.4)
    y.backward()
    assert x.grad == pytest.approx(0.2)
    assert Value(3.0).leaky_relu(0.2).data == 3.0


def test_sub_and_div_read_as_written():
    x, y = Value(7.0, label="x"), Value(2.0, label="y")
    d = x - y
    assert d.op == "-" and d.inputs == (x, y) and d.data == 5.0
    q = x / y
    assert q.op == "/" and q.inputs == (x, y) and q.data == 3.5
    q.backward()
    assert x.grad == pytest.approx(0.5) and y.grad == pytest.approx(-7.0 / 4.0)


@pytest.mark.parametrize(
    "expr, value, grad",
    [
        (lambda x: 2 + x, 5.0, 1.0),
        (lambda x: 2 - x, -1.0, -1.0),
        (lambda x: 2 * x, 6.0, 2.0),
        (lambda x: 6 / x, 2.0, -6.0 / 9.0),
        (lambda x: 2**x, 8.0, 8.0 * math.log(2)),
        (lambda x: 2.5 + x, 5.5, 1.0),
    ],
)
def test_reflected_ops_with_numbers_on_the_left(expr, value, grad):
    x = Value(3.0, label="x")
    out = expr(x)
    assert isinstance(out, Value)
    assert out.data == pytest.approx(value)
    assert x in out.inputs
    out.backward()
    assert x.grad == pytest.approx(grad)


def test_reflected_sub_and_div_keep_operand_order():
    x = Value(4.0, label="x")
    d = 10 - x
    assert d.op == "-" and d.inputs[1] is x and d.inputs[0].data == 10.0
    q = 10 / x
    assert q.op == "/" and q.inputs[1] is x and q.inputs[0].data == 10.0


def test_number_on_the_right_appears_in_inputs():
    x = Value(4.0)
    out = x * 3
    assert len(out.inputs) == 2 and out.inputs[0] is x and out.inputs[1].data == 3.0
    sq = x**2
    assert sq.op == "**" and sq.inputs[0] is x and sq.inputs[1].data == 2.0


def test_unary_minus():
    x = Value(4.0)
    y = -x
    assert y.data == -4.0 and y.inputs == (x,)
    y.backward()
    assert x.grad == -1.0


# ---- backward ---------------------------------------------------------------


def test_backward_root_grad_is_one():
    x = Value(2.0)
    y = x * 3
    y.backward()
    assert y.grad == 1.0


def test_backward_on_a_leaf():
    x = Value(2.0)
    x.backward()
    assert x.grad == 1.0


def test_two_paths_sum():
    x = Value(3.0)
    y = x * x + x  # dy/dx = 2x + 1
    y.backward()
    assert x.grad == 7.0


def test_gradients_accumulate_as_in_pytorch_not_compounding():
    x = Value(3.0)
    y = x * x
    y.backward()
    assert x.grad == 6.0
    y.backward()
    assert x.grad == 12.0  # not 18: an earlier pass's grads are never used as upstream
    assert y.grad == 2.0  # the root's grad accumulates too


def test_zero_grad_resets_then_backward_starts_fresh():
    x = Value(3.0)
    y = x * x
    y.backward()
    y.zero_grad()
    assert x.grad == 0.0 and y.grad == 0.0
    y.backward()
    assert x.grad == 6.0


def test_intermediate_grads_also_accumulate():
    a, b = Value(2.0), Value(5.0)
    m = a * b
    out = m + 1
    out.backward()
    out.backward()
    assert m.grad == 2.0 and a.grad == 10.0 and b.grad == 4.0


def test_unreached_node_grad_stays_zero():
    a, b = Value(2.0), Value(5.0)
    unused = a * b
    (a * 2).backward()
    assert unused.grad == 0.0 and b.grad == 0.0 and a.grad == 2.0


@pytest.mark.slow
def test_chain_of_a_million_nodes_needs_no_recursion():
    x = Value(0.5, label="x")
    y = x
    for _ in range(1_000_000):
        y = y + 1.0
    y.backward()
    assert x.grad == 1.0
    assert y.data == pytest.approx(1_000_000.5)


def test_deep_chain_beyond_recursion_limit():
    x = Value(1.0)
    y = x
    for _ in range(sys.getrecursionlimit() * 10):
        y = y * 1.0
    y.backward()
    assert x.grad == 1.0
    assert len(y.backward_steps()) > sys.getrecursionlimit()


# ---- backward_steps -----------------------------------------------------------


def lecture_graph():
    a, b, c, u, v, J = j_graph()
    return J, a, b, c, u, v


def test_backward_steps_structure():
    J, a, b, c, u, v = lecture_graph()
    steps = J.backward_steps()
    assert isinstance(steps, list) and steps
    first = steps[0]
    assert first.node is J and first.upstream == 1.0
    for step in steps:
        assert isinstance(step.node, Value)
        assert isinstance(step.upstream, float)
        assert len(step.local_grads) == len(step.node.inputs) == len(step.products)
        assert tuple(step.inputs) == step.node.inputs
        for local, product in zip(step.local_grads, step.products):
            assert product == local * step.upstream
    by_node = {id(s.node): s for s in steps}
    assert by_node[id(u)].upstream == 3.0
    assert by_node[id(u)].local_grads == (2.0, 3.0)
    assert by_node[id(u)].products == (6.0, 9.0)
    assert by_node[id(b)].upstream == 6.0
    # one step per node, each processed after all its consumers
    seen = set()
    for step in steps:
        assert id(step.node) not in seen
        seen.add(id(step.node))
    position = {id(s.node): i for i, s in enumerate(steps)}
    for step in steps:
        for child in step.node.inputs:
            assert position[id(child)] > position[id(step.node)]


def test_backward_steps_changes_no_grad_and_matches_backward():
    J, a, b, c, u, v = lecture_graph()
    steps = J.backward_steps()
    nodes = [s.node for s in steps]
    assert all(n.grad == 0.0 for n in nodes)
    expected = {id(J): 1.0}
    for step in steps:
        for child, product in zip(step.node.inputs, step.products):
            expected[id(child)] = expected.get(id(child), 0.0) + product
    J.backward()
    for n in nodes:
        assert n.grad == expected[id(n)]
    assert (a.grad, b.grad, c.grad) == (3.0, 6.0, 9.0)


def test_backward_steps_with_reused_node():
    x = Value(3.0, label="x")
    y = x * x
    steps = y.backward_steps()
    assert [s.node for s in steps].count(x) == 1
    assert steps[0].products == (3.0, 3.0)
    x_step = [s for s in steps if s.node is x][0]
    assert x_step.upstream == 6.0


# ---- errors -----------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["x", None, "3.0", [1.0], {}, object(), 1j])
def test_value_rejects_non_numbers_with_type_error(bad):
    with pytest.raises(TypeError):
        Value(bad)


@pytest.mark.parametrize("bad", [0.0, -1.0, -1e-300])
def test_log_of_non_positive_names_op_and_value(bad):
    with pytest.raises(ValueError) as info:
        Value(bad).log()
    message = str(info.value)
    assert "log" in message
    assert repr(bad) in message or str(bad) in message


@pytest.mark.parametrize(
    "expr",
    [
        lambda: Value(1000.0).exp(),
        lambda: Value(1e200) * Value(1e200),
        lambda: Value(1e308) + Value(1e308),
        lambda: Value(1e200) ** 2,
        lambda: Value(1e-200) ** -2,
        lambda: Value(-1e308) - 1e308,
    ],
)
def test_overflow_raises_overflow_error_naming_the_op(expr):
    with pytest.raises(OverflowError) as info:
        expr()
    assert re.search(r"exp|\*|\+|-|\*\*|/", str(info.value))


def test_overflow_message_names_which_op():
    with pytest.raises(OverflowError, match="exp"):
        Value(710.0).exp()


def test_overflow_in_backward_is_an_error_not_a_nan():
    x = Value(1e200)
    y = (x * 1e100) * 1e-300  # forward fine (1e0), but d/dx of the first * is 1e100 ... fine
    y.backward()
    assert math.isfinite(x.grad)
    big = Value(1e-160)
    z = big.log() * 1e300  # dz/dbig = 1e300 / 1e-160: too large
    with pytest.raises(OverflowError):
        z.backward()


# ---- textbook: Andrew Ng J = 3(a + bc), CS231n, micrograd ----------------------------


def test_andrew_ng_J():
    J, a, b, c, u, v = lecture_graph()
    assert (u.data, v.data, J.data) == (6.0, 11.0, 33.0)
    J.backward()
    assert (v.grad, u.grad, a.grad, b.grad, c.grad) == (3.0, 3.0, 3.0, 6.0, 9.0)


def test_cs231n_add_multiply():
    x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
    q = x + y
    f = q * z
    f.backward()
    assert f.data == -12.0
    assert (x.grad, y.grad, z.grad, q.grad) == (-4.0, -4.0, 3.0, -4.0)


def test_cs231n_sigmoid_circuit():
    w0, x0, w1, x1, w2 = (Value(v) for v in (2.0, -1.0, -3.0, -2.0, -3.0))
    dot = w0 * x0 + w1 * x1 + w2
    f = 1 / (1 + (-dot).exp())
    f.backward()
    assert round(f.data, 2) == 0.73
    grads = [w0.grad, x0.grad, w1.grad, x1.grad, w2.grad]
    assert [round(g, 2) for g in grads] == [-0.2, 0.39, -0.39, -0.59, 0.2]
    # the same through the sigmoid op
    w0b, x0b, w1b, x1b, w2b = (Value(v) for v in (2.0, -1.0, -3.0, -2.0, -3.0))
    g = (w0b * x0b + w1b * x1b + w2b).sigmoid()
    g.backward()
    assert g.data == pytest.approx(f.data, rel=1e-12)
    assert [w0b.grad, x0b.grad, w1b.grad, x1b.grad, w2b.grad] == pytest.approx(grads, rel=1e-12)


def micrograd_readme_example(V):
    """The expression from micrograd's README, on any engine's Value class; returns (g, dg/da, dg/db)."""
    a = V(-4.0)
    b = V(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    return g.data, a.grad, b.grad


def test_micrograd_readme_example():
    g, a_grad, b_grad = micrograd_readme_example(Value)
    assert (f"{g:.4f}", f"{a_grad:.4f}", f"{b_grad:.4f}") == ("24.7041", "138.8338", "645.5773")


def test_micrograd_readme_matches_micrograd_itself(require):
    engine = require("micrograd.engine")
    assert micrograd_readme_example(Value) == pytest.approx(micrograd_readme_example(engine.Value), rel=1e-12)


def test_tanh_neuron_from_micrograd_lecture():
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    n = x1 * w1 + x2 * w2 + b
    o = n.tanh()
    o.backward()
    assert o.data == pytest.approx(0.7071, abs=1e-4)
    assert (x1.grad, w1.grad, x2.grad, w2.grad) == pytest.approx((-1.5, 1.0, 0.5, 0.0), abs=1e-4)


# ---- nn -------------------------------------------------------------------------------


def spec_model(seed=0):
    return nn.MLP(3, [4, 1], activation="relu", output_activation="sigmoid", seed=seed)


def test_mlp_parameter_count_and_call():
    model = spec_model()
    params = model.parameters()
    assert len(params) == 21
    assert all(isinstance(p, Value) for p in params)
    y = model([1.0, 2.0, 3.0])
    assert isinstance(y, Value)
    assert 0.0 < y.data < 1.0
    y.backward()
    assert any(p.grad != 0.0 for p in params)
    model.zero_grad()
    assert all(p.grad == 0.0 for p in params)


def test_mlp_with_several_outputs_returns_a_list():
    model = nn.MLP(3, [4, 2], seed=0)
    out = model([1.0, 2.0, 3.0])
    assert isinstance(out, list) and len(out) == 2 and all(isinstance(o, Value) for o in out)


def test_mlp_structure_and_labels():
    model = spec_model()
    assert len(model.layers) == 2
    assert [len(layer.neurons) for layer in model.layers] == [4, 1]
    neuron = model.layers[0].neurons[1]
    assert len(neuron.w) == 3 and isinstance(neuron.b, Value)
    assert neuron.activation == "relu" and model.layers[1].neurons[0].activation == "sigmoid"
    labels = [p.label for p in model.parameters()]
    assert labels[:4] == ["L1.N1.w1", "L1.N1.w2", "L1.N1.w3", "L1.N1.b"]
    assert labels[-5:] == ["L2.N1.w1", "L2.N1.w2", "L2.N1.w3", "L2.N1.w4", "L2.N1.b"]
    assert len(set(labels)) == 21


def test_mlp_seed_reproducible_and_private():
    state = random.getstate()
    a = [p.data for p in spec_model(seed=3).parameters()]
    assert random.getstate() == state  # the global random state is untouched
    b = [p.data for p in spec_model(seed=3).parameters()]
    c = [p.data for p in spec_model(seed=4).parameters()]
    assert a == b and a != c


def test_layer_always_returns_a_list():
    for nout in (1, 3):
        out = nn.Layer(2, nout, activation="tanh")([0.5, -0.5])
        assert isinstance(out, list) and len(out) == nout


def test_neuron_returns_a_value_and_is_logistic_regression():
    n = nn.Neuron(2, activation="sigmoid")
    n.w[0].data, n.w[1].data, n.b.data = 1.0, -1.0, 0.5
    out = n([2.0, 1.0])
    assert isinstance(out, Value)
    assert out.data == pytest.approx(1 / (1 + math.exp(-1.5)))
    assert len(n.parameters()) == 3


@pytest.mark.parametrize("name", ["linear", "sigmoid", "tanh", "relu", "leaky_relu"])
def test_activations_by_name(name):
    n = nn.Neuron(1, activation=name)
    n.w[0].data, n.b.data = 1.0, 0.0
    out = n([-2.0]).data
    expected = {
        "linear": -2.0,
        "sigmoid": 1 / (1 + math.exp(2.0)),
        "tanh": math.tanh(-2.0),
        "relu": 0.0,
        "leaky_relu": -0.02,
    }[name]
    assert out == pytest.approx(expected)
    for module in (nn.Layer(2, 2, activation=name), nn.MLP(2, [2, 1], activation=name)):
        assert hasattr(module, "parameters") and hasattr(module, "zero_grad") and callable(module)


def test_unknown_activation_is_a_value_error():
    with pytest.raises(ValueError, match="gelu"):
        nn.Neuron(2, activation="gelu")
    with pytest.raises(ValueError):
        nn.MLP(2, [2, 1], activation="Relu")


def test_losses_return_values_with_spec_signatures():
    preds = [Value(0.5), Value(2.0)]
    assert nn.mse(preds, [1.0, 1.0]).data == pytest.approx(0.625)
    assert isinstance(nn.binary_cross_entropy([Value(0.8)], [1]), Value)
    assert nn.binary_cross_entropy(Value(0.8), 1).data == pytest.approx(-math.log(0.8))
    ce = nn.cross_entropy([Value(2.0), Value(1.0), Value(0.1)], 0)
    assert isinstance(ce, Value)
    exps = [math.exp(2.0), math.exp(1.0), math.exp(0.1)]
    assert ce.data == pytest.approx(-math.log(exps[0] / sum(exps)))
    probs = nn.softmax([Value(1.0), Value(2.0), Value(3.0)])
    assert len(probs) == 3 and all(isinstance(p, Value) for p in probs)
    assert sum(p.data for p in probs) == pytest.approx(1.0)
    assert nn.l1([Value(-2.0), Value(3.0)]).data == 5.0
    assert nn.l2([Value(-2.0), Value(3.0)]).data == 13.0


def test_bce_stable_at_zero_and_one():
    for p, t in [(0.0, 1), (1.0, 0), (0.0, 0), (1.0, 1)]:
        prob = Value(p)
        loss = nn.binary_cross_entropy(prob, t)
        assert math.isfinite(loss.data)
        loss.backward()
        assert math.isfinite(prob.grad)
    assert nn.binary_cross_entropy(Value(0.0), 0).data == pytest.approx(0.0, abs=1e-12)
    assert nn.binary_cross_entropy(Value(0.0), 1).data >= 50  # very wrong: large, finite


def test_cross_entropy_stable_for_large_logits():
    logits = [Value(1000.0), Value(-1000.0), Value(999.0)]
    loss = nn.cross_entropy(logits, 2)
    assert loss.data == pytest.approx(1.0 + math.log1p(math.exp(-1.0)), rel=1e-9)
    loss.backward()
    assert all(math.isfinite(z.grad) for z in logits)
    assert sum(z.grad for z in logits) == pytest.approx(0.0, abs=1e-12)
    probs = nn.softmax([Value(1000.0), Value(0.0)])
    assert probs[0].data == pytest.approx(1.0) and probs[1].data >= 0.0


def test_cross_entropy_gradient_is_softmax_minus_one_hot():
    logits = [Value(1.0), Value(2.0), Value(0.5)]
    nn.cross_entropy(logits, 1).backward()
    probs = [p.data for p in nn.softmax([1.0, 2.0, 0.5])]
    assert [z.grad for z in logits] == pytest.approx([probs[0], probs[1] - 1, probs[2]], rel=1e-12)


def test_sgd_and_adam_positional_and_step():
    w = Value(3.0)
    opt = nn.SGD([w], 0.1)
    (w * w).backward()
    opt.step()
    assert w.data == pytest.approx(2.4)
    opt.zero_grad()
    assert w.grad == 0.0
    w2 = Value(3.0)
    adam = nn.Adam([w2], 0.1)
    (w2 * w2).backward()
    adam.step()
    assert w2.data == pytest.approx(2.9, rel=1e-6)  # Adam's first step is lr * sign(g)
    adam.zero_grad()
    assert w2.grad == 0.0
    m = Value(1.0)
    sgd = nn.SGD([m], 0.1, 0.9)
    for _ in range(2):
        sgd.zero_grad()
        (m * 1.0).backward()  # g = 1 every step
        sgd.step()
    assert m.data == pytest.approx(1.0 - 0.1 - 0.1 * 1.9)


def test_sgd_momentum_keyword():
    w = Value(0.0)
    opt = nn.SGD([w], lr=1.0, momentum=0.5)
    for _ in range(3):
        opt.zero_grad()
        (w * 1.0).backward()
        opt.step()
    assert w.data == pytest.approx(-(1 + 1.5 + 1.75))


def test_optimizers_accept_model_parameters():
    model = spec_model()
    for opt in (nn.SGD(model.parameters(), lr=0.1), nn.Adam(model.parameters(), lr=0.01)):
        before = [p.data for p in model.parameters()]
        opt.zero_grad()
        nn.binary_cross_entropy(model([1.0, 2.0, 3.0]), 1).backward()
        opt.step()
        assert [p.data for p in model.parameters()] != before


def test_fit_returns_loss_history_that_decreases():
    X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    y = [0, 1, 1, 0]
    model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    history = nn.fit(model, X, y, loss="bce", optimizer="adam", lr=0.1, epochs=150, batch_size=2, seed=0)
    losses = list(getattr(history, "loss", history))
    assert len(losses) == 300  # iterations: 150 epochs of 4 / 2 batches
    assert all(isinstance(v, float) and math.isfinite(v) for v in losses)
    assert losses[-1] < losses[0] / 4
    assert [round(model(x).data) for x in X] == y


def test_fit_epochs_batches_iterations():
    X = [[float(i)] for i in range(10)]
    y = [2.0 * i for i in range(10)]
    model = nn.MLP(1, [1], seed=0)
    history = nn.fit(model, X, y, lr=0.001, epochs=3, batch_size=4)
    assert history.epochs == 3
    assert history.iterations == 3 * 3  # ceil(10 / 4) iterations per epoch
    assert len(history.loss) == 9 and len(history.epoch_loss) == 3


def test_fit_shows_progress_when_asked(capsys):
    model = nn.MLP(1, [1], seed=0)
    nn.fit(model, [[0.0], [1.0]], [0.0, 1.0], epochs=2, verbose=True)
    captured = capsys.readouterr()
    assert "epoch" in (captured.err + captured.out)


def test_state_dict_round_trip():
    model, other = spec_model(0), spec_model(1)
    state = model.state_dict()
    assert isinstance(state, dict) and len(state) == 21
    assert json.loads(json.dumps(state)) == state  # plain data
    other.load_state_dict(state)
    assert other([1.0, 2.0, 3.0]).data == model([1.0, 2.0, 3.0]).data


def test_save_load_plain_json(tmp_path):
    model = spec_model()
    path = tmp_path / "model.json"
    nn.save(model, path)
    doc = json.loads(path.read_text(encoding="utf-8"))  # plain JSON, readable by anyone
    assert isinstance(doc, dict)
    assert b"pickle" not in path.read_bytes() and path.read_bytes()[:1] == b"{"
    loaded = nn.load(path)
    assert [p.data for p in loaded.parameters()] == [p.data for p in model.parameters()]
    assert loaded([1.0, -2.0, 0.5]).data == model([1.0, -2.0, 0.5]).data
    nn.save(model, str(tmp_path / "model2.json"))
    assert nn.load(str(tmp_path / "model2.json")).state_dict() == model.state_dict()


def test_load_state_dict_mismatch_is_value_error_and_model_untouched():
    model = spec_model()
    before = [p.data for p in model.parameters()]
    state = model.state_dict()
    for broken in (
        {k: v for k, v in list(state.items())[:-1]},
        {**state, "extra": 1.0},
        {**state, list(state)[-1]: "abc"},
        {**state, list(state)[-1]: float("nan")},
        {k: 9.0 for k in spec_model().state_dict()} | {"L9.N1.b": 1.0},
        spec_model().layers[0].state_dict(),
    ):
        with pytest.raises(ValueError):
            model.load_state_dict(broken)
        assert [p.data for p in model.parameters()] == before


def test_corrupt_file_is_value_error(tmp_path):
    path = tmp_path / "bad.json"
    for text in ("", "{", "not json", "[]", '{"a": 1}', "null", "\x00\x01"):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ValueError):
            nn.load(path)


# ---- viz ------------------------------------------------------------------------------


def drawn_J():
    J, a, b, c, u, v = lecture_graph()
    return J


def test_draw_returns_a_graphviz_digraph():
    g = viz.draw(drawn_J())
    assert isinstance(g, graphviz.Digraph)
    assert g.source == viz.to_dot(drawn_J())


def test_to_dot_is_dot_source():
    dot = viz.to_dot(drawn_J())
    assert isinstance(dot, str)
    assert dot.lstrip().startswith("digraph") and dot.rstrip().endswith("}")


def test_nodes_show_label_op_and_value():
    J = drawn_J()
    dot = viz.to_dot(J)
    for label in ("a", "b", "c", "u", "v", "J"):
        assert f">{label}<" in dot
    for value in ("5", "3", "2", "6", "11", "33"):
        assert re.search(rf"\b{value}\b", dot)
    assert ">*<" in dot and ">+<" in dot


def test_gradient_not_computed_before_backward_never_zero():
    J = drawn_J()
    dot = viz.to_dot(J)
    assert "not computed" in dot or "?" in dot
    assert not re.search(r"grad\W{0,3}0(\.0*)?\b", dot)
    assert "0.0" not in dot


def test_after_backward_edges_show_upstream_and_local():
    J, a, b, c, u, v = lecture_graph()
    J.backward()
    dot = viz.to_dot(J)
    assert re.search(r"grad\D{0,40}9\b", dot)  # c's gradient
    assert re.search(r"3\s*×\s*2\s*=\D*6", dot)  # b's edge: upstream 3 × local 2 = 6
    assert re.search(r"3\s*×\s*3\s*=\D*9", dot)  # c's edge


def test_unreached_node_not_drawn_as_zero_after_backward():
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    root = a * b
    root.backward()
    other = root + Value(1.0, label="late")  # a new node no pass reached
    dot = viz.to_dot(other)
    late = [line for line in dot.splitlines() if ">late<" in line][0]
    assert "grad 0" not in late and "0.0" not in late


def test_draw_step_k_highlights_one_node():
    J = drawn_J()
    count = len(J.backward_steps())
    sources = [viz.draw(J, step=k).source for k in range(count + 1)]
    assert len(set(sources)) == count + 1
    for k in range(count + 1):
        assert sources[k].count("grad ?") >= sources[-1].count("grad ?")
    assert sources[0] != sources[1]
    assert J.grad == 0.0  # stepping draws; it does not run backward


def test_dot_deterministic_within_a_process():
    assert viz.to_dot(drawn_J()) == viz.to_dot(drawn_J())
    J = drawn_J()
    J.backward()
    K = drawn_J()
    K.backward()
    assert viz.to_dot(J) == viz.to_dot(K)


DOT_SCRIPT = """
import sys
from autograd import Value
import viz, nn
a, b, c = Value(5.0, label="a"), Value(3.0, label="b"), Value(2.0, label="c")
J = 3 * (a + b * c); J.label = "비용 J"
J.backward()
junk = [Value(float(i)) for i in range(1000)]   # move object ids around
m = nn.MLP(2, [3, 1], activation="tanh", seed=0)
out = m([0.5, -1.0]); out.backward()
sys.stdout.write(viz.to_dot(J) + viz.to_dot(out))
"""


def test_dot_byte_identical_across_processes_and_hash_seeds():
    outputs = []
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-c", DOT_SCRIPT], cwd=REPO, env=env, capture_output=True, check=True)
        outputs.append(result.stdout)
    assert outputs[0] and outputs[0] == outputs[1] == outputs[2]


def test_a_plus_a_draws_two_edges():
    a = Value(2.0, label="a")
    s = a + a
    dot = viz.to_dot(s)
    edges = re.findall(r"^\s*(\w+)\s*->\s*(\w+)", dot, flags=re.M)
    assert len(edges) == 2 and edges[0] == edges[1]


def test_korean_label_in_dot():
    J = Value(3.0, label="비용 J")
    assert "비용 J" in viz.to_dot(J)


@pytest.mark.needs_dot
def test_korean_label_renders_in_svg(tmp_path):
    a = Value(2.0, label="가중치 w")
    J = a * 3
    J.label = "비용 J"
    J.backward()
    out = viz.render(J, tmp_path / "J.svg")
    svg = Path(out).read_text(encoding="utf-8")
    assert "비용 J" in svg and "가중치 w" in svg


@pytest.mark.needs_dot
def test_render_writes_svg_format_from_suffix(tmp_path):
    J = drawn_J()
    J.backward()
    path = tmp_path / "J.svg"
    viz.render(J, str(path))
    text = path.read_text(encoding="utf-8")
    assert "<svg" in text and ">J<" in text
    viz.render(J, tmp_path / "J.png")
    assert (tmp_path / "J.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    viz.render(J, tmp_path / "J.pdf")
    assert (tmp_path / "J.pdf").read_bytes()[:5] == b"%PDF-"


@pytest.mark.needs_dot
def test_render_to_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    viz.render(drawn_J(), "J.svg")
    assert (tmp_path / "J.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["J.svg"]  # no leftover DOT file


NO_DOT_SCRIPT = """
import os, sys
from autograd import Value
import viz
J = 3 * (Value(5.0, label="a") + Value(3.0, label="b") * Value(2.0, label="c"))
dot = viz.to_dot(J)
assert dot.startswith("digraph"), dot
g = viz.draw(J)
assert g.source == dot
try:
    viz.render(J, sys.argv[1])
except Exception as e:
    print(type(e).__name__, "|", e)
else:
    print("NO ERROR")
"""


def test_without_graphviz_binary_to_dot_works_and_render_explains(tmp_path):
    env = {**os.environ, "PATH": str(tmp_path / "empty-bin")}  # no dot on PATH
    out = tmp_path / "J.svg"
    result = subprocess.run(
        [sys.executable, "-c", NO_DOT_SCRIPT, str(out)], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "NO ERROR" not in text
    assert "install" in text.lower()
    assert "graphviz" in text.lower()
    assert not out.exists()
