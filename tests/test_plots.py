"""viz.plots: the loss curve and the decision boundary (matplotlib, no display needed)."""

import sys
import warnings
from types import SimpleNamespace

import pytest

pytest.importorskip("matplotlib")

from autograd import Value  # noqa: E402
from viz import plots  # noqa: E402


def history(losses, epochs=None, accuracy=None):
    return SimpleNamespace(loss=losses, epoch_loss=epochs or [], accuracy=accuracy)


def boundary_at_half(x):
    """A one-neuron classifier: p = sigmoid(10 x1 - 5), so p = 0.5 on the line x1 = 0.5."""
    return (Value(10.0) * x[0] - 5.0).sigmoid()


def test_loss_plot_saves_every_format_asked(tmp_path):
    paths = [tmp_path / "loss.png", tmp_path / "loss.svg", tmp_path / "loss.pdf"]
    figure = plots.plot_loss(history([0.7, 0.4, 0.3, 0.1], [0.55, 0.2], [0.5, 1.0]), paths, title="XOR")
    assert paths[0].read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in paths[1].read_bytes()
    assert paths[2].read_bytes().startswith(b"%PDF")
    loss_axes, accuracy_axes = figure.axes
    assert loss_axes.get_title() == "XOR"
    assert [line.get_label() for line in loss_axes.lines] == ["loss per iteration (one batch)", "mean loss per epoch"]
    # the epoch means sit at the last iteration of each epoch (2 iterations per epoch here)
    assert list(loss_axes.lines[1].get_xdata()) == [2.0, 4.0]
    assert list(accuracy_axes.lines[0].get_ydata()) == [50.0, 100.0]


def test_svg_is_the_same_on_every_run(tmp_path):
    one, two = tmp_path / "one.svg", tmp_path / "two.svg"
    plots.plot_loss(history([1.0, 0.5, 0.2]), one)
    plots.plot_loss(history([1.0, 0.5, 0.2]), two)
    assert one.read_bytes() == two.read_bytes()


def test_loss_scale_is_log_only_when_it_falls_by_orders_of_magnitude():
    assert plots.plot_loss(history([0.7, 0.01, 0.001])).axes[0].get_yscale() == "log"
    assert plots.plot_loss(history([0.7, 0.5, 0.4])).axes[0].get_yscale() == "linear"
    assert len(plots.plot_loss(history([0.7, 0.5])).axes) == 1  # no accuracy recorded: no second axis


def test_full_batch_draws_one_loss_curve():
    lines = plots.plot_loss(history([0.7, 0.5, 0.2], [0.7, 0.5, 0.2])).axes[0].lines
    assert [line.get_label() for line in lines] == ["loss (full batch: iteration = epoch)"]


def test_loss_plot_refuses_an_empty_history_and_a_wrong_suffix(tmp_path):
    with pytest.raises(ValueError, match="at least one iteration"):
        plots.plot_loss(history([]))
    good, bad = tmp_path / "ok.png", tmp_path / "loss.txt"
    with pytest.raises(ValueError, match=r"\.png, \.svg or \.pdf"):
        plots.plot_loss(history([1.0]), [good, bad])
    assert not good.exists() and not bad.exists()  # checked before anything is written


