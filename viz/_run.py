"""Running Graphviz: one program call, stopped when it takes too long.

The ``graphviz`` package starts ``dot`` and waits for it however long it
takes; a graph that dot cannot lay out in reasonable time would hang a
notebook cell or a lecture. Here every run has a time limit (``timeout``
seconds): past it the program is stopped and ``LayoutTimeoutError`` says so.
Nothing is written by this module; callers write files only after a run
succeeded, so a stopped run leaves no half-written picture behind.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import graphviz

__all__ = ["run_graphviz", "GraphvizNotFoundError", "LayoutTimeoutError", "DEFAULT_TIMEOUT", "INSTALL_HELP"]

MAX_DPI = 1200

#: Seconds a Graphviz run may take before it is stopped (None: no limit).
DEFAULT_TIMEOUT = 60.0

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


class LayoutTimeoutError(RuntimeError):
    """Graphviz took longer than the time limit and was stopped; nothing was drawn."""


def check_timeout(timeout: object) -> float | None:
    """``timeout`` if it is a positive number of seconds or None (no limit), else a ValueError."""
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds or None (no limit), got {timeout!r}")
    return float(timeout)


def check_dpi(dpi: object) -> float | None:
    """``dpi`` if it is a number of dots per inch from 10 to 1200 or None (Graphviz's 96), else a ValueError.

    >>> check_dpi(300)
    300.0
    """
    if dpi is None:
        return None
    if isinstance(dpi, bool) or not isinstance(dpi, (int, float)) or not 10 <= dpi <= MAX_DPI:
        # Far above 1200 a slide-sized drawing becomes a picture of hundreds of megabytes.
        raise ValueError(f"dpi must be a number from 10 to {MAX_DPI} (dots per inch; 300 for slides), got {dpi!r}")
    return float(dpi)


def run_graphviz(
    source: str,
    fmt: str,
    *,
    engine: str = "dot",
    pinned: bool = False,
    renderer: str | None = None,
    formatter: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    dpi: float | None = None,
    cwd: str | None = None,
    quiet: bool = False,
) -> bytes:
    """Lay out and draw the DOT ``source`` with a Graphviz program; return its output.

    Args:
        source: the DOT text.
        fmt: the output format ("svg", "png", "pdf", "json0", ...).
        engine: the layout program, "dot" or "neato".
        pinned: run neato as ``neato -n2``: nodes stay at their ``pos``, edges keep their ``pos``.
        renderer / formatter: as for ``graphviz.pipe`` (e.g. renderer "cairo").
        timeout: stop the program after this many seconds (None: wait for it).
        dpi: dots per inch of a PNG picture (None: Graphviz's 96).
        cwd: the folder Graphviz runs in (where it finds the pictures a label names).
        quiet: do not pass Graphviz's warnings on to stderr.

    Raises:
        GraphvizNotFoundError: the program is not installed.
        LayoutTimeoutError: it took longer than ``timeout`` seconds (it was stopped).
        graphviz.CalledProcessError: it failed (its error output is in the exception).
    """
    timeout = check_timeout(timeout)
    program = shutil.which(engine)
    if program is None:
        raise GraphvizNotFoundError()
    output = ":".join(part for part in (fmt, renderer, formatter) if part)
    command = [program, f"-T{output}"] + (["-n2"] if pinned else [])
    if check_dpi(dpi) is not None:
        command.append(f"-Gdpi={dpi:g}")
    try:
        done = subprocess.run(command, input=source.encode("utf-8"), capture_output=True, timeout=timeout, cwd=cwd)
    except subprocess.TimeoutExpired:  # subprocess.run has already stopped the program
        raise LayoutTimeoutError(
            f"Graphviz's {engine} did not finish laying out this graph within {timeout:g} s and was "
            f"stopped; nothing was drawn or written. Draw a smaller part of the graph (pass an inner "
            f"node as the root), or pass timeout=None to wait as long as it takes."
        ) from None
    if done.returncode != 0:
        raise graphviz.CalledProcessError(done.returncode, command, output=done.stdout, stderr=done.stderr)
    if done.stderr and not quiet:
        sys.stderr.write(done.stderr.decode("utf-8", "replace"))  # warnings, as the graphviz package shows them
    return done.stdout
