"""The lecture notes' worked examples, computed by nn.

- wikidocs 07-05 (seed 001): a 2-2-2 sigmoid network without biases,
  forward pass, total error, every weight gradient, one SGD step;
- XOR = AND(OR(x1, x2), NAND(x1, x2)) wired by hand (seed 001);
- logistic regression = one sigmoid neuron trained with binary cross-entropy (seed 000).
"""

from __future__ import annotations

import pytest

import nn
from autograd import add

# wikidocs.net/37406 ("07-05 역전파(BackPropagation) 이해하기"): w1..w4 feed the hidden
# layer (h1 reads x1 with w1 and x2 with w2, h2 reads them with w3, w4), w5..w8 the output.
WIKIDOCS_WEIGHTS = {
    "L1.N1.w1": 0.3,
    "L1.N1.w2": 0.25,
    "L1.N1.b": 0.0,
    "L1.N2.w1": 0.4,
    "L1.N2.w2": 0.35,
    "L1.N2.b": 0.0,
    "L2.N1.w1": 0.45,
    "L2.N1.w2": 0.4,
    "L2.N1.b": 0.0,
    "L2.N2.w1": 0.7,
    "L2.N2.w2": 0.6,
    "L2.N2.b": 0.0,
}
X_IN, TARGETS = [0.1, 0.2], [0.4, 0.6]
WEIGHT_NAMES = {  # the example's names for our labels
    "w1": "L1.N1.w1",
    "w2": "L1.N1.w2",
    "w3": "L1.N2.w1",
    "w4": "L1.N2.w2",
    "w5": "L2.N1.w1",
    "w6": "L2.N1.w2",
    "w7": "L2.N2.w1",
    "w8": "L2.N2.w2",
}


def wikidocs_network():
    model = nn.MLP(2, [2, 2], activation="sigmoid", output_activation="sigmoid", seed=0)
    model.load_state_dict(WIKIDOCS_WEIGHTS)
    return model


def wikidocs_error(outputs):
    # The example's total error: E = 1/2 * sum (target - output)^2 (not the mean).
    return add(*[(t - o) ** 2 for o, t in zip(outputs, TARGETS)]) * 0.5


def test_wikidocs_forward_pass():
    model = wikidocs_network()
    h1, h2 = model.layers[0](X_IN)
    o1, o2 = model.layers[1]([h1, h2])
    # z1 = 0.3*0.1 + 0.25*0.2 = 0.08, h1 = sigmoid(0.08); z2 = 0.4*0.1 + 0.35*0.2 = 0.11, h2 = sigmoid(0.11)
    assert (h1.label, h2.label) == ("L1.N1.a", "L1.N2.a")
    assert h1.data == pytest.approx(0.51998934, abs=1e-8)
    assert h2.data == pytest.approx(0.52747230, abs=1e-8)
    assert o1.data == pytest.approx(0.60944600, abs=1e-8)
    assert o2.data == pytest.approx(0.66384491, abs=1e-8)
    E = wikidocs_error([o1, o2])
    assert E.data == pytest.approx(0.02397190, abs=1e-8)
    # nn.mse is the mean of the squared errors, sum / n; the example's E is sum / 2.
    # With n = 2 outputs the two coincide; with 3 they would not.
    squared = [(t - o.data) ** 2 for o, t in zip((o1, o2), TARGETS)]
    assert nn.mse([o1, o2], TARGETS).data == pytest.approx(sum(squared) / 2, rel=1e-12)
    assert E.data == pytest.approx(sum(squared) / 2, rel=1e-12)


def test_wikidocs_every_weight_gradient():
    model = wikidocs_network()
    E = wikidocs_error(model(X_IN))
    E.backward()
    grads = {p.label: p.grad for p in model.parameters()}
    # Output layer, e.g. dE/dw5 = (o1 - t1) * o1 (1 - o1) * h1, as the example derives it.
    expected = {
        "w5": 0.02592286,
        "w6": 0.02629590,
        "w7": 0.00740844,
        "w8": 0.00751506,
        "w1": 0.00080888,
        "w2": 0.00161775,
        "w3": 0.00071009,
        "w4": 0.00142017,
    }
    for name, value in expected.items():
        assert grads[WEIGHT_NAMES[name]] == pytest.approx(value, abs=1e-8), name