def test_korean_title_draws_without_missing_glyphs(tmp_path, skip_or_fail):
    from matplotlib import font_manager

    names = {font.name for font in font_manager.fontManager.ttflist}
    if not any(name in names for name in plots._CJK_FAMILIES):
        skip_or_fail("no CJK font installed (apt-get install fonts-noto-cjk; `make test` installs it)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plots.plot_loss(history([0.7, 0.3]), tmp_path / "손실.png", title="XOR 손실 곡선 (loss)")
    assert not [w for w in caught if "missing from" in str(w.message)]
    assert (tmp_path / "손실.png").exists()


def test_grid_outputs_match_the_model_point_by_point():
    points = [[0.0, 0.0], [0.5, 3.0], [1.0, -2.0], [0.25, 0.75]]
    expected = [boundary_at_half(p).data for p in points]
    assert plots.grid_outputs(boundary_at_half, points) == pytest.approx(expected, abs=1e-12)


def test_grid_outputs_fall_back_for_a_model_that_branches_on_data():
    def branchy(x):  # a Python if on the data: a recorded tape would be wrong, so it must not be used
        x1 = x[0] if isinstance(x[0], Value) else Value(x[0])
        return x1 * 2.0 if x1.data > 0.5 else x1 * -1.0

    assert plots.grid_outputs(branchy, [[0.0], [0.25], [1.0]]) == [-0.0, -0.25, 2.0]


def test_grid_outputs_several_outputs_give_a_list_per_point():
    def scores(x):
        return [Value(1.0) * x[0], Value(1.0) * x[1], Value(0.0) * x[0]]

    assert plots.grid_outputs(scores, [[1.0, 2.0], [3.0, -1.0]]) == [[1.0, 2.0, 0.0], [3.0, -1.0, 0.0]]


def test_decision_boundary_is_drawn_where_the_model_says_one_half(tmp_path):
    X, y = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 0, 1, 1]
    paths = [tmp_path / "b.png", tmp_path / "b.svg"]
    figure = plots.plot_decision_boundary(boundary_at_half, X, y, paths, resolution=41, title="한 뉴런")
    assert all(path.stat().st_size > 0 for path in paths)
    axes = figure.axes[0]
    assert axes.get_title() == "한 뉴런"
    lines = [c for c in axes.collections if list(getattr(c, "levels", [])) == [0.5]]
    assert len(lines) == 1
    xs = [x for segment in lines[0].allsegs[0] for x, _ in segment]
    assert xs and min(xs) == pytest.approx(0.5, abs=0.02) and max(xs) == pytest.approx(0.5, abs=0.02)
    assert sorted(text.get_text() for text in axes.get_legend().get_texts()) == ["class 0", "class 1"]


def test_decision_regions_for_several_classes():
    def scores(x):  # class 0 left of x1 = 0, class 1 right of it, class 2 never wins
        return [Value(-1.0) * x[0], Value(1.0) * x[0], Value(0.0) * x[1] - 10.0]

    X, y = [[-1.0, 0.0], [1.0, 0.0], [0.5, 1.0]], [0, 1, 2]
    figure = plots.plot_decision_boundary(scores, X, y, resolution=20)
    mesh = [c for c in figure.axes[0].collections if type(c).__name__ == "QuadMesh"]
    assert len(mesh) == 1
    regions = mesh[0].get_array().reshape(20, 20)
    assert set(regions[:, 0].tolist()) == {0} and set(regions[:, -1].tolist()) == {1}


@pytest.mark.parametrize(
    "X, y, options, words",
    [
        ([[0.0, 0.0, 0.0]], [0], {}, "rows of two numbers"),
        ([], [], {}, "rows of two numbers"),
        ([[0.0, 0.0]], [0, 1], {}, "one class per row"),
        ([[0.0, 0.0]], [0], {"resolution": 1}, "resolution"),
        ([[0.0, 0.0]], [0], {"resolution": 2.5}, "resolution"),
    ],
)
def test_decision_boundary_refuses_bad_input(X, y, options, words):
    with pytest.raises(ValueError, match=words):
        plots.plot_decision_boundary(boundary_at_half, X, y, **options)


def test_without_matplotlib_the_error_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ImportError, match=r'pip install "chainrule\[plot\]"'):
        plots.plot_loss(history([1.0]))


def test_grid_outputs_follow_a_branch_that_no_tape_probe_would_take():
    def branchy(x):  # the branch at 5 lies outside any default probe row in (-2, 2)
        x1 = x[0] if isinstance(x[0], Value) else Value(x[0])
        return x1 * 2.0 if x1.data > 5 else x1 * -1.0

    points = [[float(i)] for i in range(10)]
    assert plots.grid_outputs(branchy, points) == [branchy(p).data for p in points]


def test_grid_outputs_ask_an_nn_model_for_all_points_at_once():
    import nn

    model = nn.MLP(2, [3, 2], activation="tanh", seed=0)
    points = [[i / 7, -j / 5] for i in range(8) for j in range(6)]  # 48 rows: nn.predict's tape
    assert plots.grid_outputs(model, points) == model.predict(points)
    one_by_one = [[v.data for v in model(p)] for p in points]
    assert plots.grid_outputs(model, points) == [pytest.approx(row, abs=1e-12) for row in one_by_one]
