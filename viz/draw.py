"""Drawings as ``graphviz.Digraph`` objects, and rendering them to files.

``draw`` only builds the DOT source; Graphviz's ``dot`` program lays it out
when the drawing is rendered (``render``, or a notebook displaying it). When
``dot`` is missing, that step raises ``GraphvizNotFoundError`` saying how to
install it.

>>> from autograd import Value
>>> from viz import to_dot
>>> a, b, c = Value(5.0, label="a"), Value(3.0, label="b"), Value(2.0, label="c")
>>> J = 3 * (a + b * c)
>>> g = draw(J)
>>> g.source == to_dot(J)
True
>>> [d.source.count("grad ?") for d in steps(J, legend=False)][:3]  # one node less per step
[6, 5, 4]
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import graphviz

from autograd import Value

from ._files import encode_text, write_bytes
from .dot import DEFAULT_MAX_NODES, checked_order, graph_body

__all__ = ["Drawing", "GraphvizNotFoundError", "draw", "render", "steps", "write_drawing", "has_graphviz"]

FORMATS = ("svg", "png", "pdf")

INSTALL_HELP = (
    "the Graphviz `dot` program is not installed (or not on PATH); chainrule needs it to "
    "lay out drawings (viz.to_dot works without it). Install it:\n"
    "  Debian/Ubuntu: sudo apt-get install graphviz\n"
    "  Fedora:        sudo dnf install graphviz\n"
    "  macOS:         brew install graphviz\n"
    "  Windows:       winget install graphviz (then reopen the terminal)\n"
    "or with conda: conda install -c conda-forge graphviz"
)


class GraphvizNotFoundError(RuntimeError):
    """The Graphviz ``dot`` program is missing; the message says how to install it."""

    def __init__(self) -> None:
        super().__init__(INSTALL_HELP)


def has_graphviz() -> bool:
    """True when the ``dot`` program is on PATH."""
    return shutil.which("dot") is not None


class Drawing(graphviz.Digraph):
    """A ``graphviz.Digraph`` whose rendering explains how to install Graphviz when it is missing.

    It displays inline in Jupyter (as SVG), like any Digraph.
    """

    def __repr__(self) -> str:
        # No memory address: notebooks show this as the text fallback and must read the same every run.
        return "<viz.Drawing: a graphviz.Digraph; display it in Jupyter, or call .render(path)>"

    def pipe(self, *args, **kwargs):
        try:
            return super().pipe(*args, **kwargs)
        except graphviz.ExecutableNotFound:
            raise GraphvizNotFoundError() from None

    def render(self, *args, **kwargs):
        try:
            return super().render(*args, **kwargs)
        except graphviz.ExecutableNotFound:
            raise GraphvizNotFoundError() from None

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        try:
            return super()._repr_mimebundle_(include, exclude, **kwargs)
        except graphviz.ExecutableNotFound:
            raise GraphvizNotFoundError() from None


def _drawing(body: list[str]) -> Drawing:
    return Drawing("chainrule", body=body, format="svg")


def draw(
    root: Value,
    *,
    step: int | None = None,
    direction: str = "LR",
    show_grads: bool = True,
    show_local: bool = True,
    precision: int = 4,
    number_format: str | None = None,
    title: str | None = None,
    params=None,
    clusters: bool = True,
    legend: bool = True,
    max_nodes: int | None = DEFAULT_MAX_NODES,
) -> Drawing:
    """The computation graph below ``root`` as a ``graphviz.Digraph`` (displays inline in Jupyter).

    Args:
        root: the Value to draw. The other arguments are those of ``viz.to_dot``; in short:
        step: draw the state after the first ``step`` steps of the backward pass.
        direction: "LR" or "TB" (or "RL", "BT").
        show_grads / show_local: gradients at all / ``upstream × local`` on edges.
        precision / number_format: how numbers are written.
        title: a heading. params: Values to draw as parameters.
        clusters: box each neuron and layer of an nn.MLP. legend: explain the colours.
        max_nodes: refuse larger graphs (None: no limit).

    Returns:
        A ``graphviz.Digraph`` (a ``Drawing``); ``.source`` equals ``to_dot`` with the same arguments.
    """
    return _drawing(
        graph_body(
            root,
            direction=direction,
            show_grads=show_grads,
            show_local=show_local,
            precision=precision,
            number_format=number_format,
            title=title,
            params=params,
            clusters=clusters,
            legend=legend,
            step=step,
            max_nodes=max_nodes,
        )
    )


def steps(root: Value, **options) -> Iterator[Drawing]:
    """One drawing per state of the backward pass: before it (step 0), then after each step.

    Args:
        root: the Value whose backward pass to show.
        **options: as for ``draw`` (except ``step``).

    Yields:
        ``len(root.backward_steps()) + 1`` drawings.
    """
    if "step" in options:
        raise TypeError("steps() draws every step; pass the other options of draw() only")
    checked_order(root, options.get("max_nodes", DEFAULT_MAX_NODES))
    count = len(root.backward_steps())
    for k in range(count + 1):
        yield draw(root, step=k, **options)


def format_from_suffix(path: Path) -> str:
    """The output format named by a file's suffix: svg, png or pdf."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(
            f"cannot tell the format from {str(path)!r}: the file name must end in "
            f"{', '.join('.' + f for f in FORMATS)}"
        )
    return fmt


def write_drawing(drawing: graphviz.Digraph, path) -> Path:
    """Render ``drawing`` with Graphviz into ``path`` (format from the suffix); return the path."""
    path = Path(path)
    fmt = format_from_suffix(path)
    encode_text(drawing.source, path.name)  # a label that cannot be written fails here, clearly, before dot runs
    try:
        data = drawing.pipe(format=fmt)
    except graphviz.ExecutableNotFound:
        raise GraphvizNotFoundError() from None
    except graphviz.CalledProcessError as error:  # dot crashed or rejected the input: say so, not a traceback
        raise RuntimeError(
            f"Graphviz's dot could not lay out this graph ({error}); nothing was written "
            f"to {str(path)!r}. viz.to_dot still gives its DOT source."
        ) from error
    return write_bytes(path, data)  # atomic: a failure never leaves a truncated file


def render(root: Value, path, **options) -> Path:
    """Draw ``root`` and write the picture to ``path``: .svg (the main format), .png or .pdf.

    Args:
        root: the Value to draw.
        path: the output file; its suffix chooses the format.
        **options: as for ``draw``.

    Returns:
        The path written.

    Raises:
        GraphvizNotFoundError: the ``dot`` program is missing (the message says how to install it).
    """
    path = Path(path)
    format_from_suffix(path)  # a wrong suffix fails before any work
    return write_drawing(draw(root, **options), path)
