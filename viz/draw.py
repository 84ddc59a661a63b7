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

import base64
import inspect
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import graphviz

from autograd import Value

from ._files import encode_text, write_bytes
from ._pin import pinned_source, shared_layout
from ._run import (
    DEFAULT_TIMEOUT,
    GraphvizNotFoundError,
    LayoutTimeoutError,
    check_dpi,
    check_timeout,
    run_graphviz,
)
from .dot import DEFAULT_MAX_NODES, checked_order, graph_body
from .words import phrase, resolve_lang

__all__ = [
    "Drawing",
    "GraphvizNotFoundError",
    "LayoutTimeoutError",
    "DEFAULT_TIMEOUT",
    "draw",
    "render",
    "steps",
    "pipe_all",
    "write_drawing",
    "has_graphviz",
]

FORMATS = ("svg", "png", "pdf")


def has_graphviz() -> bool:
    """True when the ``dot`` program is on PATH."""
    return shutil.which("dot") is not None


class Drawing(graphviz.Digraph):
    """A ``graphviz.Digraph`` that renders with a time limit and explains how to install Graphviz.

    It displays inline in Jupyter (as SVG), like any Digraph. ``.source`` is the
    DOT text (``viz.to_dot``). A drawing of a backward step is *pinned*: it is
    rendered from a second source, ``pinned_source()``, in which every node has
    the place it has in every other step of the same graph (see ``viz._pin``);
    statements added to a pinned drawing afterwards are not drawn.

    Attributes:
        timeout: seconds Graphviz may take to render it (None: no limit).
        dpi: dots per inch of PNG renderings (None: Graphviz's 96).
    """

    timeout: float | None = DEFAULT_TIMEOUT
    dpi: float | None = None
    lang: str | None = None  # the language of its words (None: the current one)

    def __init__(
        self,
        *args,
        pin: Callable[[float | None], str | None] | None = None,
        images: dict[str, bytes] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._pin = pin
        self._pinned: str | None = None
        self._images = dict(images or {})  # file name in the labels -> PNG bytes (see _with_images)

    def __repr__(self) -> str:
        # No memory address: notebooks keep this text and must read the same every run.
        return phrase("draw.text", "en", name="viz.Drawing")

    def __str__(self) -> str:
        return phrase("draw.text", self.lang, name="viz.Drawing")

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        # IPython's text/plain (the text a notebook keeps next to the picture): in the drawing's language.
        printer.text(str(self))

    def copy(self):
        """An independent copy, pinned, timed and with the pictures of this drawing."""
        duplicate = super().copy()  # (graphviz's copy knows only its own arguments)
        duplicate._pin, duplicate._pinned, duplicate._images = self._pin, self._pinned, dict(self._images)
        duplicate.timeout, duplicate.dpi, duplicate.lang = self.timeout, self.dpi, self.lang
        return duplicate

    @property
    def is_pinned(self) -> bool:
        """True when the nodes are drawn at places shared by every step of the graph."""
        return self._pin is not None

    def pinned_source(self) -> str | None:
        """The DOT source drawn (by ``neato -n2``) for a pinned drawing, else None."""
        if self._pin is not None and self._pinned is None:
            self._pinned = self._pin(self.timeout)
            if self._pinned is None:  # it cannot be pinned (see viz._pin.pinned_source): drawn by dot
                self._pin = None
        return self._pinned

    def pipe(
        self,
        format=None,
        renderer=None,
        formatter=None,
        neato_no_op=None,
        quiet=False,
        *,
        engine=None,
        encoding=None,
    ):
        """The rendered picture as bytes (or str with ``encoding``); Graphviz is stopped after ``timeout``."""
        pinned = self.pinned_source()
        fmt = format or self.format
        with tempfile.TemporaryDirectory(prefix="chainrule-") as folder:
            for name, picture in self._images.items():  # Graphviz reads the labels' pictures from files
                (Path(folder) / name).write_bytes(picture)
            data = run_graphviz(
                self.source if pinned is None else pinned,
                fmt,
                engine="neato" if pinned is not None else (engine or self.engine),
                pinned=pinned is not None or bool(neato_no_op),
                renderer=renderer,
                formatter=formatter,
                timeout=self.timeout,
                dpi=self.dpi,
                cwd=folder if self._images else None,
                quiet=quiet,
            )
        if self._images and fmt == "svg":
            data = _with_images(data, self._images)
        return data.decode(encoding) if encoding else data

    def render(self, *args, **kwargs):
        if self._images:
            raise NotImplementedError(
                "a drawing with pictures in it (neuron maps) is written with viz.render_network(model, path), "
                "or shown inline; .pipe(format=...) gives its bytes"
            )
        pinned = self.pinned_source()
        target = self
        if pinned is not None:
            target = graphviz.Source(
                pinned, filename=self.filename, directory=self.directory, format=self.format, engine="neato"
            )
            kwargs["neato_no_op"] = 2
        try:
            return target.render(*args, **kwargs) if pinned is not None else super().render(*args, **kwargs)
        except graphviz.ExecutableNotFound:
            raise GraphvizNotFoundError() from None

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        try:
            return super()._repr_mimebundle_(include, exclude, **kwargs)
        except graphviz.ExecutableNotFound:
            raise GraphvizNotFoundError() from None


def _with_images(svg: bytes, images: dict[str, bytes]) -> bytes:
    """The SVG with each picture it links to by file name put inside it, as a ``data:`` URI.

    Graphviz links a label's picture (``<image xlink:href="map_L1_N1.png">``); the file
    is gone once Graphviz has run, and a notebook shows an SVG without its folder.
    """
    for name, picture in images.items():
        uri = "data:image/png;base64," + base64.b64encode(picture).decode("ascii")
        svg = svg.replace(f'xlink:href="{name}"'.encode(), f'xlink:href="{uri}"'.encode())
    return svg


def _drawing(
    body: list[str],
    pin: Callable[[float | None], str | None] | None = None,
    timeout=DEFAULT_TIMEOUT,
    lang: str | None = None,
) -> Drawing:
    drawing = Drawing("chainrule", body=body, format="svg", pin=pin)
    drawing.timeout = check_timeout(timeout)
    drawing.lang = resolve_lang(lang)  # the words were written in it: so is its text
    return drawing


# Layouts shared by the steps of a graph, keyed by the drawings of its first and last step (which
# fix the graph, its labels and its numbers, hence every step between): a notebook drawing
# draw(J, step=k) for k = 0, 1, ... lays J out once.
_LAYOUTS: dict[tuple[str, str], dict] = {}
_LAYOUTS_KEPT = 16
_LAYOUTS_LOCK = threading.Lock()


def _step_layout(root: Value, count: int, options: dict, timeout, bodies: list[list[str]] | None = None) -> dict:
    """The layout every step drawing of ``root`` (with these ``options``) is pinned to."""
    first = bodies[0] if bodies else graph_body(root, step=0, **options)
    last = bodies[-1] if bodies else graph_body(root, step=count, **options)
    key = ("".join(first), "".join(last))
    with _LAYOUTS_LOCK:  # drawings may be rendered from several threads
        layout = _LAYOUTS.get(key)
    if layout is None:
        if bodies is None:
            bodies = [first] + [graph_body(root, step=k, **options) for k in range(1, count)] + [last]
        layout = shared_layout(bodies, timeout)
        with _LAYOUTS_LOCK:
            if len(_LAYOUTS) >= _LAYOUTS_KEPT:
                del _LAYOUTS[next(iter(_LAYOUTS))]  # the oldest
            _LAYOUTS[key] = layout
    return layout


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
    timeout: float | None = DEFAULT_TIMEOUT,
    **more,
) -> Drawing:
    """The computation graph below ``root`` as a ``graphviz.Digraph`` (displays inline in Jupyter).

    Args:
        root: the Value to draw. The other arguments are those of ``viz.to_dot``; in short:
        step: draw the state after the first ``step`` steps of the backward pass. Every step
            of a graph is drawn with its nodes at the same places (the drawing is pinned).
        direction: "LR" or "TB" (or "RL", "BT").
        show_grads / show_local: gradients at all / ``upstream × local`` on edges.
        precision / number_format: how numbers are written.
        title: a heading. params: Values to draw as parameters.
        clusters: box each neuron and layer of an nn.MLP. legend: explain the colours.
        max_nodes: refuse larger graphs (None: no limit).
        timeout: stop Graphviz after this many seconds when rendering (None: no limit).
        **more: further options of ``viz.to_dot`` (e.g. ``collapse``, ``lang``).

    Returns:
        A ``graphviz.Digraph`` (a ``Drawing``); ``.source`` equals ``to_dot`` with the same arguments.
    """
    options = dict(
        direction=direction,
        show_grads=show_grads,
        show_local=show_local,
        precision=precision,
        number_format=number_format,
        title=title,
        params=params,
        clusters=clusters,
        legend=legend,
        max_nodes=max_nodes,
        **more,
    )
    body = graph_body(root, step=step, **options)
    if step is None:
        return _drawing(body, timeout=timeout, lang=more.get("lang"))
    count = len(root.backward_steps())

    def pin(limit: float | None) -> str | None:
        return pinned_source(body, _step_layout(root, count, options, limit))

    return _drawing(body, pin, timeout, more.get("lang"))


