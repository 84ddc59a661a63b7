"""MLP drawings: scalar graphs clustered by neuron and layer, and the neuron-level view."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest

import nn
import viz
from autograd import Value

SVG = "{http://www.w3.org/2000/svg}"


def cluster_members(dot: str) -> dict[str, list[str]]:
    """Map each neuron box ("L1/N2": its layer's title and its own) to the labels of the nodes drawn inside it."""
    members: dict[str, list[str]] = {}
    titles: list[str] = []
    for line in dot.splitlines():
        title = re.match(r"\s*label=<<B>([^<]*)</B>> style=", line)
        if line.strip().startswith("subgraph cluster_"):
            titles.append("")
        elif title and titles and not titles[-1]:
            titles[-1] = title.group(1)
        elif titles and line.strip() == "}":
            titles.pop()
        elif len(titles) == 2 and re.match(r"\s*n\d+ \[", line):
            label = re.search(r"<TD><B>([^<]*)</B></TD>", line)
            op = re.search(r'POINT-SIZE="15">([^<]*)<', line)
            members.setdefault("/".join(titles), []).append(label.group(1) if label else op.group(1))
    return members


def test_mlp_graph_is_clustered_by_layer_and_neuron():
    model = nn.MLP(2, [4, 1], activation="tanh", seed=0)
    loss = (model([1.0, -2.0]) - 1.0) ** 2
    loss.label = "loss"
    loss.backward()
    dot = viz.to_dot(loss, params=model.parameters())
    assert "label=<<B>L1</B>>" in dot and "label=<<B>L2</B>>" in dot  # a box per layer, from its scope
    members = cluster_members(dot)
    assert sorted(members) == [f"L1/N{j}" for j in range(1, 5)] + ["L2/N1"]
    # A hidden neuron: 2 weights, 2 products, its bias, its sum z and its activation a.
    assert sorted(members["L1/N2"]) == sorted(["L1.N2.w1", "L1.N2.w2", "*", "*", "L1.N2.b", "L1.N2.z", "L1.N2.a"])
    assert len(members["L2/N1"]) == 4 + 4 + 1 + 1  # w1..w4, 4 products, b, z (linear output)
    # The inputs and the loss belong to no neuron.
    everything = [label for labels in members.values() for label in labels]
    assert "loss" not in everything and "x1" not in everything
    assert viz.to_dot(loss, clusters=False).count("subgraph") == 0
    assert dot.count("peripheries=2") == len(model.parameters())


@pytest.mark.needs_dot
def test_clustered_mlp_renders(tmp_path):
    model = nn.MLP(2, [4, 1], seed=0)
    y = model([0.5, 1.5])
    y.backward()
    svg = viz.render(y, tmp_path / "mlp.svg", params=model.parameters()).read_bytes()
    texts = ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert "L1" in texts and "N4" in texts and "L2.N1.b" in texts  # boxes titled with their scopes' names


def test_big_network_is_refused_with_advice_and_drawn_per_neuron():
    model = nn.MLP(2, [16, 16, 1], seed=0)
    y = model([1.0, 2.0])
    with pytest.raises(viz.GraphTooLargeError, match="draw_network"):
        viz.draw(y)
    dot = viz.draw_network(model).source
    assert dot.count(" -> ") == 2 * 16 + 16 * 16 + 16  # one edge per weight
    assert "label=<<FONT" not in dot.split("inputs [", 1)[1]  # 304 weights: no numbers on edges


def test_network_view_shows_weights_signs_and_outputs():
    model = nn.MLP(2, [3, 1], activation="relu", seed=1)
    model.layers[0].neurons[0].w[0].data = 0.5
    model.layers[0].neurons[0].w[1].data = -2.0
    dot = viz.draw_network(model, x=[1.0, 1.0], precision=3).source
    expected_out = model([1.0, 1.0]).data
    assert f"out {format(expected_out, '.3g')}<" in dot
    edge_positive = next(line for line in dot.splitlines() if "inputs:x1:e -> L1:N1:w" in line)
    edge_negative = next(line for line in dot.splitlines() if "inputs:x2:e -> L1:N1:w" in line)
    assert "style=solid" in edge_positive and "w 0.5<" in edge_positive
    assert "style=dashed" in edge_negative and "w -2<" in edge_negative
    width = lambda line: float(re.search(r"penwidth=([\d.]+)", line).group(1))  # noqa: E731
    assert width(edge_negative) > width(edge_positive)  # thicker for the larger |w|
    assert "grad" not in dot  # no backward pass yet


def test_network_view_shows_parameter_gradients_after_backward():
    model = nn.MLP(2, [2, 1], seed=0)
    model([1.0, -1.0]).backward()
    dot = viz.draw_network(model).source
    grad = model.layers[1].neurons[0].w[0].grad
    assert f"grad {format(grad, '.3g')}<" in dot and "grad b" in dot


def test_network_view_rejects_other_things():
    with pytest.raises(TypeError, match="layers"):
        viz.draw_network(Value(1.0))
    with pytest.raises(ValueError, match="takes 2"):
        viz.draw_network(nn.MLP(2, [1], seed=0), x=[1.0])
    fake = SimpleNamespace(layers=[SimpleNamespace(neurons=[SimpleNamespace(w=[1.0], b=Value(0.0))])])
    with pytest.raises(TypeError, match="Values"):
        viz.draw_network(fake)


@pytest.mark.needs_dot
def test_render_network(tmp_path):
    model = nn.MLP(2, [16, 16, 1], seed=0)
    svg = viz.render_network(model, tmp_path / "net.svg", title="2-16-16-1").read_bytes()
    texts = ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert "2-16-16-1" in texts and "L2.N16" in texts and "L3.N1" in texts
