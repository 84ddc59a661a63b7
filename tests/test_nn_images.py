"""nn.datasets.images: generated "cat-like" and "not" pictures for logistic regression on pixels (note 004)."""

from __future__ import annotations

import pytest

import nn


def test_shape_range_labels_and_the_note_s_12288_values():
    X, y = nn.datasets.images(6)
    assert X.shape == (6, 64 * 64 * 3) == (6, 12288)
    assert X.dtype.kind == "f"
    assert 0.0 <= X.min() and X.max() <= 1.0
    assert y == [1, 0, 1, 0, 1, 0]
    assert X[0].reshape(64, 64, 3).shape == (64, 64, 3)  # a picture again, row by row, R G B per pixel


def test_same_seed_same_pictures_other_seed_other_pictures():
    a, ya = nn.datasets.images(4, size=16, seed=3)
    b, yb = nn.datasets.images(4, size=16, seed=3)
    c, _ = nn.datasets.images(4, size=16, seed=4)
    assert (a == b).all() and ya == yb
    assert not (a == c).all()


def test_no_single_colour_channel_gives_the_label_away():
    """Both kinds come in overlapping colours: the mean redness alone does not separate them."""
    X, y = nn.datasets.images(200, size=16, seed=0)
    red = X.reshape(200, 16 * 16, 3)[:, :, 0].mean(axis=1)
    cats = sorted(r for r, label in zip(red, y) if label == 1)
    others = sorted(r for r, label in zip(red, y) if label == 0)
    assert cats[-1] > others[0] and others[-1] > cats[0]  # the ranges overlap


def test_logistic_regression_on_the_tape_learns_them_well_above_chance_on_held_out_pictures():
    X, y = nn.datasets.images(300, size=16, seed=0)  # 768 values a picture keeps the test fast
    model = nn.Neuron(16 * 16 * 3, activation="sigmoid", seed=0)
    history = nn.fit(
        model,
        X[:200],
        y[:200],
        loss="bce",
        optimizer="sgd",
        lr=0.02,
        epochs=40,
        use_tape=True,
        validation=(X[200:], y[200:]),
        verbose=False,
    )
    assert history.val_accuracy[0] < 0.7  # it starts near chance
    assert history.val_accuracy[-1] >= 0.8
    assert history.accuracy[-1] >= 0.8
    assert nn.accuracy(model.predict(X[200:]), y[200:]) == history.val_accuracy[-1]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n": 0}, ValueError, "n must be a whole number"),
        ({"n": 2, "size": 4}, ValueError, "size must be a whole number from 8 to 256"),
        ({"n": 2, "size": 16.0}, ValueError, "size must be a whole number"),
        ({"n": 2, "seed": "0"}, TypeError, "seed must be an int"),
    ],
)
def test_bad_arguments_are_refused(kwargs, error, message):
    with pytest.raises(error, match=message):
        nn.datasets.images(**kwargs)
