"""The network view: neuron names, neurons without bias, heat maps of 2-input models, words, limits."""

from __future__ import annotations

import base64
import io
import re
import xml.etree.ElementTree as ET

import pytest

import nn
import viz
from autograd import Value
from viz.words import PHRASES

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"


def one_neuron(w1: float, w2: float, activation: str = "tanh"):
    """A 2-input model of one neuron with these weights and bias 0."""
    model = nn.MLP(2, [1], activation=activation, output_activation=activation, seed=0)
    neuron = model.layers[0].neurons[0]
    neuron.w[0].data, neuron.w[1].data, neuron.b.data = w1, w2, 0.0
    return model


def embedded_pictures(svg: str) -> list:
    """The PNG pictures carried inside the SVG as data URIs, opened with Pillow."""
    from PIL import Image

    pictures = []
    for image in ET.fromstring(svg).iter(f"{SVG}image"):
        link = image.get(XLINK)
        assert link.startswith("data:image/png;base64,"), f"a picture linked to a file: {link[:60]}"
        pictures.append(Image.open(io.BytesIO(base64.b64decode(link.split(",", 1)[1]))).convert("RGB"))
    return pictures


def is_blue(rgb) -> bool:
    return rgb[2] > rgb[0] + 60  # Okabe-Ito blue (0, 114, 178), towards white


def is_orange(rgb) -> bool:
    return rgb[0] > rgb[2] + 60  # Okabe-Ito orange (230, 159, 0), towards white


def test_neurons_are_drawn_with_their_names():
    model = nn.MLP(2, [2, 1], seed=0)
    model.layers[0].neurons[0].name = "OR"
    model.layers[0].neurons[1].name = "NAND"
    dot = viz.draw_network(model).source
    assert "<B>OR</B>" in dot and "<B>NAND</B>" in dot and "<B>L2.N1</B>" in dot
    assert "L1.N1" not in dot


def test_neurons_without_bias_are_drawn_without_one():
    model = nn.MLP(2, [2, 2], activation="sigmoid", bias=False, seed=0)
    loss = nn.mse(model([0.05, 0.10]), [0.01, 0.99])
    loss.backward()
    dot = viz.draw_network(model, x=[0.05, 0.10]).source
    assert dot.count("no bias") == 4 and "b " not in re.sub(r"<[^>]*>", " ", dot).replace("no bias", "")
    assert dot.count(" -> ") == 8  # the lecture's 2-2-2 network: its 8 weights, nothing else
    # the gradients say which input they belong to
    assert "out and grad for the input x = (0.05, 0.1)" in dot


def test_gradients_without_an_input_say_where_they_come_from():
    model = nn.MLP(2, [2, 1], seed=0)
    model([1.0, -1.0]).backward()
    assert "grad: from the last backward pass" in viz.draw_network(model).source
    assert "from the last backward pass" not in viz.draw_network(model, show_grads=False).source


@pytest.mark.needs_dot
def test_neuron_maps_show_each_neurons_output_over_the_input_plane():
    # tanh(x1): orange on the left (x1 < 0), blue on the right; tanh(x2): blue at the top
    for (w1, w2), (low_place, high_place) in (((1.0, 0.0), ((2, 25), (47, 25))), ((0.0, 1.0), ((25, 47), (25, 2)))):
        svg = viz.draw_network(one_neuron(w1, w2), neuron_maps=True).pipe(format="svg", encoding="utf-8")
        (picture,) = embedded_pictures(svg)
        assert picture.size == (50, 50)
        assert is_orange(picture.getpixel(low_place)) and is_blue(picture.getpixel(high_place)), (w1, w2)
        assert min(picture.getpixel((25, 25))) > 200  # white in the middle, where the output is 0
    assert "map_L1_N1.png" not in svg  # the picture is inside the SVG, not a file beside it


