"""fit: epochs, batches, iterations, history, progress, early stopping, input checks."""

from __future__ import annotations

import io
import math
import numbers
import random

import pytest

import nn


def xor_model(seed=0, activation="tanh"):
    return nn.MLP(2, [4, 1], activation=activation, output_activation="sigmoid", seed=seed)


@pytest.mark.parametrize("optimizer, lr, epochs", [("sgd", 0.5, 600), ("adam", 0.05, 300)])
def test_xor_reaches_100_percent_from_a_fixed_seed(optimizer, lr, epochs):
    X, y = nn.datasets.xor()
    model = xor_model()
    history = nn.fit(model, X, y, loss="bce", optimizer=optimizer, lr=lr, epochs=epochs, seed=0, verbose=False)
    assert nn.accuracy(model.predict(X), y) == 1.0
    assert history.accuracy[-1] == 1.0
    assert history.epoch_loss[-1] < 0.2 < history.epoch_loss[0]


def test_xor_with_relu_hidden_layer_and_adam_optimizer_object():
    X, y = nn.datasets.xor()
    model = xor_model(seed=1, activation="relu")
    opt = nn.Adam(model.parameters(), lr=0.05)
    nn.fit(model, X, y, loss="bce", optimizer=opt, epochs=300, batch_size=4, seed=0, verbose=False)
    assert nn.accuracy(model.predict(X), y) == 1.0
    assert opt.steps == 300


def test_epochs_batches_iterations_are_counted_as_the_lecture_defines_them():
    X, y = nn.datasets.noisy_xor(10, seed=0)
    model = xor_model()
    history = nn.fit(model, X, y, loss="bce", epochs=3, batch_size=4, seed=0, verbose=False)
    # 10 samples in batches of 4: 4 + 4 + 2, so 3 iterations per epoch
    assert (history.epochs, history.iterations, len(history.loss)) == (3, 9, 9)
    assert len(history.epoch_loss) == len(history.accuracy) == 3
    first_epoch = history.loss[:3]
    assert history.epoch_loss[0] == pytest.approx((4 * first_epoch[0] + 4 * first_epoch[1] + 2 * first_epoch[2]) / 10)
    full = nn.fit(xor_model(), X, y, loss="bce", epochs=2, verbose=False)  # batch_size None: whole data
    assert full.iterations == 2
    one = nn.fit(xor_model(), X, y, loss="bce", epochs=1, batch_size=1, verbose=False)  # stochastic
    assert one.iterations == 10
    big = nn.fit(xor_model(), X, y, loss="bce", epochs=1, batch_size=100, verbose=False)
    assert big.iterations == 1


def test_same_seed_same_training_and_global_random_untouched():
    X, y = nn.datasets.moons(30, seed=1)
    state = random.getstate()
    runs = []
    for _ in range(2):
        model = xor_model(seed=5)
        runs.append(
            (nn.fit(model, X, y, loss="bce", epochs=3, batch_size=7, seed=9, verbose=False).loss, model.state_dict())
        )
    assert random.getstate() == state
    assert runs[0] == runs[1]
    other = nn.fit(xor_model(seed=5), X, y, loss="bce", epochs=3, batch_size=7, seed=10, verbose=False)
    assert other.loss != runs[0][0]  # a different shuffle gives different batches


def test_one_iteration_is_one_sgd_step_on_the_batch_mean_loss():
    X, y = [[1.0, 2.0], [0.5, -1.0]], [1.0, -2.0]
    model = nn.MLP(2, [1], output_activation="linear", seed=0)
    expected = nn.MLP(2, [1], output_activation="linear", seed=0)
    nn.fit(model, X, y, loss="mse", optimizer="sgd", lr=0.1, epochs=1, shuffle=False, verbose=False)
    loss = nn.mse([expected(x) for x in X], y)
    loss.backward()
    assert model.state_dict() == pytest.approx({p.label: p.data - 0.1 * p.grad for p in expected.parameters()})


def test_regression_history_has_no_accuracy_and_loss_goes_down():
    X = [[x / 10] for x in range(-10, 11)]
    y = [3 * row[0] - 1 for row in X]
    model = nn.Neuron(1, activation="linear", seed=0)
    history = nn.fit(model, X, y, loss="mse", lr=0.3, epochs=100, verbose=False)
    assert history.accuracy is None
    assert history.epoch_loss[-1] < 1e-6
    assert [w.data for w in model.w] + [model.b.data] == pytest.approx([3.0, -1.0], abs=1e-3)


def test_cross_entropy_learns_spirals_better_than_chance():
    X, y = nn.datasets.spirals(45, classes=3, seed=0)
    model = nn.MLP(2, [8, 3], activation="relu", seed=0)
    history = nn.fit(
        model, X, y, loss="cross_entropy", optimizer="adam", lr=0.05, epochs=40, batch_size=15, seed=0, verbose=False
    )
    assert history.accuracy[-1] > 0.6  # chance is 1/3
    assert history.accuracy[-1] == nn.accuracy(model.predict(X), y)


