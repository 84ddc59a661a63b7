"""Stepping through a backward pass changes colours and numbers, never the layout.

Each step's drawing is rendered by Graphviz; the test reads every node's
place from the SVG (the anchors of its texts, the box around its shape) and
requires it to be the same in every step. Without pinned layouts node J of
J = 3(a + bc) jumped 137 pt between steps, and in a neuron's steps x2 and w2
swapped places.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from lecture_graphs import j_graph

import nn
import viz
from autograd import Value

SVG = "{http://www.w3.org/2000/svg}"
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def _box(element) -> tuple[float, float, float, float] | None:
    """The bounding box of a polygon's points or a path's coordinates."""
    text = element.get("points") or element.get("d") or ""
    numbers = [float(n) for n in _NUMBER.findall(text)]
    if len(numbers) < 2:
        return None
    xs, ys = numbers[0::2], numbers[1::2]
    return (min(xs), min(ys), max(xs), max(ys))


def node_places(svg: str) -> dict[str, dict]:
    """For every node (by its DOT name): its texts and their anchors, and the box of its outline."""
    places = {}
    for group in ET.fromstring(svg).iter(f"{SVG}g"):
        if group.get("class") != "node":
            continue
        name = group.find(f"{SVG}title").text
        texts = [(t.text, t.get("x"), t.get("y")) for t in group.iter(f"{SVG}text")]
        boxes = [_box(shape) for shape in group if shape.tag in (f"{SVG}polygon", f"{SVG}path")]
        places[name] = {"texts": texts, "boxes": [box for box in boxes if box]}
    return places


def assert_edges_join_their_nodes(svg: str) -> None:
    """Every edge's line starts at its tail's outline and its arrow ends at its head's (within 3 pt)."""
    root = ET.fromstring(svg)
    boxes = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "node":
            found = [_box(shape) for shape in group if shape.tag in (f"{SVG}polygon", f"{SVG}path")]
            texts = [(float(t.get("x")), float(t.get("y"))) for t in group.iter(f"{SVG}text")]
            box = next((b for b in found if b), None)
            if box is None and texts:  # plain text (a constant): its anchors and a margin stand in for the box
                xs, ys = [x for x, _ in texts], [y for _, y in texts]
                box = (min(xs) - 40, min(ys) - 20, max(xs) + 40, max(ys) + 10)
            boxes[group.find(f"{SVG}title").text] = box

    def near(point, box) -> bool:
        return box[0] - 3 <= point[0] <= box[2] + 3 and box[1] - 3 <= point[1] <= box[3] + 3

    edges = [g for g in root.iter(f"{SVG}g") if g.get("class") == "edge"]
    assert edges
    for group in edges:
        tail, head = (end.split(":")[0] for end in group.find(f"{SVG}title").text.split("->"))  # ports dropped
        numbers = [float(n) for n in _NUMBER.findall(group.find(f"{SVG}path").get("d"))]
        start = (numbers[0], numbers[1])
        tip = [float(n) for n in _NUMBER.findall(group.find(f"{SVG}polygon").get("points"))]
        tips = list(zip(tip[0::2], tip[1::2]))
        assert near(start, boxes[tail]), f"edge {tail}->{head} does not start at {tail}"
        assert any(near(point, boxes[head]) for point in tips), f"edge {tail}->{head} does not reach {head}"


def svg_size(svg: str) -> tuple[str, str]:
    root = ET.fromstring(svg)
    return root.get("width"), root.get("height")


def assert_same_places(svgs: list[str]) -> None:
    first = node_places(svgs[0])
    assert len(first) >= 5
    for svg in svgs:
        assert_edges_join_their_nodes(svg)
    for k, svg in enumerate(svgs[1:], start=1):
        places = node_places(svg)
        assert places.keys() == first.keys()
        for name, place in places.items():
            # a text that changed ("grad ?" became "grad 6") may start elsewhere; the others may not move
            assert len(place["texts"]) == len(first[name]["texts"])
            for text, text_first in zip(place["texts"], first[name]["texts"]):
                assert text[2] == text_first[2], f"step {k}: node {name}'s text {text[0]!r} moved up or down"
                if text[0] == text_first[0]:  # Graphviz rounds a centred row to half points: 1 pt of slack
                    assert abs(float(text[1]) - float(text_first[1])) <= 1, f"step {k}: {name}'s {text[0]!r} moved"
            # a highlighted constant gains a box it does not have otherwise: compare the boxes both have
            for box, box_first in zip(place["boxes"], first[name]["boxes"]):
                assert box == box_first, f"step {k}: node {name}'s outline moved"
        assert svg_size(svg) == svg_size(svgs[0]), f"step {k} has another size"


