"""Training pictures with matplotlib: the loss curve and a decision boundary.

matplotlib is optional (``pip install "chainrule[plot]"``) and imported only
when a plot is made. The figures are built without pyplot, so no global
backend is switched and nothing needs a display; each function returns the
``matplotlib.figure.Figure`` (Jupyter shows it) and, given ``path``, also
saves it (format from the suffix; a list of paths saves several formats).

Korean titles draw correctly when a CJK font (Noto Sans CJK, package
fonts-noto-cjk) is installed; without one, Latin text is unaffected.

>>> from types import SimpleNamespace
>>> history = SimpleNamespace(loss=[0.7, 0.5, 0.3, 0.2], epoch_loss=[0.6, 0.25], accuracy=[0.5, 1.0])
>>> figure = plot_loss(history, title="XOR 손실")
>>> [axes.get_ylabel() for axes in figure.axes]
['loss', 'accuracy (%)']
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from os import PathLike
from pathlib import Path

from autograd import Value, no_grad

from .words import phrase, resolve_lang

__all__ = [
    "plot_loss",
    "plot_decision_boundary",
    "grid_outputs",
    "hidden_space",
    "plot_weights_image",
    "plot_loss_surface",
]

# Okabe-Ito colours: distinguishable with colour-blindness, as in viz's graphs.
_BLUE, _ORANGE, _GREEN, _PURPLE, _SKY, _VERMILION = "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"
_CLASS_COLOURS = [_BLUE, _ORANGE, _GREEN, _PURPLE, _SKY, _VERMILION]
_MARKERS = ["o", "s", "^", "D", "v", "P"]
_CJK_FAMILIES = (
    "Noto Sans CJK KR",
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "NanumGothic",
    "Malgun Gothic",
    "AppleGothic",
)


def _matplotlib():
    """matplotlib, or an ImportError that says how to install it."""
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError:
        raise ImportError(
            'chainrule\'s plots need matplotlib: pip install "chainrule[plot]" (or pip install matplotlib)'
        ) from None
    return matplotlib, Figure


@contextlib.contextmanager
def _style() -> Iterator[None]:
    """A clean look, with a CJK font as fallback for Korean text when one is installed."""
    matplotlib, _ = _matplotlib()
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    cjk = [name for name in _CJK_FAMILIES if name in installed][:1]
    settings = {
        "font.family": ["DejaVu Sans", *cjk],  # matplotlib >= 3.6 falls back glyph by glyph
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titleweight": "bold",
        "axes.grid": True,
        "grid.alpha": 0.3,
        "svg.hashsalt": "chainrule",  # same ids on every run: SVGs that diff cleanly
    }
    with matplotlib.rc_context(settings):
        yield


def _paths(path) -> list[Path]:
    if path is None:
        return []
    if isinstance(path, (str, PathLike)):
        return [Path(path)]
    return [Path(p) for p in path]


def _save(figure, path) -> None:
    for target in _paths(path):
        if target.suffix.lower() not in (".png", ".svg", ".pdf"):
            raise ValueError(f"cannot tell the format from {str(target)!r}: use .png, .svg or .pdf")
    for target in _paths(path):
        figure.savefig(target, dpi=150, bbox_inches="tight", metadata=_metadata(target))


def _metadata(target: Path) -> dict:
    # No creation date in the file: the same plot gives the same bytes.
    return {"Date": None} if target.suffix.lower() == ".svg" else {}


def _check_title(title: object) -> None:
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a str or None, got {type(title).__name__} {title!r:.80}")


def _legend(axes, *args, **options):
    """``axes.legend``, its entries drawn as text: a class label such as "$x$" is not read as math."""
    legend = axes.legend(*args, **options)
    for text in legend.get_texts():
        text.set_parse_math(False)
    return legend


def _plane_data(X, y, who: str):
    """X as rows of two finite numbers and y as one class per row (numpy arrays), or a ValueError saying why not."""
    import numpy as np

    try:
        X = np.asarray(X, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{who}: X must be rows of two numbers") from None
    y = np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise ValueError(f"{who} draws 2-D data: X must be rows of two numbers, got shape {X.shape}")
    bad = np.argwhere(~np.isfinite(X))
    if len(bad):
        i, j = bad[0]
        raise ValueError(f"{who}: X must hold finite numbers, but X[{i}][{j}] is {X[i, j].item()!r}")
    if y.ndim != 1 or len(y) != len(X):
        raise ValueError(f"y must have one class per row of X: {len(X)} rows but {len(y)} classes")
    return X, y


def plot_loss(history, path=None, *, title: str | None = None, lang: str | None = None):
    """The loss of every iteration, its mean per epoch, and the accuracy if recorded.

    Args:
        history: what ``nn.fit`` returns: ``.loss`` per iteration, ``.epoch_loss``
            per epoch, ``.accuracy`` per epoch or None; with validation data also
            ``.val_loss`` (drawn next to the training loss, its lowest point marked)
            and ``.val_accuracy``.
        path: where to save: a file (.png, .svg, .pdf), a list of files, or None.
        title: the figure's title (any Unicode text, drawn as it is: no ``$...$`` math).
        lang: "en" or "ko" for the words the plot writes (None: ``viz.words.resolve_lang``).

    Returns:
        The matplotlib Figure.
    """
    _, Figure = _matplotlib()
    lang = resolve_lang(lang)
    _check_title(title)
    losses = list(getattr(history, "loss", None) or [])
    if not losses:
        raise ValueError("plot_loss needs a history with at least one iteration (history.loss is empty)")
    epoch_loss = list(getattr(history, "epoch_loss", None) or [])
    accuracy = getattr(history, "accuracy", None)
    val_loss = list(getattr(history, "val_loss", None) or [])
    val_accuracy = list(getattr(history, "val_accuracy", None) or [])
    with _style():
        figure = Figure(figsize=(7.0, 4.0), layout="constrained")
        axes = figure.add_subplot()
        iterations = range(1, len(losses) + 1)
        per_epoch = len(losses) / len(epoch_loss) if epoch_loss else 0
        if per_epoch == 1:  # full batch: one iteration per epoch, the two curves are one
            axes.plot(iterations, losses, color=_BLUE, linewidth=2.0, label=phrase("plots.loss.full_batch", lang))
        else:
            axes.plot(
                iterations, losses, color=_SKY, linewidth=0.8, alpha=0.7, label=phrase("plots.loss.per_iteration", lang)
            )
        if epoch_loss and per_epoch != 1:
            ends = [per_epoch * (k + 1) for k in range(len(epoch_loss))]
            axes.plot(ends, epoch_loss, color=_BLUE, linewidth=2.0, label=phrase("plots.loss.per_epoch", lang))
        if val_loss:  # held-out data, measured at the end of every epoch
            ends = [per_epoch * (k + 1) for k in range(len(val_loss))]
            axes.plot(ends, val_loss, color=_VERMILION, linewidth=2.0, label=phrase("plots.val_loss", lang))
            best = min(range(len(val_loss)), key=val_loss.__getitem__)
            lowest = phrase("plots.val_lowest", lang)
            axes.scatter([ends[best]], [val_loss[best]], s=40, color=_VERMILION, zorder=3, label=lowest)
            losses_shown = losses + val_loss
        else:
            losses_shown = losses
        if min(losses_shown) > 0 and max(losses_shown) / min(losses_shown) > 30:
            axes.set_yscale("log")  # a loss falling by orders of magnitude reads best on a log scale
        axes.set_xlabel(phrase("plots.iteration", lang))
        axes.set_ylabel(phrase("plots.loss", lang))
        axes.set_xlim(0, len(losses))
        handles, labels = axes.get_legend_handles_labels()
        if accuracy:
            right = axes.twinx()
            right.plot(
                [per_epoch * (k + 1) for k in range(len(accuracy))],
                [100 * a for a in accuracy],
                color=_ORANGE,
                linewidth=1.5,
                linestyle="--",
                label=phrase("plots.accuracy.per_epoch", lang),
            )
            if val_accuracy:
                right.plot(
                    [per_epoch * (k + 1) for k in range(len(val_accuracy))],
                    [100 * a for a in val_accuracy],
                    color=_PURPLE,
                    linewidth=1.5,
                    linestyle=":",
                    label=phrase("plots.val_accuracy", lang),
                )
            right.set_ylabel(phrase("plots.accuracy", lang))
            right.set_ylim(-2, 102)
            right.grid(False)
            right.spines["right"].set_visible(True)
            more_handles, more_labels = right.get_legend_handles_labels()
            handles, labels = handles + more_handles, labels + more_labels
        # Below the plot, where it hides no curve.
        _legend(
            axes,
            handles,
            labels,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.16),
            ncol=min(len(labels), 3),
            frameon=False,
            fontsize="small",
        )
        axes.set_title(title or phrase("plots.title.loss", lang), parse_math=False)
        _save(figure, path)
    return figure


def grid_outputs(model, points: Sequence[Sequence[float]]) -> list:
    """The model's outputs at many points, as plain floats, keeping no graph.

    A model with a ``predict(rows)`` method (every ``nn`` module) is asked for
    all points at once: ``nn.predict`` runs nn's own modules on a batched tape.
    Any other callable runs one point at a time under ``no_grad()``: it may
    branch on ``.data`` (``if x[0].data > 5``), and a tape recorded at a few
    probe points would then give wrong outputs, silently, elsewhere.

    Args:
        model: a callable taking one point (a list of numbers) and returning a
            Value or a list of Values; or an object with ``predict(rows)``.
        points: the points, each a list of numbers.

    Returns:
        Per point, a float (one output) or a list of floats (several).

    >>> from autograd import Value
    >>> w = Value(2.0)
    >>> grid_outputs(lambda x: (w * x[0]).tanh(), [[0.0], [10.0]])
    [0.0, 1.0]
    """
    points = [list(map(float, p)) for p in points]
    if not points:
        return []
    if callable(getattr(model, "predict", None)):
        return model.predict(points)
    with no_grad():  # nothing to backpropagate: build no graph
        outs = [model(point) for point in points]
    return [out.data if isinstance(out, Value) else [v.data for v in out] for out in outs]


def plot_decision_boundary(
    model,
    X,
    y,
    path=None,
    *,
    resolution: int = 150,
    title: str | None = None,
    threshold: float = 0.5,
    padding: float = 0.25,
    lang: str | None = None,
):
    """What a 2-input classifier learned: its output over the plane, and the data on top.

    One output (a probability): shaded by the probability of class 1, the
    line where it equals ``threshold`` drawn. Several outputs (scores per
    class): each region coloured by the class with the largest score.

    Args:
        model: an ``nn`` module (run on all grid points at once: fast), or any callable
            taking ``[x1, x2]`` and returning a Value or a list of Values (run point by
            point, see ``grid_outputs``).
        X: the data points, rows of two numbers.
        y: their classes (0/1, or 0..k-1).
        path: where to save: a file (.png, .svg, .pdf), a list of files, or None.
        resolution: grid points per axis (resolution ** 2 model evaluations).
        title: the figure's title.
        threshold: the boundary level for one output (0.5 for a sigmoid output).
        padding: margin around the data, as a fraction of its range.
        lang: "en" or "ko" for the words the plot writes (None: ``viz.words.resolve_lang``).

    Returns:
        The matplotlib Figure.
    """
    _, Figure = _matplotlib()
    import numpy as np

    lang = resolve_lang(lang)
    _check_title(title)
    if isinstance(resolution, bool) or not isinstance(resolution, int) or not 2 <= resolution <= 1000:
        raise ValueError(f"resolution must be a whole number from 2 to 1000, got {resolution!r}")
    X, y = _plane_data(X, y, "plot_decision_boundary")
    low, high = X.min(axis=0), X.max(axis=0)
    margin = np.maximum(high - low, 1e-9) * padding + 0.1
    xs = np.linspace(low[0] - margin[0], high[0] + margin[0], resolution)
    ys = np.linspace(low[1] - margin[1], high[1] + margin[1], resolution)
    gx, gy = np.meshgrid(xs, ys)
    outputs = grid_outputs(model, np.column_stack([gx.ravel(), gy.ravel()]).tolist())
    classes = sorted(set(y.tolist()))
    with _style():
        # Axes about as tall as the data is, relative to its width: shapes are not stretched.
        height = min(max(5.2 * (ys[-1] - ys[0]) / (xs[-1] - xs[0]), 3.0), 6.5) + 1.2
        figure = Figure(figsize=(6.6, height), layout="constrained")
        axes = figure.add_subplot()
        axes.grid(False)
        if outputs and isinstance(outputs[0], list):
            scores = np.asarray(outputs)
            regions = scores.argmax(axis=1).reshape(gx.shape)
            from matplotlib.colors import ListedColormap

            k = scores.shape[1]
            colours = ListedColormap([_CLASS_COLOURS[i % len(_CLASS_COLOURS)] for i in range(k)])
            axes.pcolormesh(
                gx, gy, regions, cmap=colours, vmin=-0.5, vmax=k - 0.5, alpha=0.25, shading="auto", rasterized=True
            )
            axes.contour(gx, gy, regions, levels=np.arange(k) + 0.5, colors="#333333", linewidths=0.8)
        else:
            out = np.asarray(outputs, dtype=float).reshape(gx.shape)
            if out.min() >= 0 and out.max() <= 1:  # probabilities: the full 0..1 scale, ticks where people read
                levels, what = np.linspace(0.0, 1.0, 21), phrase("plots.output.probability", lang)
            else:
                levels, what = np.linspace(out.min(), out.max(), 21), phrase("plots.output", lang)
            shade = axes.contourf(gx, gy, out, levels=levels, cmap="RdBu_r", alpha=0.45)
            shade.set_rasterized(True)  # keeps the SVG small
            if out.min() < threshold < out.max():
                axes.contour(gx, gy, out, levels=[threshold], colors="#222222", linewidths=2.0)
            bar = figure.colorbar(shade, ax=axes, ticks=np.linspace(levels[0], levels[-1], 5))
            bar.set_label(what)
            bar.ax.axhline(threshold, color="#222222", linewidth=2.0)
        for i, label in enumerate(classes):
            mask = y == label
            colour = (
                _CLASS_COLOURS[i % len(_CLASS_COLOURS)] if len(classes) > 2 else ("#2166AC", "#B2182B")[i % 2]
            )  # the RdBu ends: blue = class 0, red = class 1
            axes.scatter(
                X[mask, 0],
                X[mask, 1],
                s=110 if len(X) <= 16 else 30,
                c=colour,
                marker=_MARKERS[i % len(_MARKERS)],
                edgecolors="#1a1a1a",
                linewidths=1.2,
                label=phrase("plots.class", lang, label=label),
                zorder=3,
            )
        axes.set_xlim(xs[0], xs[-1])
        axes.set_ylim(ys[0], ys[-1])
        axes.set_xlabel("x1")
        axes.set_ylabel("x2")
        _legend(axes, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=len(classes), frameon=False)
        axes.set_title(title or phrase("plots.title.boundary", lang), parse_math=False)
        _save(figure, path)
    return figure


# ---- the lecture's pictures: hidden spaces, weights as an image, loss surfaces ----------------


def _activate(activation: str, z: float) -> float:
    """The activation by name, evaluated by the engine's own op (the numbers the model uses)."""
    if activation == "linear":
        return z
    with no_grad():
        return getattr(Value(z), activation)().data


