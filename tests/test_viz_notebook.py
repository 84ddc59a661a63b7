"""Jupyter display: drawings and bare Values show as SVG."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import viz
from autograd import Value
from viz.notebook import value_svg


class FakeFormatter:
    def __init__(self):
        self.registered = {}

    def for_type(self, cls, function):
        self.registered[cls] = function


def test_register_value_display_with_a_shell():
    formatter = FakeFormatter()
    shell = SimpleNamespace(display_formatter=SimpleNamespace(formatters={"image/svg+xml": formatter}))
    assert viz.register_value_display(shell) is True
    assert formatter.registered == {Value: value_svg}


def test_register_value_display_outside_ipython_does_nothing():
    # A fresh interpreter: other tests in this process may have imported IPython.
    import subprocess
    import sys

    code = "import viz, sys; print(viz.register_value_display(), 'IPython' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_too_large_value_falls_back_to_text():
    y = Value(1.0)
    for _ in range(viz.DEFAULT_MAX_NODES):
        y = y + 1
    assert value_svg(y) is None


@pytest.mark.needs_dot
def test_value_and_drawing_display_as_svg():
    J = 3 * (Value(5.0, label="a") + Value(3.0, label="b") * Value(2.0, label="c"))
    J.label = "J"
    J.backward()
    svg = value_svg(J)
    assert svg.lstrip().startswith("<?xml") and "data 33" in svg
    bundle = viz.draw(J)._repr_mimebundle_()
    assert "data 33" in bundle["image/svg+xml"]
