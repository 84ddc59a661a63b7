"""Every operation of the engine: its forward rule and its local gradients, side by side.

A rule takes the values of its inputs and returns ``(output, local_grads)``:
the forward value, and for each input the derivative d(output)/d(input) at
that point. Backpropagation needs nothing else: it multiplies each local
gradient by the upstream gradient arriving at the output (the chain rule).

The first argument, ``m``, is the math a rule may need beyond ``+ - * /`` (``Math``):
``SCALAR_MATH`` below for Python floats (the ``Value`` engine), the numpy
version in ``autograd.tape`` for whole batches at once, or the one in
``autograd.grad`` whose numbers are Values (``grad(..., create_graph=True)``:
local gradients that are themselves graphs, so they can be differentiated
again). One table serves all three, so the derivative a learner reads here is
the one every engine uses. A rule's branches (``x > 0``) read ``m.data(x)``,
the plain number behind ``x``: a condition is about numbers, never a graph.

>>> add(SCALAR_MATH, 2.0, 3.0)
(5.0, (1.0, 1.0))
>>> mul(SCALAR_MATH, 2.0, 3.0)
(6.0, (3.0, 2.0))
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypeVar

if TYPE_CHECKING:  # for the annotations only: autograd imports no numpy
    import numpy as np
    from numpy.typing import NDArray

    from .value import Value

__all__ = [
    "RULES",
    "RULE_TEXT",
    "RuleText",
    "SCALAR_MATH",
    "ScalarMath",
    "Math",
    "DivisionByZeroError",
]

# ---- the types of a rule ---------------------------------------------------------------
# (Annotations are not evaluated at run time, ``from __future__ import annotations``: they cost nothing.)

#: The numbers a rule computes with, set by its ``m``: floats (the ``Value`` engine, ``SCALAR_MATH``),
#: Values or floats (``grad(..., create_graph=True)``, ``VALUE_MATH``) or arrays (the tape, ``ARRAY_MATH``).
Number = TypeVar("Number", float, "Value | float", "NDArray[np.float64]")
#: The plain numbers behind a rule's numbers, ``m.data(x)``: what a branch (``x > 0``) reads.
Plain: TypeAlias = "float | NDArray[np.float64]"
#: A branch's condition: one answer for a float, one per element for an array.
Condition: TypeAlias = "bool | NDArray[np.bool_]"
#: d(output)/d(input) for each input, in order. A slope that is a fixed number (``+``'s 1.0) stays a float.
LocalGrads: TypeAlias = "tuple[Number | float, ...]"
#: What every rule returns: the forward value and its local gradients.
RuleResult: TypeAlias = "tuple[Number, LocalGrads[Number]]"


class DivisionByZeroError(ValueError, ZeroDivisionError):
    """x / 0: a value outside the op's domain (ValueError), as Python calls it (ZeroDivisionError)."""


class Math(Protocol[Number]):
    """What a rule may call on its ``m``: ``ScalarMath`` (below), ``grad.ValueMath`` and ``tape.ArrayMath``."""

    def exp(self, x: Number, /) -> Number: ...
    def log(self, x: Number, /) -> Number: ...
    def tanh(self, x: Number, /) -> Number: ...
    def sin(self, x: Number, /) -> Number: ...
    def cos(self, x: Number, /) -> Number: ...
    def abs(self, x: Number, /) -> Number: ...
    def pow(self, x: Number, n: Number | float, /) -> Number: ...
    def data(self, x: Number, /) -> Plain: ...
    def where(self, condition: Condition, if_true: Number | float, if_false: Number | float, /) -> Number: ...
    def require(
        self, ok: Condition, op: str, what: str, x: Plain, error: type[Exception] = ..., name: str = ...
    ) -> None: ...


