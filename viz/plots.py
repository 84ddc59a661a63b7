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

__all__ = ["plot_loss", "plot_decision_boundary", "grid_outputs"]

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


def plot_loss(history, path=None, *, title: str | None = None):
    """The loss of every iteration, its mean per epoch, and the accuracy if recorded.

    Args:
        history: what ``nn.fit`` returns: ``.loss`` per iteration, ``.epoch_loss``
            per epoch, ``.accuracy`` per epoch or None; with validation data also
            ``.val_loss`` (drawn next to the training loss, its lowest point marked)
            and ``.val_accuracy``.
        path: where to save: a file (.png, .svg, .pdf), a list of files, or None.
        title: the figure's title (any Unicode text).

    Returns:
        The matplotlib Figure.
    """
    _, Figure = _matplotlib()
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
            axes.plot(iterations, losses, color=_BLUE, linewidth=2.0, label="loss (full batch: iteration = epoch)")
        else:
            axes.plot(iterations, losses, color=_SKY, linewidth=0.8, alpha=0.7, label="loss per iteration (one batch)")
        if epoch_loss and per_epoch != 1:
            ends = [per_epoch * (k + 1) for k in range(len(epoch_loss))]
            axes.plot(ends, epoch_loss, color=_BLUE, linewidth=2.0, label="mean loss per epoch")
        if val_loss:  # held-out data, measured at the end of every epoch
            ends = [per_epoch * (k + 1) for k in range(len(val_loss))]
            axes.plot(ends, val_loss, color=_VERMILION, linewidth=2.0, label="validation loss per epoch")
            best = min(range(len(val_loss)), key=val_loss.__getitem__)
            lowest = "lowest validation loss"
            axes.scatter([ends[best]], [val_loss[best]], s=40, color=_VERMILION, zorder=3, label=lowest)
            losses_shown = losses + val_loss
        else:
            losses_shown = losses
        if min(losses_shown) > 0 and max(losses_shown) / min(losses_shown) > 30:
            axes.set_yscale("log")  # a loss falling by orders of magnitude reads best on a log scale
        axes.set_xlabel("iteration (parameter update)")
        axes.set_ylabel("loss")
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
                label="accuracy per epoch",
            )
            if val_accuracy:
                right.plot(
                    [per_epoch * (k + 1) for k in range(len(val_accuracy))],
                    [100 * a for a in val_accuracy],
                    color=_PURPLE,
                    linewidth=1.5,
                    linestyle=":",
                    label="validation accuracy per epoch",
                )
            right.set_ylabel("accuracy (%)")
            right.set_ylim(-2, 102)
            right.grid(False)
            right.spines["right"].set_visible(True)
            more_handles, more_labels = right.get_legend_handles_labels()
            handles, labels = handles + more_handles, labels + more_labels
        # Below the plot, where it hides no curve.
        axes.legend(
            handles,
            labels,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.16),
            ncol=min(len(labels), 3),
            frameon=False,
            fontsize="small",
        )
        axes.set_title(title or "Training loss")
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

    Returns:
        The matplotlib Figure.
    """
    _, Figure = _matplotlib()
    import numpy as np

    if isinstance(resolution, bool) or not isinstance(resolution, int) or not 2 <= resolution <= 1000:
        raise ValueError(f"resolution must be a whole number from 2 to 1000, got {resolution!r}")
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise ValueError(f"plot_decision_boundary draws 2-D data: X must be rows of two numbers, got shape {X.shape}")
    if len(y) != len(X):
        raise ValueError(f"y must have one class per row of X: {len(X)} rows but {len(y)} classes")
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
                levels, what = np.linspace(0.0, 1.0, 21), "model output (probability of class 1)"
            else:
                levels, what = np.linspace(out.min(), out.max(), 21), "model output"
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
                label=f"class {label}",
                zorder=3,
            )
        axes.set_xlim(xs[0], xs[-1])
        axes.set_ylim(ys[0], ys[-1])
        axes.set_xlabel("x1")
        axes.set_ylabel("x2")
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=len(classes), frameon=False)
        axes.set_title(title or "Decision boundary")
        _save(figure, path)
    return figure
