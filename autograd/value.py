"""``Value``: one number of a computation, and the record of how it was made.

Every arithmetic operation on Values returns a new Value that remembers
its ``inputs`` and the ``local_grads`` d(output)/d(input) of the operation,
computed during the forward pass by the rules in ``autograd.ops``. That
record is the computation graph; ``backward()`` walks it once, from the
output back to the leaves, multiplying each local gradient by the gradient
arriving from above (the chain rule).

>>> a, b, c = Value(5.0, label="a"), Value(3.0, label="b"), Value(2.0, label="c")
>>> J = 3 * (a + b * c)
>>> J.data
33.0
>>> J.backward()
>>> a.grad, b.grad, c.grad
(3.0, 6.0, 9.0)
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Sequence
from itertools import repeat
from typing import TYPE_CHECKING, Any, TypeAlias, overload

from . import backprop, ops
from .context import Scope, current_mode, is_recording, no_grad
from .ops import SCALAR_MATH

if TYPE_CHECKING:
    from .backprop import BackwardStep
    from .ops import RuleResult

#: A node's edges, flat: (input, local gradient, input, local gradient, ...), see ``Value``.
#: Any: the items are alternately a Value and a float, which a tuple type cannot say.
Edges: TypeAlias = "tuple[Any, ...]"
#: A rule of ``autograd.ops`` run on floats (``SCALAR_MATH``): one float per input in, a RuleResult out.
ScalarRule: TypeAlias = "Callable[..., RuleResult[float]]"

__all__ = ["Value", "Constant", "no_grad", "is_recording", "add", "products"]

_isfinite = math.isfinite


def _as_float(data: object, what: str) -> float:
    """``data`` as a finite float, or a TypeError/ValueError that says why not."""
    if type(data) is float:  # the common case, checked first because it is cheap
        number = data
    elif isinstance(data, numbers.Real) and not isinstance(data, bool):
        try:
            number = float(data)
        except OverflowError:  # an int (or Fraction) beyond 1.8e308; its repr could be thousands of digits
            raise ValueError(f"{what} needs a finite number, got {_too_large(data)}") from None
    else:
        raise TypeError(f"{what} needs a real number (int or float), got {type(data).__name__} {data!r}")
    if not _isfinite(number):
        raise ValueError(f"{what} needs a finite number, got {number!r}")
    return number


def _too_large(number: object) -> str:
    """How an error names a number too large for a float, without printing all its digits."""
    if isinstance(number, int):  # str() of a huge int is slow, and refused past 4300 digits
        digits = len(str(abs(number))) if number.bit_length() < 10_000 else round(number.bit_length() * 0.30103)
        return f"an int of {'about ' if number.bit_length() >= 10_000 else ''}{digits} digits (too large for a float)"
    return f"a {type(number).__name__} too large for a float"


def _constant(number: float, op: str) -> Value:
    """``Constant(number)``, with an error that names the op it was written into."""
    try:
        return Constant(number)
    except (TypeError, ValueError) as error:
        raise type(error)(f"{op}: {error}") from None


class Value:
    """A scalar that records the operation that made it.

    Attributes:
        data: the forward value (a float).
        grad: d(root)/d(self), summed over the ``backward()`` calls since the
            last ``zero_grad()``; 0.0 until then.
        label: a name for drawings, any text ("a", "비용 J"); "" if none.
        op: the operation that made this value ("+", "*", "tanh", ...), "" for a leaf.
        inputs: the operands of ``op`` in order, duplicates kept: ``(a + a).inputs == (a, a)``.
        local_grads: d(self)/d(input) for each input, same order, from the forward pass.

    >>> x = Value(3.0, label="x")
    >>> y = x * x
    >>> y.op, y.inputs == (x, x), y.local_grads
    ('*', True, (3.0, 3.0))
    """

    # A node keeps its edges as one flat tuple (input, local gradient, input,
    # local gradient, ...): one tuple per node instead of two saves 40 bytes
    # on every binary op, and the backward loop reads each edge as a pair.
    __slots__ = ("data", "grad", "label", "op", "_edges", "_scope", "_pass_grad")
    data: float
    grad: float
    label: str
    op: str
    _edges: Edges
    _scope: Scope | None
    _pass_grad: float  # the running sum of one backward pass (autograd.backprop); absent outside one
    _kind = "Value"  # how error messages name what was being made

    def __init__(self, data: float, label: str = "") -> None:
        if not isinstance(label, str):
            raise TypeError(f"Value label must be a str, got {type(label).__name__} {label!r}")
        self.data = _as_float(data, self._kind)
        self.grad = 0.0
        self.label = label
        self.op = ""
        self._edges = ()
        self._scope = current_mode().scope

    # ---- reading a value -------------------------------------------------

    def __repr__(self) -> str:
        parts = [f"data={self.data!r}", f"grad={self.grad!r}"]
        if self.label:
            parts.insert(0, f"label={self.label!r}")
        if self.op:
            parts.append(f"op={self.op!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def __float__(self) -> float:
        return self.data

    @property
    def inputs(self) -> tuple[Value, ...]:
        """The operands of ``op``, in order, duplicates kept; () for a leaf."""
        return self._edges[0::2]

    @property
    def local_grads(self) -> tuple[float, ...]:
        """d(self)/d(input) for each of ``inputs``, recorded in the forward pass."""
        return self._edges[1::2]

    @property
    def scope(self) -> tuple[str, ...]:
        """The names of the ``autograd.scope`` blocks this node was made in, outermost first; () if none."""
        entry = self._scope
        return entry.names if entry is not None else ()

    @property
    def scope_entry(self) -> Scope | None:
        """The innermost ``Scope`` entry this node was made in (``.parent`` leads outwards), or None."""
        return self._scope

    @property
    def is_leaf(self) -> bool:
        """True for a value no operation made: an input, a parameter, a constant."""
        return not self._edges

    @property
    def grad_computed(self) -> bool:
        """True once a backward pass has reached this node (and not zeroed since).

        Drawings use it to show "not computed yet" instead of a misleading 0.0.
        """
        return hasattr(self, "_pass_grad")

    # ---- arithmetic: each op applies its rule from ``autograd.ops`` ------

    def __add__(self, other: Value | float) -> Value:
        other = other if isinstance(other, Value) else _constant(other, "+")
        data, (local_self, local_other) = ops.add(None, self.data, other.data)
        return _result(data, "+", (self, local_self, other, local_other))

    def __radd__(self, other: float) -> Value:
        number = _constant(other, "+")
        data, (local_other, local_self) = ops.add(None, number.data, self.data)
        return _result(data, "+", (number, local_other, self, local_self))

    def __sub__(self, other: Value | float) -> Value:
        other = other if isinstance(other, Value) else _constant(other, "-")
        data, (local_self, local_other) = ops.sub(None, self.data, other.data)
        return _result(data, "-", (self, local_self, other, local_other))

    def __rsub__(self, other: float) -> Value:
        number = _constant(other, "-")
        data, (local_other, local_self) = ops.sub(None, number.data, self.data)
        return _result(data, "-", (number, local_other, self, local_self))

    def __mul__(self, other: Value | float) -> Value:
        other = other if isinstance(other, Value) else _constant(other, "*")
        data, (local_self, local_other) = ops.mul(None, self.data, other.data)
        return _result(data, "*", (self, local_self, other, local_other))

    def __rmul__(self, other: float) -> Value:
        number = _constant(other, "*")
        data, (local_other, local_self) = ops.mul(None, number.data, self.data)
        return _result(data, "*", (number, local_other, self, local_self))

    def __truediv__(self, other: Value | float) -> Value:
        other = other if isinstance(other, Value) else _constant(other, "/")
        return _apply("/", ops.div, (self, other))

    def __rtruediv__(self, other: float) -> Value:
        return _apply("/", ops.div, (_constant(other, "/"), self))

    def __pow__(self, exponent: Value | float) -> Value:
        if not isinstance(exponent, Value):
            exponent = _constant(exponent, "**")
        elif not isinstance(exponent, Constant) and self.data <= 0:
            raise ValueError(
                f"**: a Value exponent needs a positive base (x ** y = e^(y ln x)), got base {self.data!r}"
            )
        return _apply("**", ops.power, (self, exponent))

    def __rpow__(self, base: float) -> Value:
        return _constant(base, "**").__pow__(self)

    def __neg__(self) -> Value:
        return _apply_unary("neg", ops.neg, self)

    def __pos__(self) -> Value:
        return self

    def exp(self) -> Value:
        """e ** self."""
        return _apply_unary("exp", ops.exp, self)

    def log(self) -> Value:
        """Natural logarithm; ValueError for a value <= 0."""
        return _apply_unary("log", ops.log, self)

    def tanh(self) -> Value:
        """Hyperbolic tangent, in (-1, 1)."""
        return _apply_unary("tanh", ops.tanh, self)

    def sin(self) -> Value:
        """Sine (of an angle in radians)."""
        return _apply_unary("sin", ops.sin, self)

    def cos(self) -> Value:
        """Cosine (of an angle in radians)."""
        return _apply_unary("cos", ops.cos, self)

    def sigmoid(self) -> Value:
        """1 / (1 + e^-self), in (0, 1); stable for any finite input."""
        return _apply_unary("sigmoid", ops.sigmoid, self)

    def relu(self) -> Value:
        """max(0, self)."""
        return _apply_unary("relu", ops.relu, self)

    def leaky_relu(self, slope: float = 0.01) -> Value:
        """self where positive, else slope * self. The slope is drawn as a constant input."""
        return _apply("leaky_relu", ops.leaky_relu, (self, _constant(slope, "leaky_relu slope")))

    def max(self, other: Value | float) -> Value:
        """The larger of self and other (a max gate routes the gradient to the winner)."""
        other = other if isinstance(other, Value) else _constant(other, "max")
        return _apply("max", ops.maximum, (self, other))

    # ---- backpropagation: the walk itself lives in autograd.backprop ----

    def backward(self) -> None:
        """Add d(self)/d(node) to ``node.grad`` for every node of the graph below self."""
        backprop.backward(self)

    def backward_steps(self) -> list[BackwardStep]:
        """The backward pass as a list of ``BackwardStep``; changes no ``.grad``."""
        return backprop.backward_steps(self)

    def zero_grad(self) -> None:
        """Set ``grad`` to 0.0 on every node of the graph below self (self included)."""
        backprop.zero_grad(self)


class Constant(Value):
    """A plain number written into an expression, as in ``3 * v`` or ``x ** 2``.

    It is a leaf like any other, so drawings show it and ``inputs`` keep it,
    but it is not something to learn: its box in a drawing shows no gradient.
    """

    __slots__ = ()
    _kind = "a number in an expression"


_new_value = object.__new__


def _result(data: float, op: str, edges: Edges) -> Value:
    """The node for one op's output (a bare leaf while recording is off).

    ``edges`` is (input, local gradient, input, local gradient, ...). This runs
    once per operation, so it is written for speed: no __init__ call (``data``
    is already a float) and no function call for the check.
    """
    # x - x is 0.0 for every finite x, and NaN (which is truthy) for inf and NaN.
    # Inputs are finite (every Value is), so a non-finite output means overflow.
    if data - data:
        raise OverflowError(f"{op}: the result is too large for a float (inputs {_show_inputs(edges[0::2])})")
    node = _new_value(Value)
    node.data = data
    node.grad = 0.0
    node.label = ""
    mode = current_mode()  # this thread's: no_grad() and scope(...)
    node._scope = mode.scope
    if mode.recording:
        node.op = op
        node._edges = edges
    else:
        node.op = ""
        node._edges = ()
    return node


def _edges(inputs: Sequence[Value], local_grads: Sequence[float]) -> Edges:
    """(input, local gradient, input, local gradient, ...), interleaved by slice assignment (fast)."""
    edges = [*inputs, *local_grads]
    edges[0::2] = inputs
    edges[1::2] = local_grads
    return tuple(edges)


def _show_inputs(inputs: tuple[Value, ...]) -> str:
    return ", ".join(repr(v.data) for v in inputs)


def _apply(op: str, rule: ScalarRule, inputs: tuple[Value, ...]) -> Value:
    """Run ``rule`` on the inputs' data; also check its local gradients are finite."""
    try:
        data, local = rule(SCALAR_MATH, *[v.data for v in inputs])
    except OverflowError:  # math.exp and ** raise where * and + give inf
        raise OverflowError(f"{op}: the result is too large for a float (inputs {_show_inputs(inputs)})") from None
    edges = _edges(inputs, local)
    if data - data:  # the result itself overflowed: say so before blaming its slope
        return _result(data, op, edges)
    for slope in local:
        if slope - slope and is_recording():  # not finite (see _result); under no_grad no slope is used
            raise OverflowError(f"{op}: the local gradient is too large for a float (inputs {_show_inputs(inputs)})")
    return _result(data, op, edges)


