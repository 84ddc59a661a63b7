"""The tape replays a graph recorded once over numpy batches, with the scalar engine's results.

Every test compares with the scalar engine run sample by sample: outputs
and parameter gradients must agree within 1e-12 relative (float64), for
the fused tape (matrix products) and the node-by-node reference alike.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, add, no_grad
from autograd.tape import ARRAY_MATH, Tape

RTOL = 1e-12


# ---- a small MLP from Values, built as nn builds it -------------------------


class MLP:
    """Layers of neurons ``add(*[w * x], b)`` then an activation, parameters labelled L{l}.N{n}.w{k}."""

    def __init__(self, sizes, activation="tanh", output_activation="linear", seed=0, slope=0.01):
        rng = random.Random(seed)
        self.slope = slope
        self.layers = []
        for l, (nin, nout) in enumerate(zip(sizes, sizes[1:]), start=1):
            act = output_activation if l == len(sizes) - 1 else activation
            neurons = [
                (
                    [Value(rng.uniform(-1, 1), label=f"L{l}.N{n}.w{k}") for k in range(1, nin + 1)],
                    Value(rng.uniform(-0.5, 0.5), label=f"L{l}.N{n}.b"),
                )
                for n in range(1, nout + 1)
            ]
            self.layers.append((neurons, act))

    def parameters(self):
        return [p for neurons, _ in self.layers for w, b in neurons for p in [*w, b]]

    def __call__(self, xs):
        for neurons, act in self.layers:
            xs = [self._activate(add(*[wi * xi for wi, xi in zip(w, xs)], b), act) for w, b in neurons]
        return xs[0] if len(xs) == 1 else xs

    def _activate(self, v, act):
        if act == "linear":
            return v
        if act == "leaky_relu":
            return v.leaky_relu(self.slope)
        return getattr(v, act)()


def mse(p, t):
    d = p - t
    return d * d


def bce(p, t):
    return -(t * p.log() + (1 - t) * (1 - p).log())


def scalar_run(model, loss, X, y):
    """The scalar engine, one graph per sample: per-sample losses and the mean loss's parameter gradients."""
    for p in model.parameters():
        p.grad = 0.0
    losses = [loss(model([Value(v) for v in row]), t) for row, t in zip(X.tolist(), y.tolist())]
    (add(*losses) / len(losses)).backward()
    return np.array([l.data for l in losses]), np.array([p.grad for p in model.parameters()])


def tape_run(model, loss, X, y, fuse=True):
    tape = Tape.record(lambda xs: loss(model(xs[:-1]), xs[-1]), inputs=X.shape[1] + 1, fuse=fuse)
    for p in model.parameters():
        p.grad = 0.0
    out = tape.forward(np.column_stack([X, y]))
    tape.backward(upstream="mean")
    return out[:, 0], np.array([p.grad for p in model.parameters()]), tape


def assert_close(ours, reference, what):
    """Within RTOL of the reference, relative to the largest magnitude of the array (a gradient
    near zero by cancellation is compared at the scale of its siblings)."""
    ours, reference = np.asarray(ours), np.asarray(reference)
    assert ours.shape == reference.shape, what
    scale = np.maximum(np.abs(reference), np.abs(reference).max() * 1e-3)
    worst = np.max(np.abs(ours - reference) / scale)
    assert worst <= RTOL, f"{what}: relative error {worst:.3g}"


def moons(n, seed):
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0, np.pi, n)
    upper = rng.random(n) < 0.5
    X = np.where(
        upper[:, None], np.c_[np.cos(angle), np.sin(angle)], np.c_[1 - np.cos(angle), 0.5 - np.sin(angle)]
    ) + rng.normal(0, 0.1, (n, 2))
    return X, upper.astype(float)


# ---- equal results ------------------------------------------------------------

CASES = [
    # (sizes, hidden activation, output activation, loss)
    ([2, 16, 16, 1], "relu", "sigmoid", bce),
    ([2, 16, 16, 1], "tanh", "linear", mse),
    ([3, 5, 1], "leaky_relu", "sigmoid", bce),
    ([1, 4, 4, 4, 1], "sigmoid", "tanh", mse),
    ([4, 3, 1], "exp", "linear", mse),
]


