"""nn on the batch tape: fit gives the scalar engine's history, predict its outputs.

``fit(..., use_tape=None)`` records each sample's loss once on an
``autograd.Tape`` and replays it on every batch; ``use_tape=False`` builds one
Value graph per sample. Both must train alike: losses and parameters within
1e-12 relative (for numbers below 1, absolute: a small loss such as (p - t)^2
with p close to t, or a weight near 0, keeps the rounding error of the
larger numbers it came from; the sums run in another order), and
accuracies, iterations and epochs exactly equal.
"""

from __future__ import annotations

import pytest

import autograd
import nn
import nn.train
from autograd import Value

RTOL = 1e-12


def close(a: list[float], b: list[float]) -> bool:
    """Equal within RTOL relative, or RTOL absolute below 1 (see the module's docstring)."""
    return len(a) == len(b) and all(abs(x - y) <= RTOL * max(abs(x), abs(y), 1.0) for x, y in zip(a, b))


def train_both(make_model, X, y, monkeypatch, **options):
    """fit on the tape (the scalar batch path disabled) and on the scalar engine; (history, parameters) of each."""
    runs = {}
    for use_tape in (None, False):
        with monkeypatch.context() as m:
            if use_tape is None:  # the tape must do every batch: the scalar batch step may not run
                m.setattr(nn.train, "_batch_loss_and_grads", forbidden("the scalar batch step"))
            else:  # the scalar engine only: no tape may be recorded
                m.setattr(autograd, "Tape", forbidden("autograd.Tape"), raising=False)
            model = make_model()
            history = nn.fit(model, X, y, verbose=False, use_tape=use_tape, **options)
            runs[use_tape] = history, [p.data for p in model.parameters()]
    assert runs[None][1] != [p.data for p in make_model().parameters()]  # it did train
    return runs[None], runs[False]


def forbidden(what: str):
    def fail(*args, **kwargs):
        raise RuntimeError(f"{what} was used")

    return fail


def assert_same_training(tape_run, scalar_run):
    (h_tape, p_tape), (h_scalar, p_scalar) = tape_run, scalar_run
    assert (h_tape.iterations, h_tape.epochs, h_tape.stopped_early) == (
        h_scalar.iterations,
        h_scalar.epochs,
        h_scalar.stopped_early,
    )
    assert h_tape.accuracy == h_scalar.accuracy
    assert close(h_tape.loss, h_scalar.loss)
    assert close(h_tape.epoch_loss, h_scalar.epoch_loss)
    assert close(p_tape, p_scalar)


MOONS = nn.datasets.moons(24, seed=3)


@pytest.mark.parametrize("batch_size", [1, 3, None])
@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "leaky_relu"])
@pytest.mark.parametrize(
    "loss, output", [("bce", "sigmoid"), ("bce_with_logits", "linear"), ("mse", "linear"), ("mse", "tanh")]
)
def test_fit_on_the_tape_trains_as_the_scalar_engine(monkeypatch, loss, output, activation, batch_size):
    X, y = MOONS
    tape, scalar = train_both(
        lambda: nn.MLP(2, [5, 4, 1], activation=activation, output_activation=output, seed=1),
        X,
        y,
        monkeypatch,
        loss=loss,
        optimizer="sgd",
        lr=0.3,
        epochs=3,
        batch_size=batch_size,
        shuffle=True,
        seed=7,
    )
    assert_same_training(tape, scalar)
    assert (tape[0].accuracy is None) == (loss == "mse")


@pytest.mark.parametrize("batch_size", [1, 4, None])
def test_cross_entropy_on_the_tape(monkeypatch, batch_size):
    X, y = nn.datasets.spirals(10, classes=3, seed=0)
    tape, scalar = train_both(
        lambda: nn.MLP(2, [6, 3], activation="tanh", seed=2),
        X,
        y,
        monkeypatch,
        loss="cross_entropy",
        optimizer="adam",
        lr=0.05,
        epochs=4,
        batch_size=batch_size,
        seed=1,
    )
    assert_same_training(tape, scalar)


