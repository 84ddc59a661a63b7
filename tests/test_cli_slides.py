"""chainrule graph --dpi, --title, --gif: slides from the command line."""

import pytest

from viz.cli import main


@pytest.mark.needs_dot
def test_graph_writes_a_titled_png_at_300_dpi_and_a_gif(tmp_path, capsys):
    from PIL import Image

    png, gif, small = tmp_path / "J.png", tmp_path / "J.gif", tmp_path / "J96.png"
    argv = ["graph", "3*(a + b*c)", "a=5", "b=3", "c=2", "--title", "J = 3(a + bc)"]
    assert main([*argv, "-o", str(png), "--dpi", "300", "--gif", str(gif)]) == 0
    assert main([*argv, "-o", str(small)]) == 0
    out = capsys.readouterr().out
    assert f"wrote {png}" in out and f"wrote {gif}" in out
    with Image.open(png) as big, Image.open(small) as default:
        assert abs(big.width - default.width * 300 / 96) <= 3  # pixels in proportion to the dpi
    with Image.open(gif) as animation:
        assert animation.n_frames == 8  # J's 7 backward steps and the state before them
        assert animation.width > 2000  # --dpi 300 applies to the frames too


@pytest.mark.needs_dot
def test_graph_title_is_drawn(tmp_path, capsys):
    svg = tmp_path / "J.svg"
    assert main(["graph", "a*b", "a=2", "b=3", "-o", str(svg), "--title", "<b>product</b>"]) == 0
    drawing = svg.read_text(encoding="utf-8")
    assert "&lt;b&gt;product&lt;/b&gt;" in drawing and "<b>" not in drawing  # shown, escaped


@pytest.mark.parametrize(
    "extra, words",
    [
        (["--dpi", "300"], "--dpi"),  # the default drawing is an SVG: dpi has nothing to set
        (["-o", "J.png", "--dpi", "5"], "--dpi"),
        (["-o", "J.png", "--dpi", "many"], "--dpi"),
        (["--gif", "J.png"], "--gif"),
    ],
)
def test_slide_flag_mistakes_exit_2_and_write_nothing(extra, words, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["graph", "a*b", "a=2", "b=3", *extra]) == 2
    assert words in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
