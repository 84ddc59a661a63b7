"""nn.to_torch / nn.from_torch: the same network in PyTorch, weight for weight, output for output."""

from __future__ import annotations

import math
import random

import pytest

import nn

pytestmark = pytest.mark.torch

ACTS = ["linear", "sigmoid", "tanh", "relu", "leaky_relu"]


def _inputs(nin: int, rows: int = 6, seed: int = 0) -> list[list[float]]:
    rng = random.Random(seed)
    return [[rng.uniform(-2, 2) for _ in range(nin)] for _ in range(rows)]


def _torch_outputs(torch, net, X) -> list:
    out = net(torch.tensor(X, dtype=torch.float64))
    return out.tolist()


def _ours(model, X) -> list:
    return [p if isinstance(p, list) else [p] for p in model.predict(X)]


def _close(a: list, b: list, tol: float = 1e-12) -> bool:
    return all(abs(u - v) <= tol for ra, rb in zip(a, b, strict=True) for u, v in zip(ra, rb, strict=True))


@pytest.mark.parametrize("hidden", ACTS)
@pytest.mark.parametrize("output", ACTS)
def test_an_mlp_gives_the_same_outputs_in_torch_and_comes_back_unchanged(torch, hidden, output):
    model = nn.MLP(3, [4, 5, 2], activation=hidden, output_activation=output, seed=1)
    net = nn.to_torch(model)
    assert isinstance(net, torch.nn.Sequential)
    assert all(p.dtype == torch.float64 for p in net.parameters())
    X = _inputs(3)
    assert _close(_torch_outputs(torch, net, X), _ours(model, X))
    back = nn.from_torch(net)
    assert isinstance(back, nn.MLP)
    assert nn.architecture(back) == nn.architecture(model)
    assert back.state_dict() == model.state_dict()  # exactly: float64 both ways


def test_each_weight_lands_where_torch_keeps_it(torch):
    model = nn.MLP(2, [3, 1], activation="tanh", seed=0)
    net = nn.to_torch(model)
    assert [name for name, _ in net.named_children()] == ["L1", "L1_tanh", "L2"]
    state = model.state_dict()
    assert net.L1.weight[1, 0].item() == state["L1.N2.w1"]  # row j is neuron j+1, column i is input i+1
    assert net.L1.bias[2].item() == state["L1.N3.b"]
    assert net.L2.weight[0, 2].item() == state["L2.N1.w3"]


def test_a_neuron_and_a_layer_go_to_torch_too(torch):
    neuron = nn.Neuron(3, activation="sigmoid", seed=2)
    X = _inputs(3)
    assert _close(_torch_outputs(torch, nn.to_torch(neuron), X), _ours(neuron, X))
    layer = nn.Layer(3, 2, activation="relu", seed=3)
    assert _close(_torch_outputs(torch, nn.to_torch(layer), X), _ours(layer, X))


def test_the_gradients_agree(torch):
    """The same loss backpropagated in both gives each parameter the same gradient."""
    model = nn.MLP(2, [3, 1], activation="tanh", output_activation="sigmoid", seed=4)
    net = nn.to_torch(model)
    X, y = nn.datasets.xor()
    loss = nn.binary_cross_entropy([model(x) for x in X], y)
    loss.backward()
    theirs = torch.nn.functional.binary_cross_entropy(
        net(torch.tensor(X, dtype=torch.float64)).flatten(), torch.tensor(y, dtype=torch.float64)
    )
    theirs.backward()
    assert abs(loss.data - theirs.item()) < 1e-12
    grads = {w.label: w.grad for w in model.parameters()}
    theirs_by_label = {}
    for name in ("L1", "L2"):
        linear = getattr(net, name)
        for j, row in enumerate(linear.weight.grad.tolist()):
            theirs_by_label.update({f"{name}.N{j + 1}.w{i + 1}": g for i, g in enumerate(row)})
            theirs_by_label[f"{name}.N{j + 1}.b"] = linear.bias.grad[j].item()
    assert theirs_by_label.keys() == grads.keys()
    assert all(abs(theirs_by_label[k] - g) < 1e-12 for k, g in grads.items())
    assert max(abs(g) for g in grads.values()) > 1e-3  # a real gradient, not zeros


def test_training_xor_in_both_ends_at_the_same_weights(torch):
    model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    net = nn.to_torch(model)
    X, y = nn.datasets.xor()
    nn.fit(model, X, y, loss="bce", optimizer="sgd", lr=0.5, epochs=60, batch_size=None, verbose=False)
    opt = torch.optim.SGD(net.parameters(), lr=0.5)
    xs, ys = torch.tensor(X, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)
    for _ in range(60):
        opt.zero_grad()
        torch.nn.functional.binary_cross_entropy(net(xs).flatten(), ys).backward()
        opt.step()
    trained = nn.from_torch(net).state_dict()
    assert all(abs(trained[k] - v) < 1e-9 for k, v in model.state_dict().items())
    assert trained != nn.from_torch(nn.to_torch(nn.MLP(2, [4, 1], seed=0))).state_dict()


def test_the_two_models_hold_copies(torch):
    model = nn.MLP(2, [2, 1], seed=0)
    before = model.state_dict()
    net = nn.to_torch(model)
    with torch.no_grad():
        net.L1.weight.add_(1.0)
    assert model.state_dict() == before
    back = nn.from_torch(net)
    back.layers[0].neurons[0].w[0].data += 1.0
    assert net.L1.weight[0, 0].item() == before["L1.N1.w1"] + 1.0


