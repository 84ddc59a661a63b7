"""Which neuron of an MLP each node of a graph belongs to, read from parameter labels.

``nn`` labels every parameter ``L{layer}.N{neuron}.w{k}`` or ``L{layer}.N{neuron}.b``.
A node belongs to neuron N when it is one of N's parameters, when one of its
inputs is (the products w*x and the sum with b), when it is a ``+`` of N's
nodes (a weighted sum written as a chain of ``+``), or when it is the
activation applied to N's sum. The activation's output leaves the neuron:
whatever uses it belongs to the next layer or to the loss.

>>> from autograd import Value, topological_order
>>> w, b, x = Value(0.5, label="L1.N2.w1"), Value(0.1, label="L1.N2.b"), Value(2.0, label="x")
>>> out = (w * x + b).tanh()
>>> sorted(neuron_of(topological_order(out)).values())
[(1, 2), (1, 2), (1, 2), (1, 2), (1, 2)]
"""

from __future__ import annotations

import re

from autograd import Constant

__all__ = ["neuron_of", "parse_parameter_label"]

_PARAMETER = re.compile(r"L([0-9]+)\.N([0-9]+)\.(?:w[0-9]+|b)")
_ACTIVATIONS = frozenset({"tanh", "sigmoid", "relu", "leaky_relu"})


def parse_parameter_label(label: str) -> tuple[int, int] | None:
    """``(layer, neuron)`` for a label like ``"L1.N2.w1"``, else None."""
    match = _PARAMETER.fullmatch(label)
    return (int(match.group(1)), int(match.group(2))) if match else None


def neuron_of(order: list) -> dict[int, tuple[int, int]]:
    """Map ``id(node)`` to ``(layer, neuron)`` for every node that belongs to a neuron.

    Args:
        order: the graph's nodes, inputs before consumers (``topological_order``).
    """
    member: dict[int, tuple[int, int]] = {}
    still_open: set[int] = set()  # members whose consumers may still belong to the same neuron
    for node in order:
        if not node.inputs:
            neuron = None if isinstance(node, Constant) else parse_parameter_label(node.label)
            if neuron is not None:
                member[id(node)] = neuron
                still_open.add(id(node))
            continue
        parameters = {member[id(v)] for v in node.inputs if not v.inputs and id(v) in member}
        variables = [v for v in node.inputs if not isinstance(v, Constant)]
        neurons = {member.get(id(v)) for v in variables}
        all_open = bool(variables) and all(id(v) in still_open for v in variables)
        if len(parameters) == 1:  # w * x, or the sum that adds b
            member[id(node)] = parameters.pop()
            still_open.add(id(node))
        elif len(neurons) == 1 and None not in neurons and all_open:
            if node.op == "+":  # part of the weighted sum
                member[id(node)] = neurons.pop()
                still_open.add(id(node))
            elif node.op in _ACTIVATIONS and len(variables) == 1:
                member[id(node)] = neurons.pop()  # the neuron's output: closed
    return member
