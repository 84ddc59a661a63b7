"""Losses and penalties: hand-computed cases, stability at the edges, PyTorch float64 parity."""

from __future__ import annotations

import math

import pytest

import nn
from autograd import Value


def values(numbers):
    return [Value(x, label=f"p{i}") for i, x in enumerate(numbers)]


def test_mse_is_the_mean_of_squared_errors_by_hand():
    p = values([0.5, 2.0, -1.0])
    loss = nn.mse(p, [1.0, 1.0, 1.0])
    assert loss.data == pytest.approx((0.25 + 1.0 + 4.0) / 3)
    loss.backward()
    # d/dp mean (p - t)^2 = 2 (p - t) / n
    assert [v.grad for v in p] == pytest.approx([2 * -0.5 / 3, 2 * 1.0 / 3, 2 * -2.0 / 3])
    assert loss.label == "MSE"


def test_mse_accepts_one_value_and_a_batch_of_output_lists():
    assert nn.mse(Value(3.0), 1).data == 4.0
    batch = [values([1.0, 2.0]), values([3.0, 4.0])]
    assert nn.mse(batch, [[1.0, 1.0], [1.0, 1.0]]).data == pytest.approx((0 + 1 + 4 + 9) / 4)


@pytest.mark.parametrize(
    "call",
    [
        lambda: nn.mse(values([1.0, 2.0]), [1.0]),
        lambda: nn.mse(Value(1.0), [1.0, 2.0]),
        lambda: nn.mse([], []),
        lambda: nn.mse(values([1.0]), ["a"]),
        lambda: nn.binary_cross_entropy(Value(0.5), 2),
        lambda: nn.binary_cross_entropy(Value(1.5), 1),
        lambda: nn.cross_entropy(values([1.0, 2.0]), 2),
        lambda: nn.cross_entropy(values([1.0, 2.0]), True),
        lambda: nn.cross_entropy(values([1.0, 2.0]), 0.0),
        lambda: nn.cross_entropy([values([1.0, 2.0])] * 2, [0]),
        lambda: nn.softmax([]),
    ],
)
def test_bad_shapes_and_labels_raise_value_error(call):
    with pytest.raises(ValueError):
        call()


def test_binary_cross_entropy_is_finite_at_probabilities_zero_and_one():
    # A right answer given with certainty costs nothing; a wrong one costs the clamp, -log(e^-100) = 100.
    assert nn.binary_cross_entropy(Value(1.0), 1).data == pytest.approx(0.0, abs=1e-12)
    assert nn.binary_cross_entropy(Value(0.0), 0).data == pytest.approx(0.0, abs=1e-12)
    assert nn.binary_cross_entropy(Value(0.0), 1).data == pytest.approx(100.0)
    assert nn.binary_cross_entropy(Value(1.0), 0).data == pytest.approx(100.0)
    loss = nn.binary_cross_entropy(values([0.0, 1.0, 0.3]), [1, 0, 1])
    loss.backward()  # no log(0), no NaN anywhere
    assert math.isfinite(loss.data)
    # the clamp is visible in the graph as a max node
    assert "max" in {node.op for node in _nodes(loss)}


def _nodes(root):
    from autograd import topological_order

    return topological_order(root)


def test_bce_with_logits_has_gradient_sigmoid_minus_target_everywhere():
    for z0, t in [(0.0, 1), (0.0, 0), (3.0, 1), (-2.5, 0), (800.0, 0), (-800.0, 1)]:
        z = Value(z0)
        loss = nn.binary_cross_entropy_with_logits(z, t)
        loss.backward()
        s = 1 / (1 + math.exp(-z0)) if z0 > -700 else 0.0
        assert z.grad == pytest.approx(s - t, abs=1e-12)
        expected = max(z0, 0) + math.log1p(math.exp(-abs(z0))) - t * z0
        assert loss.data == pytest.approx(expected, rel=1e-12)


def test_cross_entropy_is_stable_for_logits_of_plus_minus_1000():
    z = values([1000.0, -1000.0, 0.0])
    loss = nn.cross_entropy(z, 0)
    assert loss.data == pytest.approx(0.0, abs=1e-12)
    loss.backward()
    assert [v.grad for v in z] == pytest.approx([0.0, 0.0, 0.0], abs=1e-12)
    z = values([1000.0, -1000.0])
    loss = nn.cross_entropy(z, 1)
    assert loss.data == pytest.approx(2000.0)
    loss.backward()
    assert [v.grad for v in z] == pytest.approx([1.0, -1.0])  # softmax - one_hot


