"""Issue 11's promise, checked across every function that writes words: in Korean, no English phrase.

For each output in Korean, every English phrase of ``viz.words`` (its text
between the {fields}) must be absent, unless the Korean phrase itself keeps it
(a symbol such as "w > 0"); user labels pass through unchanged.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import nn
import viz
import viz.plots
from autograd import Value
from viz.words import PHRASES

LABEL = "비용 J"


def english_fragments() -> set[str]:
    """Every English piece of the catalogue worth looking for: letters, and not also in the Korean text."""
    korean = " ".join(re.sub(r"\{[^}]*\}", "", entry["ko"]) for entry in PHRASES.values())  # {fields} are not shown
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


# ---- printed models and histories, fit's progress bar (nn reads the same catalogue) ----------


def trained():
    """A no-bias 2-2-2 network as in the lecture, and a History with every part it can print."""
    X, y = nn.datasets.xor()
    model = nn.MLP(2, [2, 2], activation="sigmoid", output_activation="sigmoid", bias=False, seed=0)
    binary = nn.MLP(2, [3, 1], activation="tanh", output_activation="sigmoid", seed=0)
    history = nn.fit(
        binary, X, y, loss="bce", epochs=5, seed=0, validation=(X, y), callback=lambda h: h.epochs == 3, verbose=False
    )
    return model, history


REPRS = {
    "MLP": "MLP(2 -> [2 sigmoid] -> [2 sigmoid], 8 parameters, no bias)",
    "Layer": "Layer(2 -> 2, sigmoid, no bias)",
    "Neuron": "Neuron(2 inputs, sigmoid, no bias)",
    "History": "History(3 epochs, 3 iterations, loss {loss}, accuracy {accuracy}, val_loss {val}, stopped early)",
}
KOREAN = {
    "MLP": ["매개변수 8개", "편향 없음"],
    "Layer": ["편향 없음"],
    "Neuron": ["입력 2개", "편향 없음"],
    "History": ["에포크 3번", "반복 3번", "손실 ", "정확도 ", "검증 손실 ", "조기 종료"],
}
ENGLISH = ["parameters", "no bias", "inputs", "epochs", "iterations", "loss", "accuracy", "stopped early"]


def printed(model, history) -> dict[str, str]:
    objects = {"MLP": model, "Layer": model.layers[0], "Neuron": model.layers[0].neurons[0], "History": history}
    return {name: str(thing) for name, thing in objects.items()}


@pytest.mark.parametrize("how", ["block", "environment"])
def test_printed_models_and_history_in_korean(how, monkeypatch):
    model, history = trained()
    if how == "environment":
        monkeypatch.setenv("CHAINRULE_LANG", "ko")
        shown = printed(model, history)
    else:
        with viz.language("ko"):
            shown = printed(model, history)
    for name, text in shown.items():
        assert text.startswith(name + "("), text  # the class name is code: it stays
        for korean in KOREAN[name]:
            assert korean in text, text
        for english in ENGLISH:
            assert english not in text, text
        assert_korean(text, f"str({name})")


def test_repr_stays_english_in_every_language(monkeypatch):
    model, history = trained()
    numbers = dict(loss=f"{history.epoch_loss[-1]:.4g}", accuracy=f"{history.accuracy[-1]:.3f}")
    numbers["val"] = f"{history.val_loss[-1]:.4g}"
    expected = {name: text.format(**numbers) for name, text in REPRS.items()}
    objects = {"MLP": model, "Layer": model.layers[0], "Neuron": model.layers[0].neurons[0], "History": history}
    monkeypatch.setenv("CHAINRULE_LANG", "ko")
    with viz.language("ko"):
        assert {name: repr(thing) for name, thing in objects.items()} == expected
    with viz.language("en"):
        assert printed(model, history) == expected  # in English, print() shows what repr() does


def test_the_progress_bar_in_korean():
    """fit(verbose=True) with CHAINRULE_LANG=ko: the bar (on stderr) has Korean words only (a pty: test_nn_progress)."""
    code = (
        "import nn\n"
        "X, y = nn.datasets.xor()\n"
        "model = nn.MLP(2, [3, 1], activation='tanh', output_activation='sigmoid', seed=0)\n"
        "nn.fit(model, X, y, loss='bce', optimizer='adam', lr=0.1, epochs=4, seed=0, verbose=True)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=korean_environment()
    )
    assert done.returncode == 0, done.stderr
    bar = re.split("[\r\n]+", done.stderr.strip())[-1]
    assert bar.startswith("에포크 4/4 |") and "손실=" in bar and "정확도=" in bar, done.stderr
    assert_korean(done.stderr, "fit's progress bar")
    assert not re.search("epoch|loss|accuracy", done.stderr), done.stderr


# ---- chainrule --help ----------------------------------------------------------------------

#: argparse's own English words, which the Korean help replaces through argparse's hooks.
ARGPARSE_ENGLISH = ["usage:", "options:", "positional arguments", "optional arguments", "show this help", "default:"]


def korean_environment(**extra: str) -> dict[str, str]:
    import os

    root = str(Path(__file__).resolve().parent.parent)
    return {**os.environ, "PYTHONPATH": root, "CHAINRULE_LANG": "ko", **extra}


def english_lines() -> list[str]:
    """Every line of every English phrase of the command (between its {fields}) that the Korean does not keep."""
    korean = " ".join(entry["ko"] for entry in PHRASES.values())
    lines = set()
    for key, entry in PHRASES.items():
        if key.startswith("cli."):
            for piece in re.split(r"\{[^}]*\}|\n", entry["en"]):
                piece = piece.strip(" :=()·,.-'")
                if len(re.findall(r"[A-Za-z]", piece)) >= 4 and piece not in korean:
                    lines.add(piece)
    return sorted(lines)


#: Latin words the Korean help may show: the command's, its options', their choices' and the formula
#: language's names and the default folder (code the learner types); acronyms and 1-2 letter symbols pass too.
CODE_WORDS = set(
    "chainrule graph xor train moons circles spirals tanh relu leaky_relu sigmoid linear adam sgd exp log sin cos "
    "max en ko svg png pdf html gif txt steps summary network loss decision_boundary hidden activation optimizer "
    "epochs batch_size samples noise out".split()
)


def prose(text: str) -> str:
    """A help text without its code: example command lines, options, {choices}, $VARIABLES, files, key=value."""
    text = "\n".join(line for line in text.splitlines() if not line.strip().startswith("chainrule "))
    return re.sub(r"\{[^}]*\}|\$\w+|(?<![\w-])--?\w[\w-]*|\S+\.\w+|\w+=\S+", " ", text)


def help_words(text: str) -> list[str]:
    """The Latin words of a help text's prose that are neither code nor acronyms."""
    return [word for word in re.findall(r"[A-Za-z_]{3,}", prose(text)) if word not in CODE_WORDS and not word.isupper()]


