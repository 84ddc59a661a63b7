"""Drawings grouped by scope, levels of detail (collapse=), layouts that teach, and the drawing's holes.

The 2-2-2 network of the wikidocs example is golden-tested at full detail and
at collapse="neurons" (regenerate as tests/test_viz_dot.py says, after looking
at the pictures). Tests that need Graphviz read the SVG's coordinates with
tests/svg_boxes.py.
"""

from __future__ import annotations

import math
import re

import pytest
from lecture_graphs import j_graph, wikidocs_network
from svg_boxes import label_boxes, node_centres, overlapping_labels, render_svg
from test_viz_dot import check_golden

import nn
import viz
from autograd import Value, scope
from viz.dot import LABEL_LIMIT
from viz.words import PHRASES


def logistic_regression(x=(0.5, -1.5), y=1.0):
    """The lecture's logistic regression: one sigmoid neuron, then the binary cross-entropy loss."""
    neuron = nn.Neuron(2, activation="sigmoid", seed=0)
    a = neuron(list(x))
    L = nn.binary_cross_entropy(a, y)
    L.backward()
    return neuron, a, L


def box_paths(dot: str) -> dict[str, tuple[str, ...]]:
    """Each node drawn in a box -> the titles of its boxes, outermost first (("L2", "N1"))."""
    result, stack = {}, []
    for line in dot.splitlines():
        if line.strip().startswith("subgraph cluster_"):
            stack.append("?")
        elif stack and stack[-1] == "?" and (title := re.match(r"\s*label=<<B>(.*?)</B>>", line)):
            stack[-1] = title.group(1)
        elif line.strip() == "}" and stack:
            stack.pop()
        elif stack and (node := re.match(r"\s*(n\d+) \[", line)):
            result[node.group(1)] = tuple(stack)
    return result


def name_of(dot: str, text: str) -> str:
    """The DOT name of the one node whose statement contains ``text``."""
    names = [m.group(1) for line in dot.splitlines() if text in line and (m := re.match(r"\s*(n\d+) \[", line))]
    assert len(names) == 1, f"{text!r} in {names}"
    return names[0]


def edge_label(dot: str, tail: str, head: str) -> str:
    lines = [line for line in dot.splitlines() if re.match(rf"\s*{tail}(:o\d+)? -> {head}[ \n]", line + "\n")]
    assert len(lines) == 1, (tail, head, lines)
    return lines[0]


def product_on(edge: str) -> float:
    return float(re.search(r"<B>([-0-9.e]+)</B>", edge).group(1))


# ---- boxes from scopes ------------------------------------------------------


def test_every_scope_is_a_box_titled_with_its_name_and_parameters_sit_in_their_neuron():
    net = wikidocs_network()
    w5 = net.model.layers[1].neurons[0].w[0]
    w5.label = "w5"  # the lecture's name: the box comes from the scope, not from the label
    dot = viz.to_dot(net.E, params=net.model.parameters())
    paths = box_paths(dot)
    assert dot.count("subgraph cluster_") == 7  # 2 layers, 4 neurons, the loss
    assert set(paths.values()) == {("L1", "N1"), ("L1", "N2"), ("L2", "N1"), ("L2", "N2"), ("MSE",)}
    assert paths[name_of(dot, "<B>w5</B>")] == ("L2", "N1")
    assert paths[name_of(dot, "<B>L1.N2.a</B>")] == ("L1", "N2")  # the activation is the neuron's too
    assert name_of(dot, "<B>x1</B>") not in paths  # an input read by both neurons: outside, next to them
    assert name_of(dot, "<B>E</B>") in paths and paths[name_of(dot, "<B>E</B>")] == ("MSE",)


def test_a_named_neuron_is_drawn_with_its_name():
    gate = nn.Neuron(2, activation="sigmoid", name="OR", seed=0)
    out = gate([1.0, 0.0])
    dot = viz.to_dot(out)
    assert "label=<<B>OR</B>>" in dot
    assert viz.to_dot(out, clusters=False).count("subgraph") == 0  # clusters= still switches boxes off
    assert "<B>OR</B></FONT>" in viz.to_dot(out, clusters=False, collapse="neurons")


def test_hostile_scope_names_are_escaped():
    hostile = '</B>> color=red]; n99 [label="x"'
    x = Value(1.0, label="x")
    with scope(hostile, kind="neuron"):
        y = (x * 2).tanh()
    y.backward()
    for collapse in (None, [hostile]):
        dot = viz.to_dot(y, collapse=collapse)
        assert "n99" not in dot.replace("n99 [label=&quot;", "") and 'label="x"' not in dot
        assert "&lt;/B&gt;&gt; color=red]; n99 [label=&quot;x&quot;" in dot