def steps(root: Value, *, timeout: float | None = DEFAULT_TIMEOUT, **options) -> list[Drawing]:
    """One drawing per state of the backward pass: before it (step 0), then after each step.

    Every drawing puts every node at the same place (they share one layout), so
    stepping through them changes colours and numbers, never the picture's shape.

    Args:
        root: the Value whose backward pass to show.
        timeout: stop Graphviz after this many seconds per run (None: no limit).
        **options: as for ``draw`` (except ``step``).

    Returns:
        ``len(root.backward_steps()) + 1`` drawings, step 0 first.
    """
    if "step" in options:
        raise TypeError("steps() draws every step; pass the other options of draw() only")
    checked_order(root, options.get("max_nodes", DEFAULT_MAX_NODES))
    check_timeout(timeout)
    count = len(root.backward_steps())
    defaults = {
        name: parameter.default
        for name, parameter in inspect.signature(draw).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY and name not in ("step", "timeout")
    }
    options = {**defaults, **options}
    bodies = [graph_body(root, step=k, **options) for k in range(count + 1)]

    def pin_for(body: list[str]) -> Callable[[float | None], str | None]:
        return lambda limit: pinned_source(body, _step_layout(root, count, options, limit, bodies))

    return [_drawing(body, pin_for(body), timeout, options.get("lang")) for body in bodies]


