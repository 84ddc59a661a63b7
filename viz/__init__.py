"""Drawings of computation graphs: forward values and gradients at a glance.

``draw`` returns a ``graphviz.Digraph`` (shown inline in Jupyter), ``to_dot``
its DOT source (no Graphviz binary needed), ``render`` writes .svg/.png/.pdf.
``steps`` and ``stepper_html`` walk through the backward pass one node at a
time (``practice=True``: the learner computes each step first), ``Stepper``
does it inside a notebook, ``render_steps`` and ``animate`` make slides and a
GIF of it; ``draw_network`` draws an MLP one box per neuron.

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
from .draw import Drawing, GraphvizNotFoundError, LayoutTimeoutError, draw, has_graphviz, render, steps
from .network import draw_network, render_network
from .notebook import Stepper, register_value_display
from .slides import animate, render_steps
from .stepper import stepper_html
from .words import language

__all__ = [
    "to_dot",
    "draw",
    "render",
    "steps",
    "stepper_html",
    "Stepper",
    "render_steps",
    "animate",
    "language",
    "draw_network",
    "render_network",
    "register_value_display",
    "Drawing",
    "GraphTooLargeError",
    "GraphvizNotFoundError",
    "LayoutTimeoutError",
    "has_graphviz",
    "DEFAULT_MAX_NODES",
]

register_value_display()  # inside IPython/Jupyter: a Value displays as its drawing