def _apply_unary(op: str, rule: ScalarRule, x: Value) -> Value:
    """``_apply`` for a one-input op (tanh, relu, exp, ...): the same checks, with no tuples to build first."""
    try:
        data, (local,) = rule(SCALAR_MATH, x.data)
    except OverflowError:
        raise OverflowError(f"{op}: the result is too large for a float (inputs {x.data!r})") from None
    if local - local and not data - data and is_recording():  # a slope that is not finite, on a finite result
        raise OverflowError(f"{op}: the local gradient is too large for a float (inputs {x.data!r})")
    return _result(data, op, (x, local))


@overload
def add(terms: Iterable[Value | float], /) -> Value: ...
@overload
def add(*terms: Value | float) -> Value: ...
def add(*terms: Any) -> Value:  # Any: the two lines above are its types; the body checks each term
    """One ``+`` node for a whole sum: ``add(w0 * x0, w1 * x1, b)``.

    The same value and gradients as ``w0 * x0 + w1 * x1 + b``, drawn as one
    node with one edge per term instead of a chain of binary additions.

    >>> s = add(Value(1.0), Value(2.0), 3)
    >>> s.data, s.op, len(s.inputs), s.local_grads
    (6.0, '+', 3, (1.0, 1.0, 1.0))
    """
    if len(terms) == 1 and isinstance(terms[0], Iterable) and not isinstance(terms[0], (Value, str)):
        terms = tuple(terms[0])  # add([t1, t2, ...]) works like add(t1, t2, ...)
    if not terms:
        raise ValueError("add needs at least one term")
    if not all(map(isinstance, terms, repeat(Value))):  # plain numbers among the terms: wrap them
        terms = tuple(t if isinstance(t, Value) else Constant(t) for t in terms)
    return _sum(terms)