def test_a_module_built_in_torch_comes_over(torch):
    torch.manual_seed(0)
    net = torch.nn.Sequential(
        torch.nn.Linear(3, 5, dtype=torch.float64),
        torch.nn.ReLU(),
        torch.nn.Sequential(torch.nn.Linear(5, 4, dtype=torch.float64), torch.nn.ReLU()),  # nested: opened up
        torch.nn.Linear(4, 2, dtype=torch.float64),
        torch.nn.Identity(),
    )
    model = nn.from_torch(net)
    assert repr(model) == "MLP(3 -> [5 relu] -> [4 relu] -> [2 linear], 54 parameters)"
    X = _inputs(3, seed=5)
    assert _close(_torch_outputs(torch, net, X), _ours(model, X))


def test_a_lone_linear_and_a_float32_module(torch):
    torch.manual_seed(1)
    lone = torch.nn.Linear(2, 1)  # float32: its values are kept exactly
    model = nn.from_torch(lone)
    assert repr(model) == "MLP(2 -> [1 linear], 3 parameters)"
    assert model.state_dict()["L1.N1.w2"] == lone.weight[0, 1].item()
    X = _inputs(2)
    assert _close(_torch_outputs(torch, lone.double(), X), _ours(model, X))


def test_leaky_relu_with_chainrules_slope(torch):
    net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.LeakyReLU(), torch.nn.Linear(2, 1), torch.nn.Sigmoid())
    assert repr(nn.from_torch(net)) == "MLP(2 -> [2 leaky_relu] -> [1 sigmoid], 9 parameters)"


def _seq(torch, *modules):
    return torch.nn.Sequential(*modules)


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda t: _seq(t, t.nn.Conv2d(1, 1, 3)), r"module 0 \(Conv2d\).*only Linear layers"),
        (lambda t: _seq(t, t.nn.Linear(2, 3), t.nn.Dropout(0.5), t.nn.Linear(3, 1)), r"module 1 \(Dropout\)"),
        (lambda t: _seq(t, t.nn.Linear(2, 3), t.nn.Linear(4, 1)), r"module 1 \(Linear\): takes 4 inputs.*gives 3"),
        (
            lambda t: _seq(t, t.nn.Linear(2, 3), t.nn.ReLU(), t.nn.Linear(3, 3), t.nn.Tanh(), t.nn.Linear(3, 1)),
            r"different activations \['relu', 'tanh'\]",
        ),
        (lambda t: _seq(t, t.nn.ReLU(), t.nn.Linear(2, 1)), "before the first Linear"),
        (lambda t: _seq(t, t.nn.Linear(2, 1), t.nn.ReLU(), t.nn.Sigmoid()), "second activation"),
        (lambda t: _seq(t, t.nn.Linear(2, 1), t.nn.LeakyReLU(0.2)), r"LeakyReLU\(negative_slope=0.2\)"),
        (lambda t: _seq(t), "no Linear layer"),
        (lambda t: _seq(t, t.nn.Linear(2, 3), t.nn.ReLU(), t.nn.Linear(3, 1, bias=False)), "bias and some do not"),
        (lambda t: _seq(t, t.nn.Flatten(), t.nn.Linear(2, 1)), r"module 0 \(Flatten\)"),
    ],
)
def test_what_an_mlp_cannot_hold_is_refused_by_name(torch, build, message):
    with pytest.raises(ValueError, match=message):
        nn.from_torch(build(torch))


def test_nan_weights_are_refused(torch):
    lone = torch.nn.Linear(2, 1)
    with torch.no_grad():
        lone.weight[0, 0] = math.nan
    with pytest.raises(ValueError, match="weight holds NaN or infinite"):
        nn.from_torch(lone)


def test_not_a_torch_module_or_not_an_nn_model(torch):
    with pytest.raises(TypeError, match="takes a torch.nn.Module"):
        nn.from_torch([[1.0, 2.0]])
    with pytest.raises(TypeError, match="takes an nn.Neuron, nn.Layer or nn.MLP"):
        nn.to_torch(lambda x: x)


def test_a_layer_that_mixes_activations_cannot_go(torch):
    model = nn.MLP(2, [2, 1], seed=0)
    model.layers[0].neurons[1].activation = "tanh"
    with pytest.raises(ValueError, match=r"layer 'L1' mixes activations \['relu', 'tanh'\]"):
        nn.to_torch(model)


def test_a_model_without_biases_goes_both_ways(torch):
    model = nn.MLP(2, [2, 2], activation="sigmoid", output_activation="sigmoid", bias=False, seed=0)
    net = nn.to_torch(model)
    assert all(child.bias is None for child in net if isinstance(child, torch.nn.Linear))
    X = _inputs(2)
    assert _close(_torch_outputs(torch, net, X), _ours(model, X))
    back = nn.from_torch(net)
    assert not back.bias and back.state_dict() == model.state_dict()
    built = torch.nn.Sequential(torch.nn.Linear(3, 2, bias=False), torch.nn.Tanh(), torch.nn.Linear(2, 1, bias=False))
    assert repr(nn.from_torch(built)) == "MLP(3 -> [2 tanh] -> [1 linear], 8 parameters, no bias)"
