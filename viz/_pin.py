"""Pinned layouts: every step of a backward pass drawn with its nodes at the same places.

``dot`` lays out each drawing on its own, so when a label grows ("grad ?"
becomes "grad 0.1966") or an edge gains its label, neighbours move: node J
of J = 3(a + bc) jumped 137 pt between two steps. Stepping must change
colours and numbers, never the layout. So the steps are laid out once:

1. measure: one ``dot`` run over every distinct node statement of every step
   (nodes only, no edges) gives each node's largest size, the widest graph
   label (the step captions differ in length) and each edge's widest label;
2. lay out: the last step with every node as large as its largest label,
   and the widest graph label and edge labels;
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
from typing import Any

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


def _edge_label(attributes: str | None) -> tuple[int, int] | None:
    """Where an edge's HTML-like label ``label=<...>`` is in its attributes (nested <...> included)."""
    text = attributes or ""
    start = text.find("label=<")
    if start < 0:
        return None
    depth = 0
    for end in range(start + len("label="), len(text)):
        depth += {"<": 1, ">": -1}.get(text[end], 0)
        if depth == 0:
            return start, end + 1
    return None


def _edges(body: Sequence[str]) -> list[tuple[int, re.Match, tuple[str, str, int]]]:
    """The body's edge statements as (line number, match, key), in order.

    The key names the edge whatever order a step writes its edges in: (tail, head, k)
    for the k-th edge from tail to head (``a + a`` has two).
    """
    edges = []
    count: dict[tuple[str, str], int] = {}
    for n, line in enumerate(body):
        if match := _EDGE.match(line):
            pair = (match.group(2), match.group(3))
            count[pair] = count.get(pair, 0) + 1
            edges.append((n, match, (*pair, count[pair])))
    return edges


def _routes(layout: dict) -> dict[tuple[str, str, int], dict]:
    """The layout's edges by key (as ``_edges`` makes them)."""
    names = {item["_gvid"]: item["name"] for item in layout.get("objects", [])}  # edge ends are _gvid numbers
    routes: dict[tuple[str, str, int], dict] = {}
    count: dict[tuple[str, str], int] = {}
    for route in sorted(layout.get("edges", []), key=lambda route: route["_gvid"]):
        pair = (names[route["tail"]], names[route["head"]])
        for end, port in (("tailport", 0), ("headport", 1)):  # an edge to a port: "node:port"
            if route.get(end):
                pair = (*pair[:port], f"{pair[port]}:{route[end]}", *pair[port + 1 :])
        count[pair] = count.get(pair, 0) + 1
        key = (*pair, count[pair])
        routes[key] = route
    return routes


class _Sizes:
    """What the measuring run found: every node's largest size, the widest graph label and edge labels."""

    def __init__(self, bodies: Sequence[Sequence[str]], timeout: float | None) -> None:
        defaults = [line for line in bodies[-1] if line.startswith("\t") and line.split(" ", 1)[0][1:] in _DEFAULTS]
        lines = list(defaults)
        # measuring node -> (kind, whose, its label or statement); whose is, by kind, a node's name (str),
        # a body's index (int) or an edge's key (see _edges): Any, as one tuple type cannot tie it to kind.
        measured: dict[str, tuple[str, Any, str]] = {}
        seen: set[tuple[str, object, str]] = set()

        def measure(kind: str, whose: object, text: str, attributes: str) -> None:
            if (kind, whose, text) not in seen:
                seen.add((kind, whose, text))
                measured[f"m{len(measured)}"] = (kind, whose, text)
                lines.append(f"\tm{len(measured) - 1} [{attributes}]\n")

        for k, body in enumerate(bodies):
            for line in body:
                if node := _node(line):
                    measure("node", node.group(2), node.group(3), node.group(3))
                elif caption := _GRAPH_LABEL.match(line):
                    measure("caption", k, caption.group(1), f"shape=plaintext margin=0 label={caption.group(1)}")
            for _, edge, i in _edges(body):
                if where := _edge_label(edge.group(4)):  # one edge's labels in one font: the widest gets the room
                    label = edge.group(4)[where[0] : where[1]]
                    measure("edge", i, label, f"shape=plaintext margin=0 {label}")
        self.nodes: dict[str, tuple[float, float]] = {}
        self.caption = len(bodies) - 1  # the body whose graph label is widest
        self.edge_labels: dict[tuple, str] = {}  # edge (see _edges) -> its widest label (label=<...>)
        widest: dict[object, float] = {}
        for item in _layout_json(lines, timeout).get("objects", []):
            kind, whose, text = measured[item["name"]]
            width, height = float(item["width"]), float(item["height"])
            if kind == "node":
                old = self.nodes.get(whose, (0.0, 0.0))
                self.nodes[whose] = (max(old[0], width), max(old[1], height))
                continue
            key = "caption" if kind == "caption" else whose
            if width > widest.get(key, -1.0):
                widest[key] = width
                if kind == "caption":
                    self.caption = whose
                else:
                    self.edge_labels[whose] = text


