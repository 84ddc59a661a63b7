"""Slides from a backward pass: one picture per step, or an animated GIF.

A teacher shows the backward pass one step at a time. ``render_steps``
writes every step as its own file (for slide software, or a handout) and
``animate`` writes them as one animated GIF (it plays on GitHub, in a
README, in slides and in every browser). Every step is drawn at the same
layout (see ``viz.steps``), so going from one picture to the next only
changes colours and numbers.

The GIF is put together by Pillow (the Python imaging library) from PNG
renderings of the steps: every frame the same size on a white background,
each step shown for ``seconds_per_step``, the last one held longer so the
finished pass can be read before the animation starts again.

>>> from autograd import Value
>>> x = Value(2.0, label="x"); y = x * x; y.label = "y"
>>> _check_pattern("slides/y_{step}.png").format(step=3)
'slides/y_3.png'
"""

from __future__ import annotations

import io
import string
from pathlib import Path

from autograd import Value

from ._run import DEFAULT_TIMEOUT, LayoutTimeoutError, check_dpi
from .dot import checked_order
from .draw import format_from_suffix, pipe_all, steps
from .stepper import STEPPER_MAX_NODES
from .words import resolve_lang

__all__ = ["render_steps", "animate"]


def _check_pattern(pattern) -> str:
    """``pattern`` as a str, if it names the step with ``{step}`` (or ``{step:02d}``) and nothing else."""
    if not isinstance(pattern, (str, Path)):
        raise TypeError(f"the file name must be a str or a Path such as 'J_{{step}}.png', got {pattern!r}")
    text = str(pattern)
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
        text.format(step=0)
    except (ValueError, KeyError, IndexError) as error:
        raise ValueError(
            f"cannot fill in the step in {text!r} ({error}); write the placeholder as {{step}}, and "
            f"any other brace doubled ({{{{ or }}}})"
        ) from None
    if "step" not in fields or any(field != "step" for field in fields):
        raise ValueError(
            f'the file name must hold the placeholder {{step}} (e.g. "J_{{step}}.png", one file per step), got {text!r}'
        )
    return text


def _rendered(root: Value, fmt: str, dpi, timeout, max_nodes, lang, options: dict) -> list[bytes]:
    """Every step of ``root``'s backward pass rendered in ``fmt``, step 0 first (nothing written yet)."""
    checked_order(root, max_nodes)
    if lang is not None:  # the drawings write their words in it (viz.draw checks it)
        options = {**options, "lang": resolve_lang(lang)}
    drawings = steps(root, timeout=timeout, max_nodes=max_nodes, **options)
    for drawing in drawings:
        drawing.dpi = dpi
    return pipe_all(drawings, fmt)


def render_steps(
    root: Value,
    path,
    *,
    dpi: float | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_nodes: int | None = STEPPER_MAX_NODES,
    lang: str | None = None,
    **options,
) -> list[Path]:
    """Write one picture per step of ``root``'s backward pass: step 0 (before it) to the last.

    Args:
        root: the Value whose backward pass to show.
        path: the file name with the placeholder ``{step}``, e.g. ``"J_{step}.png"`` (J_0.png, J_1.png,
            ...) or ``"J_{step:02d}.svg"`` (J_00.svg, ...); the suffix chooses svg, png or pdf.
        dpi: dots per inch of PNG pictures (300 for slides; None: Graphviz's 96).
        timeout: stop Graphviz after this many seconds per run (None: no limit).
        max_nodes: refuse larger graphs (every step is a whole picture); None: no limit.
        lang: "en" or "ko" for the words drawn (default: see ``viz.words.resolve_lang``).
        **options: as for ``viz.draw`` (title, direction, params, precision, ...).

    Returns:
        The paths written, step 0 first.

    Raises:
        GraphTooLargeError: the graph is too large to draw (nothing is written).
        LayoutTimeoutError: Graphviz took longer than ``timeout`` (nothing is written).

    Example: ``viz.render_steps(J, "slides/J_{step}.png", dpi=300, title="J = 3(a + bc)")``.
    """
    pattern = _check_pattern(path)
    paths = [Path(pattern.format(step=k)) for k in range(len(root.backward_steps()) + 1)]
    fmt = format_from_suffix(paths[0])
    if check_dpi(dpi) is not None and fmt != "png":
        raise ValueError(f"dpi sets the pixels of a PNG picture; {pattern!r} is {fmt}, which has no pixels")
    if "step" in options:
        raise TypeError("render_steps() writes every step; pass the other options of draw() only")
    try:
        pictures = _rendered(root, fmt, dpi, timeout, max_nodes, lang, options)
    except LayoutTimeoutError as error:
        raise LayoutTimeoutError(f"{error} (no step was written)") from None
    for picture, target in zip(pictures, paths):  # all rendered: now write them
        target.write_bytes(picture)
    return paths


