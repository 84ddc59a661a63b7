"""The tape replays a graph recorded once over numpy batches, with the scalar engine's results.

Every test compares with the scalar engine run sample by sample: outputs
and parameter gradients must agree within 1e-12 relative (float64), for
the fused tape (matrix products) and the node-by-node reference alike.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from autograd import Constant, Value, add, no_grad
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
            neurons = [([Value(rng.uniform(-1, 1), label=f"L{l}.N{n}.w{k}") for k in range(1, nin + 1)],
                        Value(rng.uniform(-0.5, 0.5), label=f"L{l}.N{n}.b")) for n in range(1, nout + 1)]
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
    X = np.where(upper[:, None], np.c_[np.cos(angle), np.sin(angle)],
                 np.c_[1 - np.cos(angle), 0.5 - np.sin(angle)]) + rng.normal(0, 0.1, (n, 2))
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
