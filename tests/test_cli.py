"""The chainrule command: graph, xor, train, --help, --version; errors exit 2 and write nothing."""

import subprocess
import sys
from pathlib import Path

import pytest

from viz import cli
from viz.cli import UsageError, main, parse_assignments

ROOT = Path(__file__).resolve().parent.parent


def run_module(*args, cwd):
    """``python -m viz ...`` in a fresh process, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "viz", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin:/usr/local/bin"},
    )


# ---- chainrule graph ------------------------------------------------------------


@pytest.mark.needs_dot
def test_graph_writes_svg_and_stepper_and_prints_gradients(tmp_path, capsys):
    svg, html = tmp_path / "J.svg", tmp_path / "J.html"
    code = main(["graph", "3*(a + b*c)", "a=5", "b=3", "c=2", "-o", str(svg), "--html", str(html)])
    out = capsys.readouterr().out
    assert code == 0
    assert "J = 3*(a + b*c) = 33" in out
    assert "dJ/da = 3" in out and "dJ/db = 6" in out and "dJ/dc = 9" in out
    assert f"wrote {svg}" in out and f"wrote {html}" in out
    drawing = svg.read_text(encoding="utf-8")
    assert drawing.startswith("<?xml") and "<svg" in drawing
    assert "grad 6" in drawing and "data 33" in drawing  # b's gradient, J's value
    page = html.read_text(encoding="utf-8")
    assert page.lower().startswith("<!doctype html") and page.count("<svg") >= 2


@pytest.mark.needs_dot
def test_graph_no_grad_draws_forward_values_only(tmp_path, capsys):
    svg = tmp_path / "f.svg"
    assert main(["graph", "a*a + 1", "a=3", "-o", str(svg), "--no-grad"]) == 0
    out = capsys.readouterr().out
    assert "= 10" in out and "dJ/d" not in out
    drawing = svg.read_text(encoding="utf-8")
    assert "data 10" in drawing and "grad 6" not in drawing


@pytest.mark.needs_dot
def test_graph_korean_names_and_label(tmp_path, capsys):
    svg = tmp_path / "cost.svg"
    assert main(["graph", "비용 * 2", "비용=4", "--label", "손실", "-o", str(svg)]) == 0
    assert "d손실/d비용 = 2" in capsys.readouterr().out
    assert "손실" in svg.read_text(encoding="utf-8")


HOSTILE = [
    "__import__('os').system('x')",
    "a.__class__",
    "().x",
    "'x'",
    "a;b",
    "lambda: 0",
    "exec('1')",
    "open('/etc/passwd')",
    "a if b else c",
    "[a]",
    "a\nimport os",
    "a" * 10_001,
    "(" * 10_000 + "a" + ")" * 10_000,
    "(" * 2_000 + "a" + ")" * 2_000,
    "exp(" * 500 + "a" + ")" * 500,
]


@pytest.mark.parametrize("expression", HOSTILE, ids=lambda text: text[:30])
def test_hostile_expressions_are_parse_errors_and_write_nothing(expression, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = main(["graph", expression, "a=1", "-o", str(tmp_path / "x.svg"), "--html", str(tmp_path / "x.html")])
    err = capsys.readouterr().err
    assert code == 2
    assert list(tmp_path.iterdir()) == []
    first = err.splitlines()[0]
    assert first.startswith("chainrule graph: error: ") and "at column " in first
    assert "Traceback" not in err and "RecursionError" not in err


@pytest.mark.parametrize(
    "argv, words",
    [
        (["graph", "a + x", "a=1"], "no value given for 'x' at column 5"),
        (["graph", "a", "a=1", "d=2"], "'d', which the expression does not use"),
        (["graph", "a", "a=x"], "the value of 'a' must be a decimal number"),
        (["graph", "a", "a=nan"], "must be a decimal number"),
        (["graph", "a", "a=1", "a=2"], "'a' is given twice"),
        (["graph", "a", "5"], "expected name=number"),
        (["graph", "a", "a.b=5"], "expected name=number"),
        (["graph", "log(a)", "a=-1"], "log"),
        (["graph", "a / b", "a=1", "b=0"], "divide by zero"),
        (["graph", "a", "a=1", "-o", "J.txt"], "must end in .svg or .png or .pdf"),
        (["graph", "a", "a=1", "--html", "J.svg"], "must end in .html or .htm"),
    ],
)
def test_graph_mistakes_exit_2_with_one_clear_line(argv, words, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err.splitlines()[0]
    assert list(tmp_path.iterdir()) == []


def test_error_shows_a_caret_under_the_problem(capsys):
    assert main(["graph", "3*(a + $)", "a=1"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["chainrule graph: error: unexpected character '$' at column 8", "  3*(a + $)", "         ^"]


def test_graph_too_large_to_draw_is_a_clean_error(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["graph", "+".join(["a"] * 4000), "a=1", "-o", "big.svg"]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.needs_dot
def test_graph_too_large_for_the_stepper_writes_neither_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    expression = "+".join(f"a*{k}" for k in range(52))  # 156 nodes: drawable, too many steps for one page
    assert main(["graph", expression, "a=1", "-o", "big.svg", "--html", "big.html"]) == 2
    assert "nodes" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    assert main(["graph", expression, "a=1", "-o", "big.svg"]) == 0  # without --html it is drawn
    assert [p.name for p in tmp_path.iterdir()] == ["big.svg"]


def test_parse_assignments():
    assert parse_assignments(["a=5", " b = -2.5e-1", "비용=3"]) == {"a": 5.0, "b": -0.25, "비용": 3.0}
    with pytest.raises(UsageError, match="decimal number"):
        parse_assignments(["a=inf"])
    with pytest.raises(UsageError, match="name=number"):
        parse_assignments(["=3"])


# ---- help, version, usage ---------------------------------------------------------------


def test_version_in_process_and_as_module(tmp_path, capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"chainrule {cli.version()}"
    done = run_module("--version", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == f"chainrule {cli.version()}"
    import autograd

    assert cli.version() == autograd.__version__  # installed metadata or the source tree: the same number


@pytest.mark.parametrize(
    "argv, words",
    [
        ([], ["graph", "xor", "train", "examples:"]),
        (["graph"], ["NAME=NUMBER", "--html", "--no-grad", "leaky_relu(x, slope)", "-x**2 means -(x**2)"]),
        (
            ["xor"],
            [
                "--hidden",
                "--activation",
                "--optimizer",
                "--lr",
                "--epochs",
                "--batch-size",
                "--seed",
                "--out",
                "decision_boundary",
                "(default: 0.1)",
            ],
        ),
        (["train"], ["--dataset", "moons", "spirals", "defaults per data set"]),
    ],
)
def test_help_reads_well(argv, words, capsys):
    assert main([*argv, "--help"]) == 0
    text = capsys.readouterr().out
    for word in words:
        assert word in text
    assert "(default: None)" not in text and "(default: False)" not in text


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "usage: chainrule" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["bogus"],
        ["xor", "--epochs", "x"],
        ["train", "--dataset", "mnist"],
        ["xor", "--activation", "softmax"],
        ["graph"],
    ],
)
def test_usage_errors_exit_2(argv, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert "error" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "argv, words",
    [
        (["xor", "--epochs", "0"], "--epochs must be >= 1"),
        (["xor", "--lr", "-1"], "--lr must be > 0"),
        (["xor", "--hidden", "4", "0"], "--hidden sizes must be >= 1"),
        (["train", "--dataset", "moons", "--samples", "1"], "n must be"),
    ],
)
def test_bad_training_options_exit_2_before_writing(argv, words, tmp_path, capsys):
    out = tmp_path / "out"
    assert main([*argv, "--out", str(out), "-q"]) == 2
    assert words in capsys.readouterr().err
    assert not out.exists()


def test_subprocess_hostile_expression_is_a_clean_exit_2(tmp_path):
    done = run_module("graph", "__import__('os').system('touch pwned')", "-o", "x.svg", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("chainrule graph: error: unknown function '__import__' at column 1")
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


# ---- chainrule xor / train ----------------------------------------------------------------

DEMO_FILES = [
    "J.svg",
    "J_steps.html",
    "network.svg",
    "loss.png",
    "loss.svg",
    "decision_boundary.png",
    "decision_boundary.svg",
    "summary.txt",
]


@pytest.mark.needs_dot
def test_xor_demo_learns_xor_and_writes_every_artefact(tmp_path):
    out = tmp_path / "out"
    done = run_module("xor", "--out", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(DEMO_FILES)
    for name in DEMO_FILES:
        assert f"wrote {out / name}" in done.stdout
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert "accuracy:  100.0%" in summary
    assert "steps:" in summary and "time:" in summary
    assert summary in done.stdout
    assert (out / "loss.png").read_bytes().startswith(b"\x89PNG")
    assert "<svg" in (out / "network.svg").read_text(encoding="utf-8")
    assert "L1.N1" in (out / "network.svg").read_text(encoding="utf-8")
    lecture = (out / "J.svg").read_text(encoding="utf-8")
    for text in (">J = 3(a + bc)<", ">u<", ">v<", ">J<", ">data 33<"):  # the lecture's names and title
        assert text in lecture, text


@pytest.mark.needs_dot
def test_train_takes_the_datasets_defaults_unless_given(tmp_path, capsys):
    out = tmp_path / "moons"
    code = main(
        ["train", "--dataset", "moons", "--samples", "12", "--epochs", "2", "--hidden", "3", "--out", str(out), "-q"]
    )
    assert code == 0
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert "moons (12 samples)" in summary
    assert "2 -> [3 tanh] -> [1 sigmoid]" in summary  # --hidden given
    assert f"lr={cli.DATASETS['moons']['lr']}" in summary  # lr not given: the moons default
    assert "2 epochs" in summary and "batch size 10" in summary


@pytest.mark.needs_dot
def test_train_with_several_classes_uses_one_output_per_class(tmp_path):
    out = tmp_path / "spirals"
    assert (
        main(
            [
                "train",
                "--dataset",
                "spirals",
                "--samples",
                "9",
                "--epochs",
                "1",
                "--hidden",
                "4",
                "--out",
                str(out),
                "-q",
            ]
        )
        == 0
    )
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert "[3 linear]" in summary
    assert (out / "decision_boundary.svg").exists()
