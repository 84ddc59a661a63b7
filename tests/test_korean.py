"""Issue 11's promise, checked across every function that writes words: in Korean, no English phrase.

For each output in Korean, every English phrase of ``viz.words`` (its text
between the {fields}) must be absent, unless the Korean phrase itself keeps it
(a symbol such as "w > 0"); user labels pass through unchanged.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

import nn
import viz
import viz.plots
from autograd import Value
from viz.words import PHRASES

LABEL = "비용 J"


def english_fragments() -> set[str]:
    """Every English piece of the catalogue worth looking for: letters, and not also in the Korean text."""
    korean = " ".join(entry["ko"] for entry in PHRASES.values())
    pieces = set()
    for entry in PHRASES.values():
        for piece in re.split(r"\{[^}]*\}", entry["en"]):
            piece = piece.strip(" :=()·,.-")
            if len(re.findall(r"[A-Za-z]", piece)) >= 4 and piece not in korean:
                pieces.add(piece)
    return pieces


FRAGMENTS = sorted(english_fragments())


def dot_text(dot: str) -> str:
    """The words a DOT drawing shows: the text inside its HTML-like labels (not ids, ports or attributes)."""
    shown = []
    for start in (m.end() for m in re.finditer(r"label=<", dot)):
        depth, end = 1, start
        while depth and end < len(dot):
            depth += {"<": 1, ">": -1}.get(dot[end], 0)
            end += 1
        shown += re.findall(r">([^<>]+)<", "<" + dot[start : end - 1] + ">")
    return "\n".join(shown)


def markup_text(markup: str) -> str:
    """The words an SVG or HTML page shows: text between tags, without scripts, styles and SVG tooltips' ids."""
    markup = re.sub(r"<(script|style|title)\b.*?</\1>", "", markup, flags=re.S)
    return "\n".join(re.findall(r">([^<>]+)<", markup))


def assert_korean(text: str, where: str) -> None:
    found = [piece for piece in FRAGMENTS if re.search(rf"(?<![A-Za-z]){re.escape(piece)}(?![A-Za-z])", text)]
    assert not found, f"{where} in Korean still writes English: {found[:8]}"


def graph():
    a, b, c = Value(5.0, label="a"), Value(3.0, label="b"), Value(2.0, label="c")
    J = 3 * (a + b * c)
    J.label = LABEL
    J.backward()
    return J


def test_the_fragments_are_real_phrases():
    assert {"forward value", "not computed yet", "parameter"} <= set(FRAGMENTS)


@pytest.mark.parametrize("options", [{}, {"step": 3}, {"collapse": "neurons"}], ids=["after", "step", "collapsed"])
def test_dot_in_korean(options):
    model = nn.MLP(2, [2, 1], activation="sigmoid", output_activation="sigmoid", seed=0)
    loss = nn.binary_cross_entropy(model([0.5, -1.0]), 1)
    loss.label = LABEL
    if "step" not in options:
        loss.backward()
    dot = viz.to_dot(loss, params=model.parameters(), lang="ko", **options)
    assert_korean(dot_text(dot), f"to_dot({options})")
    assert LABEL in dot  # the user label, unchanged


def test_the_language_block_and_the_environment_variable_reach_the_drawings(monkeypatch):
    J = graph()
    with viz.language("ko"):
        assert_korean(dot_text(viz.to_dot(J)), "to_dot inside viz.language('ko')")
    monkeypatch.setenv("CHAINRULE_LANG", "ko")
    assert_korean(dot_text(viz.to_dot(J)), "to_dot with CHAINRULE_LANG=ko")
    assert "forward value" in viz.to_dot(J, lang="en")  # an explicit lang= wins


@pytest.mark.needs_dot
def test_stepper_pages_in_korean(tmp_path):
    J = graph()
    for practice in (False, True):
        page = viz.stepper_html(J, tmp_path / f"J_{practice}.html", practice=practice, lang="ko").read_text("utf-8")
        assert '<html lang="ko">' in page and LABEL in page
        assert_korean(markup_text(page), f"stepper_html(practice={practice})")
    inline = viz.Stepper(J, practice=True, lang="ko")._repr_html_()
    assert_korean(markup_text(inline), "Stepper")


@pytest.mark.needs_dot
def test_network_and_slides_in_korean(tmp_path):
    model = nn.MLP(2, [3, 1], activation="tanh", output_activation="sigmoid", seed=0)
    nn.binary_cross_entropy(model([0.5, -1.0]), 1).backward()
    assert_korean(dot_text(viz.draw_network(model, x=[0.5, -1.0], lang="ko").source), "draw_network")
    paths = viz.render_steps(graph(), str(tmp_path / "J_{step}.svg"), lang="ko")
    for path in paths:
        assert_korean(markup_text(path.read_text("utf-8")), path.name)


def figure_text(figure) -> str:
    texts = []
    for axes in figure.axes:
        texts += [axes.get_title(), axes.get_xlabel(), axes.get_ylabel()]
        legend = axes.get_legend()
        if legend is not None:
            texts += [t.get_text() for t in legend.get_texts()]
        texts += [t.get_text() for t in axes.texts]
    texts += [t.get_text() for t in figure.texts]
    return "\n".join(texts)


def test_plots_in_korean():
    pytest.importorskip("matplotlib")
    X, y = nn.datasets.xor()
    model = nn.MLP(2, [2, 1], activation="tanh", output_activation="sigmoid", seed=0)
    history = nn.fit(model, X, y, loss="bce", optimizer="adam", lr=0.1, epochs=5, verbose=False, validation=(X, y))
    neuron = nn.Neuron(2, activation="sigmoid", seed=0)
    figures = {
        "plot_loss": viz.plots.plot_loss(history, lang="ko"),
        "plot_decision_boundary": viz.plots.plot_decision_boundary(model, X, y, resolution=20, lang="ko"),
        "hidden_space": viz.plots.hidden_space(model, X, y, lang="ko"),
        "plot_weights_image": viz.plots.plot_weights_image([0.1] * 12, shape=(2, 2, 3), lang="ko"),
        "plot_loss_surface": viz.plots.plot_loss_surface(neuron, X, y, [neuron.w[0]], resolution=11, lang="ko"),
    }
    for name, figure in figures.items():
        assert_korean(figure_text(figure), name)


@pytest.mark.needs_dot
def test_cli_in_korean(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "viz",
            "graph",
            "3(a + bc)",
            "a=5",
            "b=3",
            "c=2",
            "--lang",
            "ko",
            "-o",
            str(tmp_path / "J.svg"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert_korean(done.stdout, "chainrule graph --lang ko")
    assert_korean(markup_text((tmp_path / "J.svg").read_text("utf-8")), "chainrule graph -o J.svg --lang ko")