def test_cross_entropy_with_large_logits_is_stable_on_the_tape(monkeypatch):
    X, y = [[30.0, -20.0], [-25.0, 40.0], [10.0, 10.0]], [1, 0, 2]
    tape, scalar = train_both(
        lambda: nn.MLP(2, [3], output_activation="linear", seed=0),
        X,
        y,
        monkeypatch,
        loss="cross_entropy",
        optimizer="sgd",
        lr=0.01,
        epochs=3,
        batch_size=2,
        seed=0,
    )
    assert_same_training(tape, scalar)
    assert max(tape[0].loss) > 10  # logits far apart: without the shift, exp would overflow


def test_several_regression_outputs(monkeypatch):
    X = [[i / 5, (i % 3) / 2] for i in range(10)]
    y = [[a + b, a - 2 * b] for a, b in X]
    tape, scalar = train_both(
        lambda: nn.MLP(2, [4, 2], activation="tanh", seed=3),
        X,
        y,
        monkeypatch,
        loss="mse",
        optimizer="sgd",
        lr=0.1,
        epochs=5,
        batch_size=3,
        seed=2,
    )
    assert_same_training(tape, scalar)


@pytest.mark.parametrize("l1_penalty, l2_penalty", [(0.01, 0.0), (0.0, 0.05), (0.02, 0.03)])
def test_penalties_are_added_once_per_iteration(monkeypatch, l1_penalty, l2_penalty):
    X, y = MOONS
    tape, scalar = train_both(
        lambda: nn.MLP(2, [4, 1], activation="relu", output_activation="sigmoid", seed=0),
        X,
        y,
        monkeypatch,
        loss="bce",
        optimizer="sgd",
        lr=0.5,
        epochs=3,
        batch_size=5,
        seed=0,
        l1_penalty=l1_penalty,
        l2_penalty=l2_penalty,
    )
    assert_same_training(tape, scalar)
    plain, _ = train_both(
        lambda: nn.MLP(2, [4, 1], activation="relu", output_activation="sigmoid", seed=0),
        X,
        y,
        monkeypatch,
        loss="bce",
        optimizer="sgd",
        lr=0.5,
        epochs=3,
        batch_size=5,
        seed=0,
    )
    assert tape[0].loss[0] > plain[0].loss[0]  # the penalty is in the loss


def test_adam_with_early_stopping(monkeypatch):
    X, y = nn.datasets.xor()
    tape, scalar = train_both(
        lambda: nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0),
        X,
        y,
        monkeypatch,
        loss="bce",
        optimizer="adam",
        lr=0.05,
        epochs=500,
        seed=0,
        callback=lambda history: history.accuracy[-1] == 1.0,
    )
    assert_same_training(tape, scalar)
    assert tape[0].stopped_early and tape[0].epochs < 500


def test_a_single_neuron_with_an_sgd_momentum_optimizer():
    X = [[x / 4] for x in range(-8, 9)]
    y = [2 * row[0] + 1 for row in X]
    runs = []
    for use_tape in (True, False):
        neuron = nn.Neuron(1, activation="linear", seed=0)
        opt = nn.SGD(neuron.parameters(), lr=0.05, momentum=0.9)
        history = nn.fit(
            neuron, X, y, loss="mse", optimizer=opt, epochs=10, batch_size=4, seed=3, verbose=False, use_tape=use_tape
        )
        runs.append((history, [p.data for p in neuron.parameters()]))
    assert_same_training(*runs)
    assert runs[0][0].epoch_loss[-1] < runs[0][0].epoch_loss[0] / 10