def _sum(terms: Sequence[Value]) -> Value:
    """The ``+`` node of ``add``, for terms already known to be Values (``weighted_sum``'s products)."""
    data, local = ops.add_all(None, *[t.data for t in terms])
    return _result(data, "+", _edges(terms, local))


def products(weights: Sequence[Value], xs: Sequence[Value]) -> list[Value]:
    """``[w * x for w, x in zip(weights, xs)]``: the same nodes, made in one loop.

    A neuron's weighted sum is n products, four nodes of every five in a
    2-16-16-1 MLP, so this is the hottest loop of a forward pass. Each product
    runs the rule ``ops.mul``, as ``Value.__mul__`` does; the loop saves the
    operator's method call and ``_result``'s, and reads the thread's mode
    (``no_grad``, ``scope``) once for all n products instead of once each.
    """
    mode = current_mode()
    recording, where = mode.recording, mode.scope
    mul = ops.mul
    nodes = []
    for w, x in zip(weights, xs):
        data, (local_w, local_x) = mul(None, w.data, x.data)
        if data - data:  # not finite: the product overflowed (see _result)
            raise OverflowError(f"*: the result is too large for a float (inputs {w.data!r}, {x.data!r})")
        node = _new_value(Value)
        node.data = data
        node.grad = 0.0
        node.label = ""
        node._scope = where
        if recording:
            node.op = "*"
            node._edges = (w, local_w, x, local_x)
        else:
            node.op = ""
            node._edges = ()
        nodes.append(node)
    return nodes
