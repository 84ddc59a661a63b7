"""fit(..., validation=(X_val, y_val)): the loss and accuracy on held-out data, one per epoch."""

from __future__ import annotations

import math

import pytest

import nn


def _independent(model, X, y, loss: str) -> tuple[float, float | None]:
    """The validation loss and accuracy, computed here from the model's outputs on the scalar engine."""
    outputs = [model(x) for x in X]
    if loss == "bce":
        value = nn.binary_cross_entropy(outputs, y).data
        return value, sum(round(o.data) == t for o, t in zip(outputs, y)) / len(y)
    if loss == "cross_entropy":
        per_sample = [nn.cross_entropy(o, t).data for o, t in zip(outputs, y)]
        guesses = [max(range(len(o)), key=lambda k, o=o: o[k].data) for o in outputs]
        return math.fsum(per_sample) / len(y), sum(g == t for g, t in zip(guesses, y)) / len(y)
    return math.fsum((o.data - t) ** 2 for o, t in zip(outputs, y)) / len(y), None


CASES = [
    ("bce", lambda: nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0), nn.datasets.moons),
    ("cross_entropy", lambda: nn.MLP(2, [6, 3], activation="relu", seed=0), nn.datasets.spirals),
    ("mse", lambda: nn.MLP(2, [3, 1], activation="tanh", seed=0), nn.datasets.moons),
]


@pytest.mark.parametrize("use_tape", [True, False])
@pytest.mark.parametrize(("loss", "make_model", "make_data"), CASES)
def test_validation_history_has_one_value_per_epoch_equal_to_an_independent_computation(
    loss, make_model, make_data, use_tape
):
    X, y = make_data(40, seed=1)
    X_val, y_val = make_data(30, seed=2)
    if loss == "mse":
        y, y_val = [float(t) for t in y], [float(t) for t in y_val]
    model = make_model()
    expected = []

    def measure(history):
        expected.append(_independent(model, X_val, y_val, loss))

    history = nn.fit(
        model,
        X,
        y,
        loss=loss,
        optimizer="adam",
        lr=0.05,
        epochs=7,
        batch_size=16,
        seed=0,
        verbose=False,
        use_tape=use_tape,
        validation=(X_val, y_val),
        callback=measure,
    )
    assert len(history.val_loss) == history.epochs == len(history.epoch_loss) == 7
    assert history.val_loss == pytest.approx([loss_ for loss_, _ in expected], rel=1e-9)
    if loss == "mse":
        assert history.val_accuracy is None
    else:
        assert len(history.val_accuracy) == 7
        assert history.val_accuracy == [acc for _, acc in expected]
    assert history.val_loss != history.epoch_loss  # other data, other numbers


def test_without_validation_the_history_has_none():
    X, y = nn.datasets.xor()
    history = nn.fit(nn.Neuron(2, activation="sigmoid", seed=0), X, y, loss="bce", epochs=2, verbose=False)
    assert history.val_loss is None and history.val_accuracy is None


def test_validation_loss_leaves_out_the_penalty_and_stops_with_the_callback():
    X, y = nn.datasets.moons(20, seed=0)
    model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    history = nn.fit(
        model,
        X,
        y,
        loss="bce",
        epochs=50,
        l2_penalty=10.0,
        validation=(X, y),
        callback=lambda h: h.epochs == 3,
        verbose=False,
    )
    assert len(history.val_loss) == 3 == history.epochs
    # Same data, but the training loss carries the large penalty and validation does not.
    assert history.val_loss[-1] == pytest.approx(_independent(model, X, y, "bce")[0], rel=1e-9)
    assert history.epoch_loss[-1] > history.val_loss[-1] + 1.0


@pytest.mark.parametrize(
    ("validation", "message"),
    [
        ([[0.0, 1.0]], "pair"),
        (([[0.0, 1.0]], [1, 0]), "validation: y must have one target per row"),
        (([[0.0, 1.0, 2.0]], [1]), "validation: .*expects 2 inputs"),
        (([[0.0, float("nan")]], [1]), r"validation: X\[0\] must hold finite numbers"),
        (([[0.0, 1.0]], [2]), "validation: y.0. must be a label 0 or 1"),
    ],
)
def test_bad_validation_data_is_refused_before_training(validation, message):
    X, y = nn.datasets.xor()
    model = nn.Neuron(2, activation="sigmoid", seed=0)
    before = model.state_dict()
    with pytest.raises(ValueError, match=message):
        nn.fit(model, X, y, loss="bce", epochs=2, validation=validation, verbose=False)
    assert model.state_dict() == before


def test_a_numpy_X_is_checked_in_one_pass_with_the_same_messages_and_values(require):
    np = require("numpy")
    X, y = nn.datasets.moons(20, seed=0)
    as_lists = nn.fit(nn.Neuron(2, activation="sigmoid", seed=0), X, y, loss="bce", epochs=3, verbose=False)
    as_array = nn.fit(nn.Neuron(2, activation="sigmoid", seed=0), np.array(X), y, loss="bce", epochs=3, verbose=False)
    assert as_array.loss == pytest.approx(as_lists.loss, rel=1e-12)
    bad = np.array(X)
    bad[3, 1] = np.inf
    with pytest.raises(ValueError, match=r"X\[3\] must hold finite numbers, got inf"):
        nn.fit(nn.Neuron(2, activation="sigmoid", seed=0), bad, y, loss="bce", epochs=1, verbose=False)