@pytest.mark.parametrize("fuse", [True, False], ids=["fused", "node-by-node"])
@pytest.mark.parametrize("case", range(len(CASES)))
def test_tape_equals_scalar_engine(case, fuse):
    sizes, act, out_act, loss = CASES[case]
    model = MLP(sizes, act, out_act, seed=case)
    rng = np.random.default_rng(case)
    X = rng.normal(0, 1, (40, sizes[0]))
    y = (rng.random(40) < 0.5).astype(float)
    ref_losses, ref_grads = scalar_run(model, loss, X, y)
    losses, grads, tape = tape_run(model, loss, X, y, fuse=fuse)
    assert_close(losses, ref_losses, "per-sample losses")
    assert_close(grads, ref_grads, "parameter gradients")
    layers = repr(tape).split(", ")[-1]
    assert (layers == f"{len(sizes) - 1} matrix products)") == fuse, repr(tape)


@pytest.mark.parametrize("fuse", [True, False], ids=["fused", "node-by-node"])
def test_many_outputs_and_a_weighted_upstream(fuse):
    model = MLP([3, 6, 2], "tanh", "sigmoid", seed=7)
    X = np.random.default_rng(1).normal(0, 1, (25, 3))
    weights = np.random.default_rng(2).normal(0, 1, 25)
    tape = Tape.record(model, inputs=3, fuse=fuse)
    out = tape.forward(X)
    tape.backward(output=1, upstream=weights)
    grads = np.array([p.grad for p in model.parameters()])
    for p in model.parameters():
        p.grad = 0.0
    outs = [model([Value(v) for v in row]) for row in X.tolist()]
    add(*[o[1] * w for o, w in zip(outs, weights.tolist())]).backward()
    assert_close(out, np.array([[o.data for o in pair] for pair in outs]), "outputs")
    assert_close(grads, np.array([p.grad for p in model.parameters()]), "gradients")


def odd_graph(w, u, c):
    """Everything the fused layers don't cover: shared weights, parameter-only nodes, a skip
    connection reading one hidden column, every op, and a fresh Value made inside the graph."""

    def build(xs):
        x1, x2 = xs
        h = [add(w[0] * x1, w[1] * x2, c).relu(), add(w[2] * x1, w[0] * x2, c).relu()]  # w1 shared
        scale = (u**2 + 1).log() / Value(2.0)  # no input below it: one number per run
        z = add(h[0] * w[3], h[1] * u, scale)
        z = z.leaky_relu(0.1) + h[0] - 3 * x1.max(x2)  # h[0] read again, outside the layer
        return (z / (1 + x2 * x2)).sigmoid() * x1.exp() + (-z).tanh() ** 2

    return build


@pytest.mark.parametrize("fuse", [True, False], ids=["fused", "node-by-node"])
def test_graphs_beyond_plain_layers(fuse):
    rng = random.Random(3)
    w = [Value(rng.uniform(-1, 1), label=f"w{k}") for k in range(4)]
    u, c = Value(0.7, label="u"), Value(0.1, label="c")
    params = [*w, u, c]
    build = odd_graph(w, u, c)
    X = np.random.default_rng(4).normal(0, 1, (30, 2))
    tape = Tape.record(build, inputs=2, fuse=fuse)
    assert set(map(id, tape.parameters)) == set(map(id, params))
    for round_ in range(2):  # the second round sees the parameters an optimizer changed
        for p in params:
            p.grad = 0.0
        out = tape.forward(X)
        tape.backward()
        ours = np.array([p.grad for p in params])
        for p in params:
            p.grad = 0.0
        outs = [build([Value(a), Value(b)]) for a, b in X.tolist()]
        (add(*outs) / len(outs)).backward()
        assert_close(out[:, 0], np.array([o.data for o in outs]), "outputs")
        assert_close(ours, np.array([p.grad for p in params]), "gradients")
        for p in params:
            p.data -= 0.3 * p.grad