def _layer_maps(layer) -> tuple[list[list[float]], list[float], list[str]]:
    """(W, b, activation) of an nn Layer as plain numbers: W[j] is neuron j's weights."""
    W = [[w.data for w in neuron.w] for neuron in layer.neurons]
    b = [0.0 if neuron.b is None else neuron.b.data for neuron in layer.neurons]
    return W, b, [neuron.activation for neuron in layer.neurons]


def _run_layer(maps, points):
    """Every point through one layer: its pre-activations z = Wx + b and activations a = g(z)."""
    W, b, activations = maps
    zs = [[sum(w * x for w, x in zip(row, point)) + bj for row, bj in zip(W, b)] for point in points]
    return zs, [[_activate(g, z) for g, z in zip(activations, zrow)] for zrow in zs]


def hidden_space(model, X, y, layer: int = 1, path=None, *, title: str | None = None, lang: str | None = None):
    """The data in the input plane and in the 2-D space of one layer, before and after its activation.

    CS231n's "space warping" (lecture note 003): a layer first maps the plane
    linearly, z = Wx + b (lines stay lines), then its activation bends that
    space (ReLU folds everything negative onto the axes). Data that no line
    separates in the input plane can become separable in the layer's space,
    where the next layer draws its line. The grid lines of the input plane
    are carried along, so the warping itself is visible; if the next layer
    has one neuron, its boundary (w . a + b = 0, the 0.5 line of a sigmoid) is
    drawn in the last panel.

    Args:
        model: an ``nn.MLP`` with 2 inputs (or an ``nn.Layer``) whose layer ``layer`` has 2 neurons.
        X: the data, rows of two numbers.
        y: their classes.
        layer: which layer, 1-based (1 = the first hidden layer).
        path: where to save: a file (.png, .svg, .pdf), a list of files, or None.
        title: the figure's title (drawn as text, no ``$...$`` math).
        lang: "en" or "ko" for the words the plot writes.

    Returns:
        The matplotlib Figure (three axes: input plane, z space, a space).
    """
    _, Figure = _matplotlib()
    import numpy as np

    lang = resolve_lang(lang)
    _check_title(title)
    layers = getattr(model, "layers", None) or ([model] if hasattr(model, "neurons") else None)
    if not layers:
        raise TypeError(f"hidden_space needs an nn.MLP or nn.Layer, got {type(model).__name__}")
    if isinstance(layer, bool) or not isinstance(layer, int) or not 1 <= layer <= len(layers):
        raise ValueError(f"layer must be a whole number from 1 to {len(layers)}, got {layer!r}")
    if layers[0].nin != 2:
        raise ValueError(f"hidden_space draws a model with 2 inputs (the input plane), this one has {layers[0].nin}")
    if layers[layer - 1].nout != 2:
        raise ValueError(f"layer {layer} has {layers[layer - 1].nout} neurons: hidden_space draws a 2-D layer space")
    X, y = _plane_data(X, y, "hidden_space")
    maps = [_layer_maps(one) for one in layers[:layer]]

    def through(points):
        for m in maps[:-1]:
            points = _run_layer(m, points)[1]
        z, a = _run_layer(maps[-1], points)
        return np.asarray(z), np.asarray(a)

    z, a = through(X.tolist())
    low, high = X.min(axis=0), X.max(axis=0)
    margin = np.maximum(high - low, 1e-9) * 0.1
    low, high = low - margin, high + margin
    t = np.linspace(0.0, 1.0, 60)
    grid = [
        np.column_stack([np.full_like(t, c), low[1] + t * (high[1] - low[1])]) for c in np.linspace(low[0], high[0], 9)
    ]
    grid += [
        np.column_stack([low[0] + t * (high[0] - low[0]), np.full_like(t, c)]) for c in np.linspace(low[1], high[1], 9)
    ]
    grid_maps = [(line, *through(line.tolist())) for line in grid]
    classes = sorted(set(y.tolist()))
    number = layer
    activation = layers[layer - 1].activation
    activation = activation if isinstance(activation, str) else "/".join(activation)
    names = (("x1", "x2"), ("z1", "z2"), ("a1", "a2"))
    captions = (
        phrase("plots.hidden.input", lang),
        phrase("plots.hidden.before", lang, number=number),
        phrase("plots.hidden.after", lang, number=number, activation=activation),
    )
    with _style():
        figure = Figure(figsize=(13.5, 4.9), layout="constrained")
        panels = figure.subplots(1, 3)
        for k, (axes, caption, (xname, yname)) in enumerate(zip(panels, captions, names)):
            for line, gz, ga in grid_maps:
                pts = (line, gz, ga)[k]
                axes.plot(pts[:, 0], pts[:, 1], color="#9a9a9a", linewidth=0.6, alpha=0.7, zorder=1)
            pts = (X, z, a)[k]
            for i, label in enumerate(classes):
                mask = y == label
                axes.scatter(
                    pts[mask, 0],
                    pts[mask, 1],
                    s=26,
                    c=_CLASS_COLOURS[i % len(_CLASS_COLOURS)],
                    marker=_MARKERS[i % len(_MARKERS)],
                    edgecolors="#1a1a1a",
                    linewidths=0.6,
                    label=phrase("plots.class", lang, label=label),
                    zorder=3,
                )
            axes.set_title(caption, fontsize="medium")
            axes.set_xlabel(xname)
            axes.set_ylabel(yname)
        if layer < len(layers) and layers[layer].nout == 1:
            _draw_line(panels[2], *_layer_maps(layers[layer])[:2], a, phrase("plots.hidden.boundary", lang))
        handles, labels = panels[0].get_legend_handles_labels()
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], color="#9a9a9a", linewidth=0.8))
        labels.append(phrase("plots.hidden.grid", lang))
        more_handles, more_labels = panels[2].get_legend_handles_labels()
        handles += more_handles[len(classes) :]
        labels += more_labels[len(classes) :]
        legend = figure.legend(handles, labels, loc="outside lower center", ncol=len(labels), frameon=False)
        for text in legend.get_texts():
            text.set_parse_math(False)
        figure.suptitle(title or phrase("plots.hidden.title", lang, number=number), parse_math=False, weight="bold")
        _save(figure, path)
    return figure


