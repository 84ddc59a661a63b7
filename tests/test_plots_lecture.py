"""viz.plots for the lecture notes: validation curves, hidden spaces, weight pictures, loss surfaces."""

from types import SimpleNamespace

import pytest

pytest.importorskip("matplotlib")

from viz import plots  # noqa: E402


def test_loss_plot_draws_the_validation_curve_next_to_the_training_loss():
    history = SimpleNamespace(
        loss=[0.9, 0.6, 0.4, 0.3],
        epoch_loss=[0.9, 0.6, 0.4, 0.3],
        accuracy=[0.5, 0.6, 0.8, 0.9],
        val_loss=[1.0, 0.7, 0.8, 0.95],
        val_accuracy=[0.5, 0.6, 0.55, 0.5],
    )
    loss_axes, accuracy_axes = plots.plot_loss(history).axes
    curves = {line.get_label(): list(line.get_ydata()) for line in loss_axes.lines}
    assert curves["validation loss per epoch"] == [1.0, 0.7, 0.8, 0.95]
    assert curves["loss (full batch: iteration = epoch)"] == [0.9, 0.6, 0.4, 0.3]
    lowest = loss_axes.collections[0].get_offsets().tolist()
    assert lowest == [[2.0, 0.7]]  # the bottom of the U: epoch 2
    accuracies = {line.get_label(): list(line.get_ydata()) for line in accuracy_axes.lines}
    assert accuracies["validation accuracy per epoch"] == pytest.approx([50.0, 60.0, 55.0, 50.0])


# ---- hidden_space -------------------------------------------------------------------------------

import math  # noqa: E402

import matplotlib.text  # noqa: E402

import nn  # noqa: E402
from viz.words import PHRASES  # noqa: E402


def two_hidden_relu():
    model = nn.MLP(2, [2, 1], activation="relu", output_activation="sigmoid", seed=0)
    model.load_state_dict(
        {"L1.N1.w1": 1.0, "L1.N1.w2": -1.0, "L1.N1.b": 0.0, "L1.N2.w1": -1.0, "L1.N2.w2": 1.0, "L1.N2.b": 0.0}
        | {"L2.N1.w1": 2.0, "L2.N1.w2": 2.0, "L2.N1.b": -1.0}
    )
    return model


XOR_X, XOR_Y = nn.datasets.xor()


def scatter_points(axes):
    return [point for collection in axes.collections for point in collection.get_offsets().tolist()]


def test_hidden_space_draws_z_and_relu_z_of_the_layer():
    model = two_hidden_relu()
    figure = plots.hidden_space(model, XOR_X, XOR_Y)
    inputs, before, after = figure.axes
    # By hand: z1 = x1 - x2, z2 = x2 - x1; XOR's points in class order (0: (0,0), (1,1); 1: (0,1), (1,0)).
    assert scatter_points(inputs) == [[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]]
    assert scatter_points(before) == [[0.0, 0.0], [0.0, 0.0], [-1.0, 1.0], [1.0, -1.0]]
    assert scatter_points(after) == [[0.0, 0.0], [0.0, 0.0], [0.0, 1.0], [1.0, 0.0]]
    # The output neuron's line 2 a1 + 2 a2 - 1 = 0 separates them in the hidden space: a1 + a2 = 0.5.
    (line,) = [line for line in after.lines if line.get_linestyle() == "--"]
    xs, ys = line.get_xdata(), line.get_ydata()
    assert [x + y for x, y in zip(xs, ys)] == pytest.approx([0.5, 0.5])
    assert after.get_title() == "layer 1 after relu: a = relu(z)"


def test_hidden_space_matches_the_model_s_own_z_and_a():
    X, y = nn.datasets.moons(12, seed=3)
    model = nn.MLP(2, [3, 2, 1], activation="tanh", output_activation="sigmoid", seed=1)
    figure = plots.hidden_space(model, X, y, layer=2)
    _, before, after = figure.axes
    expected_z, expected_a = [], []
    for label in sorted(set(y)):
        for row, t in zip(X, y):
            if t != label:
                continue
            hidden = model.layers[1](model.layers[0](row))
            expected_a.append([a.data for a in hidden])
            expected_z.append([a.inputs[0].data for a in hidden])  # tanh's input is the neuron's z
    assert sum(scatter_points(before), []) == pytest.approx(sum(expected_z, []), rel=1e-12)
    assert sum(scatter_points(after), []) == pytest.approx(sum(expected_a, []), rel=1e-12)


