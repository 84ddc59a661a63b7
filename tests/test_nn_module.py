"""Neuron, Layer, MLP: parameter counts and labels, activations, initialisation, state dicts."""

from __future__ import annotations

import math
import random
import statistics

import pytest

import nn
from autograd import Constant, Value


def test_lecture_network_has_21_parameters_in_the_agreed_order():
    model = nn.MLP(3, [4, 1], activation="relu", output_activation="sigmoid", seed=0)
    params = model.parameters()
    assert len(params) == 21  # 4 * (3 + 1) + 1 * (4 + 1)
    labels = [p.label for p in params]
    assert labels[:5] == ["L1.N1.w1", "L1.N1.w2", "L1.N1.w3", "L1.N1.b", "L1.N2.w1"]
    assert labels[-5:] == ["L2.N1.w1", "L2.N1.w2", "L2.N1.w3", "L2.N1.w4", "L2.N1.b"]
    assert len(set(labels)) == 21
    assert len(set(map(id, params))) == 21
    assert repr(model) == "MLP(3 -> [4 relu] -> [1 sigmoid], 21 parameters)"
    assert [n.activation for n in model.layers[0].neurons] == ["relu"] * 4
    assert model.layers[1].neurons[0].activation == "sigmoid"
    assert len(model.weights()) == 16


def test_call_types_layer_returns_list_mlp_value_or_list():
    layer = nn.Layer(2, 1, activation="tanh", seed=0)
    out = layer([1.0, 2.0])
    assert isinstance(out, list) and len(out) == 1 and isinstance(out[0], Value)
    assert isinstance(nn.MLP(2, [3, 1], seed=0)([1.0, 2.0]), Value)
    out = nn.MLP(2, [3, 2], seed=0)([1.0, 2.0])
    assert isinstance(out, list) and len(out) == 2
    assert isinstance(nn.Neuron(2, seed=0)([1.0, 2.0]), Value)


def test_neuron_is_one_nary_sum_node_then_the_activation():
    n = nn.Neuron(3, activation="tanh", seed=0, name="L1.N1")
    n.load_state_dict({"L1.N1.w1": 0.5, "L1.N1.w2": -1.0, "L1.N1.w3": 2.0, "L1.N1.b": 0.25})
    a = n([1.0, 2.0, 3.0])
    z = a.inputs[0]
    assert (a.op, a.label, z.op, z.label) == ("tanh", "L1.N1.a", "+", "L1.N1.z")
    assert len(z.inputs) == 4 and z.inputs[-1] is n.b
    assert z.data == 0.5 - 2.0 + 6.0 + 0.25
    assert a.data == pytest.approx(math.tanh(4.75))
    products = z.inputs[:3]
    assert [p.inputs[0] for p in products] == n.w
    assert all(isinstance(p.inputs[1], Constant) for p in products)
    assert [p.inputs[1].label for p in products] == ["x1", "x2", "x3"]


def test_backward_through_an_mlp_matches_finite_differences():
    model = nn.MLP(2, [3, 2], activation="leaky_relu", output_activation="tanh", seed=3)
    x = [0.7, -1.3]

    def loss_value():
        return nn.mse(model(x), [0.2, -0.4])

    model.zero_grad()
    loss_value().backward()
    h = 1e-6
    for p in model.parameters():
        old = p.data
        p.data = old + h
        up = loss_value().data
        p.data = old - h
        down = loss_value().data
        p.data = old
        assert p.grad == pytest.approx((up - down) / (2 * h), rel=1e-5, abs=1e-8), p.label


def test_zero_grad_resets_every_parameter():
    model = nn.MLP(2, [2, 1], seed=0)
    model([1.0, 1.0]).backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 and not p.grad_computed for p in model.parameters())


@pytest.mark.parametrize("bad", ["softmax", "ReLU", "", None, 3])
def test_unknown_activation_lists_the_valid_ones(bad):
    for make in (
        lambda: nn.Neuron(2, activation=bad),
        lambda: nn.Layer(2, 2, activation=bad),
        lambda: nn.MLP(2, [2, 1], activation=bad),
        lambda: nn.MLP(2, [2, 1], output_activation=bad),
    ):
        with pytest.raises(ValueError, match="linear, sigmoid, tanh, relu, leaky_relu"):
            make()


@pytest.mark.parametrize(
    "make",
    [
        lambda: nn.Neuron(0),
        lambda: nn.Layer(2, 0),
        lambda: nn.MLP(2, []),
        lambda: nn.MLP(2, 3),
        lambda: nn.MLP(2, [2, 0]),
        lambda: nn.MLP(True, [1]),
        lambda: nn.MLP(2, [1.5]),
    ],
)
def test_bad_sizes_raise_value_error(make):
    with pytest.raises(ValueError):
        make()