def test_softmax_sums_to_one_and_is_shift_invariant():
    p = nn.softmax(values([1.0, 2.0, 3.0]))
    q = nn.softmax(values([1001.0, 1002.0, 1003.0]))
    assert sum(v.data for v in p) == pytest.approx(1.0)
    assert [v.data for v in p] == pytest.approx([v.data for v in q], rel=1e-12)


def test_penalties_by_hand():
    w = values([-2.0, 3.0, 0.0])
    l1 = nn.l1(w)
    l1.backward()
    assert l1.data == 5.0
    assert [v.grad for v in w] == [-1.0, 1.0, 0.0]  # sign(w), 0 at w = 0
    w = values([-2.0, 3.0])
    l2 = nn.l2(w)
    l2.backward()
    assert l2.data == 13.0
    assert [v.grad for v in w] == [-4.0, 6.0]  # 2w
    assert nn.l2([]).data == 0.0
    with pytest.raises(TypeError):
        nn.l1([1.0, 2.0])


@pytest.mark.torch
def test_losses_match_torch_float64(torch):
    F = torch.nn.functional
    f64 = torch.float64
    cases = [
        ("mse", [0.3, -1.2, 2.5, 0.0], [1.0, -1.0, 0.5, 0.0], lambda a, t: nn.mse(a, t), lambda a, t: F.mse_loss(a, t)),
        (
            "bce",
            [0.1, 0.75, 0.999, 0.5],
            [0.0, 1.0, 1.0, 0.0],
            lambda a, t: nn.binary_cross_entropy(a, t),
            lambda a, t: F.binary_cross_entropy(a, t),
        ),
        (
            "bce_logits",
            [-3.0, 0.0, 2.0, 40.0],
            [0.0, 1.0, 1.0, 0.0],
            lambda a, t: nn.binary_cross_entropy_with_logits(a, t),
            lambda a, t: F.binary_cross_entropy_with_logits(a, t),
        ),
    ]
    for name, preds, targets, ours_fn, torch_fn in cases:
        ours_in = values(preds)
        ours = ours_fn(ours_in, targets)
        ours.backward()
        a = torch.tensor(preds, dtype=f64, requires_grad=True)
        theirs = torch_fn(a, torch.tensor(targets, dtype=f64))
        theirs.backward()
        assert ours.data == pytest.approx(theirs.item(), rel=1e-12), name
        assert [v.grad for v in ours_in] == pytest.approx(a.grad.tolist(), rel=1e-10, abs=1e-15), name


@pytest.mark.torch
def test_cross_entropy_and_softmax_match_torch_float64(torch):
    F = torch.nn.functional
    logits = [[2.0, 1.0, 0.1], [-1.0, 3.0, 0.5], [1000.0, -1000.0, 0.0], [0.0, 0.0, 0.0]]
    targets = [0, 2, 1, 1]
    ours_in = [values(row) for row in logits]
    ours = nn.cross_entropy(ours_in, targets)
    ours.backward()
    a = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    theirs = F.cross_entropy(a, torch.tensor(targets))
    theirs.backward()
    assert ours.data == pytest.approx(theirs.item(), rel=1e-12)
    assert [[v.grad for v in row] for row in ours_in] == [
        pytest.approx(r, abs=1e-15, rel=1e-10) for r in a.grad.tolist()
    ]
    sm = nn.softmax(values(logits[1]))
    assert [v.data for v in sm] == pytest.approx(F.softmax(a[1].detach(), dim=0).tolist(), rel=1e-12)


@pytest.mark.torch
def test_bce_at_the_edges_matches_torch_clamp(torch):
    F = torch.nn.functional
    for p, t in [(0.0, 1.0), (1.0, 0.0), (0.0, 0.0), (1.0, 1.0)]:
        ours = nn.binary_cross_entropy(Value(p), t).data
        theirs = F.binary_cross_entropy(
            torch.tensor([p], dtype=torch.float64), torch.tensor([t], dtype=torch.float64)
        ).item()
        assert ours == pytest.approx(theirs, abs=1e-9)


@pytest.mark.torch
def test_penalties_match_torch(torch):
    w = [0.5, -1.5, 2.0]
    ours_in = values(w)
    total = 0.1 * nn.l1(ours_in) + 0.01 * nn.l2(ours_in)
    total.backward()
    a = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    theirs = 0.1 * a.abs().sum() + 0.01 * (a**2).sum()
    theirs.backward()
    assert total.data == pytest.approx(theirs.item(), rel=1e-12)
    assert [v.grad for v in ours_in] == pytest.approx(a.grad.tolist(), rel=1e-12)
