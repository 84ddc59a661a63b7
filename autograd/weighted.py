"""A neuron's weighted sum, ``w1*x1 + ... + wn*xn + b``: one ``+`` node of products, or one piece of a tape.

On the scalar engine ``weighted_sum(w, x, b)`` is exactly
``add(*[wi * xi for wi, xi in zip(w, x)], b)``: n products and one n-ary
sum, drawn and differentiated like any other nodes (without a bias, a
single product is returned as it is).

While ``autograd.Tape.record`` records a graph, it returns a
``WeightedSum`` instead: a single node that keeps the weights, the inputs and
the bias, and the same number as ``.data``, but builds none of the n
products. Recording a 12,288-input neuron then makes one node, not 12,289,
and the tape runs it, with every other neuron reading the same inputs, as
one matrix product ``X @ W + b``. ``nn.Neuron`` computes its weighted sum
with it, so every ``nn`` model records this way.

>>> from autograd import Value
>>> w, x, b = [Value(2.0), Value(-1.0)], [Value(3.0), Value(4.0)], Value(0.5)
>>> z = weighted_sum(w, x, b)
>>> z.data, z.op, len(z.inputs)   # 2*3 + (-1)*4 + 0.5, the products and the bias
(2.5, '+', 3)
"""

from __future__ import annotations

import contextvars
import math
import operator
from collections.abc import Sequence
from itertools import repeat

from .value import Value, _sum, add, products

__all__ = ["weighted_sum", "WeightedSum", "recording_sums"]

_data, _op = operator.attrgetter("data"), operator.attrgetter("op")

# While a Tape records (in this thread only: context variables are per thread), the ids of
# its placeholder inputs; None otherwise.
_RECORDING: contextvars.ContextVar[frozenset[int] | None] = contextvars.ContextVar(
    "chainrule_weighted_sums", default=None
)


class WeightedSum(Value):
    """What ``weighted_sum`` returns while a tape records: the sum's number and its pieces, no product nodes.

    To the scalar engine it is a leaf (nothing to walk below it); only
    ``autograd.Tape`` reads ``weights``, ``xs`` and ``bias``.
    """

    __slots__ = ("weights", "xs", "bias")
    _kind = "a weighted sum"

    def __init__(self, weights: list[Value], xs: list[Value], bias: Value | None, data: float) -> None:
        super().__init__(data, label="z")
        self.weights, self.xs, self.bias = weights, xs, bias


def weighted_sum(weights: Sequence[Value], xs: Sequence[Value], bias: Value | None = None) -> Value:
    """``w1*x1 + ... + wn*xn (+ bias)`` as one ``+`` node of products (a ``WeightedSum`` while a tape records).

    Args:
        weights: n Values.
        xs: n Values, the inputs.
        bias: a Value, or None for a sum without bias.
    """
    if len(weights) != len(xs):
        raise ValueError(f"weighted_sum needs as many weights as inputs, got {len(weights)} and {len(xs)}")
    placeholders = _RECORDING.get()
    if placeholders is None or not _fits_a_matrix(weights, xs, bias, placeholders):
        return _sum_of_products(weights, xs, bias)
    # The number add() would compute, term for term in the same order (so the same float).
    numbers: list[float] = list(map(operator.mul, map(_data, weights), map(_data, xs)))
    if bias is not None:
        numbers.append(bias.data)
    data = sum(numbers[1:], numbers[0])
    if not math.isfinite(data):
        raise OverflowError("+: the result is too large for a float (a weighted sum)")
    return WeightedSum(list(weights), list(xs), bias, data)


def _sum_of_products(weights: Sequence[Value], xs: Sequence[Value], bias: Value | None) -> Value:
    """The scalar engine's weighted sum: n product nodes and one n-ary ``+`` (the lone product without a bias)."""
    values = all(map(isinstance, weights, repeat(Value))) and all(map(isinstance, xs, repeat(Value)))
    # The usual case, a neuron's weights and inputs all Values: one loop; else * wraps plain numbers in Constants.
    terms = products(weights, xs) if values else [w * x for w, x in zip(weights, xs)]
    if bias is not None:
        terms.append(bias)
        values = values and isinstance(bias, Value)
    elif len(terms) == 1 and isinstance(terms[0], Value):
        return terms[0]  # one product alone needs no sum node
    # Terms known to be Values skip add()'s check; add() wraps a number bias, or a product of two numbers.
    return _sum(terms) if values else add(*terms)


def _fits_a_matrix(
    weights: Sequence[Value], xs: Sequence[Value], bias: Value | None, placeholders: frozenset[int]
) -> bool:
    """True when the sum can be a column of ``X @ W + b``: parameters as weights and bias, and
    every input a placeholder of the recording or a node computed from something."""

    # (map and set operations: a 12,288-input neuron is checked at C speed)
    if set(map(type, weights)) != {Value} or any(map(_op, weights)):
        return False
    if bias is not None and (type(bias) is not Value or bias.op):
        return False
    if placeholders.issuperset(map(id, xs)):  # the first layer: it reads the batch's columns
        return True
    return all(isinstance(x, Value) and (x.op or id(x) in placeholders or type(x) is WeightedSum) for x in xs)


class recording_sums:
    """Context manager (for ``Tape.record``): ``weighted_sum`` returns ``WeightedSum`` nodes inside it.

    Args:
        placeholders: the recording's input Values (the columns of the batch).
    """

    def __init__(self, placeholders: Sequence[Value]) -> None:
        self._ids = frozenset(map(id, placeholders))

    def __enter__(self) -> recording_sums:
        self._token = _RECORDING.set(self._ids)
        return self

    def __exit__(self, *exc_info: object) -> None:
        _RECORDING.reset(self._token)