@pytest.mark.parametrize(
    "argv, environment",
    [
        (["--lang", "ko", "--help"], {}),
        (["--help"], {"CHAINRULE_LANG": "ko"}),
        (["graph", "--lang", "ko", "--help"], {}),
        (["graph", "-h"], {"CHAINRULE_LANG": "ko"}),
        (["xor", "--help", "--lang=ko"], {}),
        (["xor", "--help"], {"CHAINRULE_LANG": "ko"}),
        (["train", "--lan", "ko", "-h"], {}),
        (["train", "--help"], {"CHAINRULE_LANG": "ko"}),
    ],
)
def test_cli_help_in_korean(argv, environment):
    env = korean_environment(**environment)
    if not environment:
        env.pop("CHAINRULE_LANG")
    done = subprocess.run([sys.executable, "-m", "viz", *argv], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert text.startswith("사용법: chainrule"), text[:200]
    for english in ARGPARSE_ENGLISH:
        assert english not in text, f"chainrule {' '.join(argv)} writes {english!r}"
    for english in english_lines():
        found = re.search(rf"(?<![A-Za-z_]){re.escape(english)}(?![A-Za-z_])", prose(text))
        assert not found, f"chainrule {' '.join(argv)} writes {english!r}"
    assert_korean(prose(text), f"chainrule {' '.join(argv)}")
    assert help_words(text) == [], f"English words left in chainrule {' '.join(argv)}"
    for option in ("--lang", "-h, --help"):
        assert option in text  # option names are code: they stay


def test_the_help_checks_can_fail():
    """In English the same checks find argparse's headings and the catalogue's words."""
    env = korean_environment()
    env.pop("CHAINRULE_LANG")
    done = subprocess.run([sys.executable, "-m", "viz", "train", "--help"], capture_output=True, text=True, env=env)
    assert "usage:" in done.stdout and "options:" in done.stdout
    assert [line for line in english_lines() if line in prose(done.stdout)]
    assert "neurons" in help_words(done.stdout)


def test_a_usage_error_in_korean_starts_with_korean_usage():
    env = korean_environment()
    env.pop("CHAINRULE_LANG")
    done = subprocess.run(
        [sys.executable, "-m", "viz", "graph", "--lang", "ko"], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 2
    assert done.stderr.startswith("사용법: chainrule graph") and "usage:" not in done.stderr
    assert "수식" in done.stderr  # the missing argument by its Korean name; the error itself stays English


@pytest.mark.needs_dot
def test_cli_training_in_korean(tmp_path):
    argv = ["xor", "--lang", "ko", "--epochs", "3", "-q", "--out", str(tmp_path)]
    done = subprocess.run(
        [sys.executable, "-m", "viz", *argv],
        capture_output=True,
        text=True,
        timeout=300,
        env={**korean_environment(), "CHAINRULE_LANG": "en"},
    )
    assert done.returncode == 0, done.stderr
    summary = (tmp_path / "summary.txt").read_text("utf-8")
    assert "매개변수" in summary and "parameters" not in done.stdout
    assert_korean(prose(done.stdout), "chainrule xor --lang ko")  # prose: the paths written are not words
    assert_korean(summary, "summary.txt")


# ---- what a notebook keeps as text next to a picture ----------------------------------------


@pytest.mark.needs_dot
def test_notebook_text_fallbacks_in_korean():
    """IPython's text/plain of a drawing and a stepper (kept in the .ipynb) is Korean; repr stays English."""
    pretty = pytest.importorskip("IPython.lib.pretty").pretty
    J = graph()
    with viz.language("ko"):
        drawing, stepper = viz.draw(J), viz.Stepper(J, practice=True)
        shown = {"Drawing": pretty(drawing), "Stepper": pretty(stepper)}
        assert repr(drawing).startswith("<viz.Drawing: a graphviz.Digraph") and "practice stepper" in repr(stepper)
    assert shown["Drawing"].startswith("<viz.Drawing: ") and "Jupyter에서" in shown["Drawing"]
    assert shown["Stepper"].startswith("<viz.Stepper: ") and "역전파 7단계 연습" in shown["Stepper"]
    for name, text in shown.items():
        assert_korean(text, f"{name} text/plain")
        assert not re.search(r"\b(display|call|stepper|backward|steps)\b", text), text
    # Outside the block, a drawing or stepper made with lang="ko" keeps its own language.
    assert pretty(viz.Stepper(J, practice=True, lang="ko")) == str(stepper)
    assert pretty(viz.draw(J, lang="ko")) == pretty(viz.draw(J, lang="ko").copy()) == shown["Drawing"]
    assert pretty(viz.draw_network(nn.MLP(2, [1], seed=0), lang="ko")) == shown["Drawing"]
    assert pretty(viz.draw(J)) == repr(drawing)


def test_an_unnamed_neurons_scope_is_headed_in_korean():
    neuron = nn.Neuron(2, activation="sigmoid", seed=0)  # no name: its scope is called "neuron"
    loss = nn.binary_cross_entropy(neuron([1.0, 2.0]), 1)
    loss.backward()
    for options in ({}, {"collapse": ["neuron"]}):
        korean, english = dot_text(viz.to_dot(loss, lang="ko", **options)), dot_text(viz.to_dot(loss, **options))
        assert "뉴런" in korean and not re.search(r"\bneuron\b", korean)
        assert re.search(r"\bneuron\b", english)
    named = nn.Neuron(2, activation="sigmoid", seed=0, name="neuron A")  # a name the user gave passes unchanged
    assert "neuron A" in dot_text(viz.to_dot(named([1.0, 2.0]), lang="ko"))


# ---- the committed Korean notebooks ---------------------------------------------------------

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def notebook_texts(path: Path) -> list[str]:
    """Every text a notebook's outputs show: printed streams, text/plain, and the text of its SVG and HTML."""
    texts = []
    for cell in json.loads(path.read_text("utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                texts.append("".join(output["text"]))
            for mime, data in output.get("data", {}).items():
                data = "".join(data) if isinstance(data, list) else data
                if mime == "text/plain":
                    texts.append(data)
                elif mime in ("text/html", "image/svg+xml"):
                    texts.append(markup_text(data))
    return texts


def english_in(texts: list[str]) -> set[str]:
    """The catalogue's English pieces in ``texts``, not counting code such as u.inputs or a.grad."""
    return {
        piece
        for text in texts
        for piece in FRAGMENTS
        if re.search(rf"(?<![A-Za-z_.]){re.escape(piece)}(?![A-Za-z_(])", text)
    }


@pytest.mark.parametrize("path", sorted((NOTEBOOKS / "ko").glob("*.ipynb")), ids=lambda p: p.stem)
def test_committed_korean_notebooks_show_no_english_phrase(path):
    assert english_in(notebook_texts(path)) == set(), f"{path.name}: rebuild it, or a phrase is not in the catalogue"


def test_the_notebook_check_can_fail():
    english = english_in(notebook_texts(NOTEBOOKS / "02_logistic_regression.ipynb"))
    assert {"forward value", "epochs", "iterations", "parameters"} <= english
