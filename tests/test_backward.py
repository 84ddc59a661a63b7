"""The backward pass: accumulation, zeroing, the step-by-step record, depth and overflow."""

from __future__ import annotations

import gc
import math
import random

import pytest

from autograd import BackwardStep, Value, add, pause_gc, topological_order

# ---- graphs to run the pass on -------------------------------------------


def textbook():
    a, b, c = Value(5.0, label="a"), Value(3.0, label="b"), Value(2.0, label="c")
    return 3 * (a + b * c)


def reused():
    x = Value(0.7, label="x")
    y = x * x * x + x / (x + 1)
    return (y - x).tanh() * y + 2**x


def diamond_with_kinks():
    x, y = Value(-0.4, label="x"), Value(1.3, label="y")
    u = x * y
    return add(u.relu(), u.leaky_relu(0.1), u.max(x), (y - u).sigmoid(), x.max(x)).exp()


def dense_mlp(seed: int = 0):
    """A 3-4-4-1 network and a squared error: every node of a layer feeds every neuron of the next."""
    rng = random.Random(seed)
    activations = ["tanh", "relu", "sigmoid"]
    inputs = [Value(x, label=f"x{i}") for i, x in enumerate([0.5, -1.2, 2.0])]
    layer = inputs
    for depth, width in enumerate([4, 4, 1]):
        outputs = []
        for n in range(width):
            w = [Value(rng.uniform(-1, 1), label=f"L{depth + 1}.N{n + 1}.w{k + 1}") for k in range(len(layer))]
            b = Value(rng.uniform(-1, 1), label=f"L{depth + 1}.N{n + 1}.b")
            z = add(*[wk * xk for wk, xk in zip(w, layer)], b)
            outputs.append(getattr(z, activations[depth])())
        layer = outputs
    return (layer[0] - 0.25) ** 2


GRAPHS = [textbook, reused, diamond_with_kinks, dense_mlp]
each_graph = pytest.mark.parametrize("make", GRAPHS, ids=[g.__name__ for g in GRAPHS])


# ---- accumulation and zeroing ---------------------------------------------


def test_backward_twice_accumulates_and_never_uses_old_grads_as_upstream():
    x = Value(3.0, label="x")
    y = x * x
    y.backward()
    assert (x.grad, y.grad) == (6.0, 1.0)
    y.backward()
    assert x.grad == 12.0  # 6 + 6; reading y.grad == 1 as upstream the second time would not change it,
    assert y.grad == 2.0  # but the root's own grad accumulates too
    z = x * x * x
    z.backward()
    assert x.grad == 12.0 + 27.0


def test_backward_from_an_inner_node_reaches_only_its_inputs():
    a, b = Value(2.0), Value(5.0)
    u = a * 4
    v = u + b
    u.backward()
    assert (a.grad, u.grad, b.grad, v.grad) == (4.0, 1.0, 0.0, 0.0)
    assert not b.grad_computed and not v.grad_computed and a.grad_computed


@each_graph
def test_zero_grad_zeroes_the_whole_graph(make):
    root = make()
    nodes = topological_order(root)
    assert not any(node.grad_computed for node in nodes)
    root.backward()
    assert all(node.grad_computed for node in nodes)
    first = [node.grad for node in nodes]
    assert any(g != 0.0 for g in first[:-1])
    root.zero_grad()
    assert all(node.grad == 0.0 and not node.grad_computed for node in nodes)
    root.backward()
    assert [node.grad for node in nodes] == first


@each_graph
def test_two_passes_add_up_to_twice_one_pass(make):
    root = make()
    root.backward()
    once = [node.grad for node in topological_order(root)]
    root.backward()
    assert [node.grad for node in topological_order(root)] == [2 * g for g in once]


# ---- backward_steps: the same pass, as data ----------------------------------


def sum_steps(root, steps) -> dict:
    """The root's 1.0 plus every step's products, summed per node in step order."""
    total = {root: 1.0}
    for step in steps:
        for child, product in zip(step.inputs, step.products):
            total[child] = total.get(child, 0.0) + product
    return total


