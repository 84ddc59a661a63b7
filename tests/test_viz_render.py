"""viz.render and drawings rendered by Graphviz: SVG/PNG/PDF, the README picture, a missing binary.

docs/J_after_backward.svg is the picture README.md shows. A test renders it
again and compares byte for byte; after an intended change regenerate it with

    CHAINRULE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_viz_render.py
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from lecture_graphs import j_graph

import viz
from autograd import Value

SVG = "{http://www.w3.org/2000/svg}"
DOCS_SVG = Path(__file__).resolve().parent.parent / "docs" / "J_after_backward.svg"
UPDATE = os.environ.get("CHAINRULE_UPDATE_GOLDEN") == "1"


def lecture_graph():
    """J = 3(a + bc) at a = 5, b = 3, c = 2, with u = bc, v = a + u."""
    return j_graph().J


def svg_texts(svg: bytes | str) -> list[str]:
    """Every text of an SVG, after checking that it parses as XML."""
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


@pytest.mark.needs_dot
def test_svg_parses_and_shows_values_and_gradients(tmp_path):
    J = lecture_graph()
    J.backward()
    path = viz.render(J, tmp_path / "J.svg", title="J = 3(a + bc)")
    assert path == tmp_path / "J.svg"
    texts = svg_texts(path.read_bytes())
    for expected in ["J = 3(a + bc)", "data 33", "data 11", "data 6", "grad 1", "grad 6", "grad 9"]:
        assert expected in texts
    assert texts.count("grad ?") == 1  # in the legend only


@pytest.mark.needs_dot
def test_png_and_pdf_from_the_suffix(tmp_path):
    J = lecture_graph()
    assert viz.render(J, tmp_path / "J.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert viz.render(J, tmp_path / "J.PDF").read_bytes().startswith(b"%PDF")


def test_unknown_suffix_is_rejected_before_rendering(tmp_path):
    with pytest.raises(ValueError, match=r"\.svg, \.png, \.pdf"):
        viz.render(lecture_graph(), tmp_path / "J.jpeg")
    assert not (tmp_path / "J.jpeg").exists()


@pytest.mark.needs_dot
def test_korean_label_draws_as_text(tmp_path):
    cost = Value(3.0, label="비용 J") * 2
    cost.label = "두 배"
    cost.backward()
    texts = svg_texts(viz.render(cost, tmp_path / "k.svg", title="한국어 제목").read_bytes())
    assert "비용 J" in texts and "두 배" in texts and "한국어 제목" in texts


@pytest.mark.needs_dot
def test_step_drawing_renders(tmp_path):
    texts = svg_texts(viz.render(lecture_graph(), tmp_path / "s.svg", step=3).read_bytes())
    assert "step 3 of 7: u (*)" in texts and "grad ?" in texts


@pytest.mark.needs_dot
def test_readme_picture_is_up_to_date():
    J = lecture_graph()
    J.backward()
    svg = viz.draw(J, title="J = 3(a + bc)").pipe(format="svg")
    if UPDATE:
        DOCS_SVG.parent.mkdir(exist_ok=True)
        DOCS_SVG.write_bytes(svg)
    assert DOCS_SVG.exists(), f"{DOCS_SVG} is missing; create it with CHAINRULE_UPDATE_GOLDEN=1"
    assert svg == DOCS_SVG.read_bytes(), (
        f"{DOCS_SVG} is out of date with the drawing code (or this Graphviz renders differently). "
        f"Regenerate it with CHAINRULE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_viz_render.py "
        f"and commit it."
    )


def test_without_graphviz_to_dot_works_and_render_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` anywhere on PATH
    J = lecture_graph()
    assert "digraph chainrule" in viz.to_dot(J)
    assert not viz.has_graphviz()
    with pytest.raises(viz.GraphvizNotFoundError) as caught:
        viz.render(J, tmp_path / "J.svg")
    message = str(caught.value)
    assert "apt-get install graphviz" in message and "brew install graphviz" in message
    assert not (tmp_path / "J.svg").exists()
    with pytest.raises(viz.GraphvizNotFoundError, match="brew install graphviz"):
        viz.draw(J)._repr_mimebundle_()  # what Jupyter calls to display it
    with pytest.raises(viz.GraphvizNotFoundError):
        viz.draw(J).render(directory=tmp_path)


@pytest.mark.needs_dot
def test_no_svg_text_piece_starts_or_ends_with_a_space():
    """Browsers drop a <text>'s edge spaces: "x1" + " 0.1" would read "x10.1", "3 × 2 = " + "6" "=6"."""
    import nn
    from autograd import Constant

    J = lecture_graph()
    J.backward()
    labelled_constant = Value(2.0, label="x") * Constant(4.0, label="k")
    drawings = [
        viz.draw(J, title="J = 3(a + bc)"),
        viz.draw(J, step=3),
        viz.draw(labelled_constant),
        viz.draw_network(nn.MLP(2, [3, 1], seed=0), x=[1.0, 2.0]),
    ]
    for drawing in drawings:
        texts = [t.text for t in ET.fromstring(drawing.pipe(format="svg")).iter(f"{SVG}text") if t.text]
        assert texts and all(t == t.strip(" ") for t in texts), [t for t in texts if t != t.strip(" ")]
