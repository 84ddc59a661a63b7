"""Hostile labels: no label can break the DOT source or inject markup into SVG or HTML."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

import viz
from autograd import Value
from viz._text import escape

SVG = "{http://www.w3.org/2000/svg}"

HOSTILE = [
    "say \"hi\" and 'bye'",
    "back\\slash \\N \\G \\L \\l \\n \\\\ end\\",
    "{braces} [brackets] |pipe| ;semi, comma=1",
    "<b>bold</b> & &amp; &#60; &lt;",
    "line one\nline two\r\nline three",
    "<script>alert('x')</script>",
    '</TD></TR></TABLE>>]; n99 [label="injected"',
    '"]; n99 [label="injected"]; //',
    "]]> <!-- comment --> <![CDATA[x]]>",
    "<svg onload=alert(1)><foreignObject>",
    "비용 J ∂J/∂a ☃",
]
CONTROL = "bell\x07 null\x00 del\x7f tab\tend"


def build(label: str) -> Value:
    x = Value(2.0, label=label)
    y = x * x
    y.label = label
    z = y + 1
    z.backward()
    return z


def visible_lines(label: str) -> list[str]:
    """The lines a reader should see: the label split at its line breaks."""
    return label.replace("\r\n", "\n").split("\n")


@pytest.mark.parametrize("label", HOSTILE + [CONTROL])
def test_label_occupies_only_its_escaped_slot(label):
    hostile = viz.to_dot(build(label), title=label)
    benign = viz.to_dot(build("LABEL"), title="LABEL")
    assert hostile.replace(escape(label), "LABEL") == benign
    escaped = escape(label)
    assert "<" not in escaped.replace("<BR/>", "") and ">" not in escaped.replace("<BR/>", "")
    assert '"' not in escaped and "'" not in escaped
    assert "\\" not in escaped.replace("\\\\", "")  # every backslash doubled: Graphviz reads \\ as \


def render_svg(dot: str) -> bytes:
    result = subprocess.run(["dot", "-Tsvg"], input=dot.encode("utf-8"), capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert not result.stderr, result.stderr.decode("utf-8", "replace")  # no warning: the DOT is clean
    return result.stdout


@pytest.mark.needs_dot
@pytest.mark.parametrize("label", HOSTILE)
def test_hostile_label_shows_as_text_in_the_svg(label):
    svg = render_svg(viz.to_dot(build(label), title=label))
    root = ET.fromstring(svg)  # parses as XML
    tags = {element.tag for element in root.iter()}
    assert tags <= {f"{SVG}{t}" for t in ("svg", "g", "title", "text", "polygon", "path", "ellipse", "polyline")}
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    for line in visible_lines(label):
        assert texts.count(line) >= 3, (line, texts)  # node x, node y and the title
    assert "injected" not in "".join(t.text or "" for t in root.iter(f"{SVG}title"))


@pytest.mark.needs_dot
def test_control_characters_are_replaced_visibly():
    svg = render_svg(viz.to_dot(build(CONTROL)))
    texts = ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert "bell\ufffd null\ufffd del\ufffd tab end" in texts


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.data: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.data.append(data)


@pytest.mark.needs_dot
def test_hostile_labels_cannot_inject_into_the_stepper(tmp_path):
    label = "<script>alert('x')</script> </svg><img src=x onerror=alert(1)>"
    x = Value(2.0, label=label)
    y = x * 3
    y.label = label
    path = viz.stepper_html(y, tmp_path / "s.html", title=label)
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    assert parser.tags.count("script") == 1  # the page's own
    assert "img" not in parser.tags
    assert parser.tags.count("svg") == len(y.backward_steps()) + 1
    assert any(label in chunk for chunk in parser.data)