def _draw_line(axes, W, b, points, label: str) -> None:
    """The line w1 a1 + w2 a2 + b = 0 across the points' range (the next neuron's boundary)."""
    import numpy as np

    (w1, w2), c = W[0], b[0]
    low, high = points.min(axis=0), points.max(axis=0)
    pad = np.maximum(high - low, 1e-9) * 0.1
    if abs(w2) >= abs(w1):
        xs = np.array([low[0] - pad[0], high[0] + pad[0]])
        axes.plot(xs, -(w1 * xs + c) / w2, color="#222222", linewidth=2.0, linestyle="--", label=label, zorder=2)
    else:
        ys = np.array([low[1] - pad[1], high[1] + pad[1]])
        axes.plot(-(w2 * ys + c) / w1, ys, color="#222222", linewidth=2.0, linestyle="--", label=label, zorder=2)
    axes.set_xlim(low[0] - pad[0], high[0] + pad[0])
    axes.set_ylim(low[1] - pad[1], high[1] + pad[1])


def plot_weights_image(weights, shape=(64, 64, 3), path=None, *, title: str | None = None, lang: str | None = None):
    """A trained neuron's weights shown as the picture they read: one weight per pixel and colour.

    Logistic regression on 64 x 64 x 3 pictures (lecture note 004) has
    12,288 weights, one for every value of the flattened picture, in the same
    order. Put back into the picture's shape they show what the neuron looks
    for: where a weight is positive, bright values there push the output
    towards class 1. Left: each colour channel's weights as a colour (grey is
    0, a brighter channel a positive weight); right: the three channels
    summed, red for positive, blue for negative.

    Args:
        weights: an ``nn.Neuron`` (its ``w``), or a sequence of Values or numbers.
        shape: (height, width, 3), the picture's shape; height * width * 3 weights.
        path: where to save (.png, .svg, .pdf), a list of files, or None.
        title: the figure's title (drawn as text).
        lang: "en" or "ko" for the words the plot writes.

    Returns:
        The matplotlib Figure.
    """
    _, Figure = _matplotlib()
    import numpy as np

    lang = resolve_lang(lang)
    _check_title(title)
    values = getattr(weights, "w", weights)
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"weights must be an nn.Neuron or a sequence of numbers, got {type(weights).__name__}")
    numbers = [v.data if isinstance(v, Value) else v for v in values]
    try:
        w = np.asarray(numbers, dtype=float)
    except (TypeError, ValueError):
        raise TypeError("weights must be numbers or Values") from None
    if (
        not isinstance(shape, (tuple, list))
        or len(shape) != 3
        or shape[2] != 3
        or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in shape)
    ):
        raise ValueError(f"shape must be (height, width, 3), got {shape!r}")
    if w.ndim != 1 or w.size != shape[0] * shape[1] * 3:
        raise ValueError(f"shape {tuple(shape)} needs {shape[0] * shape[1] * 3} weights, got {w.size}")
    if not np.isfinite(w).all():
        raise ValueError("weights must be finite numbers")
    picture = w.reshape(shape)
    scale = float(np.abs(picture).max()) or 1.0
    summed = picture.sum(axis=2)
    limit = float(np.abs(summed).max()) or 1.0
    with _style():
        figure = Figure(figsize=(10.0, 4.6), layout="constrained")
        left, right = figure.subplots(1, 2)
        left.imshow(0.5 + 0.5 * picture / scale, interpolation="nearest")
        left.set_title(phrase("plots.weights.rgb", lang), fontsize="medium")
        image = right.imshow(summed, cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest")
        right.set_title(phrase("plots.weights.sum", lang), fontsize="medium")
        figure.colorbar(image, ax=right, shrink=0.8).set_label(phrase("plots.weights.colorbar", lang))
        for axes in (left, right):
            axes.grid(False)
            axes.set_xticks([])
            axes.set_yticks([])
        figure.suptitle(
            title or phrase("plots.weights.title", lang, count=f"{w.size:,}"), parse_math=False, weight="bold"
        )
        _save(figure, path)
    return figure


#: The losses ``plot_loss_surface`` compares, as numpy formulas of predictions p and targets t.
def _mse(p, t):
    return ((p - t) ** 2).mean(axis=-1)


def _bce(p, t):
    import numpy as np

    p = np.clip(p, 1e-15, 1 - 1e-15)  # log(0) is -inf: clip as a stable BCE does
    return -(t * np.log(p) + (1 - t) * np.log(1 - p)).mean(axis=-1)


_SURFACE_LOSSES = {"mse": _mse, "bce": _bce}


def plot_loss_surface(
    model,
    X,
    y,
    params,
    path=None,
    *,
    losses=("mse", "bce"),
    span: float = 6.0,
    resolution: int = 81,
    title: str | None = None,
    lang: str | None = None,
):
    """The cost J over one or two of a model's weights, one panel per loss: is it convex?

    Every other parameter keeps its value; the chosen ones are swept over
    ``value +- span``. Lecture note 004: for logistic regression (a sigmoid
    neuron) the mean squared error gives a non-convex J, flat far away and
    bending down in places, where gradient descent can stall, while the
    cross-entropy J is convex (it bends up everywhere), so gradient descent
    finds its one minimum. Over one weight, the stretches where the curve
    bends down are shaded; over two, J is drawn as contour lines.

    Args:
        model: a callable model with ``predict(rows)`` (an nn module) whose outputs are probabilities for "bce".
        X: the inputs, rows of numbers.
        y: the targets (0/1 for "bce").
        params: one or two parameter Values of ``model`` (e.g. ``[neuron.w[0]]`` or ``[neuron.w[0], neuron.b]``).
        path: where to save (.png, .svg, .pdf), a list of files, or None.
        losses: the losses to compare, from "mse" and "bce".
        span: how far each parameter is moved from its value, both ways.
        resolution: points per axis.
        title: the figure's title (drawn as text).
        lang: "en" or "ko" for the words the plot writes.

    Returns:
        The matplotlib Figure; the parameters keep their values.
    """
    _, Figure = _matplotlib()
    import numpy as np

    lang = resolve_lang(lang)
    _check_title(title)
    if not callable(getattr(model, "predict", None)):
        raise TypeError(f"plot_loss_surface needs a model with predict(rows), got {type(model).__name__}")
    if isinstance(params, Value):
        params = [params]
    params = list(params)
    if not 1 <= len(params) <= 2 or not all(isinstance(p, Value) for p in params):
        raise ValueError("params must be one or two parameter Values of the model")
    if isinstance(losses, str):
        losses = (losses,)
    losses = tuple(losses)
    unknown = [name for name in losses if name not in _SURFACE_LOSSES]
    if unknown or not losses:
        raise ValueError(f"losses must name some of {', '.join(_SURFACE_LOSSES)}, got {losses!r}")
    if not isinstance(span, (int, float)) or isinstance(span, bool) or not 0 < span < 1e6:
        raise ValueError(f"span must be a positive number, got {span!r}")
    if isinstance(resolution, bool) or not isinstance(resolution, int) or not 5 <= resolution <= 400:
        raise ValueError(f"resolution must be a whole number from 5 to 400, got {resolution!r}")
    rows = np.asarray(X, dtype=float).tolist()
    targets = np.asarray(y, dtype=float)
    if len(targets) != len(rows):
        raise ValueError(f"y must have one target per row of X: {len(rows)} rows but {len(targets)} targets")
    centre = [p.data for p in params]
    axes_values = [np.linspace(c - span, c + span, resolution) for c in centre]
    points = (
        [(v,) for v in axes_values[0]] if len(params) == 1 else [(u, v) for v in axes_values[1] for u in axes_values[0]]
    )
    run = _replayer(model, rows)
    per_point = []
    try:
        for point in points:
            for p, v in zip(params, point):
                p.data = float(v)
            per_point.append(np.asarray(run(), dtype=float).reshape(len(rows)))
    finally:
        for p, v in zip(params, centre):
            p.data = v
    predictions = np.asarray(per_point)  # one row of predictions per point of the grid
    if "bce" in losses and (predictions.min() < 0 or predictions.max() > 1):
        raise ValueError("the bce surface needs probabilities: use a model with a sigmoid output")
    surfaces = {name: _SURFACE_LOSSES[name](predictions, targets) for name in losses}
    labels = [p.label or f"w{k}" for k, p in enumerate(params, 1)]
    with _style():
        figure = Figure(figsize=(5.2 * len(losses), 4.3), layout="constrained")
        panels = np.atleast_1d(figure.subplots(1, len(losses)))
        for axes, name in zip(panels, losses):
            J = surfaces[name]
            axes.set_title(phrase(f"plots.surface.{name}", lang), fontsize="medium")
            if len(params) == 1:
                _one_weight_curve(axes, axes_values[0], J, centre[0], lang)
                axes.set_xlabel(labels[0])
                axes.set_ylabel(phrase("plots.surface.cost", lang))
            else:
                grid = J.reshape(resolution, resolution)
                axes.grid(False)
                shade = axes.contourf(axes_values[0], axes_values[1], grid, levels=20, cmap="viridis")
                shade.set_rasterized(True)
                axes.contour(axes_values[0], axes_values[1], grid, levels=20, colors="white", linewidths=0.4)
                axes.scatter([centre[0]], [centre[1]], marker="x", color="white", s=50)
                figure.colorbar(shade, ax=axes).set_label(phrase("plots.surface.cost", lang))
                axes.set_xlabel(labels[0])
                axes.set_ylabel(labels[1])
            for text in (axes.xaxis.label, axes.yaxis.label):
                text.set_parse_math(False)  # parameter labels are user text
        figure.suptitle(title or phrase("plots.surface.title", lang), parse_math=False, weight="bold")
        _save(figure, path)
    return figure


def _replayer(model, rows):
    """A function giving the model's outputs on ``rows`` for the parameters' current values.

    An nn module is recorded once on a batch tape, which reads every
    parameter's ``.data`` at each replay: one recording for the whole sweep
    instead of one per grid point. Anything else is asked through ``predict``.
    """
    import autograd

    # Only nn's own layer classes (as nn.predict decides): a subclass or any other callable
    # may branch on .data, and a tape recorded at four probe rows would then be silently wrong.
    if type(model).__module__ != "nn.module":
        return lambda: model.predict(rows)
    try:
        tape = autograd.Tape.record(model, inputs=len(rows[0]), model=model, probes=rows[:4])
    except (TypeError, ValueError, AttributeError, IndexError, OverflowError):
        return lambda: model.predict(rows)
    if tape.n_outputs != 1:
        return lambda: model.predict(rows)
    return lambda: tape.forward(rows)[:, 0]


def _one_weight_curve(axes, ws, J, current: float, lang: str) -> None:
    """J(w) with the stretches where it bends down (second difference < 0) shaded."""
    import numpy as np

    axes.plot(ws, J, color=_BLUE, linewidth=2.0)
    axes.axvline(current, color="#777777", linewidth=0.8, linestyle=":", label=phrase("plots.surface.current", lang))
    bend = np.diff(J, 2)  # J(w - h) - 2 J(w) + J(w + h): < 0 where the curve bends down
    tolerance = 1e-9 * max(float(np.abs(J).max()), 1.0)
    down = np.concatenate([[False], bend < -tolerance, [False]])
    if down.any():
        axes.fill_between(
            ws,
            0,
            1,
            where=down,
            transform=axes.get_xaxis_transform(),
            color=_VERMILION,
            alpha=0.15,
            label=phrase("plots.surface.not_convex", lang),
        )
    else:
        axes.plot([], [], color="none", label=phrase("plots.surface.convex", lang))
    _legend(axes, loc="upper center", bbox_to_anchor=(0.5, -0.16), frameon=False, fontsize="small", ncol=2)
