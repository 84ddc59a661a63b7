"""Acceptance tests against PyTorch in float64: what an outside tester compares first.

Optimizers step for step (SGD with momentum, Adam), the losses against
``torch.nn.functional`` (values and gradients), and whole MLPs: the same
weights in both, the same loss, every parameter's gradient.
"""

from __future__ import annotations

import math

import pytest

import nn
from autograd import Value

pytestmark = pytest.mark.torch

REL = 1e-10


@pytest.fixture(scope="module")
def torch(require):
    return require("torch")


def flat(x):
    return [z for item in x for z in flat(item)] if isinstance(x, (list, tuple)) else [x]


def close(ours, theirs, rel=REL, abs_=1e-12):
    if isinstance(ours, (list, tuple)):
        ours, theirs = flat(ours), flat(theirs)
        assert len(ours) == len(theirs)
    assert ours == pytest.approx(theirs, rel=rel, abs=abs_)


def tensor(torch, values, grad=True):
    return torch.tensor(values, dtype=torch.float64, requires_grad=grad)


# ---- optimizers, step for step ----------------------------------------------------


def rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def train_both(ours, opt, theirs, topt, loss, steps, rel=REL, each_step=True):
    """Run the same loss through chainrule's and torch's optimizer side by side, comparing parameters."""
    for _ in range(steps):
        opt.zero_grad()
        loss(*ours).backward()
        opt.step()
        topt.zero_grad()
        loss(*theirs.unbind()).backward()
        topt.step()
        if each_step:
            close([p.data for p in ours], theirs.detach().tolist(), rel=rel)
    close([p.data for p in ours], theirs.detach().tolist(), rel=rel)


@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.9])
def test_sgd_matches_torch_step_for_step(torch, momentum):
    ours, theirs = [Value(-1.2), Value(1.0)], tensor(torch, [-1.2, 1.0])
    train_both(
        ours,
        nn.SGD(ours, 1e-3, momentum=momentum),
        theirs,
        torch.optim.SGD([theirs], lr=1e-3, momentum=momentum),
        rosenbrock,
        25,
    )


def test_sgd_positional_momentum_matches_torch(torch):
    ours, theirs = [Value(0.5), Value(-0.3)], tensor(torch, [0.5, -0.3])
    train_both(
        ours,
        nn.SGD(ours, 0.05, 0.8),
        theirs,
        torch.optim.SGD([theirs], lr=0.05, momentum=0.8),
        lambda x, y: (x * y).tanh() + x**2,
        10,
        each_step=False,
    )


@pytest.mark.parametrize("lr", [1e-3, 0.01, 0.1])
def test_adam_matches_torch_step_for_step(torch, lr):
    ours, theirs = [Value(-1.2), Value(1.0)], tensor(torch, [-1.2, 1.0])
    train_both(ours, nn.Adam(ours, lr), theirs, torch.optim.Adam([theirs], lr=lr), rosenbrock, 30, rel=1e-9)


def test_adam_with_zero_gradient_parameter_matches_torch(torch):
    ours, theirs = [Value(1.0), Value(2.0)], tensor(torch, [1.0, 2.0])
    # The second parameter gets no gradient (0 * y keeps it in torch's graph, as 0.0).
    train_both(
        ours,
        nn.Adam(ours, 0.1),
        theirs,
        torch.optim.Adam([theirs], lr=0.1),
        lambda x, y: x * 3.0 + y * 0.0,
        5,
        each_step=False,
    )


# ---- losses against torch.nn.functional ------------------------------------------------


def test_mse_matches_torch(torch):
    F = torch.nn.functional
    preds, targets = [0.3, -1.2, 2.5, 0.0], [0.0, -1.0, 3.0, 0.5]
    ours = [Value(p) for p in preds]
    theirs = tensor(torch, preds)
    loss = nn.mse(ours, targets)
    tloss = F.mse_loss(theirs, torch.tensor(targets, dtype=torch.float64))
    loss.backward()
    tloss.backward()
    close(loss.data, tloss.item())
    close([p.grad for p in ours], theirs.grad.tolist())


