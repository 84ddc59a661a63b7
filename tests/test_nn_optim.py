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


# ---- one rule on arrays: bit for bit the formulas for one number ----------------------------


def reference_steps(kind, data, grads, lr, momentum=0.0, betas=(0.9, 0.999), eps=1e-8):
    """The lecture's formulas, one Python float at a time (the scalar step as it was written before arrays)."""
    velocity, m, v = [0.0] * len(data), [0.0] * len(data), [0.0] * len(data)
    path = []
    for t, grad in enumerate(grads, 1):
        if kind == "sgd":
            data = [w - lr * g for w, g in zip(data, grad)]
        elif kind == "momentum":
            velocity = [g if t == 1 else momentum * u + g for u, g in zip(velocity, grad)]
            data = [w - lr * u for w, u in zip(data, velocity)]
        else:
            b1, b2 = betas
            c1, c2 = 1.0 - b1**t, 1.0 - b2**t
            m = [b1 * a + (1.0 - b1) * g for a, g in zip(m, grad)]
            v = [b2 * a + (1.0 - b2) * g * g for a, g in zip(v, grad)]
            data = [w - lr * (a / c1) / (math.sqrt(s / c2) + eps) for w, a, s in zip(data, m, v)]
        path.append(data)
    return path


OPTIMIZERS = {
    "sgd": lambda params: nn.SGD(params, lr=0.05),
    "momentum": lambda params: nn.SGD(params, lr=0.05, momentum=0.9),
    "adam": lambda params: nn.Adam(params, lr=0.01),
}
SETTINGS = {"sgd": {"lr": 0.05}, "momentum": {"lr": 0.05, "momentum": 0.9}, "adam": {"lr": 0.01}}


@pytest.mark.parametrize("kind", ["sgd", "momentum", "adam"])
def test_step_and_step_arrays_equal_the_formulas_bit_for_bit_over_many_steps(kind):
    import numpy as np

    rng = np.random.default_rng(0)
    start = rng.normal(size=50).tolist()
    grads = [(rng.normal(size=50) * 10.0 ** rng.integers(-8, 4, size=50)).tolist() for _ in range(300)]
    expected = reference_steps(kind, start, grads, **SETTINGS[kind])

    params = [Value(w) for w in start]  # step(): on the Values
    opt = OPTIMIZERS[kind](params)
    data = np.array(start)  # step_arrays(): on arrays, as a tape holds them
    on_arrays = OPTIMIZERS[kind]([Value(0.0) for _ in start])
    for grad, want in zip(grads, expected):
        for p, g in zip(params, grad):
            p.grad = g
        opt.step()
        on_arrays.step_arrays(data, np.array(grad))
        assert [p.data for p in params] == want  # exactly equal floats, not approximately
        assert data.tolist() == want
        assert all(type(p.data) is float for p in params)
    assert opt.steps == on_arrays.steps == len(grads)


@pytest.mark.parametrize("kind", ["sgd", "momentum", "adam"])
def test_a_failed_step_changes_nothing_and_the_next_step_works(kind):
    params = [Value(1.0, label="w"), Value(-2.0, label="u")]
    opt = OPTIMIZERS[kind](params)
    for p in params:
        p.grad = 0.5
    opt.step()
    if kind == "adam":
        params[1].grad = 1e200  # grad^2 overflows: Adam's v would be inf (and every later step stuck)
    else:
        params[1].data, params[1].grad = 1.79e308, -1e308  # w - lr * grad overflows
    before = ([p.data for p in params], opt.steps, {n: list(getattr(opt, n)) for n in opt.state_names})
    label = "'u'" if kind != "adam" else "'u''s v"
    with pytest.raises(OverflowError, match=f"parameter {label}.*nothing was changed"):
        opt.step()
    after = ([p.data for p in params], opt.steps, {n: list(getattr(opt, n)) for n in opt.state_names})
    assert after == before
    params[1].data, params[1].grad = -2.0, 0.5  # the next good step goes on from the state before the failure
    opt.step()
    assert opt.steps == 2 and all(math.isfinite(p.data) for p in params)
    assert all(all(map(math.isfinite, getattr(opt, n))) for n in opt.state_names)


def test_step_arrays_checks_its_shapes():
    import numpy as np

    opt = nn.SGD([Value(1.0), Value(2.0)], lr=0.1)
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        opt.step_arrays(np.zeros(3), np.zeros(3))
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        opt.step_arrays(np.zeros(2), np.zeros((2, 1)))


@pytest.mark.parametrize("kind", ["sgd", "adam"])
def test_a_failed_step_on_arrays_changes_nothing(kind):
    import numpy as np

    opt = OPTIMIZERS[kind]([Value(1.0), Value(2.0)])
    data, grad = np.array([1.0, 1.79e308]), np.array([0.5, -1e308 if kind == "sgd" else 1e200])
    with pytest.raises(OverflowError, match="parameter 1"):
        opt.step_arrays(data, grad)
    assert data.tolist() == [1.0, 1.79e308] and opt.steps == 0
    assert all(list(getattr(opt, n)) == [0.0, 0.0] for n in opt.state_names)
