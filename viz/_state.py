"""What a drawing shows of the backward pass: each node's gradient and what flows along each edge.

A drawing names one pass: its legend reads ``grad = ∂J/∂node`` for the root J.
So a node shows a gradient only when the root's own pass has reached it
(``.grad`` left by a pass from another root, as after ``J.backward(); L = J * 2``,
is not shown on L's drawing). When ``.grad`` holds the sum of several passes,
the drawing says so instead of calling it ∂J/∂node (``State.summed``).

A node counts as reached when its ``grad_computed`` is True, or when its
``.grad`` is not 0.0: a later pass that overflowed (and so wrote nothing) leaves
the first pass's gradients in ``.grad``, and they are still the numbers to show.

Sums that are round-off noise are drawn as 0: a gradient below 1e-12 of the
largest of the products added into it (``noise_free_sum``).

>>> from autograd import Value
>>> x = Value(3.0, label="x")
>>> y = x * x
>>> y.backward()
>>> s = pass_state(y, [x, y], None)
>>> s.grad[id(x)], s.summed, s.foreign
(6.0, False, False)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from autograd import Value, backward_steps, topological_order

from .collapse import noise_free_sum

__all__ = ["State", "pass_state", "reached"]


@dataclass(frozen=True)
class State:
    """What the drawing shows.

    Attributes:
        grad: ``id(node)`` -> the gradient to draw, or None (not computed yet).
        upstream: ``id(consumer)`` -> (upstream, local_grads, products) for consumers already processed.
        current: the node processed in the last step drawn (step mode), else None.
        step: (step, count) in step mode, else None.
        summed: True when the drawn ``.grad`` values hold more than the root's pass (several passes added up).
        foreign: True when nodes hold gradients of another root's pass that the drawing does not show.
    """

    grad: dict[int, float | None]
    upstream: dict[int, tuple[float, tuple[float, ...], tuple[float, ...]]]
    current: Value | None = None
    step: tuple[int, int] | None = None
    summed: bool = False
    foreign: bool = False


def reached(node) -> bool:
    """True when a backward pass has left a gradient in ``node`` (see the module docstring)."""
    return node.grad_computed or node.grad != 0.0


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _flows(order: list, grad: dict) -> dict:
    """``id(consumer)`` -> (upstream, local_grads, products) for every consumer whose gradient is known."""
    upstream = {}
    for node in order:
        g = grad[id(node)]
        if node.inputs and g is not None:
            upstream[id(node)] = (g, node.local_grads, tuple(local * g for local in node.local_grads))
    return upstream


def _without_noise(order: list, grad: dict, root) -> dict:
    """``grad`` with every gradient that is round-off noise of the products flowing into it set to 0."""
    terms: dict[int, list] = {id(root): [1.0]}
    for node in order:
        g = grad[id(node)]
        if g is None:
            continue
        for child, local in zip(node.inputs, node.local_grads):
            terms.setdefault(id(child), []).append(local * g)
    clean = dict(grad)
    for key, g in grad.items():
        if g is not None and key in terms and noise_free_sum(terms[key]) == 0.0:
            clean[key] = 0.0
    return clean


def pass_state(root, order: list, step: int | None) -> State:
    """The gradients a drawing of ``root`` shows: now (``step=None``) or after the first ``step`` steps.

    Args:
        root: the drawn root; ``order`` its ``topological_order``.
        step: how many steps of ``root.backward_steps()`` to show, or None for the ``.grad`` values now.
    """
    if step is None:
        if not reached(root):  # the root's pass never ran: any gradient below belongs to another root
            foreign = any(reached(node) for node in order)
            return State({id(n): None for n in order}, {}, foreign=foreign)
        grad = {id(n): (n.grad if reached(n) else None) for n in order}
        own = _own_pass(root)
        summed = any(g is not None and not _close(g, own.get(key, 0.0)) for key, g in grad.items())
        grad = _without_noise(order, grad, root)
        return State(grad, _flows(order, grad), summed=summed)
    if isinstance(step, bool) or not isinstance(step, int):
        raise TypeError(f"step must be an int (how many backward steps to show), got {step!r}")
    steps = backward_steps(root)
    if not 0 <= step <= len(steps):
        raise ValueError(
            f"step must be between 0 (before backward) and {len(steps)} (the last step "
            f"of this graph's backward pass), got {step}"
        )
    grad = {id(n): None for n in order}
    for done in steps[:step]:
        grad[id(done.node)] = done.upstream
    grad = _without_noise(order, grad, root)
    current = steps[step - 1].node if step else None
    return State(grad, _flows(order, grad), current, (step, len(steps)))


def _own_pass(root) -> dict:
    """``id(node)`` -> d(root)/d(node) from the root's own pass alone (what one ``backward()`` adds)."""
    own = {id(root): 1.0}
    try:
        steps = backward_steps(root)
    except OverflowError:  # this pass cannot be computed again: compare with nothing
        return {id(node): node.grad for node in topological_order(root)}
    for done in steps:
        for child, product in zip(done.inputs, done.products):
            own[id(child)] = own.get(id(child), 0.0) + product
    return own