@pytest.mark.needs_dot
def test_every_step_of_j_puts_every_node_at_the_same_place():
    J = j_graph().J
    svgs = [drawing.pipe(format="svg", encoding="utf-8") for drawing in viz.steps(J)]
    assert len(svgs) == 8
    assert_same_places(svgs)
    # the steps still differ where they should: numbers appear, the processed node is highlighted
    unknown = [svg.count("grad ?") for svg in svgs]
    assert unknown == sorted(unknown, reverse=True) and unknown[0] == unknown[-1] + 6  # a, b, c, u, v, J
    assert all("#f0e442" in svg for svg in svgs)  # the caption; and from step 1 on, the node processed


@pytest.mark.needs_dot
def test_draw_with_step_is_pinned_to_the_same_layout_as_steps():
    J = j_graph().J
    drawn = [viz.draw(J, step=k).pipe(format="svg", encoding="utf-8") for k in (0, 4, 7)]
    stepped = viz.steps(J)
    assert_same_places(drawn + [stepped[4].pipe(format="svg", encoding="utf-8")])
    assert viz.draw(J, step=4).source == viz.to_dot(J, step=4)  # the DOT text stays to_dot's


@pytest.mark.needs_dot
def test_a_pinned_drawings_own_render_and_copy_keep_the_layout(tmp_path):
    J = j_graph().J
    drawing = viz.draw(J, step=4)
    written = drawing.render(directory=tmp_path)  # graphviz's own API: writes the source and the picture
    svgs = [Path(written).read_text(encoding="utf-8"), drawing.copy().pipe(format="svg", encoding="utf-8")]
    assert_same_places(svgs + [viz.steps(J)[1].pipe(format="svg", encoding="utf-8")])


@pytest.mark.needs_dot
def test_a_neurons_stepper_keeps_its_inputs_in_place(tmp_path):
    neuron = nn.Neuron(2, activation="tanh", seed=0)
    out = neuron([Value(2.0, label="x1"), Value(0.0, label="x2")])
    out.label = "o"
    page = viz.stepper_html(out, tmp_path / "neuron.html", params=neuron.parameters()).read_text(encoding="utf-8")
    svgs = re.findall(r"<svg\b.*?</svg>", page, re.S)
    assert len(svgs) == len(out.backward_steps()) + 1
    assert_same_places(svgs)


@pytest.mark.needs_dot
def test_clusters_of_a_network_keep_their_place():
    model = nn.MLP(2, [2, 1], seed=0)
    loss = nn.mse([model([1.0, -1.0])], [1.0])
    drawings = viz.steps(loss, params=model.parameters())
    svgs = [drawings[k].pipe(format="svg", encoding="utf-8") for k in (0, 9, len(drawings) - 1)]
    clusters = [
        [_box(p) for g in ET.fromstring(svg).iter(f"{SVG}g") if g.get("class") == "cluster" for p in g] for svg in svgs
    ]
    assert clusters[0] and clusters[0] == clusters[1] == clusters[2]
    assert_same_places(svgs)


@pytest.mark.needs_dot
def test_pipe_all_gives_what_each_drawing_gives_alone():
    from viz.draw import pipe_all

    drawings = viz.steps(j_graph().J)
    for fmt in ("svg", "png"):
        assert pipe_all(drawings, fmt) == [drawing.pipe(format=fmt) for drawing in drawings]
    texts = pipe_all(drawings[:3], "svg", encoding="utf-8")
    assert texts == [d.pipe(format="svg", encoding="utf-8") for d in drawings[:3]]


@pytest.mark.needs_dot
def test_collapsed_steps_keep_their_places_and_their_edges():
    """A collapsed step lists its edges in another order than the last step: each keeps its own route."""
    model = nn.MLP(2, [2, 2], activation="sigmoid", bias=False, seed=0)
    loss = nn.mse(model([0.05, 0.10]), [0.01, 0.99])
    for level in ("layers", "neurons"):
        drawings = viz.steps(loss, params=model.parameters(), collapse=level)
        middle = len(drawings) // 2
        assert_same_places([drawings[k].pipe(format="svg", encoding="utf-8") for k in (0, middle, -1)])