# ---- collapse ---------------------------------------------------------------


def test_collapsed_logistic_regression_shows_dz_equal_a_minus_y():
    neuron, a, L = logistic_regression(y=1.0)
    dz = a.data - 1.0  # the lecture: dL/dz = a - y
    dot = viz.to_dot(L, params=neuron.parameters(), collapse=["neuron", "BCE"], precision=8)
    unit = name_of(dot, "<B>neuron</B></FONT>")
    # z = w1 x1 + w2 x2 + b passes dL/dz to b unchanged: the edge from b carries a - y.
    assert math.isclose(product_on(edge_label(dot, name_of(dot, "<B>b</B>"), unit)), dz, rel_tol=1e-7)
    # Only the BCE collapsed: the edge into the sigmoid (the gradient flowing to z) reads a - y.
    dot = viz.to_dot(L, params=neuron.parameters(), collapse=["BCE"], precision=8)
    z, sigmoid = name_of(dot, "<B>z</B>"), name_of(dot, ">sigmoid<")
    assert math.isclose(product_on(edge_label(dot, z, sigmoid)), dz, rel_tol=1e-7)
    assert "max" not in dot and "log" not in dot  # the clamp and the log are inside the BCE node


def test_composite_local_gradient_is_exact_and_times_the_upstream():
    net = wikidocs_network()
    net.E.backward()
    dot = viz.to_dot(net.E, collapse="neurons", precision=12, legend=False)
    h1 = net.model.layers[0].neurons[0]
    w1, w2 = h1.w[0].data, h1.w[1].data
    s = 1 / (1 + math.exp(-(w1 * 0.1 + w2 * 0.2)))
    local = s * (1 - s) * w1  # dh1/dx1 = sigmoid'(z1) w1, by hand
    l1_n1 = next(
        name
        for name, path in box_paths(dot).items()
        if path == ("L1",) and "<B>N1</B></FONT>" in name_line(dot, name + " [")
    )
    text = edge_label(dot, name_of(dot, "<B>x1</B>"), l1_n1)
    up, loc, product = map(float, re.search(r"([-0-9.e]+) × ([-0-9.e]+) =\u00a0<B>([-0-9.e]+)</B>", text).groups())
    assert math.isclose(loc, local, rel_tol=1e-10)
    assert math.isclose(up, h1_output_grad(net), rel_tol=1e-10)
    assert math.isclose(product, up * loc, rel_tol=1e-10)


def h1_output_grad(net) -> float:
    """dE/dh1 of the wikidocs network, read from the engine (the upstream of the collapsed neuron)."""
    product = next(v for v in net.o1.inputs[0].inputs if v.inputs[1].inputs)  # w5 * h1
    return product.inputs[1].grad


def test_collapse_refuses_unknown_names_and_bad_values():
    J = j_graph().J
    with pytest.raises(ValueError, match="no scope named 'N9'"):
        viz.to_dot(wikidocs_network().E, collapse=["N9"])
    with pytest.raises(ValueError, match="collapse must be"):
        viz.to_dot(J, collapse="neuron")
    with pytest.raises(TypeError, match="collapse"):
        viz.to_dot(J, collapse=5)
    assert viz.to_dot(J, collapse="neurons") == viz.to_dot(J)  # no scopes: nothing to collapse


def test_collapse_in_step_mode_highlights_the_scope_being_processed():
    net = wikidocs_network()
    steps = net.E.backward_steps()
    dot = viz.to_dot(net.E, collapse="neurons", step=3)
    mse = name_of(dot, "<B>MSE</B></FONT>")
    assert 'fillcolor="#F0E442"' in name_line(dot, mse + " [")  # the loss's third op is being processed
    assert f"step 3 of {len(steps)}: MSE › node ({steps[2].node.op})" in dot
    assert "grad ?" in name_line(dot, "<B>N1</B></FONT>")  # no step has reached the neurons yet


# ---- the wikidocs network at both levels ------------------------------------


def test_wikidocs_network_golden_full_and_collapsed():
    net = wikidocs_network()
    net.E.backward()
    params = net.model.parameters()
    check_golden("wikidocs_222_full.dot", viz.to_dot(net.E, params=params, precision=5))
    check_golden("wikidocs_222_neurons.dot", viz.to_dot(net.E, params=params, precision=5, collapse="neurons"))
    # The collapsed neurons carry the engine's gradients: dE/dw5 (wikidocs: 0.02592286) on w5's edge.
    dot = viz.to_dot(net.E, params=params, precision=7, collapse="neurons")
    w5 = name_of(dot, "<B>L2.N1.w1</B>")
    assert re.search(rf"\t+{w5} -> n\d+ \[label=<[^\n]*<B>0\.02592286</B>", dot)


