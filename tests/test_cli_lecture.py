"""The chainrule command in the lecture's notation, in Korean, and writing files all or nothing (holes 6, 19, 20)."""

from __future__ import annotations

import re

import pytest

from viz.cli import main

HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.mark.needs_dot
def test_graph_reads_the_lecture_notation(tmp_path, capsys):
    svg = tmp_path / "J.svg"
    assert main(["graph", "3(a + bc)", "a=5", "b=3", "c=2", "-o", str(svg)]) == 0
    out = capsys.readouterr().out
    assert "J = 3(a + bc) = 33" in out
    assert "dJ/da = 3" in out and "dJ/db = 6" in out and "dJ/dc = 9" in out
    assert "data 33" in svg.read_text(encoding="utf-8")


@pytest.mark.needs_dot
def test_graph_named_steps_are_printed_drawn_and_stepped_with_their_names(tmp_path, capsys):
    svg, html = tmp_path / "J.svg", tmp_path / "J.html"
    argv = ["graph", "u = b*c; v = a + u; J = 3*v", "a=5", "b=3", "c=2", "-o", str(svg), "--html", str(html)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "u = b * c = 6\nv = a + u = 11\nJ = 3 * v = 33\n" in out
    assert "dJ/da = 3   dJ/db = 6   dJ/dc = 9" in out
    drawing = svg.read_text(encoding="utf-8")
    for name in ("u", "v", "J"):
        assert f">{name}</text>" in drawing, name
    page = html.read_text(encoding="utf-8")
    assert ">u</text>" in page and ">v</text>" in page and "Backward pass of J" in page


@pytest.mark.needs_dot
def test_label_names_a_bare_name_too(tmp_path, capsys):
    svg = tmp_path / "a.svg"
    assert main(["graph", "a", "a=5", "--label", "J", "-o", str(svg)]) == 0
    out = capsys.readouterr().out
    assert "J = a = 5" in out and "dJ/da = 1" in out
    assert ">J</text>" in svg.read_text(encoding="utf-8")


@pytest.mark.needs_dot
def test_hole_19_the_result_is_not_named_after_an_input(tmp_path, capsys):
    svg = tmp_path / "y.svg"
    assert main(["graph", "J*2", "J=3", "-o", str(svg)]) == 0
    out = capsys.readouterr().out
    assert "dJ/dJ" not in out and "dy/dJ = 2" in out
    assert main(["graph", "J*2", "J=3", "--label", "J", "-o", str(svg)]) == 2
    assert "--label 'J' is already a name in the formula" in capsys.readouterr().err


@pytest.mark.needs_dot
def test_graph_lang_ko_prints_korean_words(tmp_path, capsys):
    svg = tmp_path / "J.svg"
    assert main(["graph", "3(a + bc)", "a=5", "b=3", "c=2", "-o", str(svg), "--lang", "ko"]) == 0
    out = capsys.readouterr().out
    assert f"저장: {svg}" in out and "wrote" not in out


def test_lang_must_be_a_known_language(tmp_path, capsys):
    assert main(["graph", "a", "a=1", "--lang", "fr", "-o", str(tmp_path / "x.svg")]) == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.needs_dot
def test_xor_summary_in_korean(tmp_path, capsys, require):
    require("matplotlib")
    from viz.words import PHRASES

    out = tmp_path / "out"
    assert main(["xor", "--out", str(out), "-q", "--epochs", "3", "--lang", "ko"]) == 0
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert "정확도" in summary and "에포크" in summary and "손실" in summary
    english = [entry["en"].split("{")[0].strip() for key, entry in PHRASES.items() if key.startswith("cli.")]
    for words in english:
        if re.search("[A-Za-z]{3,}", words):
            assert words not in summary, words


# ---- hole 6 and 20: nothing half-written -------------------------------------


@pytest.mark.needs_dot
def test_hole_6_stepper_over_an_existing_file_with_an_unencodable_title_keeps_it(tmp_path):
    import viz
    from autograd import Value

    page = tmp_path / "J.html"
    page.write_text("the old page", encoding="utf-8")
    J = Value(2.0, label="a") * 3
    with pytest.raises(ValueError, match="lone surrogate"):
        viz.stepper_html(J, page, title="bad \udc80")
    assert page.read_text(encoding="utf-8") == "the old page"
    viz.stepper_html(Value(2.0, label="x \udc80") * 3, page)  # a label's lone surrogate is drawn escaped
    assert "<svg" in page.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["J.html"]  # no temporary file left


def test_hole_6_atomic_write_keeps_modes_and_follows_the_umask(tmp_path):
    import os

    from viz._files import write_text

    new = write_text(tmp_path / "new.txt", "x")
    umask = os.umask(0o022)
    os.umask(umask)
    assert new.stat().st_mode & 0o777 == 0o666 & ~umask
    old = tmp_path / "old.txt"
    old.write_text("y")
    old.chmod(0o640)
    write_text(old, "z")
    assert old.stat().st_mode & 0o777 == 0o640 and old.read_text() == "z"
    with pytest.raises(TypeError, match="expected text"):
        write_text(old, b"bytes")


def test_hole_20_stepper_title_must_be_text(tmp_path):
    import viz
    from autograd import Value

    with pytest.raises(TypeError, match="title must be a str"):
        viz.stepper_html(Value(1.0) * 2, tmp_path / "p.html", title=5)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.needs_dot
def test_hole_20_a_failing_drawing_leaves_no_html_behind(tmp_path, capsys):
    html = tmp_path / "J.html"
    out = tmp_path / "missing-folder" / "J.svg"  # cannot be written
    assert main(["graph", "a*b", "a=1", "b=2", "-o", str(out), "--html", str(html)]) == 1
    assert "failed" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
