"""weighted_sum on the scalar engine: exactly the nodes ``add(*[w * x ...], b)`` makes, by a faster loop.

``weighted_sum`` builds a neuron's products with ``autograd.value.products``
(one loop, the thread's mode read once) instead of one ``*`` per product.
These tests hold it to the expression it stands for: the same numbers, ops,
edges, local gradients, scopes and errors, under ``no_grad`` too.
"""

from __future__ import annotations

import math

import pytest

from autograd import Constant, Value, add, no_grad, scope, topological_order, weighted_sum
from autograd.value import products


def shape(root):
    """Everything a drawing or backward reads off a graph, node by node in its order.

    Inputs are named by their place in the order; a leaf by itself (the same weight
    and input objects must be in both graphs).
    """
    order = topological_order(root)
    place = {id(n): k for k, n in enumerate(order)}
    return [
        (type(n).__name__, n.op, n.data, n.label, n.local_grads, n.scope, [place[id(i)] for i in n.inputs])
        + ((id(n),) if n.is_leaf else ())
        for n in order
    ]


def make(n, seed=1.0):
    weights = [Value(seed * (k - n / 2) / 7, label=f"w{k}") for k in range(n)]
    xs = [Value(math.sin(k + seed), label=f"x{k}") for k in range(n)]
    return weights, xs, Value(0.25, label="b")


@pytest.mark.parametrize("n", [1, 2, 16, 300])
@pytest.mark.parametrize("with_bias", [True, False])
def test_the_same_graph_as_the_expression_it_stands_for(n, with_bias):
    weights, xs, b = make(n)
    bias = b if with_bias else None
    with scope("L1", kind="layer"), scope("N1", kind="neuron"):
        ours = weighted_sum(weights, xs, bias)
        terms = [w * x for w, x in zip(weights, xs)] + ([b] if with_bias else [])
        theirs = add(*terms) if len(terms) > 1 else terms[0]
    assert shape(ours) == shape(theirs)
    assert ours.scope == ("L1", "N1") and all(p.scope == ("L1", "N1") for p in ours.inputs if not p.is_leaf)
    ours.backward()
    first = [w.grad for w in weights] + [x.grad for x in xs] + [b.grad]
    for v in [*weights, *xs, b]:
        v.grad = 0.0
    theirs.backward()
    assert [w.grad for w in weights] + [x.grad for x in xs] + [b.grad] == first  # exactly


def test_products_are_the_nodes_of_star_one_by_one():
    weights, xs, _ = make(5)
    for ours, w, x in zip(products(weights, xs), weights, xs):
        theirs = w * x
        assert (ours.op, ours.data, ours.inputs, ours.local_grads, ours.label, ours.grad) == (
            theirs.op,
            theirs.data,
            theirs.inputs,
            theirs.local_grads,
            "",
            0.0,
        )
        assert not ours.grad_computed


def test_under_no_grad_the_sum_and_its_products_are_plain_leaves():
    weights, xs, b = make(4)
    with no_grad():
        z = weighted_sum(weights, xs, b)
        parts = products(weights, xs)
    assert z.is_leaf and z.op == "" and z.data == add(*[w * x for w, x in zip(weights, xs)], b).data
    assert all(p.is_leaf and p.op == "" for p in parts)


def test_plain_numbers_among_the_pieces_are_wrapped_as_star_and_add_would():
    w = [Value(2.0), 3.0]
    x = [4.0, Value(-1.0)]
    z = weighted_sum(w, x, 0.5)
    assert z.data == 2.0 * 4.0 + 3.0 * -1.0 + 0.5
    assert [type(t).__name__ for t in z.inputs] == ["Value", "Value", "Constant"]
    assert isinstance(weighted_sum([2.0], [3.0]), Value)  # a product of two numbers still gives a node
    lone = weighted_sum([Value(2.0)], [Value(3.0)])
    assert lone.op == "*"  # one product and no bias: no sum node around it
    with_number_bias = weighted_sum([Value(2.0)], [Value(3.0)], 1.0)
    assert with_number_bias.op == "+" and isinstance(with_number_bias.inputs[1], Constant)


def test_an_overflowing_product_raises_what_star_raises():
    w, x = [Value(1e200), Value(1.0)], [Value(1e200), Value(2.0)]
    with pytest.raises(OverflowError) as theirs:
        _ = w[0] * x[0]
    with pytest.raises(OverflowError) as ours:
        weighted_sum(w, x)
    assert str(ours.value) == str(theirs.value)
    assert "*" in str(ours.value) and "1e+200" in str(ours.value)


def test_an_overflowing_sum_raises_as_add_does():
    w, x = [Value(1e308), Value(1e308)], [Value(1.0), Value(1.0)]
    with pytest.raises(OverflowError, match=r"^\+: the result is too large"):
        weighted_sum(w, x)


def test_mismatched_lengths_name_both():
    with pytest.raises(ValueError, match="2 and 3"):
        weighted_sum([Value(1.0)] * 2, [Value(1.0)] * 3)
