"""A single HTML file that steps through a backward pass, one drawing per step.

Every step's SVG is inline and the few lines of JavaScript are in the page,
so the file works offline, from a USB stick or an e-mail attachment: no
network, no CDN. Prev/Next buttons, a slider and the arrow keys move
between steps.

The SVGs come from Graphviz, which writes every label as escaped XML text
(``viz.dot`` escapes labels before Graphviz sees them), and the page's own
text goes through ``html.escape``: a label such as ``<script>`` is shown,
never run.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from autograd import Value

from ._files import encode_text, write_text
from .draw import steps

__all__ = ["stepper_html", "stepper_page", "STEPPER_MAX_NODES"]

#: Every step is a full drawing: 150 nodes make 151 drawings, about 15 s of Graphviz.
STEPPER_MAX_NODES = 150

# Graphviz starts its SVG with an XML declaration, a DOCTYPE and a comment;
# inside HTML only the <svg> element itself belongs.
_SVG_START = re.compile(r"<svg\b")

_STYLE = """
body { font-family: "Noto Sans", "Noto Sans CJK KR", Helvetica, Arial, sans-serif; margin: 1.5rem; color: #222; }
h1 { font-size: 1.3rem; margin: 0 0 0.6rem; }
.controls { display: flex; gap: 0.6rem; align-items: center; flex-wrap: wrap; }
.controls button { font-size: 1rem; padding: 0.3rem 0.9rem; }
.controls input[type=range] { width: min(28rem, 60vw); }
#counter { font-weight: bold; min-width: 8rem; }
.hint { color: #666; font-size: 0.85rem; margin: 0.3rem 0 1rem; }
/* The drawing fills the window below the controls, scaled up or down (a projector, a phone); */
/* its viewBox keeps its proportions. The page is a column: the drawing gets the height left. */
body { margin: 0; padding: 1.5rem; box-sizing: border-box; height: 100vh; display: flex; flex-direction: column; }
main { flex: 1 1 auto; min-height: 10rem; }
.step:not([hidden]) { height: 100%; display: flex; flex-direction: column; }
.step svg { display: block; flex: 1 1 auto; min-height: 0; width: 100%; }
"""

_SCRIPT = """
(function () {
  "use strict";
  var sections = document.querySelectorAll("section.step");
  var last = sections.length - 1;
  var slider = document.getElementById("slider");
  var prev = document.getElementById("prev");
  var next = document.getElementById("next");
  var counter = document.getElementById("counter");
  var current = 0;
  function show(k) {
    current = Math.max(0, Math.min(last, k));
    for (var i = 0; i <= last; i++) { sections[i].hidden = (i !== current); }
    slider.value = String(current);
    prev.disabled = (current === 0);
    next.disabled = (current === last);
    counter.textContent = "step " + current + " of " + last;
    document.body.setAttribute("data-step", String(current));
  }
  prev.addEventListener("click", function () { show(current - 1); });
  next.addEventListener("click", function () { show(current + 1); });
  slider.addEventListener("input", function () { show(parseInt(slider.value, 10)); });
  document.addEventListener("keydown", function (event) {
    var typing = event.target.tagName === "TEXTAREA" ||
      (event.target.tagName === "INPUT" && event.target.type !== "range");
    // Home and End go to the first and last step wherever the focus is (in a text box they move the caret)
    if (event.key === "Home" && !typing) { show(0); event.preventDefault(); return; }
    if (event.key === "End" && !typing) { show(last); event.preventDefault(); return; }
    if (event.target === slider) { return; }  // the slider moves itself with the arrow keys
    if (event.key === "ArrowRight") { show(current + 1); event.preventDefault(); }
    if (event.key === "ArrowLeft") { show(current - 1); event.preventDefault(); }
  });
  show(0);
})();
"""


def _inline_svg(svg: str) -> str:
    match = _SVG_START.search(svg)
    if match is None:
        raise RuntimeError("Graphviz returned no <svg> element")
    return svg[match.start() :].strip()


def stepper_page(svgs: list[str], title: str) -> str:
    """The HTML text of a stepper over ``svgs`` (one SVG document per step, step 0 first)."""
    last = len(svgs) - 1
    sections = "\n".join(
        f'<section class="step" id="step-{k}" data-step="{k}" aria-label="step {k} of {last}">\n'
        f"{_inline_svg(svg)}\n</section>"
        for k, svg in enumerate(svgs)
    )
    page_title = html.escape(title, quote=True)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{page_title}</title>
<style>{_STYLE}</style>
</head>
<body data-step="0">
<h1>{page_title}</h1>
<div class="controls">
<button id="prev" type="button">&#9664; Prev</button>
<input id="slider" type="range" min="0" max="{last}" value="0" step="1" aria-label="step">
<button id="next" type="button">Next &#9654;</button>
<span id="counter" aria-live="polite">step 0 of {last}</span>
</div>
<p class="hint">Use the arrow keys &#8592; &#8594; to step through the backward pass.</p>
<main>
{sections}
</main>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def stepper_html(
    root: Value, path, *, title: str | None = None, max_nodes: int | None = STEPPER_MAX_NODES, **options
) -> Path:
    """Write one self-contained HTML file stepping through ``root``'s backward pass.

    Args:
        root: the Value whose backward pass to show.
        path: the .html file to write.
        title: the page's heading; default "Backward pass of <label>". The drawings under it
            carry no title of their own (it would be shown twice).
        max_nodes: refuse larger graphs (each step is a full drawing); None: no limit.
        **options: as for ``viz.draw`` (direction, precision, params, ...).

    Returns:
        The path written.

    Raises:
        GraphTooLargeError: the graph has more than ``max_nodes`` nodes (nothing is written).
        GraphvizNotFoundError: the ``dot`` program is missing.
    """
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"stepper_html writes an HTML page; the file name must end in .html, got {str(path)!r}")
    if title is None:
        title = f"Backward pass of {root.label}" if root.label else "Backward pass"
    if not isinstance(title, str):
        raise TypeError(f"stepper_html: title must be a str, got {type(title).__name__} {title!r}")
    encode_text(title, path.name)  # checked before any drawing is made or any file opened
    drawings = list(steps(root, max_nodes=max_nodes, **options))
    encode_text(drawings[0].source, path.name)  # every label is in the first drawing
    svgs = [drawing.pipe(format="svg", encoding="utf-8") for drawing in drawings]
    return write_text(path, stepper_page(svgs, title))  # atomic: the old page stays if anything fails