@pytest.mark.parametrize(
    "probs, targets",
    [
        ([0.9, 0.2, 0.6, 0.5], [1, 0, 0, 1]),
        ([1e-9, 1 - 1e-9], [1, 0]),
        ([0.3], [0.25]),  # soft targets
    ],
)
def test_bce_matches_torch(torch, probs, targets):
    F = torch.nn.functional
    ours = [Value(p) for p in probs]
    theirs = tensor(torch, probs)
    loss = nn.binary_cross_entropy(ours, targets)
    tloss = F.binary_cross_entropy(theirs, torch.tensor(targets, dtype=torch.float64))
    loss.backward()
    tloss.backward()
    close(loss.data, tloss.item())
    close([p.grad for p in ours], theirs.grad.tolist(), rel=1e-8)


@pytest.mark.parametrize("p, t", [(0.0, 1), (1.0, 0), (0.0, 0), (1.0, 1)])
def test_bce_at_exact_zero_and_one_matches_torch_value(torch, p, t):
    F = torch.nn.functional
    loss = nn.binary_cross_entropy(Value(p), t)
    tloss = F.binary_cross_entropy(
        torch.tensor([p], dtype=torch.float64), torch.tensor([float(t)], dtype=torch.float64)
    )
    close(loss.data, tloss.item())  # both clamp log at -100


def test_bce_of_sigmoid_outputs_matches_torch(torch):
    F = torch.nn.functional
    zs, targets = [2.0, -1.0, 0.3], [1, 0, 0]
    ours = [Value(z) for z in zs]
    theirs = tensor(torch, zs)
    loss = nn.binary_cross_entropy([z.sigmoid() for z in ours], targets)
    tloss = F.binary_cross_entropy(torch.sigmoid(theirs), torch.tensor(targets, dtype=torch.float64))
    loss.backward()
    tloss.backward()
    close(loss.data, tloss.item())
    close([z.grad for z in ours], theirs.grad.tolist())


@pytest.mark.parametrize(
    "logits, target",
    [
        ([2.0, 1.0, 0.1], 0),
        ([-3.0, 0.5, 4.0, 1.0], 3),
        ([1000.0, -1000.0, 999.0], 2),  # large logits: stable in both
        ([1e4, 0.0], 1),
    ],
)
def test_cross_entropy_matches_torch(torch, logits, target):
    F = torch.nn.functional
    ours = [Value(z) for z in logits]
    theirs = tensor(torch, [logits])
    loss = nn.cross_entropy(ours, target)
    tloss = F.cross_entropy(theirs, torch.tensor([target]))
    loss.backward()
    tloss.backward()
    close(loss.data, tloss.item())
    close([z.grad for z in ours], theirs.grad[0].tolist())


def test_cross_entropy_batch_matches_torch(torch):
    F = torch.nn.functional
    batch = [[2.0, 1.0, 0.1], [0.0, 0.0, 3.0], [-1.0, 2.0, 0.5]]
    targets = [0, 2, 1]
    ours = [[Value(z) for z in row] for row in batch]
    theirs = tensor(torch, batch)
    loss = nn.cross_entropy(ours, targets)
    tloss = F.cross_entropy(theirs, torch.tensor(targets))
    loss.backward()
    tloss.backward()
    close(loss.data, tloss.item())
    close([[z.grad for z in row] for row in ours], theirs.grad.tolist())


@pytest.mark.parametrize("values", [[1.0, 2.0, 3.0], [1000.0, 0.0, -1000.0], [0.5]])
def test_softmax_matches_torch(torch, values):
    ours = [Value(v) for v in values]
    theirs = tensor(torch, values)
    probs = nn.softmax(ours)
    tprobs = torch.softmax(theirs, dim=0)
    close([p.data for p in probs], tprobs.tolist())
    weights = [0.3, -1.2, 2.0][: len(values)]
    (sum(w * p for w, p in zip(weights, probs))).backward()
    (tprobs * torch.tensor(weights, dtype=torch.float64)).sum().backward()
    close([v.grad for v in ours], theirs.grad.tolist())


