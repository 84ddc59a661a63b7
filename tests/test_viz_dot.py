"""viz.to_dot: golden DOT of J = 3(a + bc), and what every drawing must show.

Golden files live in tests/golden/. After an intended change of the drawing,
regenerate them with

    CHAINRULE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_viz_dot.py

and review the diff (git diff tests/golden) before committing.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from lecture_graphs import j_graph

import viz
from autograd import Constant, Value
from viz._text import escape

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("CHAINRULE_UPDATE_GOLDEN") == "1"


def lecture_graph():
    """J = 3(a + bc) at a = 5, b = 3, c = 2, with the lecture's names u = bc, v = a + u."""
    a, b, c, u, v, J = j_graph()
    return J, (a, b, c, u, v)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"missing golden file {path}; create it with CHAINRULE_UPDATE_GOLDEN=1", pytrace=False)
    expected = path.read_text(encoding="utf-8")
    assert text == expected, (
        f"DOT differs from {path}. If the change is intended, regenerate with "
        f"CHAINRULE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest {__file__} "
        f"and review git diff tests/golden"
    )


def node_line(dot: str, text: str) -> str:
    """The one node statement whose label contains ``text``."""
    lines = [line for line in dot.splitlines() if re.match(r"\s*n\d+ \[", line) and text in line]
    assert len(lines) == 1, f"expected one node containing {text!r}, got {lines}"
    return lines[0]


def not_computed(dot: str) -> int:
    """How many nodes show their gradient as not computed yet."""
    return sum(1 for line in dot.splitlines() if re.match(r"\s*n\d+ \[", line) and "grad ?" in line)


# ---- golden files ---------------------------------------------------------


def test_golden_before_backward():
    J, _ = lecture_graph()
    check_golden("J_before_backward.dot", viz.to_dot(J, title="J = 3(a + bc)"))


def test_golden_after_backward():
    J, _ = lecture_graph()
    J.backward()
    check_golden("J_after_backward.dot", viz.to_dot(J, title="J = 3(a + bc)"))


def test_golden_every_step():
    J, _ = lecture_graph()
    count = len(J.backward_steps())
    assert count == 7  # J, v, u, c, b, a and the constant 3
    for k in range(count + 1):
        check_golden(f"J_step{k}.dot", viz.to_dot(J, step=k))


# ---- what the drawing shows -----------------------------------------------


def test_every_node_shows_label_op_and_value():
    J, (a, b, c, u, v) = lecture_graph()
    dot = viz.to_dot(J)
    for node, label, op, data in [(J, "J", "*", "33"), (v, "v", "+", "11"), (u, "u", "*", "6")]:
        line = node_line(dot, f"<B>{label}</B>")
        assert f">{escape(op)}</FONT>" in line and f"data {data}<" in line
    for label, data in [("a", "5"), ("b", "3"), ("c", "2")]:
        assert f"data {data}<" in node_line(dot, f"<B>{label}</B>")


def test_before_backward_grads_read_not_computed_never_zero():
    J, _ = lecture_graph()
    dot = viz.to_dot(J)
    assert not_computed(dot) == 6  # every node but the constant 3
    assert "grad 0" not in dot
    assert " × " not in dot.split("label=<<TABLE", 2)[-1]  # no edge carries a gradient yet


def test_after_backward_nodes_and_edges_show_the_chain_rule():
    J, (a, b, c, u, v) = lecture_graph()
    J.backward()
    dot = viz.to_dot(J)
    assert "grad ?" not in node_line(dot, "<B>a</B>")
    for label, grad in [("J", "1"), ("v", "3"), ("u", "3"), ("a", "3"), ("b", "6"), ("c", "9")]:
        assert f"grad {grad}<" in node_line(dot, f"<B>{label}</B>")
    # The edge b -> u carries upstream dJ/du = 3 times local du/db = c = 2, giving 6.
    names = {label: node_line(dot, f"<B>{label}</B>").split()[0] for label in "abcuvJ"}
    edge = next(line for line in dot.splitlines() if line.strip().startswith(f"{names['b']} -> {names['u']}"))
    assert "3 × 2 =\u00a0<B>6</B>" in edge


def test_grads_after_zero_grad_read_not_computed_again():
    J, _ = lecture_graph()
    J.backward()
    J.zero_grad()
    assert not_computed(viz.to_dot(J)) == 6


def test_constant_is_drawn_plain_and_its_edge_still_shows_the_chain_rule():
    J, _ = lecture_graph()
    J.backward()
    dot = viz.to_dot(J)
    constant = next(line for line in dot.splitlines() if "shape=plaintext" in line and "label=<3>" in line)
    assert "grad" not in constant  # nothing learns a number written in the expression
    name = constant.split()[0]
    edge = next(line for line in dot.splitlines() if line.strip().startswith(f"{name} -> "))
    assert "1 × 11 =\u00a0<B>11</B>" in edge  # but dJ/d3 = v = 11 flows to it, as to every input


def test_same_graph_gives_byte_identical_dot_and_ids_follow_graph_order():
    first, _ = lecture_graph()
    second, _ = lecture_graph()
    assert viz.to_dot(first) == viz.to_dot(second)
    ids = re.findall(r"^\t(n\d+) \[", viz.to_dot(first), flags=re.M)
    assert ids == [f"n{i}" for i in range(7)]


