"""Gradients as results: ``grad(y, [x1, x2])`` returns dy/dx1, dy/dx2 and touches no ``.grad``.

``backward()`` adds gradients into every node's ``.grad``, which is what
training wants. Sometimes a gradient is the answer itself: the slope of a
curve at a point, a Jacobian, or a gradient to differentiate once more
(Newton's method needs d2y/dx2). ``grad`` walks the graph as ``backward``
does, from the output back, passing ``local_grad * upstream`` to each input
and summing what reaches a node, but keeps the sums to itself.

With ``create_graph=True`` every number of that walk is a ``Value``: each
node's local gradients are computed again by the very rules of
``autograd.ops``, run on ``VALUE_MATH`` (a "math" whose numbers are Values,
next to the float math of the ``Value`` engine and the numpy math of the
tape), and every ``local * upstream`` and every sum is an op on Values. The
gradients that come back are ordinary nodes with a graph of their own:
``grad`` of them, ``backward()`` on them and drawing them all work, and the
table of derivatives is still one table.

>>> from autograd import Value
>>> x = Value(3.0, label="x")
>>> y = x ** 3                                  # y = x^3
>>> grad(y, [x])                                # dy/dx = 3x^2 = 27
[27.0]
>>> dy, = grad(y, [x], create_graph=True)       # a Value this time
>>> grad(dy, [x])                               # d2y/dx2 = 6x = 18
[18.0]
>>> x.grad                                      # no .grad was touched
0.0
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Literal, overload

from .backprop import pause_gc, topological_order
from .context import is_recording
from .ops import RULES
from .value import Constant, Value

__all__ = ["grad", "jacobian", "ValueMath", "VALUE_MATH"]


def _apply_float(
    function: Callable[[float], float], method: Callable[[Value], Value]
) -> staticmethod[[Value | float], Value | float]:
    """``function`` for a plain number, the Value method ``method`` for a Value."""

    def apply(x: Value | float) -> Value | float:
        return method(x) if isinstance(x, Value) else function(x)

    apply.__name__ = method.__name__
    return staticmethod(apply)


class ValueMath:
    """The math the rules of ``autograd.ops`` need, for Values: local gradients that are graphs.

    A rule run on it builds its forward value and its local gradients out of
    Value ops (``tanh``'s ``1 - t*t`` becomes three nodes), so a gradient made
    from them can be differentiated again. Numbers written into an expression
    (``Constant``s) come in as plain floats: they are fixed.

    >>> from autograd.ops import tanh
    >>> x = Value(0.5)
    >>> t, (slope,) = tanh(VALUE_MATH, x)
    >>> slope.op, round(slope.data, 6)           # 1 - tanh(x)^2, as a node
    ('-', 0.786448)
    """

    exp = _apply_float(math.exp, Value.exp)
    log = _apply_float(math.log, Value.log)
    tanh = _apply_float(math.tanh, Value.tanh)
    sin = _apply_float(math.sin, Value.sin)
    cos = _apply_float(math.cos, Value.cos)

    @staticmethod
    def abs(x: Value | float) -> Value | float:
        # |x| = x or -x: its slope, +1 or -1, comes with it.
        if isinstance(x, Value):
            return x if x.data >= 0 else -x
        return abs(x)

    @staticmethod
    def pow(x: Value | float, n: Value | float) -> Value | float:
        return x**n

    @staticmethod
    def data(x: Value | float) -> float:
        return x.data if isinstance(x, Value) else x  # branches read the number

    @staticmethod
    def where(condition: object, if_true: Value | float, if_false: Value | float) -> Value | float:
        return if_true if condition else if_false

    @staticmethod
    def require(ok: object, op: str, what: str, x: object, error: type[Exception] = ValueError, name: str = "") -> None:
        # The forward pass has already checked the domain of every node: nothing new to refuse.
        pass


VALUE_MATH = ValueMath()

# Ops whose local gradients do not change with their inputs (+1, -1, or a 0/1 switch that
# stays put near the point): the recorded floats are exactly right, and their own slope is 0.
_CONSTANT_SLOPES = frozenset({"+", "-", "neg", "relu", "max"})


def _times(local: Value | float, upstream: Value | float) -> Value | float:
    """``local * upstream``, without a node when one side is the number 1.0 or 0.0 (exact either way)."""
    if type(local) is float:
        if local == 1.0:
            return upstream
        if local == 0.0:
            return 0.0
    if type(upstream) is float and upstream == 1.0:
        return local
    return local * upstream


def _local_grads(node: Value) -> tuple[Value | float, ...]:
    """d(node)/d(input) for each input, as Values built from the inputs (see ``ValueMath``)."""
    if node.op in _CONSTANT_SLOPES:
        return node.local_grads
    operands = [x.data if isinstance(x, Constant) else x for x in node.inputs]
    return RULES[node.op](VALUE_MATH, *operands)[1]


def _checked(output: object, inputs: object, what: str) -> list[Value]:
    if not isinstance(output, Value):
        raise TypeError(f"{what}: the output must be a Value, got {type(output).__name__} {output!r}")
    if isinstance(inputs, Value) or not isinstance(inputs, Sequence):
        raise TypeError(f"{what}: inputs must be a list of Values, got {type(inputs).__name__} {inputs!r}")
    inputs = list(inputs)
    for x in inputs:
        if not isinstance(x, Value):
            raise TypeError(f"{what}: every input must be a Value, got {type(x).__name__} {x!r}")
        if isinstance(x, Constant):
            raise ValueError(
                f"{what}: {x!r} is a number written into an expression (a Constant): it is fixed, "
                f"so there is no gradient with respect to it; use a Value"
            )
    return inputs


@overload
def grad(output: Value, inputs: Sequence[Value], create_graph: Literal[False] = False) -> list[float]: ...
@overload
def grad(output: Value, inputs: Sequence[Value], create_graph: Literal[True]) -> list[Value]: ...
@overload
def grad(output: Value, inputs: Sequence[Value], create_graph: bool) -> list[float] | list[Value]: ...
# (The three lines above are grad's types; the implementation's own return type is the loose sum of them.)
def grad(output: Value, inputs: Sequence[Value], create_graph: bool = False) -> Sequence[Value | float]:
    """d(output)/d(x) for each x of ``inputs``; changes no ``.grad``.

    Args:
        output: the Value to differentiate.
        inputs: the Values to differentiate with respect to (any nodes of the
            graph, not only leaves). One that ``output`` does not depend on
            gets 0.0.
        create_graph: False (default): the gradients as floats. True: as
            Values whose own graph can be differentiated again (second
            derivatives, Hessian-vector products); needs recording on (not
            inside ``no_grad()``).

    Returns:
        A list with one gradient per input, in order.

    Raises:
        TypeError: output or an input is not a Value.
        ValueError: an input is a Constant, or create_graph inside ``no_grad()``.
        OverflowError: a gradient does not fit in a float.

    >>> a, b = Value(2.0), Value(5.0)
    >>> grad(a * b + a, [a, b])                   # d/da = b + 1, d/db = a
    [6.0, 2.0]
    """
    inputs = _checked(output, inputs, "grad")
    if not isinstance(create_graph, bool):
        raise TypeError(f"grad: create_graph must be True or False, got {create_graph!r}")
    if create_graph and not is_recording():
        raise ValueError("grad: create_graph=True builds a graph, so it cannot run inside no_grad()")
    with pause_gc():  # as in backward: a graph has no cycles, the cyclic collector only slows the walk
        return _gradients(output, inputs, create_graph)


def _gradients(output: Value, inputs: list[Value], create_graph: bool) -> list[Value | float]:
    order = topological_order(output)
    upstream_of: dict[Value, Value | float] = {
        output: 1.0
    }  # this call's own sums, so no .grad and no other thread sees them
    for node in reversed(order):  # every consumer of node comes before it: its upstream is complete
        upstream = upstream_of.get(node, 0.0)
        if not create_graph:
            if not math.isfinite(upstream):
                raise OverflowError(f"grad: the gradient reaching {_name(node)} is too large for a float")
            edges = iter(node._edges)
            for child, local in zip(edges, edges):  # (input, local gradient) pairs, as in backward
                upstream_of[child] = upstream_of.get(child, 0.0) + local * upstream
        elif node._edges and not (type(upstream) is float and upstream == 0.0):
            for child, local in zip(node.inputs, _local_grads(node)):
                flow = _times(local, upstream)  # a Value, or a float where no graph is needed
                upstream_of[child] = upstream_of[child] + flow if child in upstream_of else flow
    gradients = [upstream_of.get(x, 0.0) for x in inputs]
    if not create_graph:
        return gradients
    # A gradient that depends on nothing (y = 3x: dy/dx = 3) is still returned as a Value.
    return [g if isinstance(g, Value) else Constant(g) for g in gradients]


def jacobian(outputs: Sequence[Value], inputs: Sequence[Value]) -> list[list[float]]:
    """The matrix of d(output_i)/d(input_j): one row per output, one column per input.

    One ``grad`` call per output (a backward walk each); changes no ``.grad``.

    Args:
        outputs: the Values y1, y2, ... (a single Value gives one row).
        inputs: the Values x1, x2, ...

    Returns:
        ``[[dy1/dx1, dy1/dx2, ...], [dy2/dx1, ...], ...]`` as floats.

    >>> x1, x2 = Value(2.0), Value(3.0)
    >>> jacobian([x1 * x2, x1 + 2 * x2], [x1, x2])
    [[3.0, 2.0], [1.0, 2.0]]
    """
    if isinstance(outputs, Value):
        outputs = [outputs]
    if not isinstance(outputs, Sequence) or isinstance(outputs, str):
        raise TypeError(f"jacobian: outputs must be a list of Values, got {type(outputs).__name__} {outputs!r}")
    if not outputs:
        raise ValueError("jacobian: outputs is empty; give at least one Value")
    return [grad(y, inputs) for y in outputs]


def _name(node: Value) -> str:
    label = f"{node.label!r} " if node.label else ""
    return f"node {label}(op {node.op or 'leaf'!r}, data {node.data!r})"
