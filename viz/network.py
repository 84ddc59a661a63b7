"""A neural network drawn one box per neuron, with its weights on the edges.

A 2-16-16-1 network is thousands of scalar nodes but only 35 neurons: this is
the drawing to read a model from. Edge thickness grows with the weight's
size; the sign is told by colour and line style (solid bluish green:
positive, dashed reddish purple: negative; Okabe-Ito colours, so readers with
colour-blindness tell them apart, and the dashes tell them apart in print).

The model is read duck-typed, as ``nn`` builds it: ``model.layers[i].neurons[j]``
with ``.w`` (list of Values), ``.b`` (a Value, or None for a neuron without
bias), ``.activation`` (a name) and ``.name`` (drawn when it is the user's:
a neuron named "OR" is drawn as OR, one named N2 in layer L1 as L1.N2).

With ``neuron_maps=True`` a model of 2 inputs shows in each neuron's box its
output over the input plane as a small heat map, as TensorFlow Playground
does: the pixel at (x1, x2) is the neuron's output for that input, blue
above 0 (0.5 for a sigmoid), orange below, white at it. The maps are PNG
pictures (numpy computes them, Pillow writes them); Graphviz draws pictures
only from files, so the drawing writes them into a temporary folder while
Graphviz runs, and puts them into the SVG itself afterwards (as ``data:``
URIs), so the SVG shown inline in Jupyter or saved to a file carries them.

>>> from types import SimpleNamespace as Fake
>>> from autograd import Value
>>> neuron = Fake(w=[Value(0.5), Value(-2.0)], b=Value(0.1), activation="tanh")
>>> model = Fake(layers=[Fake(neurons=[neuron])])
>>> dot = draw_network(model).source
>>> "L1.N1" in dot and "w -2" in dot
True
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

from autograd import Value, no_grad

from ._run import DEFAULT_TIMEOUT, check_timeout
from ._text import FONT, escape, number_formatter
from .dot import FORWARD_COLOUR, GRADIENT_COLOUR, MUTED_COLOUR, GraphTooLargeError, check_direction
from .draw import Drawing, format_from_suffix, write_drawing
from .words import phrase, resolve_lang

__all__ = ["draw_network", "render_network", "DEFAULT_MAX_WEIGHTS"]

_POSITIVE = "#009E73"  # Okabe-Ito bluish green
_NEGATIVE = "#CC79A7"  # Okabe-Ito reddish purple
#: Above this many weights the edges carry no numbers (thickness and colour still show them).
AUTO_LABEL_LIMIT = 64
#: Above this many weights (one edge each) Graphviz takes minutes and the lines merge into a blur.
DEFAULT_MAX_WEIGHTS = 2500
#: The heat maps: the model is run on MAP_GRID x MAP_GRID inputs, drawn MAP_PIXELS wide.
MAP_GRID = 25
MAP_PIXELS = 50
_MAP_HIGH = (0x00, 0x72, 0xB2)  # Okabe-Ito blue: output above the middle
_MAP_LOW = (0xE6, 0x9F, 0x00)  # Okabe-Ito orange: below it


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
            bias = getattr(neuron, "b", "missing")
            weights = getattr(neuron, "w", None)
            if not (
                (bias is None or isinstance(bias, Value))
                and isinstance(weights, (list, tuple))
                and all(isinstance(w, Value) for w in weights)
            ):
                raise TypeError(
                    f"draw_network: neuron {j} of layer {i} needs .w (a list of Values) and .b (a Value, "
                    f"or None without bias)"
                )
        result.append(neurons)
    return result


def _title(layer, i: int, neuron, j: int) -> str:
    """The neuron's name as drawn: the user's name ("OR"), else its place ("L1.N2")."""
    name = getattr(neuron, "name", "")
    if isinstance(name, str) and name and name != f"N{j}":
        return name
    layer_name = getattr(layer, "name", "")
    prefix = layer_name if isinstance(layer_name, str) and layer_name else f"L{i}"
    return f"{prefix}.N{j}"


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


def _check_plane(plane) -> tuple[float, float]:
    if (
        not isinstance(plane, (tuple, list))
        or len(plane) != 2
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in plane)
        or not plane[0] < plane[1]
        or not all(abs(v) < 1e6 for v in plane)
    ):
        raise ValueError(f"plane must be (low, high) with low < high: the range of x1 and of x2, got {plane!r}")
    return float(plane[0]), float(plane[1])


def _outputs_on_grid(layers: list[list], inputs):
    """Every neuron's output for every input (one row each), with numpy: a layer at a time.

    None when a neuron's activation is not one of nn's five (then the model is run point by point).
    """
    import numpy as np

    # the activations by name on whole arrays, as nn computes them one value at a time
    on_arrays: dict[str, Callable[[np.ndarray], np.ndarray]] = {
        "linear": lambda z: z,
        "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),
        "tanh": np.tanh,
        "relu": lambda z: np.maximum(z, 0.0),
        "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z),
    }
    values, columns = inputs, []
    with np.errstate(over="ignore"):  # exp(-z) of a very negative z is inf, and the sigmoid 0, as it should
        for neurons in layers:
            if any(getattr(neuron, "activation", None) not in on_arrays for neuron in neurons):
                return None
            weights = np.array([[w.data for w in neuron.w] for neuron in neurons])
            biases = np.array([0.0 if neuron.b is None else neuron.b.data for neuron in neurons])
            z = values @ weights.T + biases
            values = np.column_stack([on_arrays[n.activation](z[:, j]) for j, n in enumerate(neurons)])
            columns.append(values)
    return np.hstack(columns)


def _neuron_maps(layers: list[list], plane: tuple[float, float]) -> dict[tuple[int, int], bytes]:
    """For every neuron (layer, neuron), a PNG: its output over the input plane (x1 right, x2 up).

    Each pixel is the neuron's output for the input at that place. numpy computes them all
    at once; the model itself, run on the plane's corners, checks them (and is run on every
    point instead if they differ: a model whose neurons compute something else).
    """
    import numpy as np
    from PIL import Image

    low, high = plane
    steps = np.linspace(low, high, MAP_GRID)
    x1, x2 = np.meshgrid(steps, steps[::-1])  # the top row of the picture is the largest x2
    inputs = np.column_stack([x1.ravel(), x2.ravel()])
    flat = _outputs_on_grid(layers, inputs)
    corners = [0, MAP_GRID - 1, len(inputs) - MAP_GRID, len(inputs) - 1]
    expected = [[out for layer in _forward(layers, inputs[c]) for out in layer] for c in corners]
    if flat is None or not np.allclose(flat[corners], expected, rtol=1e-9, atol=1e-12):
        flat = np.array([[out for layer in _forward(layers, point) for out in layer] for point in inputs])
    outputs = flat.reshape(MAP_GRID, MAP_GRID, -1)
    maps = {}
    k = 0
    high_colour, low_colour, white = (np.array(c, dtype=float) for c in (_MAP_HIGH, _MAP_LOW, (255, 255, 255)))
    for i, neurons in enumerate(layers, start=1):
        for j, neuron in enumerate(neurons, start=1):
            out = outputs[:, :, k]
            k += 1
            # the middle: 0.5 for a sigmoid (its decision boundary), 0 for the others; +-1 from it is full colour
            middle, scale = (0.5, 2.0) if getattr(neuron, "activation", "") == "sigmoid" else (0.0, 1.0)
            t = np.clip((out - middle) * scale, -1.0, 1.0)[:, :, None]
            rgb = np.where(t >= 0, white + t * (high_colour - white), white - t * (low_colour - white))
            picture = Image.fromarray(rgb.round().astype(np.uint8), "RGB")
            picture = picture.resize((MAP_PIXELS, MAP_PIXELS), Image.Resampling.BILINEAR)
            buffer = io.BytesIO()
            picture.save(buffer, format="PNG")
            maps[(i, j)] = buffer.getvalue()
    return maps


def _box_with_map(rows: list[str], picture: str) -> str:
    """A neuron's box holding a picture: a table of one row per line, the picture under the name.

    (Graphviz puts a picture only alone in a cell, never between lines of text.)
    """
    cells = [f"<TR><TD>{row}</TD></TR>" for row in rows]
    size = f'FIXEDSIZE="TRUE" WIDTH="{MAP_PIXELS}" HEIGHT="{MAP_PIXELS}"'
    cells.insert(2, f'<TR><TD {size}><IMG SRC="{picture}" SCALE="TRUE"/></TD></TR>')
    return f'<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="2">{"".join(cells)}</TABLE>'


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
    neuron_maps: bool = False,
    plane: tuple[float, float] = (-1.5, 1.5),
    max_weights: int | None = DEFAULT_MAX_WEIGHTS,
    lang: str | None = None,
) -> Drawing:
    """Draw ``model`` one box per neuron, weights on the edges.

    Args:
        model: an ``nn.MLP`` (or anything with ``.layers[i].neurons[j].w / .b / .activation``).
        x: an input; when given, each box shows the neuron's output for it. After
            ``loss.backward()`` on this input, the gradients drawn are this input's: the
            legend says so.
        direction: "LR" (the default) or "TB".
        title: a heading for the picture.
        show_grads: show gradients of weights and biases once a backward pass reached them.
        weight_labels: write each weight on its edge; None (the default) does so when there
            are at most 64 weights.
        precision / number_format: how numbers are written (as for ``viz.to_dot``).
        neuron_maps: for a model of 2 inputs, show in each neuron's box a heat map of its
            output over the input plane (TensorFlow Playground style).
        plane: (low, high), the range of x1 and of x2 the heat maps cover.
        max_weights: refuse models with more weights (Graphviz would take minutes); None: no limit.
        lang: "en" or "ko" for the words drawn (default: see ``viz.words.resolve_lang``).

    Returns:
        A ``graphviz.Digraph`` (a ``Drawing``).

    >>> import nn
    >>> model = nn.MLP(2, [2, 1], activation="tanh", seed=0)
    >>> model.layers[0].neurons[0].name = "OR"
    >>> dot = draw_network(model, neuron_maps=True).source
    >>> "<B>OR</B>" in dot, dot.count("<IMG")  # one heat map per neuron
    (True, 3)
    """
    check_direction(direction)
    fmt = number_formatter(precision, number_format)
    layers = _layers(model)
    n_inputs = len(layers[0][0].w)
    if x is not None and len(x) != n_inputs:
        raise ValueError(f"x has {len(x)} numbers, the model takes {n_inputs}")
    all_weights = [w for neurons in layers for neuron in neurons for w in neuron.w]
    if max_weights is not None and (isinstance(max_weights, bool) or not isinstance(max_weights, int)):
        raise ValueError(f"max_weights must be an int or None (no limit), got {max_weights!r}")
    if max_weights is not None and len(all_weights) > max_weights:
        raise GraphTooLargeError(
            f"this model has {len(all_weights)} weights, more than max_weights={max_weights}: one edge each "
            f"is more than Graphviz can lay out in reasonable time, and too many lines to read. Draw a "
            f"smaller model, or pass max_weights=None to draw it anyway."
        )
    if neuron_maps and n_inputs != 2:
        raise ValueError(
            f"neuron_maps=True draws each neuron's output over the plane of 2 inputs; this model takes {n_inputs}"
        )
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a str, got {type(title).__name__} {title!r}")
    outputs = _forward(layers, x) if x is not None else None
    maps = _neuron_maps(layers, _check_plane(plane)) if neuron_maps else {}
    if weight_labels is None:
        weight_labels = len(all_weights) <= AUTO_LABEL_LIMIT
    largest = max((abs(w.data) for w in all_weights), default=0.0) or 1.0
    grad_word = escape(phrase("network.grad", lang))

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
    lines = [
        f'<FONT COLOR="{_POSITIVE}">{escape(phrase("network.legend.positive", lang))}</FONT>\u00a0·\u00a0'
        f'<FONT COLOR="{_NEGATIVE}">{escape(phrase("network.legend.negative", lang))}</FONT>\u00a0·\u00a0'
        f"{escape(phrase('network.legend.thickness', lang))}"
    ]
    any_grad = show_grads and any(p.grad_computed for n in layers for neuron in n for p in _parameters(neuron))
    shown_x = ", ".join(fmt(float(v)) for v in x) if x is not None else ""
    if any_grad:  # the gradients say which input they belong to
        key = "network.grads.for_input" if x is not None else "network.grads.last_backward"
        lines.append(f'<FONT COLOR="{GRADIENT_COLOUR}">{escape(phrase(key, lang, x=shown_x))}</FONT>')
    elif x is not None:
        text = escape(phrase("network.outputs.for_input", lang, x=shown_x))
        lines.append(f'<FONT COLOR="{FORWARD_COLOUR}">{text}</FONT>')
    if maps:
        text = escape(phrase("network.maps", lang, low=fmt(plane[0]), high=fmt(plane[1])))
        lines.append(f'<FONT COLOR="{MUTED_COLOUR}">{text}</FONT>')
    if title:
        lines.insert(0, f'<FONT POINT-SIZE="15"><B>{escape(title)}</B></FONT>')
    # one table row per line: <BR/> lines of Korean text would overlap
    legend = "".join(f"<TR><TD>{line}</TD></TR>" for line in lines)
    body.append(f'\tlabel=<<TABLE BORDER="0" CELLPADDING="1" CELLSPACING="0">{legend}</TABLE>>\n')

    input_cells = []
    for k in range(n_inputs):
        value = f'<BR/><FONT COLOR="{FORWARD_COLOUR}">{fmt(float(x[k]))}</FONT>' if x is not None else ""
        input_cells.append((f"x{k + 1}", f"<B>x{k + 1}</B>{value}", "#EEEEEE"))
    body.append(f"\tinputs [label=<{_column(escape(phrase('network.inputs', lang)), input_cells, across)}>]\n")

    images = {}
    model_layers = list(model.layers)
    for i, neurons in enumerate(layers, start=1):
        cells = []
        for j, neuron in enumerate(neurons, start=1):
            rows = [
                f"<B>{escape(_title(model_layers[i - 1], i, neuron, j))}</B>",
                f'<FONT COLOR="{MUTED_COLOUR}">{escape(str(getattr(neuron, "activation", "")))}</FONT>',
            ]
            if neuron.b is None:
                rows.append(f'<FONT COLOR="{MUTED_COLOUR}">{escape(phrase("network.no_bias", lang))}</FONT>')
            else:
                rows.append(f"b {fmt(neuron.b.data)}")
                if show_grads and neuron.b.grad_computed:
                    rows.append(f'<FONT COLOR="{GRADIENT_COLOUR}"><B>{grad_word} b {fmt(neuron.b.grad)}</B></FONT>')
            if outputs is not None:
                out_word = escape(phrase("network.out", lang))
                rows.append(f'<FONT COLOR="{FORWARD_COLOUR}">{out_word} {fmt(outputs[i - 1][j - 1])}</FONT>')
            if (i, j) in maps:
                picture = f"map_L{i}_N{j}.png"
                images[picture] = maps[(i, j)]
                cells.append((f"N{j}", _box_with_map(rows, picture), "white"))
            else:
                cells.append((f"N{j}", "<BR/>".join(rows), "white"))
        heading = escape(phrase("network.layer", lang, number=i))
        body.append(f"\tL{i} [label=<{_column(heading, cells, across)}>]\n")

    for i, neurons in enumerate(layers, start=1):
        for j, neuron in enumerate(neurons, start=1):
            for k, w in enumerate(neuron.w, start=1):
                tail = f"inputs:x{k}:{tail_side}" if i == 1 else f"L{i - 1}:N{k}:{tail_side}"
                width = 0.4 + 3.6 * abs(w.data) / largest
                colour, style = (_POSITIVE, "solid") if w.data >= 0 else (_NEGATIVE, "dashed")
                attributes = [f'color="{colour}"', f"style={style}", f"penwidth={width:.2f}"]
                if weight_labels:
                    text = f'<FONT COLOR="{colour}">w {fmt(w.data)}</FONT>'  # coloured like its edge
                    if show_grads and w.grad_computed:
                        text += f'<BR/><FONT COLOR="{GRADIENT_COLOUR}"><B>{grad_word} {fmt(w.grad)}</B></FONT>'
                    attributes.append(f"label=<{text}>")
                body.append(f"\t{tail} -> L{i}:N{j}:{head_side} [{' '.join(attributes)}]\n")
    drawing = Drawing("network", body=body, format="svg", images=images)
    drawing.lang = resolve_lang(lang)
    return drawing


def _parameters(neuron) -> list[Value]:
    return [*neuron.w] + ([] if neuron.b is None else [neuron.b])


def render_network(
    model, path, *, dpi: float | None = None, timeout: float | None = DEFAULT_TIMEOUT, **options
) -> Path:
    """Draw ``model`` with ``draw_network`` and write it to ``path`` (.svg, .png or .pdf).

    Args:
        model: the model to draw.
        path: the output file; its suffix chooses the format.
        dpi: dots per inch of a PNG (300 for slides; None: Graphviz's 96).
        timeout: stop Graphviz after this many seconds (None: no limit); nothing is written then.
        **options: as for ``draw_network``.

    Returns:
        The path written.
    """
    path = Path(path)
    format_from_suffix(path)
    drawing = draw_network(model, **options)
    drawing.timeout = check_timeout(timeout)
    return write_drawing(drawing, path, dpi)