def test_bce_on_outputs_that_are_not_probabilities_fails_alike(monkeypatch):
    # Outputs x + 0.5: row 0 passes fit's first check, row 2 (no probe row of the tape) gives 5.5.
    X, y = [[0.0], [0.25], [5.0], [-0.5], [0.5]], [0, 1, 1, 0, 1]
    errors = []
    for use_tape in (True, False):
        with monkeypatch.context() as m:
            if use_tape:
                m.setattr(nn.train, "_batch_loss_and_grads", forbidden("the scalar batch step"))
            model = nn.Neuron(1, activation="linear", seed=0)
            model.load_state_dict({"w1": 1.0, "b": 0.5})
            with pytest.raises(ValueError, match=r"probabilities in \[0, 1\], got 5.5") as error:
                nn.fit(model, X, y, loss="bce", epochs=1, shuffle=False, verbose=False, use_tape=use_tape)
        errors.append(str(error.value))
        assert model.state_dict() == {"w1": 1.0, "b": 0.5}
    assert errors[0] == errors[1]


def test_use_tape_true_needs_a_loss_by_name_and_a_recordable_model():
    X, y = nn.datasets.xor()
    model = nn.MLP(2, [3, 1], output_activation="sigmoid", seed=0)
    with pytest.raises(ValueError, match="use_tape=True needs a loss given by name"):
        nn.fit(model, X, y, loss=lambda preds, targets: nn.mse(preds, targets), use_tape=True, verbose=False)
    with pytest.raises(ValueError, match="use_tape must be True, False or None"):
        nn.fit(model, X, y, loss="bce", use_tape="yes", verbose=False)

    class Branchy(nn.Module):
        """A model whose graph depends on the data: a tape cannot replay it."""

        nin = 1

        def __init__(self):
            self.w = Value(0.5, label="w")

        def __call__(self, x):
            x = x[0] if isinstance(x[0], Value) else Value(x[0])
            return self.w * x if x.data > 0 else self.w - x

        def parameters(self):
            return [self.w]

    with pytest.raises(ValueError, match="cannot be recorded on a tape: .*different graphs"):
        nn.fit(Branchy(), [[-1.0], [0.5], [2.0]], [0.0, 1.0, 1.0], loss="mse", use_tape=True, verbose=False)
    history = nn.fit(Branchy(), [[-1.0], [0.5], [2.0]], [0.0, 1.0, 1.0], loss="mse", epochs=2, verbose=False)
    assert history.iterations == 2  # by default such a model trains on the scalar engine


def test_custom_losses_and_models_train_on_the_scalar_engine_by_default(monkeypatch):
    monkeypatch.setattr(autograd, "Tape", forbidden("autograd.Tape"), raising=False)
    X, y = nn.datasets.moons(40, seed=0)
    model = nn.MLP(2, [3, 1], output_activation="sigmoid", seed=0)
    history = nn.fit(
        model, X, y, loss=lambda p, t: nn.binary_cross_entropy(p, t), epochs=2, verbose=False, use_tape=False
    )
    assert history.iterations == 2

    class Mine(nn.MLP):
        pass

    history = nn.fit(
        Mine(2, [3, 1], output_activation="sigmoid", seed=0), X[:8], y[:8], loss="bce", epochs=2, verbose=False
    )
    assert len(history.accuracy) == 2


def test_the_tape_is_recorded_once_per_fit(monkeypatch):
    import autograd.tape

    records = []
    real = autograd.tape.Tape.record

    def counting(*args, **kwargs):
        records.append(kwargs.get("inputs"))
        return real(*args, **kwargs)

    monkeypatch.setattr(autograd.tape.Tape, "record", counting)
    X, y = nn.datasets.moons(20, seed=0)
    nn.fit(
        nn.MLP(2, [3, 1], output_activation="sigmoid", seed=0), X, y, loss="bce", epochs=4, batch_size=3, verbose=False
    )
    assert records == [3]  # two features and the target


# ---- predict ---------------------------------------------------------------------------------


def grid(n):
    return [[-2 + 4 * i / (n - 1), -2 + 4 * j / (n - 1)] for i in range(n) for j in range(n)]