def _frames(pngs: list[bytes]):
    """The PNG pictures as RGB frames of one size (the largest), each on a white background."""
    from PIL import Image

    pictures = [Image.open(io.BytesIO(png)) for png in pngs]
    width = max(picture.width for picture in pictures)
    height = max(picture.height for picture in pictures)
    frames = []
    for picture in pictures:
        frame = Image.new("RGB", (width, height), "white")
        rgba = picture.convert("RGBA")
        frame.paste(rgba, (0, 0), rgba)  # through its own transparency: transparent parts stay white
        frames.append(frame)
    return frames


def animate(
    root: Value,
    path,
    *,
    seconds_per_step: float = 1.5,
    hold_last: float = 4.0,
    dpi: float | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_nodes: int | None = STEPPER_MAX_NODES,
    lang: str | None = None,
    **options,
) -> Path:
    """Write the backward pass of ``root`` as an animated GIF, one frame per step.

    Args:
        root: the Value whose backward pass to show.
        path: the .gif file to write.
        seconds_per_step: how long each step is shown.
        hold_last: how long the last step (the finished pass) is shown before the GIF starts again.
        dpi: dots per inch of the frames (None: Graphviz's 96, sharp on a screen; 150 for a projector).
        timeout: stop Graphviz after this many seconds per run (None: no limit).
        max_nodes: refuse larger graphs (every step is a whole picture); None: no limit.
        lang: "en" or "ko" for the words drawn (default: see ``viz.words.resolve_lang``).
        **options: as for ``viz.draw`` (title, direction, params, precision, ...).

    Returns:
        The path written.

    Example: ``viz.animate(J, "J.gif", title="J = 3(a + bc)")``: 8 frames for J's 7 steps.
    """
    path = Path(path)
    if path.suffix.lower() != ".gif":
        raise ValueError(f"animate writes an animated GIF; the file name must end in .gif, got {str(path)!r}")
    for name, seconds in (("seconds_per_step", seconds_per_step), ("hold_last", hold_last)):
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0.02 <= seconds <= 600:
            raise ValueError(f"{name} must be a number of seconds from 0.02 to 600, got {seconds!r}")
    check_dpi(dpi)
    if "step" in options:
        raise TypeError("animate() shows every step; pass the other options of draw() only")
    try:
        frames = _frames(_rendered(root, "png", dpi, timeout, max_nodes, lang, options))
    except LayoutTimeoutError as error:
        raise LayoutTimeoutError(f"{error} (nothing was written to {str(path)!r})") from None
    # GIF durations are in milliseconds (counted in hundredths of a second by viewers)
    durations = [round(seconds_per_step * 1000)] * (len(frames) - 1) + [round(hold_last * 1000)]
    buffer = io.BytesIO()
    frames[0].save(
        buffer, format="GIF", save_all=True, append_images=frames[1:], duration=durations, loop=0, disposal=1
    )
    path.write_bytes(buffer.getvalue())
    return path
