"""Property-based tests: random expression graphs, nodes reused, against PyTorch and against themselves.

A random graph is a small program: 2 to 4 leaves, then steps that each
apply one op to nodes picked from everything made so far (so nodes are
reused, and some feed several later steps). The output adds up every node
with one n-ary ``add``, so every step matters. The ops keep values in a safe
range by construction (a tanh or sigmoid squashes an operand, a log gets
x*x + 1), so no example hits a domain error or an overflow.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, topological_order


@dataclass(frozen=True)
class Step:
    """One op of a random graph: ``fn(E, *operands)`` on ``arity`` earlier nodes."""

    name: str
    arity: int
    fn: object


STEPS = [
    Step("x + y", 2, lambda E, x, y: x + y),
    Step("x - y", 2, lambda E, x, y: x - y),
    Step("x * tanh(y)", 2, lambda E, x, y: x * y.tanh()),
    Step("x / (y * y + 1)", 2, lambda E, x, y: x / (y * y + 1)),
    Step("max(x, y)", 2, lambda E, x, y: E.maximum(x, y)),
    Step("add(x, y, z)", 3, lambda E, x, y, z: E.add(x, y, z)),
    Step("(sigmoid(x) + 0.5) ** tanh(y)", 2, lambda E, x, y: (x.sigmoid() + 0.5) ** y.tanh()),
    Step("2 - x", 1, lambda E, x: 2 - x),
    Step("3 / (x * x + 1)", 1, lambda E, x: 3 / (x * x + 1)),
    Step("-x", 1, lambda E, x: -x),
    Step("tanh(x) ** 3", 1, lambda E, x: x.tanh() ** 3),
    Step("(x * x + 1) ** -0.5", 1, lambda E, x: (x * x + 1) ** -0.5),
    Step("2 ** tanh(x)", 1, lambda E, x: 2 ** x.tanh()),
    Step("exp(tanh(x))", 1, lambda E, x: x.tanh().exp()),
    Step("log(x * x + 1)", 1, lambda E, x: (x * x + 1).log()),
    Step("tanh", 1, lambda E, x: x.tanh()),
    Step("sin", 1, lambda E, x: x.sin()),
    Step("x * cos(y)", 2, lambda E, x, y: x * y.cos()),
    Step("sigmoid", 1, lambda E, x: x.sigmoid()),
    Step("relu", 1, lambda E, x: x.relu()),
    Step("leaky_relu(0.1)", 1, lambda E, x: E.leaky_relu(x, 0.1)),
]

leaf_values = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False, allow_infinity=False)


@st.composite
def programs(draw):
    """(leaf values, [(step, operand indices), ...]): operands index any node made before."""
    leaves = draw(st.lists(leaf_values, min_size=2, max_size=4))
    program = []
    for made in range(len(leaves), len(leaves) + draw(st.integers(1, 20))):
        step = draw(st.sampled_from(STEPS))
        operands = tuple(draw(st.integers(0, made - 1)) for _ in range(step.arity))
        program.append((step, operands))
    return leaves, program


def as_expression(program):
    """The program as an ``expr(E, *leaves)`` for the two-engine helper in conftest.py."""

    def expr(E, *leaves):
        nodes = list(leaves)
        for step, operands in program:
            nodes.append(step.fn(E, *[nodes[i] for i in operands]))
        return E.add(*nodes[len(leaves) :])

    return expr


@pytest.mark.torch
@settings(max_examples=150, deadline=None)
@given(programs())
def test_random_graphs_match_pytorch(in_both, case):
    leaves, program = case
    ours, theirs = in_both(as_expression(program), leaves)
    # Sums of terms can cancel; a difference that is tiny next to the largest
    # term the pass added (value or gradient) is rounding, not a wrong rule.
    steps = ours.root.backward_steps()
    data_scale = max(abs(node.data) for node in topological_order(ours.root))
    grad_scale = max(abs(p) for step in steps for p in step.products + (step.upstream,))
    assert ours.data == pytest.approx(theirs.data, rel=1e-9, abs=1e-12 * data_scale)
    assert ours.grads == pytest.approx(theirs.grads, rel=1e-9, abs=1e-12 * grad_scale), (
        f"program {[(s.name, ops) for s, ops in program]}"
    )


@settings(max_examples=150, deadline=None)
@given(programs())
def test_random_graphs_steps_equal_backward_exactly(chainrule_engine, case):
    leaves, program = case
    root = as_expression(program)(chainrule_engine, *[Value(x) for x in leaves])
    steps = root.backward_steps()
    nodes = topological_order(root)
    assert len(steps) == len(nodes) and {id(s.node) for s in steps} == {id(n) for n in nodes}
    total = {root: 1.0}
    for step in steps:
        for child, product in zip(step.inputs, step.products):
            total[child] = total.get(child, 0.0) + product
    root.backward()
    assert all(node.grad == total[node] for node in nodes)
    once = [node.grad for node in nodes]
    root.backward()
    assert [node.grad for node in nodes] == [2 * g for g in once]


def recursive_order(root):
    """The depth-first order as its definition reads, recursively (fine on these small graphs)."""
    order, visited = [], set()

    def visit(node):
        for child in node.inputs:
            if child not in visited:
                visited.add(child)
                visit(child)
        order.append(node)

    visited.add(root)
    visit(root)
    return order


@settings(max_examples=150, deadline=None)
@given(programs())
def test_topological_order_is_the_recursive_depth_first_order(chainrule_engine, case):
    # The order is public (drawings number their nodes by it, backward sums in it), so the
    # loop must give exactly the recursive walk's order, not just some valid order.
    leaves, program = case
    root = as_expression(program)(chainrule_engine, *[Value(x) for x in leaves])
    order = topological_order(root)
    assert [id(node) for node in order] == [id(node) for node in recursive_order(root)]
    position = {id(node): k for k, node in enumerate(order)}
    assert all(position[id(child)] < position[id(node)] for node in order for child in node.inputs)