def test_l1_l2_match_torch(torch):
    values = [-2.0, 0.5, 3.0]
    ours = [Value(v) for v in values]
    theirs = tensor(torch, values)
    (0.1 * nn.l1(ours) + 0.01 * nn.l2(ours)).backward()
    (0.1 * theirs.abs().sum() + 0.01 * (theirs**2).sum()).backward()
    close([v.grad for v in ours], theirs.grad.tolist())
    close(nn.l1(ours).data, theirs.abs().sum().item())
    close(nn.l2(ours).data, (theirs**2).sum().item())


# ---- whole MLPs -------------------------------------------------------------------------


def torch_mlp(torch, model):
    """The same network in torch: one (W, b) pair per layer, weights copied from ``model``."""
    layers = []
    for layer in model.layers:
        W = tensor(torch, [[w.data for w in neuron.w] for neuron in layer.neurons])
        b = tensor(torch, [neuron.b.data for neuron in layer.neurons])
        layers.append((W, b, layer.neurons[0].activation))
    return layers


def torch_forward(torch, layers, x):
    F = torch.nn.functional
    act = {
        "linear": lambda z: z,
        "tanh": torch.tanh,
        "sigmoid": torch.sigmoid,
        "relu": torch.relu,
        "leaky_relu": lambda z: F.leaky_relu(z, 0.01),
    }
    for W, b, name in layers:
        x = act[name](W @ x + b)
    return x


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "leaky_relu", "linear"])
def test_mlp_gradients_match_torch(torch, activation):
    model = nn.MLP(3, [4, 4, 1], activation=activation, output_activation="sigmoid", seed=0)
    layers = torch_mlp(torch, model)
    X = [[1.0, -2.0, 0.5], [0.3, 0.1, -0.7], [-1.5, 2.0, 1.0]]
    y = [1, 0, 1]
    loss = nn.binary_cross_entropy([model(x) for x in X], y)
    loss.backward()
    outs = torch.stack([torch_forward(torch, layers, torch.tensor(x, dtype=torch.float64)) for x in X]).reshape(-1)
    tloss = torch.nn.functional.binary_cross_entropy(outs, torch.tensor(y, dtype=torch.float64))
    tloss.backward()
    close(loss.data, tloss.item())
    ours = [[([w.grad for w in n.w], n.b.grad) for n in layer.neurons] for layer in model.layers]
    for (W, b, _), layer_grads in zip(layers, ours):
        close([g[0] for g in layer_grads], W.grad.tolist())
        close([g[1] for g in layer_grads], b.grad.tolist())


def test_spec_mlp_matches_torch_on_one_input(torch):
    model = nn.MLP(3, [4, 1], activation="relu", output_activation="sigmoid", seed=0)
    layers = torch_mlp(torch, model)
    y = model([1.0, 2.0, 3.0])
    ty = torch_forward(torch, layers, torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64))
    close(y.data, ty.item())
    y.backward()
    ty.sum().backward()
    flat = [p.grad for p in model.parameters()]
    tflat = []
    for W, b, _ in layers:
        for row, bias in zip(W.grad.tolist(), b.grad.tolist()):
            tflat.extend(row + [bias])
    close(flat, tflat)


def test_multiclass_mlp_matches_torch(torch):
    model = nn.MLP(2, [5, 3], activation="tanh", seed=1)
    layers = torch_mlp(torch, model)
    X = [[0.5, -1.0], [2.0, 0.1], [-0.3, 0.8], [1.0, 1.0]]
    y = [0, 2, 1, 2]
    loss = nn.cross_entropy([model(x) for x in X], y)
    loss.backward()
    logits = torch.stack([torch_forward(torch, layers, torch.tensor(x, dtype=torch.float64)) for x in X])
    tloss = torch.nn.functional.cross_entropy(logits, torch.tensor(y))
    tloss.backward()
    close(loss.data, tloss.item())
    for (W, b, _), layer in zip(layers, model.layers):
        close([[w.grad for w in n.w] for n in layer.neurons], W.grad.tolist())
        close([n.b.grad for n in layer.neurons], b.grad.tolist())


