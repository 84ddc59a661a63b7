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
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .value import Value

__all__ = ["BackwardStep", "topological_order", "backward", "backward_steps", "zero_grad", "pause_gc"]


def topological_order(root: Value) -> list[Value]:
    """Every node reachable from ``root``, each one after all of its inputs.

    Depth-first, with an explicit stack in place of recursion: a node is
    finished (put in the order) once all of its inputs are. The order depends
    only on the graph's shape (inputs are visited in order), so it is the same
    on every run, and the same as the recursive walk's:

        def visit(node):
            for child in node.inputs:
                if child not in visited:
                    visited.add(child)
                    visit(child)
            order.append(node)
    """
    order: list[Value] = []
    visited: set[Value] = set()
    # The stack holds nodes still to visit, last one first, and, below a node's inputs, the
    # node itself under a None marker: popping the marker means its inputs are all done.
    stack: list[Value | None] = [root]
    pop, push, finish, mark = stack.pop, stack.append, order.append, visited.add
    while stack:
        node = pop()
        if node is None:
            finish(pop())  # type: ignore[arg-type]  # (below a marker there is always a node)
        elif node not in visited:
            mark(node)
            edges = node._edges
            if edges:
                push(node)
                push(None)
                stack.extend(edges[-2::-2])  # its inputs, last first, so the first is visited first
            else:
                finish(node)  # a leaf is finished as soon as it is seen
    return order


class pause_gc:
    """Context manager: pause Python's cyclic garbage collector, and restore it after.

    A graph of Values never forms a reference cycle (a node refers only to
    older nodes), so it is freed by reference counting alone and the cyclic
    collector can find nothing in it. While millions of nodes are being
    created, though, that collector keeps re-scanning all of them, and the
    time per node grows with the size of the graph. ``backward()`` pauses it
    for its own walk; wrap the building of a huge graph in it too:

    >>> import gc
    >>> from autograd import Value, pause_gc
    >>> with pause_gc():
    ...     x = Value(1.0); y = x
    ...     for _ in range(1000):
    ...         y = y + x
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """

    def __enter__(self) -> pause_gc:
        self._was_enabled = gc.isenabled()
        gc.disable()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._was_enabled:
            gc.enable()


# A pass keeps its running sums on the nodes (``_pass_grad``, fast to reach), so two
# passes over one shared graph at once, from two threads, would add into each other's
# sums. One pass at a time: taking the lock costs once per backward(), not per node.
_one_pass_at_a_time = threading.Lock()


def backward(root: Value) -> None:
    """Add d(root)/d(node) into ``node.grad`` for every node below ``root``.

    Raises OverflowError, changing no ``.grad``, if a gradient does not fit in a float.
    Safe from several threads: passes take turns, so each adds exactly its own gradients.
    """
    with _one_pass_at_a_time, pause_gc():
        order = topological_order(root)
        for node in order:
            node._pass_grad = 0.0  # this pass's gradient; grads of earlier passes are never upstream
        root._pass_grad = 1.0
        for node in reversed(order):
            upstream = node._pass_grad  # complete: every consumer of node came before it
            edges = iter(node._edges)
            for child, local in zip(edges, edges):  # (input, local gradient) pairs
                child._pass_grad += local * upstream
        # An overflow anywhere leaves inf or NaN in this node's pass gradient and
        # in every node below it, so checking the sums catches it before any is written.
        new_grads = [node.grad + node._pass_grad for node in order]
        if not all(map(math.isfinite, new_grads)):
            message = _overflow_message(order)
            for node in order:  # this pass computed nothing: drawings must not show its numbers
                del node._pass_grad
            raise OverflowError(message)
        for node, grad in zip(order, new_grads):
            node.grad = grad


@dataclass(frozen=True)
class BackwardStep:
    """One node's turn in the backward pass.

    Attributes:
        node: the node being processed.
        upstream: d(root)/d(node), complete when the node's turn comes.
        local_grads: d(node)/d(input) for each of ``node.inputs``.
        products: ``local_grad * upstream`` for each input: what flows to it.
    """

    node: Value
    upstream: float
    local_grads: tuple[float, ...]
    products: tuple[float, ...]

    @property
    def inputs(self) -> tuple[Value, ...]:
        """The nodes receiving ``products``, in the same order."""
        return self.node.inputs

    @property
    def edges(self) -> tuple[tuple[Value, float, float], ...]:
        """(input, local gradient, product) for each input: one row per edge of the drawing."""
        return tuple(zip(self.node.inputs, self.local_grads, self.products))


def backward_steps(root: Value) -> list[BackwardStep]:
    """The backward pass as data, one step per node in the order processed.

    Changes no ``.grad``: the root's 1.0 plus every step's products, summed
    per node in step order, equal exactly what ``backward()`` adds.
    """
    order = topological_order(root)
    upstream_of = {root: 1.0}
    steps: list[BackwardStep] = []
    for node in reversed(order):
        upstream = upstream_of[node]
        if not math.isfinite(upstream):
            raise OverflowError(f"backward_steps: the gradient reaching node {node!r} is too large for a float")
        products = tuple(local * upstream for local in node.local_grads)
        for child, product in zip(node.inputs, products):
            upstream_of[child] = upstream_of.get(child, 0.0) + product
        steps.append(BackwardStep(node, upstream, node.local_grads, products))
    return steps


def zero_grad(root: Value) -> None:
    """Set ``grad`` to 0.0 on every node below ``root``; they read as not computed again."""
    if not root._edges:  # a leaf (a parameter, zeroed once per step): no walk, no lock
        _zero(root)
        return
    with _one_pass_at_a_time:  # a whole graph: not in the middle of another thread's pass
        for node in topological_order(root):
            _zero(node)


def _zero(node: Value) -> None:
    node.grad = 0.0
    if hasattr(node, "_pass_grad"):
        del node._pass_grad


def _overflow_message(order: list[Value]) -> str:
    """Name the node nearest the root whose gradient does not fit in a float."""
    for node in reversed(order):
        if not math.isfinite(node._pass_grad):
            problem = "the gradient reaching"
        elif not math.isfinite(node.grad + node._pass_grad):
            problem = "adding this pass's gradient to the .grad accumulated so far on"
        else:
            continue
        name = f"{node.label!r} " if node.label else ""
        return f"backward: {problem} node {name}(op {node.op or 'leaf'!r}, data {node.data!r}) is too large for a float"
    return "backward: a gradient is too large for a float"
