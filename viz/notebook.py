"""Jupyter display: a drawing, and a Value itself, shown inline as SVG.

A ``viz.draw(...)`` result is a ``graphviz.Digraph`` and displays itself.
A bare ``Value`` cannot (``autograd`` knows nothing of drawings), so
``import viz`` inside IPython registers an SVG formatter for ``Value``: the
last line ``J`` of a cell then shows J's graph. Graphs larger than
``viz.DEFAULT_MAX_NODES`` fall back to the text repr.
"""

from __future__ import annotations

import sys

from autograd import Value

from .dot import GraphTooLargeError
from .draw import draw

__all__ = ["value_svg", "register_value_display"]


def value_svg(value: Value) -> str | None:
    """The SVG drawing of ``value``'s graph, or None when the graph is too large to draw.

    Raises:
        GraphvizNotFoundError: the ``dot`` program is missing (the message says how to install it).
    """
    try:
        drawing = draw(value)
    except GraphTooLargeError:
        return None
    return drawing.pipe(format="svg", encoding="utf-8")


def register_value_display(shell=None) -> bool:
    """Make IPython/Jupyter display every ``Value`` as its drawing.

    Args:
        shell: an IPython shell; by default the running one, if any.

    Returns:
        True if a formatter was registered (False outside IPython).
    """
    if shell is None:
        ipython = sys.modules.get("IPython")
        get_ipython = getattr(ipython, "get_ipython", None)
        shell = get_ipython() if get_ipython is not None else None
    if shell is None:
        return False
    shell.display_formatter.formatters["image/svg+xml"].for_type(Value, value_svg)
    return True
