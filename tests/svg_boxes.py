"""Where things landed in a rendered drawing: boxes of edge labels and node positions, read from Graphviz's SVG.

Any test that must check a picture from its coordinates (no two edge labels
overlap, the loss is at the far right) can use these; ``tests`` is not a
package, so import it as ``from svg_boxes import ...`` (as ``lecture_graphs``).

Graphviz writes each piece of an HTML-like label as its own ``<text
text-anchor="start" x=... y=...>``, pieces of one line laid out left to
right, so a piece's width is where the next piece starts; the last piece's
width is estimated from its characters (0.62 of the font size each, a little
more than the digits and letters of Noto Sans take, so estimates err towards
reporting an overlap, never hiding one).
"""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass

SVG = "{http://www.w3.org/2000/svg}"
CHARACTER_WIDTH = 0.62  # of the font size: wider than Noto Sans's digits (0.55) and most letters
ASCENT, DESCENT = 0.8, 0.25  # of the font size, above and below the baseline


@dataclass(frozen=True)
class Box:
    """A rectangle in SVG coordinates (y grows downwards); ``name`` is the element's <title>, e.g. "n2->n3"."""

    name: str
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box, slack: float = 0.5) -> bool:
        """True when the two rectangles share more than ``slack`` points in both directions."""
        return (
            min(self.right, other.right) - max(self.left, other.left) > slack
            and min(self.bottom, other.bottom) - max(self.top, other.top) > slack
        )


def render_svg(dot: str) -> bytes:
    """``dot -Tsvg`` of the DOT text (needs the Graphviz binary: mark the test ``needs_dot``)."""
    result = subprocess.run(["dot", "-Tsvg"], input=dot.encode("utf-8"), capture_output=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return result.stdout


def _text_box(name: str, texts: list) -> Box | None:
    """The rectangle around the <text> pieces of one label."""
    pieces = []
    for text in texts:
        size = float(text.get("font-size", "14"))
        pieces.append(
            (float(text.get("x")), float(text.get("y")), size, "".join(text.itertext()), text.get("text-anchor"))
        )
    if not pieces:
        return None
    left = top = float("inf")
    right = bottom = float("-inf")
    for i, (x, y, size, content, anchor) in enumerate(pieces):
        width = len(content) * CHARACTER_WIDTH * size
        following = [px for px, py, *_ in pieces[i + 1 :] if py == y and px > x]
        if anchor == "start" and following:
            width = min(following) - x
        start = x - width / 2 if anchor == "middle" else (x - width if anchor == "end" else x)
        left, right = min(left, start), max(right, start + width)
        top, bottom = min(top, y - ASCENT * size), max(bottom, y + DESCENT * size)
    return Box(name, left, top, right, bottom)


def label_boxes(svg: bytes, kind: str = "edge") -> list[Box]:
    """One box per labelled element of ``kind`` ("edge" or "node"): the rectangle around its label's text."""
    root = ET.fromstring(svg)
    boxes = []
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != kind:
            continue
        title = group.find(f"{SVG}title")
        name = "".join(title.itertext()) if title is not None else ""
        box = _text_box(name, list(group.iter(f"{SVG}text")))
        if box is not None:
            boxes.append(box)
    return boxes


def overlapping_labels(svg: bytes) -> list[tuple[str, str]]:
    """Every pair of edges whose labels overlap, by their titles ("n2->n3")."""
    boxes = label_boxes(svg, "edge")
    return [(a.name, b.name) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if a.overlaps(b)]


def node_centres(svg: bytes) -> dict[str, tuple[float, float]]:
    """Each node's centre (x, y) by its DOT name ("n3"), from the extent of its label's text."""
    return {box.name: ((box.left + box.right) / 2, (box.top + box.bottom) / 2) for box in label_boxes(svg, "node")}
