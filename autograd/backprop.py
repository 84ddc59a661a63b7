"""The backward pass: one walk over the graph, from the output back to the leaves.

1. Order the nodes so that every node comes after all of its inputs
   (a topological order), found with a loop, not recursion, so a chain of a
   million nodes needs no deep Python stack.
2. Walk that order backwards. The root's upstream gradient is 1.0
   (d(root)/d(root)). When a node is reached, every node that uses it has
   already passed its share down, so its upstream gradient is complete; it
   then passes ``local_grad * upstream`` to each of its inputs. A node
   reached along several paths receives the sum of what each path passes.
3. Add each node's gradient from this pass into ``node.grad``.

>>> from autograd import Value
>>> x = Value(3.0, label="x")
>>> y = x * x
>>> [(step.node.op or step.node.label, step.upstream, step.products) for step in y.backward_steps()]
[('*', 1.0, (3.0, 3.0)), ('x', 6.0, ())]
"""

from __future__ import annotations

import gc
import math
from dataclasses import dataclass

__all__ = ["BackwardStep", "topological_order", "backward", "backward_steps", "zero_grad"]


def topological_order(root) -> list:
    """Every node reachable from ``root``, each one after all of its inputs.

    Depth-first, with an explicit stack of (node, iterator over its inputs)
    in place of recursion. The order depends only on the graph's shape
    (inputs are visited in order), so it is the same on every run.
    """
    order = []
    visited = {root}
    stack = [(root, iter(root.inputs))]
    while stack:
        node, inputs = stack[-1]
        for child in inputs:
            if child not in visited:
                visited.add(child)
                if child.inputs:
                    stack.append((child, iter(child.inputs)))
                    break
                order.append(child)  # a leaf is finished as soon as it is seen
        else:  # every input of ``node`` is in ``order``: now ``node`` can go
            stack.pop()
            order.append(node)
    return order


class _GcPaused:
    """Pause the cyclic garbage collector while a pass allocates nothing cyclic.

    A pass over millions of nodes would otherwise trigger full collections
    that re-scan the whole graph again and again, making time grow faster
    than the graph.
    """

    def __enter__(self):
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc_info):
        if self.was_enabled:
            gc.enable()


def backward(root) -> None:
    """Add d(root)/d(node) into ``node.grad`` for every node below ``root``."""
    with _GcPaused():
        order = topological_order(root)
        for node in order:
            node._pass_grad = 0.0  # this pass's gradient; grads of earlier passes are never upstream
        root._pass_grad = 1.0
        for node in reversed(order):
            upstream = node._pass_grad  # complete: every consumer of node came before it
            if upstream - upstream:  # NaN, i.e. not finite: x - x is 0.0 for finite x
                raise OverflowError(_overflow_message(node))
            for child, local in zip(node.inputs, node.local_grads):
                child._pass_grad += local * upstream
        for node in order:
            node.grad += node._pass_grad


@dataclass(frozen=True)
class BackwardStep:
    """One node's turn in the backward pass.

    Attributes:
        node: the node being processed.
        upstream: d(root)/d(node), complete when the node's turn comes.
        local_grads: d(node)/d(input) for each of ``node.inputs``.
        products: ``local_grad * upstream`` for each input: what flows to it.
    """

    node: object
    upstream: float
    local_grads: tuple
    products: tuple

    @property
    def inputs(self) -> tuple:
        """The nodes receiving ``products``, in the same order."""
        return self.node.inputs


def backward_steps(root) -> list[BackwardStep]:
    """The backward pass as data, one step per node in the order processed.

    Changes no ``.grad``: the root's 1.0 plus every step's products, summed
    per node in step order, equal exactly what ``backward()`` adds.
    """
    order = topological_order(root)
    upstream_of = {root: 1.0}
    steps = []
    for node in reversed(order):
        upstream = upstream_of[node]
        if not math.isfinite(upstream):
            raise OverflowError(_overflow_message(node))
        products = tuple(local * upstream for local in node.local_grads)
        for child, product in zip(node.inputs, products):
            upstream_of[child] = upstream_of.get(child, 0.0) + product
        steps.append(BackwardStep(node, upstream, node.local_grads, products))
    return steps


def zero_grad(root) -> None:
    """Set ``grad`` to 0.0 on every node below ``root``; they read as not computed again."""
    for node in topological_order(root):
        node.grad = 0.0
        if hasattr(node, "_pass_grad"):
            del node._pass_grad


def _overflow_message(node) -> str:
    name = f"{node.label!r} " if node.label else ""
    return (f"backward: the gradient reaching node {name}(op {node.op or 'leaf'!r}, data {node.data!r}) "
            f"is too large for a float")
