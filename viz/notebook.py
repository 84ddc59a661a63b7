"""Jupyter display: a drawing, a Value itself, and a whole backward pass to step through.

A ``viz.draw(...)`` result is a ``graphviz.Digraph`` and displays itself.
A bare ``Value`` cannot (``autograd`` knows nothing of drawings), so
``import viz`` inside IPython registers an SVG formatter for ``Value``: the
last line ``J`` of a cell then shows J's graph. Graphs larger than
``viz.DEFAULT_MAX_NODES`` fall back to the text repr.

``Stepper(J)`` as a cell's last line shows the stepper of ``viz.stepper_html``
inside the notebook (JupyterLab, the classic notebook, VS Code): buttons,
slider and keys step through the backward pass without re-running the cell,
and ``Stepper(J, practice=True)`` asks the learner for every step first.
"""

from __future__ import annotations

import hashlib
import itertools
import sys
from pathlib import Path

from autograd import Value

from ._files import write_text
from .dot import GraphTooLargeError
from .draw import draw
from .stepper import STEPPER_MAX_NODES, build_stepper, stepper_document, stepper_fragment
from .words import phrase

__all__ = ["Stepper", "value_svg", "register_value_display"]

# Numbers each Stepper shown in this process, so that two displays of one stepper get different ids.
_shown = itertools.count(1)


class Stepper:
    """A backward pass to step through, inline in Jupyter (``_repr_html_``) or saved as a page.

    Every drawing is made once, when the Stepper is made; displaying it runs no Python, so the
    buttons work without re-running the cell. Scripts and styles are inline (no CDN). Each display
    gets its own id prefix and its script touches only its own elements, so several steppers on
    one notebook page never interfere.

    Args:
        root: the Value whose backward pass to show.
        practice: ask the learner for each step's gradients before showing it (as
            ``viz.stepper_html(..., practice=True)``).
        **options: ``title``, ``lang`` ("en" or "ko"), ``max_nodes``, and the options of ``viz.draw``.

    Example::

        viz.Stepper(J, practice=True)        # the last line of a notebook cell
        viz.Stepper(J).save("J_steps.html")  # the same page as a file
    """

    def __init__(self, root: Value, practice: bool = False, **options) -> None:
        options.setdefault("max_nodes", STEPPER_MAX_NODES)
        self._content = build_stepper(root, practice=practice, **options)

    @property
    def practice(self) -> bool:
        """True for a practice stepper."""
        return self._content.practice

    def __len__(self) -> int:
        """The number of backward steps (the drawings are one more: step 0 is before backward)."""
        return len(self._content.svgs) - 1

    def __repr__(self) -> str:
        return self._describe("en")

    def __str__(self) -> str:
        return self._describe(self._content.lang)

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        # IPython's text/plain (what a notebook keeps next to the page): in the stepper's language.
        printer.text(str(self))

    def _describe(self, lang: str) -> str:
        return phrase(
            "stepper.text.practice" if self.practice else "stepper.text", lang, name="viz.Stepper", count=len(self)
        )

    def _repr_html_(self) -> str:
        digest = hashlib.sha256("".join(self._content.svgs).encode("utf-8")).hexdigest()[:10]
        return stepper_fragment(self._content, f"chainrule-{digest}-{next(_shown)}")

    def save(self, path) -> Path:
        """Write the stepper as one self-contained HTML page (as ``viz.stepper_html``); return the path."""
        path = Path(path)
        if path.suffix.lower() not in (".html", ".htm"):
            raise ValueError(f"Stepper.save writes an HTML page; the file name must end in .html, got {str(path)!r}")
        return write_text(path, stepper_document(self._content))  # atomic: the old page stays if anything fails


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
