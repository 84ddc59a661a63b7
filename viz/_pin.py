"""Pinned layouts: every step of a backward pass drawn with its nodes at the same places.

``dot`` lays out each drawing on its own, so when a label grows ("grad ?"
becomes "grad 0.1966") or an edge gains its label, neighbours move: node J
of J = 3(a + bc) jumped 137 pt between two steps. Stepping must change
colours and numbers, never the layout. So the steps are laid out once:

1. measure: one ``dot`` run over every distinct node statement of every step
   (nodes only, no edges) gives each node's largest size, and the widest
   graph label (the step captions differ in length);
2. lay out: the last step (every edge labelled) with every node as large as
   its largest label, and the widest graph label;
3. draw each step with ``neato -n2``, which draws a graph whose nodes carry
   ``pos`` and whose edges carry their routes (``pos``, label place ``lp``)
   without moving anything. Two invisible points at the corners of the
   layout give every step the same canvas.

The drawings' statements come from ``viz.dot.graph_body``: one statement
per line, nodes as ``name [attributes]``, edges as ``tail -> head [...]``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from ._run import DEFAULT_TIMEOUT, run_graphviz

__all__ = ["shared_layout", "pinned_source"]

_NODE = re.compile(r"^(\s*)(\w+) \[(.*)\]\n$")
_EDGE = re.compile(r"^(\s*)(\w+(?::\w+)*) -> (\w+(?::\w+)*)(?: \[(.*)\])?\n$")
_GRAPH_LABEL = re.compile(r"^\tlabel=(<.*>)\n$")
_CLUSTER = re.compile(r"^(\s*)subgraph (cluster\w*) \{\n$")
_DEFAULTS = ("graph", "node", "edge")


def _source(lines: Sequence[str]) -> str:
    return "digraph chainrule {\n" + "".join(lines) + "}\n"


def _layout_json(lines: Sequence[str], timeout: float | None) -> dict:
    return json.loads(run_graphviz(_source(lines), "json0", timeout=timeout, quiet=True))


def _node(line: str) -> re.Match | None:
    match = _NODE.match(line)
    return match if match and match.group(2) not in _DEFAULTS else None


def _measure(bodies: Sequence[Sequence[str]], timeout: float | None) -> tuple[dict, int]:
    """Each node's largest (width, height) in inches over all bodies, and the body with the widest graph label."""
    defaults = [line for line in bodies[-1] if line.lstrip().split(" ", 1)[0] in _DEFAULTS and line.startswith("\t")]
    owners: list[str] = []  # owners[i]: the node whose statement m{i} is
    seen: set[str] = set()
    lines = list(defaults)
    labels: list[int] = []  # labels[j]: the body whose graph label g{j} is
    for k, body in enumerate(bodies):
        for line in body:
            match = _node(line)
            if match and line.strip() not in seen:
                seen.add(line.strip())
                lines.append(f"\tm{len(owners)} [{match.group(3)}]\n")
                owners.append(match.group(2))
            label = _GRAPH_LABEL.match(line)
            if label and label.group(1) not in seen:
                seen.add(label.group(1))
                lines.append(f"\tg{len(labels)} [shape=plaintext margin=0 label={label.group(1)}]\n")
                labels.append(k)
    sizes: dict[str, tuple[float, float]] = {}
    widest, widest_width = len(bodies) - 1, -1.0
    for item in _layout_json(lines, timeout).get("objects", []):
        width, height = float(item["width"]), float(item["height"])
        if item["name"].startswith("m"):
            owner = owners[int(item["name"][1:])]
            old = sizes.get(owner, (0.0, 0.0))
            sizes[owner] = (max(old[0], width), max(old[1], height))
        elif width > widest_width:
            widest, widest_width = labels[int(item["name"][1:])], width
    return sizes, widest


def _layout(bodies: Sequence[Sequence[str]], timeout: float | None) -> dict:
    """The positions of the last body's nodes, edges and clusters, laid out at the largest sizes."""
    sizes, widest = _measure(bodies, timeout)
    graph_label = next((line for line in bodies[widest] if _GRAPH_LABEL.match(line)), None)
    lines = []
    for line in bodies[-1]:
        match = _node(line)
        if match:
            width, height = sizes[match.group(2)]
            line = f"{match.group(1)}{match.group(2)} [{match.group(3)} width={width} height={height}]\n"
        elif graph_label is not None and _GRAPH_LABEL.match(line):
            line = graph_label
        lines.append(line)
    return _layout_json(lines, timeout)


def _pinned(body: Sequence[str], layout: dict) -> list[str]:
    """``body`` with every node, edge and cluster at its place in ``layout``."""
    places = {item["name"]: item for item in layout.get("objects", [])}
    edges = iter(layout.get("edges", []))
    x0, y0, x1, y1 = (float(v) for v in layout["bb"].split(","))
    # neato puts the graph label (title, caption, legend) above or below the nodes' box itself;
    # the corners span the nodes' part of dot's box only, or the label would get its room twice.
    label_height = 72 * float(layout.get("lheight", 0))
    if layout.get("labelloc", "b") == "t":
        y1 -= label_height
    else:
        y0 += label_height
    lines: list[str] = []
    for line in body:
        node, edge, cluster = _node(line), _EDGE.match(line), _CLUSTER.match(line)
        if node:
            place = places[node.group(2)]
            line = (
                f'{node.group(1)}{node.group(2)} [{node.group(3)} pos="{place["pos"]}!"'
                f" width={place['width']} height={place['height']}]\n"
            )
        elif edge:
            route = next(edges)
            where = f'pos="{route["pos"]}"' + (f' lp="{route["lp"]}"' if "lp" in route else "")
            attributes = f"{edge.group(4)} {where}" if edge.group(4) else where
            line = f"{edge.group(1)}{edge.group(2)} -> {edge.group(3)} [{attributes}]\n"
        lines.append(line)
        if cluster and cluster.group(2) in places:
            lines.append(f'{cluster.group(1)}\tbb="{places[cluster.group(2)]["bb"]}"\n')
    corners = 'shape=point style=invis width=0 height=0 label=""'
    lines.append(f'\t_corner_low [pos="{x0:g},{y0:g}!" {corners}]\n')
    lines.append(f'\t_corner_high [pos="{x1:g},{y1:g}!" {corners}]\n')
    return lines


def shared_layout(bodies: Sequence[Sequence[str]], timeout: float | None = DEFAULT_TIMEOUT) -> dict:
    """One layout for all ``bodies`` (the statements of each step's drawing), as Graphviz's JSON.

    Args:
        bodies: the statements of each drawing, as ``viz.dot.graph_body`` returns them; the last
            one must show the most (every edge labelled), as the last backward step does.
        timeout: seconds each of the two Graphviz runs may take (None: no limit).
    """
    return _layout(bodies, timeout)


def pinned_source(body: Sequence[str], layout: dict) -> str:
    """The DOT source of ``body`` with every node where ``layout`` puts it, to be drawn by ``neato -n2``."""
    return _source(_pinned(body, layout))