class ScalarMath:
    """The few functions the rules need, for Python floats.

    ``require(ok, op, what, x, error=ValueError, name="")`` is how a rule
    states its domain (``name`` says which input ``x`` is): here it raises at
    once; the array version checks every element of a batch.
    """

    exp = staticmethod(math.exp)
    log = staticmethod(math.log)
    tanh = staticmethod(math.tanh)
    sin = staticmethod(math.sin)
    cos = staticmethod(math.cos)
    abs = staticmethod(abs)

    @staticmethod
    def data(x: float) -> float:
        return x  # a float is its own number

    @staticmethod
    def pow(x: float, n: float) -> float:
        # Python's float ** raises OverflowError where * gives inf; inf lets the caller
        # say which number is too large (the result, or only its slope).
        try:
            # (typeshed types float ** float as Any: a negative base gives a complex number. The
            # rule power() has refused a negative base with a fractional exponent before this.)
            return x**n  # type: ignore[no-any-return]
        except OverflowError:
            return math.inf

    @staticmethod
    def where(condition: object, if_true: float, if_false: float) -> float:
        return if_true if condition else if_false

    @staticmethod
    def require(ok: object, op: str, what: str, x: object, error: type[Exception] = ValueError, name: str = "") -> None:
        if not ok:
            raise error(f"{op}: {what}, got {name + ' ' if name else ''}{x!r}")


SCALAR_MATH = ScalarMath()


def add(m: object, x: Number, y: Number) -> RuleResult[Number]:
    # d(x + y)/dx = 1,  d(x + y)/dy = 1: addition hands the upstream gradient to both inputs.
    return x + y, (1.0, 1.0)


def sub(m: object, x: Number, y: Number) -> RuleResult[Number]:
    # d(x - y)/dx = 1,  d(x - y)/dy = -1
    return x - y, (1.0, -1.0)


def mul(m: object, x: Number, y: Number) -> RuleResult[Number]:
    # d(x * y)/dx = y,  d(x * y)/dy = x: multiplication swaps its inputs.
    return x * y, (y, x)


def div(m: Math[Number], x: Number, y: Number) -> RuleResult[Number]:
    m.require(m.data(y) != 0, "/", "cannot divide by zero", m.data(y), DivisionByZeroError)
    out = x / y
    # d(x / y)/dx = 1/y,  d(x / y)/dy = -x/y^2 = -(x/y)/y
    return out, (1.0 / y, -out / y)


def neg(m: object, x: Number) -> RuleResult[Number]:
    # d(-x)/dx = -1
    return -x, (-1.0,)


def power(m: Math[Number], x: Number, n: Number) -> RuleResult[Number]:
    # A real x ** n needs x > 0, or a whole-number n when x < 0, or n > 0 when x = 0.
    # (| and & rather than "or" and "and": the same test then also works on numpy arrays.)
    xd, nd = m.data(x), m.data(n)
    m.require(
        (xd > 0) | (nd % 1 == 0) | ((xd == 0) & (nd > 0)),
        "**",
        "a negative base needs a whole-number exponent",
        xd,
        name="base",
    )
    m.require(
        (xd != 0) | (nd >= 1) | (nd == 0),
        "**",
        "a base of 0 needs an exponent >= 1 (0 ** n has an infinite slope for 0 < n < 1)",
        nd,
        name="exponent",
    )
    out = x**n
    # d(x^n)/dx = n * x^(n-1), which is 0 for n = 0 (x^0 = 1 is flat; and 0^-1 must not be tried).
    # d(x^n)/dn = x^n * ln(x), defined only for x > 0. Value.__pow__ lets a base <= 0
    # meet only a constant exponent, whose gradient nobody uses; it is recorded there as 0.
    slope_exponent = m.where(nd == 0, 1.0, n - 1)
    positive = xd > 0
    return out, (n * m.pow(x, slope_exponent), m.where(positive, out * m.log(m.where(positive, x, 1.0)), 0.0))


