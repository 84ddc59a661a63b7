"""Optimizers: gradient descent by hand, and step for step against torch.optim in float64."""

from __future__ import annotations

import math

import pytest

import nn
from autograd import Value

START = [0.5, -1.5, 2.0]


def objective(w0, w1, w2, lib_exp):
    # A small non-quadratic function so that gradients change from step to step.
    return (w0 - 1.0) ** 2 + 3.0 * (w1 * w2 - 0.5) ** 2 + lib_exp(0.3 * w2) + w0 * w1


def run_ours(make_opt, steps):
    params = [Value(x, label=f"w{i}") for i, x in enumerate(START)]
    opt = make_opt(params)
    path = []
    for _ in range(steps):
        opt.zero_grad()
        objective(*params, lib_exp=lambda v: v.exp()).backward()
        opt.step()
        path.append([p.data for p in params])
    return path


def run_torch(torch, make_opt, steps):
    params = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in START]
    opt = make_opt(params)
    path = []
    for _ in range(steps):
        opt.zero_grad()
        objective(*params, lib_exp=torch.exp).backward()
        opt.step()
        path.append([p.item() for p in params])
    return path


def test_sgd_is_w_minus_lr_times_grad():
    w = Value(3.0)
    opt = nn.SGD([w], lr=0.1)
    (w * w).backward()  # grad 6
    opt.step()
    assert w.data == pytest.approx(3.0 - 0.1 * 6.0)
    opt.zero_grad()
    assert w.grad == 0.0 and not w.grad_computed
    assert opt.steps == 1


def test_momentum_remembers_the_previous_step():
    w = Value(0.0)
    opt = nn.SGD([w], lr=1.0, momentum=0.5)
    for _ in range(2):  # constant gradient 1 (J = w): velocity 1, then 0.5 * 1 + 1 = 1.5
        opt.zero_grad()
        (w * 1.0).backward()
        opt.step()
    assert w.data == pytest.approx(-1.0 - 1.5)


@pytest.mark.torch
@pytest.mark.parametrize(
    "ours, theirs",
    [
        (lambda p: nn.SGD(p, lr=0.05), lambda torch, p: torch.optim.SGD(p, lr=0.05)),
        (lambda p: nn.SGD(p, lr=0.01, momentum=0.9), lambda torch, p: torch.optim.SGD(p, lr=0.01, momentum=0.9)),
        (lambda p: nn.Adam(p, lr=0.1), lambda torch, p: torch.optim.Adam(p, lr=0.1)),
        (
            lambda p: nn.Adam(p, lr=0.02, betas=(0.8, 0.99), eps=1e-6),
            lambda torch, p: torch.optim.Adam(p, lr=0.02, betas=(0.8, 0.99), eps=1e-6),
        ),
    ],
    ids=["sgd", "sgd-momentum", "adam", "adam-betas-eps"],
)
def test_optimizers_match_torch_step_for_step(torch, ours, theirs):
    steps = 25
    ours_path = run_ours(ours, steps)
    torch_path = run_torch(torch, lambda p: theirs(torch, p), steps)
    for k, (a, b) in enumerate(zip(ours_path, torch_path)):
        assert a == pytest.approx(b, rel=1e-10, abs=1e-12), f"step {k + 1}"


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda p: nn.SGD(p, lr=0.0), ValueError),
        (lambda p: nn.SGD(p, lr=math.nan), ValueError),
        (lambda p: nn.SGD(p, lr=0.1, momentum=1.0), ValueError),
        (lambda p: nn.Adam(p, lr=-1.0), ValueError),
        (lambda p: nn.Adam(p, lr=0.1, betas=(0.9,)), ValueError),
        (lambda p: nn.Adam(p, lr=0.1, betas=(0.9, 1.0)), ValueError),
        (lambda p: nn.Adam(p, lr=0.1, eps=0.0), ValueError),
        (lambda p: nn.SGD([], lr=0.1), ValueError),
        (lambda p: nn.SGD([1.0, 2.0], lr=0.1), TypeError),
        (lambda p: nn.SGD(nn.Neuron(2), lr=0.1), TypeError),
    ],
)
def test_bad_settings_raise(call, error):
    with pytest.raises(error):
        call([Value(1.0)])


def test_a_diverging_step_raises_and_changes_nothing():
    w = Value(1e300, label="w")
    opt = nn.SGD([w], lr=1e10)
    w.grad = 1e300  # as if a huge gradient had arrived
    with pytest.raises(OverflowError, match="'w'.*smaller learning rate"):
        opt.step()
    assert w.data == 1e300
