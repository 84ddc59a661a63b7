"""Slides: render(dpi=...), render_steps (a picture per step) and animate (an animated GIF)."""

from __future__ import annotations

import pytest
from lecture_graphs import j_graph

import viz
from autograd import Value


def lecture_graph():
    return j_graph().J


def png_size(path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as picture:
        assert picture.format == "PNG"
        return picture.size


@pytest.mark.needs_dot
def test_render_png_pixels_follow_the_dpi(tmp_path):
    J = lecture_graph()
    J.backward()
    default = png_size(viz.render(J, tmp_path / "J.png"))
    sizes = {dpi: png_size(viz.render(J, tmp_path / f"J{dpi}.png", dpi=dpi)) for dpi in (72, 96, 300)}
    assert sizes[96] == default  # Graphviz's own PNG resolution is 96 dpi
    for dpi in (72, 300):
        for axis in (0, 1):  # the same drawing, scaled: pixels in proportion to dpi (to a pixel or two)
            assert abs(sizes[dpi][axis] - default[axis] * dpi / 96) <= 3, (dpi, sizes)
    assert sizes[300][0] > 2000  # J at 300 dpi: sharp on a slide


def test_dpi_is_checked_and_belongs_to_png(tmp_path):
    J = lecture_graph()
    with pytest.raises(ValueError, match="PNG"):
        viz.render(J, tmp_path / "J.svg", dpi=300)
    for wrong in (0, -5, 1e6, "300", True):
        with pytest.raises(ValueError, match="dpi"):
            viz.render(J, tmp_path / "J.png", dpi=wrong)
    assert not list(tmp_path.iterdir())


@pytest.mark.needs_dot
def test_render_steps_writes_one_png_per_step_all_one_size(tmp_path):
    J = lecture_graph()
    paths = viz.render_steps(J, tmp_path / "J_{step}.png", title="J = 3(a + bc)")
    assert paths == [tmp_path / f"J_{k}.png" for k in range(8)]  # step 0 (before backward) to step 7
    assert len({png_size(path) for path in paths}) == 1  # one layout: the slides do not jump
    assert J.grad == 0.0  # drawing the steps ran no backward pass


@pytest.mark.needs_dot
def test_render_steps_svg_and_pdf_and_a_padded_number(tmp_path):
    J = lecture_graph()
    svgs = viz.render_steps(J, str(tmp_path / "J_{step:02d}.svg"))
    assert [p.name for p in svgs] == [f"J_{k:02d}.svg" for k in range(8)]
    assert "step 3 of 7" in svgs[3].read_text(encoding="utf-8")
    (tmp_path / "pdf").mkdir()
    pdfs = viz.render_steps(J, tmp_path / "pdf" / "J{step}.pdf")
    assert len(pdfs) == 8 and all(p.read_bytes().startswith(b"%PDF") for p in pdfs)


def test_render_steps_needs_the_step_placeholder_and_writes_nothing_otherwise(tmp_path):
    J = lecture_graph()
    for wrong in ("J.png", "J_{}.png", "J_{k}.png", "J_{step}_{other}.png", "J_{step.png"):
        with pytest.raises(ValueError, match="step"):
            viz.render_steps(J, tmp_path / wrong)
    with pytest.raises(ValueError, match=r"\.png"):
        viz.render_steps(J, tmp_path / "J_{step}.gif")
    with pytest.raises(ValueError, match="PNG"):
        viz.render_steps(J, tmp_path / "J_{step}.svg", dpi=300)
    with pytest.raises(TypeError, match="file name"):
        viz.render_steps(J, 42)
    assert not list(tmp_path.iterdir())


def test_render_steps_refuses_a_graph_too_large_before_writing(tmp_path):
    y = Value(1.0, label="x")
    for _ in range(200):
        y = y * 1.01
    with pytest.raises(viz.GraphTooLargeError):
        viz.render_steps(y, tmp_path / "y_{step}.png")
    with pytest.raises(viz.GraphTooLargeError):
        viz.animate(y, tmp_path / "y.gif")
    assert not list(tmp_path.iterdir())


@pytest.mark.needs_dot
def test_animate_writes_a_gif_with_a_frame_per_step(tmp_path):
    from PIL import Image

    J = lecture_graph()
    path = viz.animate(J, tmp_path / "J.gif", title="J = 3(a + bc)", seconds_per_step=1.2, hold_last=3)
    assert path == tmp_path / "J.gif"
    with Image.open(path) as gif:
        assert gif.format == "GIF" and gif.n_frames == len(J.backward_steps()) + 1 == 8
        assert gif.info.get("loop") == 0  # plays again and again
        durations, sizes, corners = [], set(), set()
        for k in range(gif.n_frames):
            gif.seek(k)
            durations.append(gif.info["duration"])
            frame = gif.convert("RGB")
            sizes.add(frame.size)
            corners.add(frame.getpixel((0, 0)))
        assert durations == [1200] * 7 + [3000]  # the finished pass held longer
        assert len(sizes) == 1 and corners == {(255, 255, 255)}  # one size, white background
        assert min(sizes.pop()) > 300


def test_animate_checks_its_arguments(tmp_path):
    J = lecture_graph()
    with pytest.raises(ValueError, match=r"\.gif"):
        viz.animate(J, tmp_path / "J.png")
    with pytest.raises(ValueError, match="seconds_per_step"):
        viz.animate(J, tmp_path / "J.gif", seconds_per_step=0)
    with pytest.raises(ValueError, match="hold_last"):
        viz.animate(J, tmp_path / "J.gif", hold_last=float("nan"))
    with pytest.raises(TypeError, match="every step"):
        viz.animate(J, tmp_path / "J.gif", step=2)
    assert not list(tmp_path.iterdir())


@pytest.mark.needs_dot
def test_slides_in_korean(tmp_path):
    J = lecture_graph()
    svgs = viz.render_steps(J, tmp_path / "J_{step}.svg", lang="ko")
    text = svgs[3].read_text(encoding="utf-8")
    assert "7단계 중 3단계" in text and "step 3 of 7" not in text
    assert viz.animate(J, tmp_path / "J.gif", lang="ko").exists()
    with pytest.raises(ValueError, match="lang"):
        viz.render_steps(J, tmp_path / "x_{step}.svg", lang="fr")
    assert not list(tmp_path.glob("x_*"))