@each_graph
def test_backward_steps_add_up_exactly_to_what_backward_adds(make):
    root = make()
    steps = root.backward_steps()
    nodes = topological_order(root)
    assert all(node.grad == 0.0 and not node.grad_computed for node in nodes)  # steps change no .grad
    total = sum_steps(root, steps)
    root.backward()
    assert set(total) == set(nodes)
    for node in nodes:
        assert node.grad == total[node], node  # exactly, not approximately
    for step in steps:
        assert step.upstream == step.node.grad


@each_graph
def test_one_step_per_node_consumers_before_inputs(make):
    root = make()
    steps = root.backward_steps()
    assert all(isinstance(step, BackwardStep) for step in steps)
    assert [step.node for step in steps] == topological_order(root)[::-1]
    assert steps[0].node is root and steps[0].upstream == 1.0
    done = set()
    for step in steps:
        assert step.node not in done
        assert all(child not in done for child in step.inputs)  # an input's turn comes after its consumers
        done.add(step.node)


@each_graph
def test_each_step_multiplies_local_gradient_by_upstream(make):
    for step in make().backward_steps():
        assert step.inputs == step.node.inputs
        assert step.local_grads == step.node.local_grads
        assert step.products == tuple(local * step.upstream for local in step.local_grads)
        assert len(step.products) == len(step.inputs)


def test_backward_steps_are_repeatable_and_leave_the_graph_alone():
    root = dense_mlp()
    first = [(s.upstream, s.products) for s in root.backward_steps()]
    root.backward()
    grads = [n.grad for n in topological_order(root)]
    second = [(s.upstream, s.products) for s in root.backward_steps()]
    assert first == second  # earlier grads are never read as upstream
    assert [n.grad for n in topological_order(root)] == grads


# ---- depth ----------------------------------------------------------------


@pytest.mark.slow
def test_a_chain_of_a_million_nodes():
    x = Value(0.5, label="x")
    y = x
    for _ in range(1_000_000):
        y = -y
    y.backward()  # no RecursionError: the walk is a loop
    assert y.data == 0.5 and x.grad == 1.0  # (-1) ** 1_000_000
    assert len(topological_order(y)) == 1_000_001
    assert len(repr(y)) < 100
    del y  # freeing the chain must not overflow the C stack either


# ---- overflow in the backward pass ------------------------------------------


def test_a_gradient_too_large_for_a_float_raises_and_adds_nothing():
    x = Value(1e-300, label="x")
    z = x * Value(1e200) * Value(1e200)  # forward fits: 1e100; but dz/dx = 1e400 does not
    assert z.data == pytest.approx(1e100)
    with pytest.raises(OverflowError, match="backward"):
        z.backward()
    with pytest.raises(OverflowError, match="backward"):
        z.backward_steps()
    assert all(node.grad == 0.0 for node in topological_order(z))


def test_a_failed_pass_leaves_gradients_reading_not_computed():
    """Drawings show "not computed yet" from grad_computed: a pass that raised computed nothing."""
    x = Value(1e-300, label="x")
    z = x * Value(1e200) * Value(1e200)
    with pytest.raises(OverflowError):
        z.backward()
    assert not any(node.grad_computed for node in topological_order(z))


def test_accumulating_grads_past_the_float_range_is_not_silent():
    """Two passes that each add 1e308 to x.grad: the sum does not fit, so say so (never a silent inf)."""
    x = Value(1.0, label="x")
    y = x * 1e308
    y.backward()
    assert x.grad == 1e308
    with pytest.raises(OverflowError):
        y.backward()
    assert math.isfinite(x.grad)


def test_a_step_lists_each_edge_as_input_local_gradient_and_product():
    x, y = Value(2.0, label="x"), Value(5.0, label="y")
    z = x * y
    first = z.backward_steps()[0]
    assert first.node is z and first.upstream == 1.0
    assert first.edges == ((x, 5.0, 5.0), (y, 2.0, 2.0))


def test_pause_gc_restores_the_collector_even_after_an_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with pause_gc():
            assert not gc.isenabled()
            raise RuntimeError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with pause_gc():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