def power_by_number(m: Math[Number], x: Number, n: float) -> RuleResult[Number]:
    """``power`` for an exponent that is a plain number (``x ** 2``): the same output and slope for x.

    A batch tape runs this for an exponent written into the expression. Nothing
    learns a constant, so its slope (``x^n ln x``, a logarithm per sample) is not
    computed, and the domain of ``power`` is decided by n alone, so only the
    conditions this n needs are tested (none for a whole n >= 1 or n = 0: the
    squared error's ``** 2`` costs one product). It refuses exactly what
    ``power`` refuses, with the same message. Only x has a local gradient.
    """
    xd = m.data(x)
    if n % 1 != 0:  # a fractional power of a negative base is not real; 0 ** n needs n > 0
        m.require(xd > 0 if n < 0 else xd >= 0, "**", "a negative base needs a whole-number exponent", xd, name="base")
    if n < 1 and n != 0:  # 0 ** n is infinite for n < 0, and its slope infinite for 0 < n < 1
        m.require(
            xd != 0,
            "**",
            "a base of 0 needs an exponent >= 1 (0 ** n has an infinite slope for 0 < n < 1)",
            n,
            name="exponent",
        )
    # d(x^n)/dx = n * x^(n-1), 0 for n = 0: as in ``power``.
    return x**n, (n * m.pow(x, 1.0 if n == 0 else n - 1),)


def exp(m: Math[Number], x: Number) -> RuleResult[Number]:
    out = m.exp(x)
    # d(e^x)/dx = e^x: the output is its own slope.
    return out, (out,)


def log(m: Math[Number], x: Number) -> RuleResult[Number]:
    m.require(m.data(x) > 0, "log", "needs a positive input", m.data(x))
    # d(ln x)/dx = 1/x
    return m.log(x), (1.0 / x,)


def tanh(m: Math[Number], x: Number) -> RuleResult[Number]:
    t = m.tanh(x)
    # d/dx tanh(x) = 1 - tanh(x)^2
    return t, (1.0 - t * t,)


def sin(m: Math[Number], x: Number) -> RuleResult[Number]:
    # d/dx sin(x) = cos(x)
    return m.sin(x), (m.cos(x),)


def cos(m: Math[Number], x: Number) -> RuleResult[Number]:
    # d/dx cos(x) = -sin(x)
    return m.cos(x), (-m.sin(x),)