def _layout(bodies: Sequence[Sequence[str]], timeout: float | None) -> dict:
    """The positions of the last body's nodes, edges and clusters, laid out at the largest sizes."""
    sizes = _Sizes(bodies, timeout)
    graph_label = next((line for line in bodies[sizes.caption] if _GRAPH_LABEL.match(line)), None)
    lines = list(bodies[-1])
    for n, line in enumerate(lines):
        if node := _node(line):
            width, height = sizes.nodes[node.group(2)]
            lines[n] = f"{node.group(1)}{node.group(2)} [{node.group(3)} width={width} height={height}]\n"
        elif graph_label is not None and _GRAPH_LABEL.match(line):
            lines[n] = graph_label
    for n, edge, i in _edges(lines):
        if i in sizes.edge_labels:  # the edge's widest label, in place of the last step's
            attributes = edge.group(4) or ""
            where = _edge_label(attributes)
            kept = attributes[: where[0]] + attributes[where[1] :] if where else attributes
            attributes = f"{kept.strip()} {sizes.edge_labels[i]}".strip()
            lines[n] = f"{edge.group(1)}{edge.group(2)} -> {edge.group(3)} [{attributes}]\n"
    return _layout_json(lines, timeout)


def _pinned(body: Sequence[str], layout: dict) -> list[str]:
    """``body`` with every node, edge and cluster at its place in ``layout``."""
    places = {item["name"]: item for item in layout.get("objects", [])}
    routes = _routes(layout)
    keys = {n: key for n, _, key in _edges(body)}
    x0, y0, x1, y1 = (float(v) for v in layout["bb"].split(","))
    # neato puts the graph label (title, caption, legend) above or below the nodes' box itself;
    # the corners span the nodes' part of dot's box only, or the label would get its room twice.
    label_height = 72 * float(layout.get("lheight", 0))
    if layout.get("labelloc", "b") == "t":
        y1 -= label_height
    else:
        y0 += label_height
    lines: list[str] = []
    for n, line in enumerate(body):
        node, edge, cluster = _node(line), _EDGE.match(line), _CLUSTER.match(line)
        if node:
            place = places[node.group(2)]
            line = (
                f'{node.group(1)}{node.group(2)} [{node.group(3)} pos="{place["pos"]}!"'
                f" width={place['width']} height={place['height']}]\n"
            )
        elif edge:
            route = routes[keys[n]]
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


def pinned_source(body: Sequence[str], layout: dict) -> str | None:
    """The DOT source of ``body`` with every node where ``layout`` puts it, to be drawn by ``neato -n2``.

    None when ``body`` has a node or an edge the layout has not (it draws something the last
    step does not): that drawing is then laid out on its own.
    """
    try:
        return _source(_pinned(body, layout))
    except KeyError:
        return None
