"""The Jacobian of a layer (notebook 10) against torch.autograd.functional.jacobian, float64."""

from __future__ import annotations

import pytest

import autograd
import nn
from autograd import Value


@pytest.mark.torch
@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_layer_jacobian_matches_torch(torch, activation):
    jacobian = autograd.jacobian
    layer = nn.Layer(3, 4, activation=activation, seed=2)
    point = [1.0, -0.5, 2.0]
    xs = [Value(v) for v in point]
    ours = jacobian(layer(xs), xs)

    W = torch.tensor([[w.data for w in n.w] for n in layer.neurons], dtype=torch.float64)
    b = torch.tensor([n.b.data for n in layer.neurons], dtype=torch.float64)
    g = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}[activation]
    theirs = torch.autograd.functional.jacobian(lambda x: g(W @ x + b), torch.tensor(point, dtype=torch.float64))
    assert len(ours) == 4 and all(len(row) == 3 for row in ours)
    for row, expected in zip(ours, theirs.tolist()):
        assert row == pytest.approx(expected, rel=1e-12, abs=1e-15)


@pytest.mark.torch
def test_mlp_output_jacobian_is_upstream_times_the_layer_jacobians(torch):
    """The chain rule for vectors: d(out)/dx = d(out)/dh · dh/dx, as notebook 10 shows."""
    jacobian = autograd.jacobian
    model = nn.MLP(3, [4, 2], activation="relu", seed=0)
    xs = [Value(v) for v in (1.0, 2.0, 3.0)]
    hidden = model.layers[0](xs)
    outputs = model.layers[1](hidden)
    whole = torch.tensor(jacobian(outputs, xs), dtype=torch.float64)
    chained = torch.tensor(jacobian(outputs, hidden), dtype=torch.float64) @ torch.tensor(
        jacobian(hidden, xs), dtype=torch.float64
    )
    assert torch.allclose(whole, chained, rtol=1e-12, atol=1e-15)
