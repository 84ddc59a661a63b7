"""nn.RNNCell: the recurrent cell of lecture note 001, against torch.nn.RNNCell and by its own definition."""

from __future__ import annotations

import math

import pytest

import nn
from autograd import Value, add

XS = [[0.5, -1.0], [1.5, 0.25], [-0.75, 2.0], [0.1, 0.3]]  # four time steps of two inputs


def _copy_weights_to_torch(cell: nn.RNNCell, torch, nonlinearity: str = "tanh"):
    module = torch.nn.RNNCell(cell.nin, cell.nhidden, nonlinearity=nonlinearity).double()
    with torch.no_grad():
        module.weight_ih.copy_(torch.tensor([[w.data for w in row] for row in cell.Wxh], dtype=torch.float64))
        module.weight_hh.copy_(torch.tensor([[w.data for w in row] for row in cell.Whh], dtype=torch.float64))
        module.bias_ih.copy_(torch.tensor([b.data for b in cell.b], dtype=torch.float64))
        module.bias_hh.zero_()  # torch's two biases add up to the one b of chainrule's cell
    return module


@pytest.mark.torch
@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_unrolled_cell_matches_torch_rnncell_outputs_and_gradients(torch, activation):
    cell = nn.RNNCell(2, 3, activation=activation, seed=4)
    module = _copy_weights_to_torch(cell, torch, nonlinearity=activation)

    states = cell.unroll(XS)
    loss = add(*[h for state in states for h in state]) * 0.5 + states[-1][0] * states[-1][1]
    loss.backward()

    h = torch.zeros(1, 3, dtype=torch.float64)
    theirs = []
    for x in XS:
        h = module(torch.tensor([x], dtype=torch.float64), h)
        theirs.append(h)
    torch_loss = sum(s.sum() for s in theirs) * 0.5 + theirs[-1][0, 0] * theirs[-1][0, 1]
    torch_loss.backward()

    for ours, expected in zip(states, theirs):
        assert [v.data for v in ours] == pytest.approx(expected[0].tolist(), rel=1e-12, abs=1e-14)
    assert loss.data == pytest.approx(torch_loss.item(), rel=1e-12)
    grads = {
        "Wxh": [[w.grad for w in row] for row in cell.Wxh],
        "Whh": [[w.grad for w in row] for row in cell.Whh],
    }
    for ours, expected in ((grads["Wxh"], module.weight_ih.grad), (grads["Whh"], module.weight_hh.grad)):
        for row, expected_row in zip(ours, expected.tolist()):
            assert row == pytest.approx(expected_row, rel=1e-10, abs=1e-13)
    assert [b.grad for b in cell.b] == pytest.approx(module.bias_ih.grad.tolist(), rel=1e-10, abs=1e-13)


def _untied_unroll(cell: nn.RNNCell, xs) -> tuple[list[Value], list[nn.RNNCell]]:
    """The same sequence with a fresh copy of the weights at every step (same numbers, separate Values)."""
    copies, h = [], [0.0] * cell.nhidden
    for x in xs:
        copy = nn.RNNCell(cell.nin, cell.nhidden, seed=0)
        copy.load_state_dict(cell.state_dict())
        h = copy(x, h)
        copies.append(copy)
    return h, copies


def test_reused_weight_gradient_is_the_sum_over_its_time_steps():
    cell = nn.RNNCell(2, 2, seed=1)
    states = cell.unroll(XS)
    (states[-1][0] + 2 * states[-1][1]).backward()

    h, copies = _untied_unroll(cell, XS)
    (h[0] + 2 * h[1]).backward()

    for index, shared in enumerate(cell.parameters()):
        per_step = [copy.parameters()[index].grad for copy in copies]
        assert len({round(g, 15) for g in per_step}) > 1, "each step gives its own gradient"
        assert shared.grad == pytest.approx(math.fsum(per_step), rel=1e-12, abs=1e-15), shared.label


