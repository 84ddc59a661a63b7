"""A neural network drawn one box per neuron, with its weights on the edges.

A 2-16-16-1 network is thousands of scalar nodes but only 35 neurons: this is
the drawing to read a model from. Edge thickness grows with the weight's
size; the sign is told by colour and line style (solid bluish green:
positive, dashed reddish purple: negative; Okabe-Ito colours, so readers with
colour-blindness tell them apart, and the dashes tell them apart in print).

The model is read duck-typed, as ``nn`` builds it: ``model.layers[i].neurons[j]``
with ``.w`` (list of Values), ``.b`` (a Value) and ``.activation`` (a name).

>>> from types import SimpleNamespace as Fake
>>> from autograd import Value
>>> neuron = Fake(w=[Value(0.5), Value(-2.0)], b=Value(0.1), activation="tanh")
>>> model = Fake(layers=[Fake(neurons=[neuron])])
>>> dot = draw_network(model).source
>>> "L1.N1" in dot and "w -2" in dot
True
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from autograd import Value, no_grad

from ._text import FONT, escape, number_formatter
from .dot import FORWARD_COLOUR, GRADIENT_COLOUR, MUTED_COLOUR, check_direction
from .draw import Drawing, format_from_suffix, write_drawing

__all__ = ["draw_network", "render_network"]

_POSITIVE = "#009E73"  # Okabe-Ito bluish green
_NEGATIVE = "#CC79A7"  # Okabe-Ito reddish purple
#: Above this many weights the edges carry no numbers (thickness and colour still show them).
AUTO_LABEL_LIMIT = 64


def _layers(model) -> list[list]:
    """The model's neurons, layer by layer, checked to look like an nn.MLP."""
    layers = getattr(model, "layers", None)
    if layers is None or not hasattr(layers, "__len__") or len(layers) == 0:
        raise TypeError(
            f"draw_network needs a model with .layers, each with .neurons (an nn.MLP), got {type(model).__name__}"
        )
    result = []
    for i, layer in enumerate(layers, start=1):
        neurons = list(getattr(layer, "neurons", ()))
        if not neurons:
            raise TypeError(f"draw_network: layer {i} has no .neurons")
        for j, neuron in enumerate(neurons, start=1):
            if not (
                isinstance(getattr(neuron, "b", None), Value)
                and all(isinstance(w, Value) for w in getattr(neuron, "w", [None]))
            ):
                raise TypeError(f"draw_network: neuron {j} of layer {i} needs .w (a list of Values) and .b (a Value)")
        result.append(neurons)
    return result


def _column(heading: str, cells: list[tuple[str, str, str]], across: bool) -> str:
    """An HTML-like table: a heading, then one cell (port, content, fill) per box."""
    boxes = [
        f'<TD PORT="{port}" STYLE="rounded" BGCOLOR="{fill}" COLOR="#333333">{content}</TD>'
        for port, content, fill in cells
    ]
    if across:  # one box per row
        rows = "".join(f"<TR>{box}</TR>" for box in boxes)
        head = f'<TR><TD BORDER="0">{heading}</TD></TR>'
    else:  # all boxes in one row
        rows = f"<TR>{''.join(boxes)}</TR>"
        head = f'<TR><TD BORDER="0" COLSPAN="{len(boxes)}">{heading}</TD></TR>'
    return (
        f'<TABLE BORDER="1" STYLE="rounded" COLOR="#CCCCCC" BGCOLOR="#FAFAFA" CELLBORDER="1"'
        f' CELLSPACING="8" CELLPADDING="4">{head}{rows}</TABLE>'
    )


def _forward(layers: list[list], x) -> list[list[float]]:
    """Each layer's outputs for input ``x``, computed without recording a graph."""
    values: list = list(x)
    outputs = []
    with no_grad():
        for neurons in layers:
            values = [neuron(values) for neuron in neurons]
            outputs.append([v.data if isinstance(v, Value) else float(v) for v in values])
    return outputs


