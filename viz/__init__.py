"""Drawings of computation graphs: forward values and gradients at a glance.

>>> from autograd import Value
>>> import viz
>>> a, b, c = Value(5.0, label="a"), Value(3.0, label="b"), Value(2.0, label="c")
>>> J = 3 * (a + b * c); J.label = "J"
>>> "grad ?" in viz.to_dot(J)           # before backward: not computed yet, never 0.0
True
>>> J.backward()
>>> "grad 6" in viz.to_dot(J)           # b.grad = dJ/db = 3 * c
True
"""

from .dot import DEFAULT_MAX_NODES, GraphTooLargeError, to_dot
from .draw import Drawing, GraphvizNotFoundError, draw, has_graphviz, render, steps

__all__ = [
    "to_dot",
    "draw",
    "render",
    "steps",
    "Drawing",
    "GraphTooLargeError",
    "GraphvizNotFoundError",
    "has_graphviz",
    "DEFAULT_MAX_NODES",
]