def test_backward_steps_show_one_gradient_per_time_step_into_the_shared_weight():
    """The products flowing into Wxh[1,1], read off backward_steps: one per step, their sum is its .grad."""
    cell = nn.RNNCell(1, 1, seed=0)
    cell.load_state_dict({"Wxh[1,1]": 0.5, "Whh[1,1]": -1.0, "b[1]": 0.0})
    states = cell.unroll([[1.0], [2.0]])
    root = states[-1][0]
    w = cell.Wxh[0][0]
    into_w = {
        step.node.scope: product
        for step in root.backward_steps()
        for node, product in zip(step.node.inputs, step.products)
        if node is w
    }
    h1 = math.tanh(0.5)
    slope2 = 1 - math.tanh(1.0 - h1) ** 2
    assert into_w == pytest.approx({("t2",): slope2 * 2.0, ("t1",): slope2 * -1.0 * (1 - h1**2) * 1.0}, rel=1e-12)
    root.backward()
    assert w.grad == pytest.approx(sum(into_w.values()), rel=1e-12)


def test_cell_labels_parameters_and_accepts_numbers_or_values():
    cell = nn.RNNCell(2, 2, seed=0, name="RNN")
    assert [p.label for p in cell.parameters()] == [
        "RNN.Wxh[1,1]",
        "RNN.Wxh[1,2]",
        "RNN.Wxh[2,1]",
        "RNN.Wxh[2,2]",
        "RNN.Whh[1,1]",
        "RNN.Whh[1,2]",
        "RNN.Whh[2,1]",
        "RNN.Whh[2,2]",
        "RNN.b[1]",
        "RNN.b[2]",
    ]
    assert len(cell.weights()) == 8
    from_numbers = cell([1.0, 2.0], [0.5, -0.5])
    from_values = cell([Value(1.0), Value(2.0)], [Value(0.5), Value(-0.5)])
    assert [v.data for v in from_numbers] == [v.data for v in from_values]
    assert repr(cell) == "RNNCell(2 -> 2, tanh)"
    assert nn.RNNCell(2, 2, seed=3).state_dict() == nn.RNNCell(2, 2, seed=3).state_dict()


def test_unroll_puts_every_step_in_its_own_scope():
    cell = nn.RNNCell(1, 2, seed=0)
    states = cell.unroll([[1.0], [2.0], [3.0]])
    assert [state[0].scope for state in states] == [("t1",), ("t2",), ("t3",)]
    assert states[1][1].scope_entry.kind == "step"
    assert all(p.scope == () for p in cell.parameters())  # parameters belong to the steps that use them


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: nn.RNNCell(0, 2), "nin must be a whole number"),
        (lambda: nn.RNNCell(2, 0), "nhidden must be a whole number"),
        (lambda: nn.RNNCell(2, 2, activation="step"), "unknown activation"),
        (lambda: nn.RNNCell(2, 2, seed=0)([1.0], [0.0, 0.0]), "expects 2 inputs"),
        (lambda: nn.RNNCell(2, 2, seed=0)([1.0, 2.0], [0.0]), "hidden state of 2 values"),
        (lambda: nn.RNNCell(2, 2, seed=0)([1.0, 2.0], 0.0), "hidden state of 2 numbers"),
        (lambda: nn.RNNCell(2, 2, seed=0).unroll([]), "one per time step"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_unrolled_nodes_are_named_by_their_time_step():
    one = nn.RNNCell(1, 1, seed=0).unroll([[1.0], [2.0]])
    assert [h[0].label for h in one] == ["h1", "h2"]
    assert one[1][0].inputs[0].label == "z2"
    two = nn.RNNCell(2, 2, seed=0).unroll([[1.0, 2.0], [3.0, 4.0]])
    assert [h.label for h in two[1]] == ["h2[1]", "h2[2]"]
    products = two[1][0].inputs[0].inputs
    assert [node.inputs[1].label for node in products[:2]] == ["x2[1]", "x2[2]"]
    assert [node.inputs[1].label for node in products[2:4]] == ["h1[1]", "h1[2]"]