@pytest.mark.needs_dot
@pytest.mark.parametrize("collapse", [None, "neurons", "layers"])
def test_wikidocs_network_flows_left_to_right_without_overlapping_labels(collapse):
    net = wikidocs_network()
    net.E.backward()
    dot = viz.to_dot(net.E, params=net.model.parameters(), precision=5, collapse=collapse)
    svg = render_svg(dot)
    assert overlapping_labels(svg) == []
    centres = node_centres(svg)
    loss = name_of(dot, "<B>MSE</B>" if collapse else "<B>E</B>")
    inputs = [name_of(dot, "<B>x1</B>"), name_of(dot, "<B>x2</B>")]
    assert centres[loss][0] == max(x for x, _ in centres.values())  # the loss at the far right
    assert all(centres[i][0] == min(x for x, _ in centres.values()) for i in inputs)  # the inputs at the left


@pytest.mark.needs_dot
def test_logistic_regression_flows_left_to_right_without_overlapping_labels():
    neuron, a, L = logistic_regression()
    for collapse in (None, ["BCE"], ["neuron", "BCE"]):
        dot = viz.to_dot(L, params=neuron.parameters(), collapse=collapse)
        svg = render_svg(dot)
        assert overlapping_labels(svg) == []
        centres = node_centres(svg)
        root = max(centres, key=lambda name: centres[name][0])
        assert "<B>BCE</B>" in next(line for line in dot.splitlines() if line.strip().startswith(root + " ["))


def test_overlap_helper_finds_overlapping_labels():
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><g class="edge"><title>a-&gt;b</title>'
        b'<text text-anchor="start" x="10" y="20" font-size="10">0.25 x 3 = 0.75</text></g>'
        b'<g class="edge"><title>c-&gt;d</title><text text-anchor="start" x="40" y="24" font-size="10">1</text></g>'
        b'<g class="edge"><title>e-&gt;f</title><text text-anchor="start" x="10" y="60" font-size="10">2</text></g>'
        b"</svg>"
    )
    assert overlapping_labels(svg) == [("a->b", "c->d")]
    assert len(label_boxes(svg)) == 3


# ---- determinism --------------------------------------------------------------


def test_same_network_gives_byte_identical_dot_at_every_level():
    for collapse in (None, "neurons", "layers", ["L1", "MSE"]):
        first, second = wikidocs_network(), wikidocs_network()
        first.E.backward()
        second.E.backward()
        assert viz.to_dot(first.E, collapse=collapse) == viz.to_dot(second.E, collapse=collapse)


# ---- round-off noise ----------------------------------------------------------


def test_round_off_noise_is_drawn_as_zero():
    a, b, c = Value(0.1, label="a"), Value(0.2, label="b"), Value(-0.3, label="c")
    z = a + b + c  # 5.55e-17 in floats
    assert z.data != 0.0
    z.label = "z"
    dot = viz.to_dot(z)
    assert "data 0<" in name_line(dot, "<B>z</B>") and "e-17" not in dot
    x = Value(1.0, label="x")
    y = x * 0.1 + x * 0.2 - x * 0.3  # dy/dx = 5.55e-17
    y.backward()
    assert x.grad != 0.0
    assert "grad 0<" in name_line(viz.to_dot(y), "<B>x</B>")
    assert "e-17" not in viz.to_dot(y)


def name_line(dot: str, text: str) -> str:
    return next(line for line in dot.splitlines() if text in line and re.match(r"\s*n\d+ \[", line))


# ---- holes of issue 13 --------------------------------------------------------


def test_drawing_shows_only_the_gradients_of_its_own_root():  # hole 4
    J = j_graph().J
    J.backward()
    L = J * 2
    L.label = "L"
    dot = viz.to_dot(L)
    assert "grad 3<" not in dot and "grad 6<" not in dot  # J's pass: dJ/da = 3, dJ/db = 6
    assert sum("grad ?" in line for line in dot.splitlines() if re.match(r"\s*n\d+ \[", line)) == 7
    assert "another node" in dot and "L.backward()" in dot
    L.backward()  # now J.grad = 1 + 2: two passes added up, not dL/dJ
    dot = viz.to_dot(L)
    assert "as backward() calls left it" in dot and "= ∂L/∂node" not in dot
    J = j_graph().J
    J.backward()
    assert "as backward() calls left it" in viz.to_dot(J.inputs[1])  # v's drawing: its .grad is dJ/dv = 3, not 1
    fresh = j_graph().J * 2
    fresh.label = "L"
    fresh.backward()
    assert "= ∂L/∂node" in viz.to_dot(fresh)