# What starts each picture in Graphviz's output, when one run draws many graphs one after another.
_STARTS = {"svg": b"<?xml", "png": b"\x89PNG\r\n\x1a\n"}


def pipe_all(drawings: list[Drawing], format: str = "svg", encoding: str | None = None) -> list:
    """Render many drawings, the pictures ``[d.pipe(format) for d in drawings]`` gives, but faster.

    Starting Graphviz (loading its fonts) is much of the time of a drawing: the pinned steps
    of a graph are all drawn by one ``neato -n2`` run (88 steps of a 2-4-4-1 network: 18 s
    instead of 34 s). The pictures are the same (an SVG may list its boxes in another
    order). Other drawings, or other formats, are rendered one at a time.

    Args:
        drawings: the drawings, e.g. ``viz.steps(J)``.
        format: "svg" or "png" (others are rendered one by one).
        encoding: decode each picture to str with it (for SVG).
    """
    sources = [d.pinned_source() if not d._images else None for d in drawings]
    pinned = [source for source in sources if source is not None]
    start = _STARTS.get(format)
    same = len({(d.dpi, d.timeout) for d in drawings}) == 1
    if len(drawings) < 2 or start is None or not same or len(pinned) < len(sources):
        return [d.pipe(format=format, encoding=encoding) for d in drawings]
    first = drawings[0]
    timeout = None if first.timeout is None else first.timeout * len(drawings)  # the limit of each, for all
    data = run_graphviz("".join(pinned), format, engine="neato", pinned=True, timeout=timeout, dpi=first.dpi)
    pictures = [start + part for part in data.split(start)[1:]]
    if format == "svg":  # Graphviz names the later graphs of a run "page0,1_graph0": as drawn alone, "graph0"
        pictures = [re.sub(rb'<g id="page[0-9]+,[0-9]+_graph0"', b'<g id="graph0"', svg, count=1) for svg in pictures]
    if len(pictures) != len(drawings):  # a picture held the start mark by chance: draw them one by one
        return [d.pipe(format=format, encoding=encoding) for d in drawings]
    return [picture.decode(encoding) for picture in pictures] if encoding else pictures


def format_from_suffix(path: Path) -> str:
    """The output format named by a file's suffix: svg, png or pdf."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(
            f"cannot tell the format from {str(path)!r}: the file name must end in "
            f"{', '.join('.' + f for f in FORMATS)}"
        )
    return fmt


def write_drawing(drawing: Drawing, path, dpi: float | None = None) -> Path:
    """Render ``drawing`` with Graphviz into ``path`` (format from the suffix); return the path.

    Nothing is written unless Graphviz succeeded: a failed or stopped run leaves ``path`` as it was.
    """
    path = Path(path)
    fmt = format_from_suffix(path)
    encode_text(drawing.source, path.name)  # a label that cannot be written fails here, clearly, before dot runs
    if check_dpi(dpi) is not None:
        if fmt != "png":
            raise ValueError(f"dpi sets the pixels of a PNG picture; {str(path)!r} is {fmt}, which has no pixels")
        drawing.dpi = dpi
    try:
        data = drawing.pipe(format=fmt)
    except graphviz.CalledProcessError as error:  # dot crashed or rejected the input: say so, not a traceback
        raise RuntimeError(
            f"Graphviz could not lay out this graph ({error}); nothing was written "
            f"to {str(path)!r}. viz.to_dot still gives its DOT source."
        ) from error
    except LayoutTimeoutError as error:
        raise LayoutTimeoutError(f"{error} (nothing was written to {str(path)!r})") from None
    return write_bytes(path, data)  # atomic: a failure never leaves a truncated file


def render(root: Value, path, *, dpi: float | None = None, **options) -> Path:
    """Draw ``root`` and write the picture to ``path``: .svg (the main format), .png or .pdf.

    Args:
        root: the Value to draw.
        path: the output file; its suffix chooses the format.
        dpi: dots per inch of a PNG (300 for slides; None: Graphviz's 96). SVG and PDF scale freely.
        **options: as for ``draw`` (``timeout`` included).

    Returns:
        The path written.

    Raises:
        GraphvizNotFoundError: the ``dot`` program is missing (the message says how to install it).
        LayoutTimeoutError: Graphviz took longer than ``timeout`` seconds (nothing is written).
    """
    path = Path(path)
    fmt = format_from_suffix(path)  # a wrong suffix or dpi fails before any work
    if check_dpi(dpi) is not None and fmt != "png":
        raise ValueError(f"dpi sets the pixels of a PNG picture; {str(path)!r} is {fmt}, which has no pixels")
    return write_drawing(draw(root, **options), path, dpi)