def draw_network(
    model,
    x: Sequence | None = None,
    *,
    direction: str = "LR",
    title: str | None = None,
    show_grads: bool = True,
    weight_labels: bool | None = None,
    precision: int = 3,
    number_format: str | None = None,
) -> Drawing:
    """Draw ``model`` one box per neuron, weights on the edges.

    Args:
        model: an ``nn.MLP`` (or anything with ``.layers[i].neurons[j].w / .b / .activation``).
        x: an input; when given, each box shows the neuron's output for it.
        direction: "LR" (the default) or "TB".
        title: a heading for the picture.
        show_grads: show gradients of weights and biases once a backward pass reached them.
        weight_labels: write each weight on its edge; None (the default) does so when there
            are at most 64 weights.
        precision / number_format: how numbers are written (as for ``viz.to_dot``).

    Returns:
        A ``graphviz.Digraph`` (a ``Drawing``).
    """
    check_direction(direction)
    fmt = number_formatter(precision, number_format)
    layers = _layers(model)
    n_inputs = len(layers[0][0].w)
    if x is not None and len(x) != n_inputs:
        raise ValueError(f"x has {len(x)} numbers, the model takes {n_inputs}")
    outputs = _forward(layers, x) if x is not None else None
    all_weights = [w for neurons in layers for neuron in neurons for w in neuron.w]
    if weight_labels is None:
        weight_labels = len(all_weights) <= AUTO_LABEL_LIMIT
    largest = max((abs(w.data) for w in all_weights), default=0.0) or 1.0

    # Each layer is one node: a table with one cell (a port) per neuron, so the
    # neurons stay in order N1, N2, ... whatever Graphviz does to reduce crossings.
    across = direction in ("LR", "RL")  # layers side by side, each layer's neurons stacked
    tail_side, head_side = {"LR": ("e", "w"), "RL": ("w", "e"), "TB": ("s", "n"), "BT": ("n", "s")}[direction]
    body = [
        f'\tgraph [rankdir={direction} fontname="{FONT}" fontsize=11 ranksep=1.4 nodesep=0.3'
        f" bgcolor=white labelloc=t]\n",
        f'\tnode [fontname="{FONT}" fontsize=10 shape=plaintext]\n',
        f'\tedge [fontname="{FONT}" fontsize=9 arrowsize=0.5]\n',
    ]
    # \u00a0: a space at the edge of a styled piece is dropped in SVG (see viz.dot._SPACE).
    legend = (
        f'<FONT COLOR="{_POSITIVE}">solid green: w &gt; 0</FONT>\u00a0·\u00a0'
        f'<FONT COLOR="{_NEGATIVE}">dashed purple: w &lt; 0</FONT>\u00a0·\u00a0thicker: larger |w|'
    )
    heading = f'<FONT POINT-SIZE="15"><B>{escape(title)}</B></FONT><BR/>' if title else ""
    body.append(f"\tlabel=<{heading}{legend}>\n")

    input_cells = []
    for k in range(n_inputs):
        value = f'<BR/><FONT COLOR="{FORWARD_COLOUR}">{fmt(float(x[k]))}</FONT>' if x is not None else ""
        input_cells.append((f"x{k + 1}", f"<B>x{k + 1}</B>{value}", "#EEEEEE"))
    body.append(f"\tinputs [label=<{_column('inputs', input_cells, across)}>]\n")

    for i, neurons in enumerate(layers, start=1):
        cells = []
        for j, neuron in enumerate(neurons, start=1):
            rows = [
                f"<B>L{i}.N{j}</B>",
                f'<FONT COLOR="{MUTED_COLOUR}">{escape(str(getattr(neuron, "activation", "")))}</FONT>',
                f"b {fmt(neuron.b.data)}",
            ]
            if show_grads and neuron.b.grad_computed:
                rows.append(f'<FONT COLOR="{GRADIENT_COLOUR}"><B>grad b {fmt(neuron.b.grad)}</B></FONT>')
            if outputs is not None:
                rows.append(f'<FONT COLOR="{FORWARD_COLOUR}">out {fmt(outputs[i - 1][j - 1])}</FONT>')
            cells.append((f"N{j}", "<BR/>".join(rows), "white"))
        body.append(f"\tL{i} [label=<{_column(f'layer {i}', cells, across)}>]\n")

    for i, neurons in enumerate(layers, start=1):
        for j, neuron in enumerate(neurons, start=1):
            for k, w in enumerate(neuron.w, start=1):
                tail = f"inputs:x{k}:{tail_side}" if i == 1 else f"L{i - 1}:N{k}:{tail_side}"
                width = 0.4 + 3.6 * abs(w.data) / largest
                colour, style = (_POSITIVE, "solid") if w.data >= 0 else (_NEGATIVE, "dashed")
                attributes = [f'color="{colour}"', f"style={style}", f"penwidth={width:.2f}"]
                if weight_labels:
                    text = f'<FONT COLOR="{colour}">w {fmt(w.data)}</FONT>'  # coloured like its edge'
                    if show_grads and w.grad_computed:
                        text += f'<BR/><FONT COLOR="{GRADIENT_COLOUR}"><B>grad {fmt(w.grad)}</B></FONT>'
                    attributes.append(f"label=<{text}>")
                body.append(f"\t{tail} -> L{i}:N{j}:{head_side} [{' '.join(attributes)}]\n")
    return Drawing("network", body=body, format="svg")


def render_network(model, path, **options) -> Path:
    """Draw ``model`` with ``draw_network`` and write it to ``path`` (.svg, .png or .pdf)."""
    path = Path(path)
    format_from_suffix(path)
    return write_drawing(draw_network(model, **options), path)