def test_backward_adds_into_grad_like_value_backward():
    model = MLP([2, 3, 1], "relu", "linear", seed=1)
    tape = Tape.record(model, inputs=2)
    tape.forward(np.ones((4, 2)))
    tape.backward(upstream="sum")
    once = [p.grad for p in model.parameters()]
    tape.backward(upstream="sum")
    assert [p.grad for p in model.parameters()] == [2 * g for g in once]
    assert any(once)


def test_batch_as_columns_or_rows_and_one_input_as_a_vector():
    model = MLP([2, 3, 1], "tanh", "linear", seed=2)
    tape = Tape.record(model, inputs=2)
    X = np.random.default_rng(0).normal(0, 1, (5, 2))
    assert np.array_equal(tape.forward([X[:, 0], X[:, 1]]), tape.forward(X))
    assert np.array_equal(tape.forward(X.tolist()), tape.forward(X))
    one = Tape.record(MLP([1, 2, 1], seed=0), inputs=1)
    assert np.array_equal(one.forward(X[:, 0]), one.forward(X[:, :1]))


def test_tape_from_a_graph_built_once():
    model = MLP([2, 4, 1], "relu", "sigmoid", seed=5)
    xs = [Value(0.0, label="x1"), Value(0.0, label="x2")]
    tape = Tape(model(xs), inputs=xs)
    X = np.random.default_rng(0).normal(0, 1, (10, 2))
    with no_grad():
        expected = [model(row).data for row in X.tolist()]
    assert_close(tape.forward(X)[:, 0], expected, "outputs")
    assert len(tape.parameters) == len(model.parameters())


def test_numpy_rules_name_the_op_and_the_row():
    with pytest.raises(ValueError, match=r"log: needs a positive input, got -2\.0 \(row 1 of the batch\)"):
        ARRAY_MATH.require(
            np.array([1.0, -2.0, -3.0]) > 0, "log", "needs a positive input", np.array([1.0, -2.0, -3.0])
        )
    ARRAY_MATH.require(np.array([True, True]), "log", "never raised", 0.0)


@settings(max_examples=30, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 5), min_size=2, max_size=4),
    act=st.sampled_from(["tanh", "relu", "leaky_relu", "sigmoid", "linear"]),
    out_act=st.just("sigmoid"),
    loss=st.sampled_from([mse, bce]),
    seed=st.integers(0, 10_000),
    batch=st.integers(1, 12),
    fuse=st.booleans(),
)
def test_random_mlps_losses_and_batches_equal_the_scalar_engine(sizes, act, out_act, loss, seed, batch, fuse):
    model = MLP(sizes + [1], act, out_act, seed=seed, slope=0.05)
    rng = np.random.default_rng(seed)
    X = rng.normal(0, 2, (batch, sizes[0]))
    y = rng.integers(0, 2, batch).astype(float)
    ref_losses, ref_grads = scalar_run(model, loss, X, y)
    losses, grads, _ = tape_run(model, loss, X, y, fuse=fuse)
    assert_close(losses, ref_losses, "per-sample losses")
    assert_close(grads, ref_grads, "parameter gradients")


def test_nn_models_and_losses_record_per_sample():
    nn = pytest.importorskip("nn")
    model = nn.MLP(2, [8, 8, 1], activation="relu", output_activation="sigmoid", seed=0)
    X, y = moons(60, seed=0)
    tape = Tape.record(lambda xs: nn.binary_cross_entropy(model(xs[:2]), xs[2]), inputs=3, model=model)
    assert "3 matrix products" in repr(tape)
    model.zero_grad()
    losses = tape.forward(np.column_stack([X, y]))[:, 0]
    tape.backward()
    ours = [p.grad for p in model.parameters()]
    model.zero_grad()
    loss = nn.binary_cross_entropy([model(row) for row in X.tolist()], y.tolist())
    loss.backward()
    assert_close(losses.mean(), loss.data, "mean loss")
    assert_close(ours, [p.grad for p in model.parameters()], "gradients")
