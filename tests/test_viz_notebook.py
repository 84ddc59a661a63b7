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


# ---- viz.Stepper: the stepper inside a notebook --------------------------------------------


def _j():
    a, b, c = Value(5.0, label="a"), Value(3.0, label="b"), Value(2.0, label="c")
    u = b * c
    u.label = "u"
    v = a + u
    v.label = "v"
    J = 3 * v
    J.label = "J"
    return J


@pytest.mark.needs_dot
def test_stepper_displays_inline_with_ids_scoped_to_each_display():
    import re

    stepper = viz.Stepper(_j(), practice=True)
    assert len(stepper) == 7 and stepper.practice and "practice stepper over 7" in repr(stepper)
    first, second = stepper._repr_html_(), stepper._repr_html_()
    for fragment in (first, second):
        assert fragment.startswith("<div ") and "<html" not in fragment and "<body" not in fragment
        assert fragment.count("<script>") == 1 and "src=" not in fragment and "http" not in fragment.split("<svg")[0]
        assert 'data-step="0"' in fragment.split(">")[0] and 'data-score="0/0"' in fragment.split(">")[0]
    ids = re.findall(r'\sid="([^"]+)"', first + second)
    assert len(ids) == len(set(ids))  # two displays on one page never share an id
    prefix = re.match(r'<div id="([^"]+)"', first).group(1)
    assert all(i.startswith(prefix) for i in re.findall(r'\sid="([^"]+)"', first))
    assert f'id="{prefix}-check"' in first and ".chainrule-stepper" in first  # styles scoped to the stepper


@pytest.mark.needs_dot
def test_stepper_save_writes_the_same_page_as_stepper_html(tmp_path):
    J = _j()
    saved = viz.Stepper(J, practice=True, title="J").save(tmp_path / "a.html").read_text(encoding="utf-8")
    written = viz.stepper_html(J, tmp_path / "b.html", practice=True, title="J").read_text(encoding="utf-8")
    assert saved == written and 'id="check"' in saved
    with pytest.raises(ValueError, match=r"\.html"):
        viz.Stepper(J).save(tmp_path / "a.svg")


def test_stepper_checks_its_arguments_when_made():
    with pytest.raises(TypeError):
        viz.Stepper(3.0)
    with pytest.raises(TypeError, match="practice"):
        viz.Stepper(_j(), practice=1)
    with pytest.raises(ValueError, match="lang"):
        viz.Stepper(_j(), lang="fr")


@pytest.mark.needs_dot
def test_stepper_in_korean_writes_no_english_word_of_its_own(tmp_path):
    import re

    from viz.words import PHRASES

    page = viz.stepper_html(_j(), tmp_path / "ko.html", practice=True, lang="ko").read_text(encoding="utf-8")
    assert '<html lang="ko">' in page and "확인" in page and "정답 보기" in page and "상류 기울기" in page
    page = re.sub(r"<(style|script)>.*?</\1>", "", page, flags=re.S)  # the drawings' words too
    texts = re.findall(r">([^<]+)<", page) + re.findall(r'data-words-[\w-]+="([^"]*)"', page)
    shown = " ".join(texts).replace("\xa0", " ")
    for key, entry in PHRASES.items():
        if not key.startswith(("stepper.", "practice.", "dot.")):
            continue
        for piece in re.split(r"\{[^}]*\}", entry["en"]):
            words = re.findall(r"[A-Za-z]{4,}", piece)
            if words and piece.strip() not in entry["ko"]:
                assert piece.strip() not in shown, (key, piece)
    with viz.language("ko"):
        assert '<html lang="ko">' in viz.Stepper(_j()).save(tmp_path / "block.html").read_text(encoding="utf-8")