def test_a_plus_a_draws_two_edges():
    a = Value(2.0, label="a")
    y = a + a
    y.backward()
    dot = viz.to_dot(y)
    edges = [line for line in dot.splitlines() if line.strip().startswith("n0 -> n1")]
    assert len(edges) == 2
    assert all("1 × 1 =\u00a0<B>1</B>" in edge for edge in edges)
    assert "grad 2<" in node_line(dot, "<B>a</B>")


def test_draw_source_equals_to_dot():
    J, _ = lecture_graph()
    J.backward()
    drawing = viz.draw(J, direction="TB", precision=3)
    assert drawing.source == viz.to_dot(J, direction="TB", precision=3)
    assert "rankdir=TB" in drawing.source


def test_options_change_what_is_drawn():
    J, _ = lecture_graph()
    J.backward()
    plain = viz.to_dot(J, show_grads=False, legend=False)
    assert "grad" not in plain and "data 33" in plain
    product_only = viz.to_dot(J, show_local=False)
    assert " × " not in product_only.split("</TABLE>>\n", 1)[1] and "<B>6</B>" in product_only
    assert "data 33.00<" in viz.to_dot(J, number_format=".2f")
    third = Value(1.0, label="t") / 3
    assert "data 0.33<" in viz.to_dot(third, precision=2)
    assert "My &amp; title" in viz.to_dot(J, title="My & title")


def test_parameters_look_different_from_inputs_when_asked():
    w, x = Value(0.5, label="w"), Value(2.0, label="x")
    y = w * x
    dot = viz.to_dot(y, params=[w])
    assert "parameter" in node_line(dot, "<B>w</B>") and "peripheries=2" in node_line(dot, "<B>w</B>")
    assert "parameter" not in node_line(dot, "<B>x</B>")
    assert "parameter" not in viz.to_dot(y, legend=False)


def test_step_mode_marks_processed_and_current_nodes():
    J, _ = lecture_graph()
    dot = viz.to_dot(J, step=3)  # J, v, u processed; u is current
    assert "step 3 of 7: u (*)" in dot
    assert "penwidth=3" in node_line(dot, "<B>u</B>")
    for label, shown in [("J", "grad 1<"), ("v", "grad 3<"), ("u", "grad 3<"), ("a", "grad ?")]:
        assert shown in node_line(dot, f"<B>{label}</B>")
    assert "3 × 2 =\u00a0<B>6</B>" in dot  # u has passed its gradient down to b
    assert J.grad == 0.0 and not J.grad_computed  # drawing steps changes no gradient


def test_step_zero_and_last_step():
    J, _ = lecture_graph()
    assert not_computed(viz.to_dot(J, step=0)) == 6
    last = viz.to_dot(J, step=7)
    J.backward()
    # After the last step the node values equal backward()'s; only the caption and highlight differ.
    after = viz.to_dot(J)
    for label in "abcuvJ":
        grad = re.search(r"grad ([^<]+)<", node_line(after, f"<B>{label}</B>")).group(1)
        assert f"grad {grad}<" in node_line(last, f"<B>{label}</B>")


def test_steps_yields_one_drawing_per_state():
    J, _ = lecture_graph()
    drawings = list(viz.steps(J))
    assert len(drawings) == 8
    assert [not_computed(d.source) for d in drawings] == [6, 5, 4, 3, 2, 1, 0, 0]


@pytest.mark.parametrize("bad, error", [(-1, ValueError), (8, ValueError), (1.0, TypeError), (True, TypeError)])
def test_bad_step_is_rejected(bad, error):
    J, _ = lecture_graph()
    with pytest.raises(error, match="step"):
        viz.to_dot(J, step=bad)


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"direction": "up"}, ValueError, "direction"),
        ({"precision": 0}, ValueError, "precision"),
        ({"precision": "4"}, TypeError, "precision"),
        ({"number_format": "%d"}, ValueError, "number_format"),
        ({"title": 3}, TypeError, "title"),
        ({"params": [1.0]}, TypeError, "params"),
        ({"max_nodes": 0}, ValueError, "max_nodes"),
        ({"step": 1, "show_grads": False}, ValueError, "show_grads"),
    ],
)
def test_bad_options_are_rejected_with_a_message(kwargs, error, words):
    J, _ = lecture_graph()
    with pytest.raises(error, match=words):
        viz.to_dot(J, **kwargs)


def test_drawing_something_that_is_not_a_value():
    with pytest.raises(TypeError, match="Value"):
        viz.to_dot(3.0)


def test_korean_label_is_kept_and_a_cjk_font_is_asked_for():
    cost = Value(3.0, label="비용 J") * 2
    dot = viz.to_dot(cost)
    assert "<B>비용 J</B>" in dot and "∂out/∂node" in dot
    assert 'fontname="Noto Sans CJK KR' in dot


def test_size_guard_refuses_large_graphs_with_advice():
    x = Value(1.0, label="x")
    y = x
    for _ in range(600):
        y = y * 1.0001
    with pytest.raises(viz.GraphTooLargeError, match="draw_network") as caught:
        viz.draw(y)
    assert "1201 nodes" in str(caught.value) and "max_nodes=None" in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert viz.to_dot(y, max_nodes=None).count(" -> ") == 1200
    with pytest.raises(viz.GraphTooLargeError):
        viz.draw(x * 2 + 1, max_nodes=3)


def test_constant_with_a_label_shows_it():
    x = Value(2.0, label="x")
    y = x * Constant(4.0, label="k")
    assert "<B>k</B>\u00a04" in viz.to_dot(y)
