"""Guards: drawings Graphviz cannot lay out in reasonable time are refused quickly, or stopped.

The refusals are counted, not timed (nodes, edges, weights); the slow tests
check with a generous bound that refusing and stopping really are quick.
"""

from __future__ import annotations

import time

import pytest

import autograd
import nn
import viz
from autograd import Value


def many_edges(count: int = 20_000) -> Value:
    """2 nodes and ``count`` edges: a used ``count`` times in one sum (dot took > 100 s on 20,000)."""
    a = Value(1.0, label="a")
    total = autograd.add(*[a] * count)
    total.backward()
    return total


def test_many_edges_between_two_nodes_are_refused_with_a_clear_message(tmp_path):
    y = many_edges()
    with pytest.raises(viz.GraphTooLargeError, match="20000 edges") as caught:
        viz.to_dot(y)
    assert "max_nodes=None" in str(caught.value)
    for draw_it in (
        lambda: viz.draw(y),
        lambda: viz.render(y, tmp_path / "y.svg"),
        lambda: viz.render_steps(y, tmp_path / "y_{step}.png"),
        lambda: viz.animate(y, tmp_path / "y.gif"),
        lambda: viz.stepper_html(y, tmp_path / "y.html"),
    ):
        with pytest.raises(viz.GraphTooLargeError, match="edges"):
            draw_it()
    assert not list(tmp_path.iterdir())


def test_an_ordinary_graph_is_not_refused_for_its_edges():
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    y = autograd.add(*[a * b] * 40) + a * a
    assert "digraph" in viz.to_dot(y)


@pytest.mark.slow
def test_refusals_are_quick(tmp_path):
    y = many_edges()
    start = time.monotonic()
    with pytest.raises(viz.GraphTooLargeError):
        viz.render(y, tmp_path / "y.svg")
    with pytest.raises(viz.GraphTooLargeError):
        viz.render_network(nn.MLP(16, [256, 256, 1], seed=0), tmp_path / "net.svg")
    assert time.monotonic() - start < 30  # generous: Graphviz itself ran for minutes on these
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
@pytest.mark.needs_dot
def test_a_dot_run_past_its_time_limit_is_stopped_and_writes_nothing(tmp_path):
    y = many_edges()  # with max_nodes=None nothing refuses it: dot would run for minutes
    start = time.monotonic()
    with pytest.raises(viz.LayoutTimeoutError, match=r"within 2 s and was stopped") as caught:
        viz.render(y, tmp_path / "y.svg", max_nodes=None, timeout=2)
    assert "nothing was written" in str(caught.value)
    with pytest.raises(viz.LayoutTimeoutError, match="stopped"):
        drawing = viz.draw(y, max_nodes=None)
        drawing.timeout = 2
        drawing._repr_mimebundle_()  # what Jupyter calls to display it
    assert time.monotonic() - start < 60  # two runs stopped after 2 s each, with a generous margin
    assert not list(tmp_path.iterdir())


def test_timeout_is_checked(tmp_path):
    y = Value(1.0, label="x") * 2
    for wrong in (0, -1, "10", True):
        with pytest.raises(ValueError, match="timeout"):
            viz.render(y, tmp_path / "y.svg", timeout=wrong)