def test_bce_with_logits_and_numpy_inputs(require):
    np = require("numpy")
    X, y = nn.datasets.xor()
    model = nn.MLP(2, [4, 1], activation="tanh", output_activation="linear", seed=0)
    history = nn.fit(
        model,
        np.array(X),
        np.array(y),
        loss="bce_with_logits",
        optimizer="adam",
        lr=0.05,
        epochs=300,
        seed=0,
        verbose=False,
    )
    assert history.accuracy[-1] == 1.0
    assert nn.accuracy(model.predict(np.array(X)), y, threshold=0.0) == 1.0


def test_callback_can_stop_early():
    X, y = nn.datasets.xor()
    seen = []

    def stop_when_perfect(history):
        seen.append(history.epochs)
        return history.accuracy[-1] == 1.0

    history = nn.fit(
        xor_model(),
        X,
        y,
        loss="bce",
        optimizer="adam",
        lr=0.05,
        epochs=1000,
        seed=0,
        callback=stop_when_perfect,
        verbose=False,
    )
    assert history.stopped_early and history.epochs < 1000
    assert seen == list(range(1, history.epochs + 1))
    assert history.accuracy[-1] == 1.0 and history.accuracy[-2] < 1.0


def test_l2_penalty_shrinks_the_weights():
    X, y = nn.datasets.noisy_xor(20, seed=0)
    plain, shrunk = xor_model(), xor_model()
    nn.fit(plain, X, y, loss="bce", optimizer="adam", lr=0.05, epochs=50, seed=0, verbose=False)
    h = nn.fit(shrunk, X, y, loss="bce", optimizer="adam", lr=0.05, epochs=50, seed=0, l2_penalty=0.1, verbose=False)
    assert nn.l2(shrunk.weights()).data < nn.l2(plain.weights()).data
    assert all(math.isfinite(v) for v in h.loss)


def test_progress_bar_only_when_asked_or_on_a_terminal(monkeypatch, capsys):
    X, y = nn.datasets.xor()
    nn.fit(xor_model(), X, y, loss="bce", epochs=3, verbose=None)  # pytest's stderr is not a terminal
    assert capsys.readouterr().err == ""
    nn.fit(xor_model(), X, y, loss="bce", epochs=3, verbose=True)
    err = capsys.readouterr().err
    assert "\r" in err and "epoch 3/3" in err and "loss=" in err and err.endswith("\n")

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    fake = Terminal()
    monkeypatch.setattr("sys.stderr", fake)
    nn.fit(xor_model(), X, y, loss="bce", epochs=2)
    assert "epoch 2/2" in fake.getvalue()
    fake.truncate(0)
    nn.fit(xor_model(), X, y, loss="bce", epochs=2, verbose=False)
    assert fake.getvalue().strip("\x00") == ""


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(X=[[0.0, 0.0], [1.0]], y=[0, 1]), "X\\[1\\] has 1 features"),
        (dict(X=[[0.0, 0.0, 0.0]], y=[0]), "expects 2 inputs"),
        (dict(X=[], y=[]), "non-empty"),
        (dict(X=[0.0, 1.0], y=[0, 1]), "row of numbers"),
        (dict(X=[[0.0, math.nan]], y=[0]), "finite"),
        (dict(X=[[0.0, 0.0]], y=[0, 1]), "1 rows but 2 targets"),
        (dict(X=[[0.0, 0.0]], y=[2], loss="bce"), "0 or 1"),
        (dict(X=[[0.0, 0.0]], y=[0], loss="cross_entropy"), "one output per class"),
        (dict(X=[[0.0, 0.0]], y=[0], loss="hinge"), "unknown loss"),
        (dict(X=[[0.0, 0.0]], y=[0], optimizer="rmsprop"), "optimizer"),
        (dict(X=[[0.0, 0.0]], y=[0], epochs=0), "epochs"),
        (dict(X=[[0.0, 0.0]], y=[0], batch_size=0), "batch_size"),
        (dict(X=[[0.0, 0.0]], y=[0], l2_penalty=-1.0), "l2_penalty"),
        (dict(X=[[0.0, 0.0]], y=[0], callback="stop"), "callback"),
    ],
)
def test_bad_data_raises_before_any_training(kwargs, message):
    model = xor_model()
    before = model.state_dict()
    kwargs.setdefault("loss", "mse")
    with pytest.raises(ValueError, match=message):
        nn.fit(model, verbose=False, **kwargs)
    assert model.state_dict() == before