@pytest.mark.parametrize(
    ("model", "X", "options", "message"),
    [
        (nn.MLP(2, [3, 1], seed=0), XOR_X, {}, "layer 1 has 3 neurons"),
        (nn.MLP(3, [2, 1], seed=0), XOR_X, {}, "2 inputs"),
        (nn.MLP(2, [2, 1], seed=0), XOR_X, {"layer": 3}, "layer must be a whole number from 1 to 2"),
        (nn.MLP(2, [2, 1], seed=0), [[0.0, math.nan]] + XOR_X[1:], {}, r"finite numbers, but X\[0\]\[1\] is nan"),
    ],
)
def test_hidden_space_refuses_what_it_cannot_draw(model, X, options, message):
    with pytest.raises(ValueError, match=message):
        plots.hidden_space(model, X, XOR_Y, **options)


def test_decision_boundary_says_which_value_is_not_finite():
    with pytest.raises(ValueError, match=r"plot_decision_boundary: X must hold finite numbers, but X\[2\]\[0\] is nan"):
        plots.plot_decision_boundary(two_hidden_relu(), [[0, 0], [0, 1], [math.nan, 0], [1, 1]], XOR_Y)


# ---- the weights as a picture -------------------------------------------------------------------


def test_weights_image_puts_every_weight_at_its_pixel_and_channel():
    neuron = nn.Neuron(4 * 4 * 3, activation="sigmoid", seed=0)
    figure = plots.plot_weights_image(neuron, shape=(4, 4, 3))
    left, right = figure.axes[:2]
    weights = [w.data for w in neuron.w]
    largest = max(abs(w) for w in weights)
    rgb = left.images[0].get_array()
    # Pixel (row 1, column 2), green channel: flattened index (1 * 4 + 2) * 3 + 1.
    assert rgb[1, 2, 1] == pytest.approx(0.5 + 0.5 * weights[(1 * 4 + 2) * 3 + 1] / largest)
    assert right.images[0].get_array()[3, 0] == pytest.approx(sum(weights[(3 * 4 + 0) * 3 + c] for c in range(3)))
    assert figure._suptitle.get_text() == "The neuron's 48 weights as a picture"


def test_weights_image_refuses_a_wrong_count():
    with pytest.raises(ValueError, match=r"shape \(64, 64, 3\) needs 12288 weights, got 5"):
        plots.plot_weights_image([0.0] * 5)


# ---- loss surfaces ------------------------------------------------------------------------------

X1 = [[-2.0], [-1.0], [-0.5], [0.5], [1.0], [2.0], [0.2], [-0.3]]
Y1 = [0, 0, 1, 1, 1, 1, 0, 0]


def test_loss_surface_over_one_weight_mse_bends_down_cross_entropy_does_not():
    neuron = nn.Neuron(1, activation="sigmoid", seed=0)
    w, b = neuron.w[0], neuron.b
    before = (w.data, b.data)
    figure = plots.plot_loss_surface(neuron, X1, Y1, [w], span=8.0, resolution=41)
    assert (w.data, b.data) == before  # the sweep puts the weight back
    mse_axes, ce_axes = figure.axes
    ws, J = mse_axes.lines[0].get_xdata(), mse_axes.lines[0].get_ydata()
    k = 7
    predictions = [1 / (1 + math.exp(-(ws[k] * x[0] + b.data))) for x in X1]
    assert J[k] == pytest.approx(sum((p - t) ** 2 for p, t in zip(predictions, Y1)) / len(Y1), rel=1e-12)
    ce = ce_axes.lines[0].get_ydata()[k]
    assert ce == pytest.approx(-sum(math.log(p if t else 1 - p) for p, t in zip(predictions, Y1)) / len(Y1))
    labels = [text.get_text() for text in mse_axes.get_legend().get_texts()]
    assert "bends down here: not convex" in labels
    assert "convex: bends up everywhere" in [text.get_text() for text in ce_axes.get_legend().get_texts()]
    assert mse_axes.get_title() == "mean squared error" and ce_axes.get_title() == "cross-entropy"