@pytest.mark.parametrize(
    "model",
    [
        nn.MLP(2, [8, 8, 1], activation="relu", output_activation="sigmoid", seed=0),
        nn.MLP(2, [5, 3], activation="leaky_relu", seed=1),
        nn.Layer(2, 4, activation="tanh", seed=2),
        nn.Neuron(2, activation="sigmoid", seed=3),
    ],
    ids=["mlp", "mlp-3-outputs", "layer", "neuron"],
)
def test_predict_on_a_grid_matches_the_scalar_engine(monkeypatch, model):
    import autograd.tape

    used = []
    real = autograd.tape.Tape.forward
    monkeypatch.setattr(autograd.tape.Tape, "forward", lambda self, x: used.append(len(x)) or real(self, x))
    points = grid(20)
    fast = model.predict(points)
    assert used == [400]
    with autograd.no_grad():
        slow = [model(p) for p in points]
    slow = [out.data if isinstance(out, Value) else [v.data for v in out] for out in slow]
    assert len(fast) == len(slow) == 400
    if isinstance(slow[0], float):
        assert all(isinstance(v, float) for v in fast) and close(fast, slow)
    else:
        assert all(isinstance(row, list) and len(row) == len(slow[0]) for row in fast)
        assert close([v for row in fast for v in row], [v for row in slow for v in row])
    assert nn.predict(model, points) == fast
    few = points[: nn.train.TAPE_ROWS - 1]  # few rows: one Value per row, exactly the scalar engine
    assert model.predict(few) == slow[: len(few)] and used == [400, 400]


def test_predict_falls_back_to_the_scalar_engine_with_its_errors():
    model = nn.MLP(2, [3, 1], seed=0)
    rows = grid(6)
    with pytest.raises(ValueError, match="expects 2 inputs, got 3"):
        model.predict(rows[:-1] + [[1.0, 2.0, 3.0]])
    with autograd.no_grad():  # no graph can be recorded: the scalar engine answers
        inside = model.predict(rows)
    assert close(inside, model.predict(rows))
    assert model.predict([]) == []
    assert close(model.predict(iter(rows)), inside)  # any iterable of rows, as before


@pytest.mark.parametrize("kind", ["bce", "bce_with_logits", "cross_entropy"])
def test_the_tapes_accuracy_counts_as_accuracy_does(kind):
    # fit's accuracy on a tape counts on the array; it must equal nn.accuracy of the predictions, ties included.
    import numpy as np

    from nn.train import _predict_by_row, _TapeBatches, accuracy

    rng = np.random.default_rng(3)
    X = rng.normal(size=(60, 2)).round(1).tolist()
    nout = 3 if kind == "cross_entropy" else 1
    out = "linear" if kind != "bce" else "sigmoid"
    model = nn.MLP(2, [4, nout], activation="relu", output_activation=out, seed=1)
    targets = [int(v) for v in rng.integers(0, nout if nout > 1 else 2, size=60)]
    loss_fn, loss_kind = nn.train.LOSSES[kind]
    batches = _TapeBatches(model, X, targets, loss_kind, loss_fn, nout)
    threshold = 0.0 if kind == "bce_with_logits" else 0.5
    # The reference: nn.accuracy of the scalar engine's outputs, one Value graph per row.
    assert batches.accuracy(threshold) == accuracy(_predict_by_row(model, X), targets, threshold=threshold)
    for w in model.layers[-1].parameters():
        w.data = 0.0  # every score equal: a probability of exactly 0.5, a logit of 0, a three-way tie
    ties = accuracy(_predict_by_row(model, X), targets, threshold=threshold)
    assert batches.accuracy(threshold) == ties == targets.count(1 if nout == 1 else 0) / 60


def test_probabilities_are_checked_a_column_at_a_time():
    import numpy as np

    from nn.train import _check_probabilities

    _check_probabilities(np.array([0.0, 0.5, 1.0]))
    for bad in (1.5, -0.25, float("nan")):
        with pytest.raises(ValueError, match=r"probabilities in \[0, 1\], got " + (r"nan" if bad != bad else str(bad))):
            _check_probabilities(np.array([0.5, bad, 2.0]))