class _Index:
    """A whole number of its own kind, registered as ``numbers.Integral`` (as a library's integer type may be):
    it converts with int() but has no comparison with an int of Python's."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __int__(self) -> int:
        return self.n

    def __index__(self) -> int:
        return self.n

    def __repr__(self) -> str:
        return f"_Index({self.n})"


numbers.Integral.register(_Index)


def test_class_indices_of_any_integral_type_are_checked_by_their_int_value():
    # (`0 <= t < nout` on such a number raised a bare TypeError: int <= _Index is not defined.)
    X = [[0.0, 0.0], [1.0, 1.0]]
    model = nn.MLP(2, [3, 3], seed=0)
    history = nn.fit(model, X, [_Index(0), _Index(2)], loss="cross_entropy", epochs=2, verbose=False)
    assert history.epochs == 2 and len(history.accuracy) == 2
    with pytest.raises(ValueError, match=r"y\[1\] must be a class index 0..2, got _Index\(3\)"):
        nn.fit(nn.MLP(2, [3, 3], seed=0), X, [_Index(0), _Index(3)], loss="cross_entropy", verbose=False)


def test_bad_labels_for_cross_entropy_and_bce_on_raw_outputs():
    model = nn.MLP(2, [3, 3], seed=0)
    before = model.state_dict()
    with pytest.raises(ValueError, match=r"y\[1\] must be a class index 0..2"):
        nn.fit(model, [[0.0, 0.0], [1.0, 1.0]], [0, 3], loss="cross_entropy", verbose=False)
    with pytest.raises(ValueError, match="one output"):
        nn.fit(model, [[0.0, 0.0]], [1], loss="bce", verbose=False)
    linear = nn.MLP(2, [3, 1], seed=0)
    linear.load_state_dict({**linear.state_dict(), "L2.N1.b": 5.0})
    with pytest.raises(ValueError, match="output_activation='sigmoid'"):
        nn.fit(linear, [[0.0, 0.0]], [1], loss="bce", verbose=False)
    assert model.state_dict() == before
    with pytest.raises(ValueError, match="lr"):
        nn.fit(model, [[0.0, 0.0]], [[0.0, 0.0, 0.0]], optimizer=nn.SGD(model.parameters()), lr=0.1, verbose=False)


def test_custom_loss_function():
    X, y = [[1.0, 0.0], [0.0, 1.0]], [2.0, -1.0]
    model = nn.MLP(2, [1], seed=0)

    def half_sse(preds, targets):
        return sum(((p - t) ** 2 for p, t in zip(preds, targets)), start=nn.l2([])) * 0.5

    history = nn.fit(model, X, y, loss=half_sse, lr=0.2, epochs=200, verbose=False)
    assert history.epoch_loss[-1] < 1e-8 and history.accuracy is None
    with pytest.raises(TypeError, match="must return a Value"):
        nn.fit(model, X, y, loss=lambda p, t: 0.0, epochs=1, verbose=False)


def test_accuracy_checks_its_inputs():
    assert nn.accuracy([0.2, 0.7], [0, 1]) == 1.0
    assert nn.accuracy([-0.2, 0.7], [0, 1], threshold=0.0) == 1.0
    with pytest.raises(ValueError):
        nn.accuracy([0.2], [0, 1])
    with pytest.raises(ValueError):
        nn.accuracy([], [])


def test_history_repr_summarises():
    X, y = nn.datasets.xor()
    h = nn.fit(xor_model(), X, y, loss="bce", epochs=2, verbose=False)
    assert repr(h).startswith("History(2 epochs, 2 iterations, loss ")


def test_a_history_reads_as_its_losses_per_epoch():
    import nn

    X, y = nn.datasets.xor()
    model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    history = nn.fit(model, X, y, loss="bce", optimizer="adam", lr=0.1, epochs=30, batch_size=2, seed=0, verbose=False)
    assert len(history) == 30 and history.iterations == 60  # 2 iterations per epoch
    assert list(history) == history.epoch_loss and history[-1] == history.epoch_loss[-1]
    assert history[-1] < history[0]


def test_fit_refuses_an_optimizer_of_another_models_parameters():
    X, y = nn.datasets.xor()
    model = nn.MLP(2, [3, 1], output_activation="sigmoid", seed=0)
    other = nn.MLP(2, [3, 1], output_activation="sigmoid", seed=1)
    before = [p.data for p in model.parameters()]
    with pytest.raises(ValueError, match="not this model's parameters.*L1.N1.w1.*model.parameters"):
        nn.fit(model, X, y, loss="bce", optimizer=nn.Adam(other.parameters()), epochs=5, verbose=False)
    mixed = nn.SGD(model.parameters() + other.parameters()[:1])
    with pytest.raises(ValueError, match="holds 1 Values"):
        nn.fit(model, X, y, loss="bce", optimizer=mixed, epochs=5, verbose=False)
    assert [p.data for p in model.parameters()] == before
    # a subset of the model's own parameters trains that subset and leaves the rest alone
    last = model.layers[-1].parameters()
    nn.fit(model, X, y, loss="bce", optimizer=nn.SGD(last, lr=0.5), epochs=5, verbose=False)
    now = [p.data for p in model.parameters()]
    assert now[: -len(last)] == before[: -len(last)] and now[-len(last) :] != before[-len(last) :]


def test_predict_and_fit_say_how_to_use_an_rnn_cell():
    # An RNNCell takes (x, h): without this check fit failed deep inside with "missing argument 'h'".
    cell = nn.RNNCell(1, 2, seed=0)
    for call in (lambda: nn.predict(cell, [[1.0]]), lambda: nn.fit(cell, [[1.0]], [0.0], epochs=1, verbose=False)):
        with pytest.raises(TypeError, match=r"RNNCell takes \(x, h\).*unroll"):
            call()
    with pytest.raises(TypeError, match="must be callable"):
        nn.predict(42, [[1.0]])