@pytest.mark.needs_dot
def test_every_neuron_of_a_network_has_its_map_in_svg_png_and_pdf(tmp_path):
    from PIL import Image

    model = nn.MLP(2, [4, 3, 1], activation="tanh", output_activation="sigmoid", seed=1)
    drawing = viz.draw_network(model, x=[1.0, -1.0], neuron_maps=True)
    assert len(embedded_pictures(drawing.pipe(format="svg", encoding="utf-8"))) == 8
    png = viz.render_network(model, tmp_path / "net.png", neuron_maps=True, dpi=150)
    with Image.open(png) as picture:
        colours = picture.convert("RGB").getcolors(maxcolors=1 << 20)
    assert any(is_orange(rgb) and count > 50 for count, rgb in colours)  # the maps are drawn in the PNG
    assert viz.render_network(model, tmp_path / "net.pdf", neuron_maps=True).read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.pdf", "net.png"]  # no picture files left


def test_neuron_maps_need_two_inputs_and_a_plane():
    with pytest.raises(ValueError, match="2 inputs"):
        viz.draw_network(nn.MLP(3, [2, 1], seed=0), neuron_maps=True)
    for wrong in ((1, 1), (2, 1), (0, "1"), (0, 1, 2), None):
        with pytest.raises(ValueError, match="plane"):
            viz.draw_network(one_neuron(1, 0), neuron_maps=True, plane=wrong)


def test_a_network_too_large_to_lay_out_is_refused_with_a_clear_message():
    model = nn.MLP(16, [256, 256, 1], seed=0)  # 16*256 + 256*256 + 256 weights: dot ran for minutes
    with pytest.raises(viz.GraphTooLargeError, match="69888 weights") as caught:
        viz.draw_network(model)
    assert "max_weights=None" in str(caught.value)
    assert viz.draw_network(nn.MLP(2, [16, 16, 1], seed=0)).source.count(" -> ") == 304  # still drawn


@pytest.mark.needs_dot
def test_korean_network_view_has_no_english_words():
    model = nn.MLP(2, [2, 1], bias=False, seed=0)
    model([1.0, -1.0]).backward()
    svg = viz.draw_network(model, x=[1.0, -1.0], neuron_maps=True, lang="ko").pipe(format="svg")
    text = " ".join("".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text"))
    for key, words in PHRASES.items():
        if key.startswith("network."):
            for piece in re.split(r"\{[^}]*\}", words["en"]):  # the English text around its fields
                piece = piece.strip(" :()=")
                if re.search("[A-Za-z]{3,}", piece):
                    assert piece not in text, (key, piece)
    assert "기울기" in text and "입력" in text and "편향 없음" in text


@pytest.mark.needs_dot
def test_neuron_maps_shown_inline_in_jupyter_carry_their_pictures():
    drawing = viz.draw_network(one_neuron(1.0, -1.0), neuron_maps=True)
    svg = drawing._repr_mimebundle_()["image/svg+xml"]  # what Jupyter calls to display it
    (picture,) = embedded_pictures(svg)
    assert picture.size == (50, 50)
    assert len(embedded_pictures(drawing.copy().pipe(format="svg", encoding="utf-8"))) == 1


class _CubeNeuron:
    """A neuron nn does not have: (w1*x1 + w2*x2)^3. Its maps must come from running it."""

    activation = "cube"
    name = "cube"

    def __init__(self, w1: float, w2: float):
        self.w, self.b = [Value(w1), Value(w2)], None

    def __call__(self, x):
        z = self.w[0] * x[0] + self.w[1] * x[1]
        return z * z * z


@pytest.mark.needs_dot
def test_neuron_maps_of_a_neuron_nn_does_not_know_come_from_running_it():
    from types import SimpleNamespace

    model = SimpleNamespace(layers=[SimpleNamespace(neurons=[_CubeNeuron(-1.0, 0.0)])])
    svg = viz.draw_network(model, neuron_maps=True).pipe(format="svg", encoding="utf-8")
    (picture,) = embedded_pictures(svg)
    assert is_blue(picture.getpixel((2, 25))) and is_orange(picture.getpixel((47, 25)))  # -x1 cubed
    assert "cube" in svg  # its name and activation are drawn