def test_after_an_overflowing_pass_the_first_pass_gradients_still_show():  # hole 18
    x = Value(1.0, label="x")
    y = x * 1e308
    y.label = "y"
    y.backward()  # x.grad = 1e308
    with pytest.raises(OverflowError):
        y.backward()  # 1e308 + 1e308 does not fit: the pass writes nothing
    assert x.grad == 1e308
    dot = viz.to_dot(y)
    assert "grad 1e+308<" in name_line(dot, "<B>x</B>")
    assert not any("grad ?" in line for line in dot.splitlines() if re.match(r"\s*n\d+ \[", line))


@pytest.mark.needs_dot
@pytest.mark.parametrize("text", ["a" * 20000, "비용" * 9000, "<&>" * 6000, '\\N"]; n9 [' * 300])
def test_long_labels_are_shortened_and_kept_whole_in_the_tooltip(text):  # hole 9
    x = Value(2.0, label=text)
    y = x * x
    y.backward()
    dot = viz.to_dot(y, title=text)
    svg = render_svg(dot).decode("utf-8")
    assert "…" in svg
    assert (
        svg.count(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")) >= 1
    )  # the tooltip
    shown = [box for box in label_boxes(svg.encode("utf-8"), "node")]
    assert all(box.right - box.left < 20 * LABEL_LIMIT for box in shown)


@pytest.mark.needs_dot
def test_number_format_fill_characters_are_escaped():  # hole 17
    J = j_graph().J
    J.backward()
    for spec in ("<>12", "&^9", '">10', "\\<8"):
        dot = viz.to_dot(J, number_format=spec)
        render_svg(dot)  # Graphviz accepts it
    assert "&lt;&lt;&lt;" in viz.to_dot(J, number_format="<>12")


# ---- words --------------------------------------------------------------------


def visible_text(svg: bytes) -> str:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)
    return " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))


@pytest.mark.needs_dot
def test_korean_drawings_write_no_english_phrase():
    net = wikidocs_network()
    net.E.backward()
    english = {PHRASES[key]["en"] for key in PHRASES if key.startswith("dot.")}
    words = {w for text in english for w in re.findall(r"[A-Za-z]{3,}", re.sub(r"\{[^}]*\}", "", text))}
    for collapse in (None, "neurons"):
        for step in (None, 3):
            dot = viz.to_dot(net.E, params=net.model.parameters(), collapse=collapse, step=step, lang="ko")
            text = visible_text(render_svg(dot))
            for name in ("MSE", "L1", "L2", "N1", "N2") + tuple(p.label for p in net.model.parameters()):
                text = text.replace(name, "")  # user and nn names stay as given
            assert not [w for w in words if re.search(rf"\b{w}\b", text)], text
            assert "기울기" in text and "값" in text


@pytest.mark.needs_dot
def test_korean_legend_text_fits_its_boxes():
    J = j_graph().J
    J.backward()
    svg = render_svg(viz.to_dot(J, lang="ko", collapse=None))
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)
    graph = next(g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "graph")
    cells = []
    for polygon in graph.findall("{http://www.w3.org/2000/svg}polygon"):
        points = [tuple(map(float, p.split(","))) for p in polygon.get("points").split()]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        cells.append((min(xs), min(ys), max(xs), max(ys)))
    texts = [t for t in graph.findall("{http://www.w3.org/2000/svg}text")]
    assert texts
    for text in texts:
        x, y = float(text.get("x")), float(text.get("y"))
        inside = [c for c in cells[1:] if c[0] - 1 <= x <= c[2] + 1 and c[1] - 1 <= y <= c[3] + 1]
        assert inside, "".join(text.itertext())


@pytest.mark.parametrize("collapse", ["neurons", "layers", ["L1"], ["MSE"]])
def test_collapsed_edges_add_up_to_the_engine_gradients(collapse):
    # At every level the chain rule still holds on the drawing: what flows out of a leaf along its
    # edges sums to the leaf's .grad (the engine's own backward pass).
    net = wikidocs_network()
    net.E.backward()
    leaves = [*net.model.parameters()]
    dot = viz.to_dot(net.E, params=leaves, collapse=collapse, precision=15, legend=False)
    flows: dict[str, float] = {}
    for line in dot.splitlines():
        edge = re.match(r"\s*(n\d+)(?::o\d+)? -> n\d+ \[label=<.*<B>([-0-9.e+]+)</B>", line)
        if edge:
            flows[edge.group(1)] = flows.get(edge.group(1), 0.0) + float(edge.group(2))
    for leaf in leaves:
        assert math.isclose(flows[name_of(dot, f"<B>{leaf.label}</B>")], leaf.grad, rel_tol=1e-12)