def test_wikidocs_one_sgd_step_with_learning_rate_half():
    model = wikidocs_network()
    weights = model.weights()  # the example has no biases, so only the weights are updated
    opt = nn.SGD(weights, lr=0.5)
    opt.zero_grad()
    wikidocs_error(model(X_IN)).backward()
    opt.step()
    new = model.state_dict()
    expected = {
        "w5": 0.43703857,
        "w6": 0.38685205,
        "w7": 0.69629578,
        "w8": 0.59624247,
        "w1": 0.29959556,
        "w2": 0.24919112,
        "w3": 0.39964496,
        "w4": 0.34928991,
    }
    for name, value in expected.items():
        assert new[WEIGHT_NAMES[name]] == pytest.approx(value, abs=1e-8), name
    assert [new[f"L{i}.N{j}.b"] for i in (1, 2) for j in (1, 2)] == [0.0] * 4
    # After the update the error is smaller: that is what the step was for.
    assert wikidocs_error(model(X_IN)).data < 0.02397190


@pytest.mark.torch
def test_wikidocs_matches_torch(torch):
    model = wikidocs_network()
    E = wikidocs_error(model(X_IN))
    E.backward()
    f64 = torch.float64
    W1 = torch.tensor([[0.3, 0.25], [0.4, 0.35]], dtype=f64, requires_grad=True)
    W2 = torch.tensor([[0.45, 0.4], [0.7, 0.6]], dtype=f64, requires_grad=True)
    out = torch.sigmoid(W2 @ torch.sigmoid(W1 @ torch.tensor(X_IN, dtype=f64)))
    E_t = 0.5 * ((torch.tensor(TARGETS, dtype=f64) - out) ** 2).sum()
    E_t.backward()
    assert E.data == pytest.approx(E_t.item(), rel=1e-12)
    ours = [p.grad for layer in model.layers for n in layer.neurons for p in n.w]
    theirs = W1.grad.flatten().tolist() + W2.grad.flatten().tolist()
    assert ours == pytest.approx(theirs, rel=1e-12)


def test_xor_is_and_of_or_and_nand_wired_by_hand():
    # Hidden neuron 1 is OR, hidden neuron 2 is NAND, the output is AND of them.
    # Large weights make the sigmoid almost a step function, the perceptron's activation.
    model = nn.MLP(2, [2, 1], activation="sigmoid", output_activation="sigmoid", seed=0)
    model.load_state_dict(
        {
            "L1.N1.w1": 20.0,
            "L1.N1.w2": 20.0,
            "L1.N1.b": -10.0,  # OR: fires if x1 + x2 >= 1
            "L1.N2.w1": -20.0,
            "L1.N2.w2": -20.0,
            "L1.N2.b": 30.0,  # NAND: silent only if x1 + x2 = 2
            "L2.N1.w1": 20.0,
            "L2.N1.w2": 20.0,
            "L2.N1.b": -30.0,  # AND: fires only if both fire
        }
    )
    X, y_xor = nn.datasets.truth_table("xor")
    hidden = [model.layers[0](x) for x in X]
    assert [round(h[0].data) for h in hidden] == nn.datasets.truth_table("or")[1]
    assert [round(h[1].data) for h in hidden] == nn.datasets.truth_table("nand")[1]
    out = model.predict(X)
    assert [round(p) for p in out] == y_xor == [0, 1, 1, 0]
    assert all(abs(p - t) < 1e-4 for p, t in zip(out, y_xor))


def test_logistic_regression_is_one_sigmoid_neuron_trained_with_bce():
    # 3 features + a bias: 4 parameters, as the notes count for logistic regression.
    neuron = nn.Neuron(3, activation="sigmoid", seed=1)
    assert len(neuron.parameters()) == 4
    X, y = nn.datasets.truth_table("and")
    X = [row + [1.0 - row[0]] for row in X]  # a third feature, to use all three weights
    history = nn.fit(neuron, X, y, loss="bce", optimizer="sgd", lr=1.0, epochs=300, seed=0, verbose=False)
    assert history.accuracy[-1] == 1.0
    assert history.epoch_loss[-1] < history.epoch_loss[0] / 3
    # Gradient of BCE through a sigmoid at one sample is (a - y) * x: the notes' dz = a - y.
    neuron.zero_grad()
    a = neuron(X[3])
    nn.binary_cross_entropy(a, y[3]).backward()
    assert [w.grad for w in neuron.w] == pytest.approx([(a.data - y[3]) * x for x in X[3]], rel=1e-12)
    assert neuron.b.grad == pytest.approx(a.data - y[3], rel=1e-12)


def test_one_neuron_cannot_learn_xor_but_a_hidden_layer_can():
    X, y = nn.datasets.xor()
    neuron = nn.Neuron(2, activation="sigmoid", seed=0)
    nn.fit(neuron, X, y, loss="bce", optimizer="adam", lr=0.1, epochs=200, seed=0, verbose=False)
    assert nn.accuracy(neuron.predict(X), y) <= 0.75  # one straight line cannot separate XOR
    model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    nn.fit(model, X, y, loss="bce", optimizer="adam", lr=0.1, epochs=200, seed=0, verbose=False)
    assert nn.accuracy(model.predict(X), y) == 1.0