def test_loss_surface_over_two_weights_draws_contours_and_restores_them():
    neuron = nn.Neuron(1, activation="sigmoid", seed=0)
    figure = plots.plot_loss_surface(neuron, X1, Y1, [neuron.w[0], neuron.b], losses=["bce"], resolution=11)
    axes = figure.axes[0]
    assert axes.get_xlabel() == "w1" and axes.get_ylabel() == "b"
    assert [neuron.w[0].data, neuron.b.data] == list(nn.Neuron(1, activation="sigmoid", seed=0).state_dict().values())


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"losses": ["hinge"]}, "losses must name some of mse, bce"),
        ({"span": 0}, "span must be a positive number"),
        ({"resolution": 2}, "resolution must be a whole number from 5 to 400"),
    ],
)
def test_loss_surface_refuses_bad_options(options, message):
    neuron = nn.Neuron(1, activation="sigmoid", seed=0)
    with pytest.raises(ValueError, match=message):
        plots.plot_loss_surface(neuron, X1, Y1, [neuron.w[0]], **options)


# ---- words and titles ---------------------------------------------------------------------------


def all_figures(lang, title=None):
    neuron = nn.Neuron(1, activation="sigmoid", seed=0)
    history = SimpleNamespace(
        loss=[0.9, 0.7, 0.6, 0.4],
        epoch_loss=[0.8, 0.5],
        accuracy=[0.5, 0.7],
        val_loss=[0.9, 0.6],
        val_accuracy=[0.5, 0.6],
    )
    return [
        plots.plot_loss(history, lang=lang, title=title),
        plots.plot_decision_boundary(two_hidden_relu(), XOR_X, XOR_Y, resolution=10, lang=lang, title=title),
        plots.hidden_space(two_hidden_relu(), XOR_X, XOR_Y, lang=lang, title=title),
        plots.plot_weights_image([0.1, -0.2, 0.3] * 64, shape=(8, 8, 3), lang=lang, title=title),
        plots.plot_loss_surface(neuron, X1, Y1, [neuron.w[0]], resolution=11, lang=lang, title=title),
        plots.plot_loss_surface(neuron, X1, Y1, [neuron.w[0], neuron.b], resolution=7, lang=lang, title=title),
    ]


def texts(figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(matplotlib.text.Text) if t.get_text()]


def test_in_korean_no_english_phrase_of_the_plots_appears():
    english = [
        entry["en"].split("{")[0].strip()
        for key, entry in PHRASES.items()
        if key.startswith("plots.") and len(entry["en"].split("{")[0].strip()) > 3
    ]
    for figure in all_figures("ko"):
        for text in texts(figure):
            leaked = [phrase for phrase in english if phrase in text]
            assert not leaked, (text, leaked)


@pytest.mark.parametrize("title", [r"$\notamacro$", "$" + r"\sqrt{" * 60 + "x" + "}" * 60 + "$", "$ and $"])
def test_user_titles_are_text_never_mathtext(title, tmp_path):
    history = SimpleNamespace(loss=[0.9, 0.5], epoch_loss=[0.9, 0.5], accuracy=None)
    figure = plots.plot_loss(history, title=title)
    figure.savefig(tmp_path / "loss.png", dpi=20)  # mathtext would raise its parser error or recurse
    assert figure.axes[0].get_title() == title


def test_every_plot_draws_the_user_s_title_as_text():
    title = r"$\notamacro$ and $x$"
    for figure in all_figures("en", title=title):
        (drawn,) = [t for t in figure.findobj(matplotlib.text.Text) if t.get_text() == title]
        assert not drawn.get_parse_math()


def test_a_title_must_be_text():
    with pytest.raises(TypeError, match="title must be a str"):
        plots.plot_loss(SimpleNamespace(loss=[1.0], epoch_loss=[1.0], accuracy=None), title=5)


def test_loss_surface_of_an_mlp_equals_its_predictions_at_a_swept_weight():
    X, y = nn.datasets.moons(40, seed=0)  # 40 rows: replayed on one tape for the whole sweep
    model = nn.MLP(2, [3, 1], activation="tanh", output_activation="sigmoid", seed=0)
    w = model.layers[0].neurons[1].w[0]
    centre = w.data
    figure = plots.plot_loss_surface(model, X, y, [w], losses="bce", span=2.0, resolution=9)
    ws, J = figure.axes[0].lines[0].get_xdata(), figure.axes[0].lines[0].get_ydata()
    assert w.data == centre
    w.data = float(ws[2])
    expected = nn.binary_cross_entropy([model(x) for x in X], y).data
    w.data = centre
    assert J[2] == pytest.approx(expected, rel=1e-12)