def sigmoid(m: Math[Number], x: Number) -> RuleResult[Number]:
    # sigmoid(x) = 1 / (1 + e^-x). Written with e^-|x| so that no exponent is
    # ever positive: exp(1000) would overflow, exp(-1000) is just 0.
    e = m.exp(-m.abs(x))
    s = m.where(m.data(x) >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    # d/dx sigmoid(x) = sigmoid(x) * (1 - sigmoid(x))
    return s, (s * (1.0 - s),)


def relu(m: Math[Number], x: Number) -> RuleResult[Number]:
    positive = m.data(x) > 0
    # d/dx max(0, x) = 1 where x > 0, else 0 (PyTorch's choice at x = 0, too).
    return m.where(positive, x, 0.0), (m.where(positive, 1.0, 0.0),)


def leaky_relu(m: Math[Number], x: Number, slope: Number) -> RuleResult[Number]:
    positive = m.data(x) > 0
    # d/dx = 1 where x > 0, else slope;  d/d(slope) = x where x <= 0, else 0.
    return (m.where(positive, x, slope * x), (m.where(positive, 1.0, slope), m.where(positive, 0.0, x)))


def maximum(m: Math[Number], x: Number, y: Number) -> RuleResult[Number]:
    # max routes the gradient to the larger input; a tie splits it evenly (as PyTorch does).
    xd, yd = m.data(x), m.data(y)
    return (
        m.where(xd >= yd, x, y),
        (m.where(xd > yd, 1.0, m.where(xd == yd, 0.5, 0.0)), m.where(yd > xd, 1.0, m.where(xd == yd, 0.5, 0.0))),
    )


def add_all(m: object, *terms: Number) -> RuleResult[Number]:
    # d(x1 + x2 + ... + xn)/dxi = 1 for every term: one node for a whole sum.
    # sum() of Python floats (compensated since Python 3.12, so it can be a last bit
    # more exact than a chain of binary +); of numpy arrays, elementwise.
    return sum(terms[1:], terms[0]), (1.0,) * len(terms)


#: Every rule by the ``op`` name its nodes carry. ("+" is the n-ary sum; ``Value.__add__``
#: calls ``add``, the same rule for two terms.)
RULES: dict[str, Callable[..., RuleResult[Any]]] = {
    "+": add_all,
    "-": sub,
    "*": mul,
    "/": div,
    "neg": neg,
    "**": power,
    "exp": exp,
    "log": log,
    "tanh": tanh,
    "sin": sin,
    "cos": cos,
    "sigmoid": sigmoid,
    "relu": relu,
    "leaky_relu": leaky_relu,
    "max": maximum,
}


@dataclass(frozen=True)
class RuleText:
    """One rule as a learner reads it: the op written out, and each input's local gradient as a formula.

    Attributes:
        written: the output in terms of ``names``, e.g. ``"x * y"``.
        names: what ``written`` and ``grads`` call the inputs, in order. The sum ``+`` takes
            any number of terms; its last name and gradient stand for every further term.
        grads: d(output)/d(input) for each name, a formula over the names and ``out`` (the
            output) in a small arithmetic: numbers, ``+ - * / **``, parentheses,
            ``exp log tanh sigmoid sin cos``, comparisons and ``a if condition else b``.
            ``viz.hints`` evaluates it without ``eval``; a test checks every formula
            against the rule's own local gradients at several points.
        words: the rule in words.
    """

    written: str
    names: tuple[str, ...]
    grads: tuple[str, ...]
    words: str


#: The rules of ``RULES`` in words and symbols, keyed the same way: the hints and captions of
#: ``viz.stepper_html`` come from here, so a hint cannot disagree with the engine's rule.
RULE_TEXT: dict[str, RuleText] = {
    "+": RuleText("x + y", ("x", "y"), ("1", "1"), "addition hands the upstream gradient to every input unchanged"),
    "-": RuleText("x - y", ("x", "y"), ("1", "-1"), "subtraction passes the upstream gradient on, negated for y"),
    "*": RuleText("x * y", ("x", "y"), ("y", "x"), "multiplication swaps its inputs"),
    "/": RuleText("x / y", ("x", "y"), ("1 / y", "-x / y**2"), "the quotient rule"),
    "neg": RuleText("-x", ("x",), ("-1",), "negation flips the sign of the gradient"),
    "**": RuleText(
        "x ** n",
        ("x", "n"),
        ("n * x**(n - 1)", "out * log(x) if x > 0 else 0"),
        "the power rule: bring the exponent down, lower it by one",
    ),
    "exp": RuleText("exp(x)", ("x",), ("out",), "the exponential is its own slope"),
    "log": RuleText("log(x)", ("x",), ("1 / x",), "the slope of ln x is 1/x"),
    "tanh": RuleText("tanh(x)", ("x",), ("1 - out**2",), "its slope is 1 minus its output squared"),
    "sigmoid": RuleText("sigmoid(x)", ("x",), ("out * (1 - out)",), "its slope is its output times 1 minus its output"),
    "relu": RuleText("relu(x)", ("x",), ("1 if x > 0 else 0",), "the gradient passes where x > 0 only"),
    "leaky_relu": RuleText(
        "leaky_relu(x, slope)",
        ("x", "slope"),
        ("1 if x > 0 else slope", "0 if x > 0 else x"),
        "the gradient passes where x > 0, and only a fraction (the slope) of it elsewhere",
    ),
    "sin": RuleText("sin(x)", ("x",), ("cos(x)",), "its slope is the cosine"),
    "cos": RuleText("cos(x)", ("x",), ("-sin(x)",), "its slope is minus the sine"),
    "max": RuleText(
        "max(x, y)",
        ("x", "y"),
        ("1 if x > y else (0.5 if x == y else 0)", "1 if y > x else (0.5 if x == y else 0)"),
        "the larger input gets the gradient (a tie splits it)",
    ),
}