@pytest.mark.parametrize("x", [[1.0], [1.0, 2.0, 3.0], 1.0, "ab", Value(1.0)])
def test_wrong_input_length_is_a_clear_value_error(x):
    with pytest.raises(ValueError, match="expects"):
        nn.MLP(2, [2, 1], seed=0)(x)


def test_seed_reproduces_weights_without_touching_global_random_state():
    state = random.getstate()
    a = nn.MLP(3, [5, 2], activation="tanh", seed=42).state_dict()
    b = nn.MLP(3, [5, 2], activation="tanh", seed=42).state_dict()
    c = nn.MLP(3, [5, 2], activation="tanh", seed=43).state_dict()
    nn.MLP(3, [5, 2])  # no seed: fresh randomness, still not from the global state
    assert random.getstate() == state
    assert a == b and a != c


def test_initial_weight_scale_depends_on_the_activation():
    # Uniform in [-s, s] with s = sqrt(3 * gain / nin): variance gain / nin,
    # gain 1 for tanh/sigmoid/linear (LeCun), 2 for relu/leaky_relu (He).
    nin = 50
    for activation, gain in [("tanh", 1.0), ("sigmoid", 1.0), ("linear", 1.0), ("relu", 2.0), ("leaky_relu", 2.0)]:
        layer = nn.Layer(nin, 40, activation=activation, seed=0)
        w = [p.data for p in layer.weights()]
        bound = math.sqrt(3 * gain / nin)
        assert max(map(abs, w)) <= bound
        assert statistics.pvariance(w) == pytest.approx(gain / nin, rel=0.1), activation
        assert all(n.b.data == (0.1 if "relu" in activation else 0.0) for n in layer.neurons)


def test_activation_can_be_changed_and_is_checked():
    n = nn.Neuron(1, activation="relu", seed=0)
    n.load_state_dict({"w1": 1.0, "b": 0.0})
    assert n([-2.0]).data == 0.0
    n.activation = "leaky_relu"
    assert n([-2.0]).data == pytest.approx(-0.02)
    n.activation = "linear"
    assert n([-2.0]).data == -2.0 and n([-2.0]).op == "+"
    with pytest.raises(ValueError):
        n.activation = "step"
    assert n.activation == "linear"


def test_load_state_dict_checks_everything_before_changing_anything():
    model = nn.MLP(2, [2, 1], seed=0)
    before = model.state_dict()
    good = {k: 1.0 for k in before}
    for bad in [
        {**good, "L9.N1.w1": 0.0},  # unexpected key
        {k: v for k, v in good.items() if k != "L2.N1.b"},  # missing key
        {**good, "L2.N1.b": math.nan},  # not finite
        {**good, "L2.N1.b": "0.5"},  # not a number
        {**good, "L2.N1.b": True},  # a bool is not a weight
        [1.0] * 9,  # not a dict
    ]:
        with pytest.raises(ValueError):
            model.load_state_dict(bad)
        assert model.state_dict() == before
    model.load_state_dict(good)
    assert set(model.state_dict().values()) == {1.0}


def test_predict_returns_floats_and_records_no_graph():
    model = nn.MLP(2, [3, 2], seed=0)
    out = model.predict([[0.0, 1.0], [2.0, 3.0]])
    assert len(out) == 2 and all(isinstance(v, float) for row in out for v in row)
    assert out == nn.predict(model, [[0.0, 1.0], [2.0, 3.0]])
    assert out[1] == [v.data for v in model([2.0, 3.0])]
    single = nn.MLP(2, [3, 1], seed=0)
    assert all(isinstance(v, float) for v in single.predict([[0.0, 1.0]]))


def test_importing_nn_loads_no_numpy():
    import subprocess
    import sys

    code = "import nn, sys; raise SystemExit('numpy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_nn_uses_only_the_public_autograd_api():
    import ast
    import pathlib

    import autograd

    for path in sorted(pathlib.Path(nn.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("autograd"):
                assert node.module == "autograd", f"{path.name} imports {node.module}"
                assert all(alias.name in autograd.__all__ for alias in node.names), path.name
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith(("autograd.", "viz")) for a in node.names), path.name
        for node in tree.body:  # numpy only inside the functions that need it (images, batches): never at import
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("numpy") for a in node.names), path.name
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                # private attributes only of nn's own objects (self._x), never of Values
                assert isinstance(node.value, ast.Name) and node.value.id in ("self", "n", "layer"), (
                    f"{path.name}:{node.lineno} reads .{node.attr}"
                )