def test_training_loop_matches_torch(torch):
    """Five iterations of zero_grad / forward / loss / backward / Adam.step in both."""
    model = nn.MLP(2, [3, 1], activation="tanh", output_activation="sigmoid", seed=2)
    layers = torch_mlp(torch, model)
    params = [t for W, b, _ in layers for t in (W, b)]
    X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    y = [0, 1, 1, 0]
    opt = nn.Adam(model.parameters(), 0.05)
    topt = torch.optim.Adam(params, lr=0.05)
    tX = torch.tensor(X, dtype=torch.float64)
    ty = torch.tensor(y, dtype=torch.float64)
    for _ in range(5):
        opt.zero_grad()
        loss = nn.binary_cross_entropy([model(x) for x in X], y)
        loss.backward()
        opt.step()
        topt.zero_grad()
        outs = torch.stack([torch_forward(torch, layers, row) for row in tX]).reshape(-1)
        tloss = torch.nn.functional.binary_cross_entropy(outs, ty)
        tloss.backward()
        topt.step()
        close(loss.data, tloss.item(), rel=1e-9)
    for (W, b, _), layer in zip(layers, model.layers):
        close([[w.data for w in n.w] for n in layer.neurons], W.detach().tolist(), rel=1e-9)


def test_fit_full_batch_sgd_matches_torch(torch):
    """nn.fit with batch_size=None and plain SGD is full-batch gradient descent: torch's loop gives the same losses."""
    model = nn.MLP(2, [3, 1], activation="tanh", output_activation="sigmoid", seed=3)
    layers = torch_mlp(torch, model)
    params = [t for W, b, _ in layers for t in (W, b)]
    X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    y = [0, 1, 1, 0]
    history = nn.fit(model, X, y, loss="bce", optimizer="sgd", lr=0.5, epochs=6, shuffle=False, verbose=False)
    topt = torch.optim.SGD(params, lr=0.5)
    tX, ty = torch.tensor(X, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)
    tlosses = []
    for _ in range(6):
        topt.zero_grad()
        outs = torch.stack([torch_forward(torch, layers, row) for row in tX]).reshape(-1)
        tloss = torch.nn.functional.binary_cross_entropy(outs, ty)
        tloss.backward()
        topt.step()
        tlosses.append(tloss.item())
    close(list(history.loss), tlosses, rel=1e-9)


@pytest.mark.parametrize("x", [-3.0, -0.5, 0.7, 2.0])
def test_elementary_ops_match_torch(torch, x):
    cases = [
        (lambda v: v.exp(), torch.exp),
        (lambda v: v.tanh(), torch.tanh),
        (lambda v: v.sigmoid(), torch.sigmoid),
        (lambda v: v.relu(), torch.relu),
        (lambda v: v.leaky_relu(0.1), lambda t: torch.nn.functional.leaky_relu(t, 0.1)),
        (lambda v: v**3, lambda t: t**3),
        (lambda v: 1 / v, lambda t: 1 / t),
        (lambda v: (v * v).log(), lambda t: (t * t).log()),
        (lambda v: -v, lambda t: -t),
        (lambda v: 2**v, lambda t: 2**t),
        (lambda v: 3 - v, lambda t: 3 - t),
    ]
    for ours_f, theirs_f in cases:
        v = Value(x)
        t = tensor(torch, x)
        out, tout = ours_f(v), theirs_f(t)
        out.backward()
        tout.backward()
        close(out.data, tout.item())
        close(v.grad, t.grad.item())
        assert math.isfinite(v.grad)
