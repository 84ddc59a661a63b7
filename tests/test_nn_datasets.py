"""The small data sets: shapes, labels, seeds, and that they are what their names say."""

from __future__ import annotations

import math
import random

import pytest

import nn
from nn import datasets


def test_truth_tables_match_the_lecture_and_xor_is_and_of_or_nand():
    X, _ = datasets.truth_table("and")
    assert X == [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    tables = {g: datasets.truth_table(g)[1] for g in ("and", "or", "nand", "xor")}
    assert tables["or"] == [0, 1, 1, 1] and tables["nand"] == [1, 1, 1, 0] and tables["and"] == [0, 0, 0, 1]
    for (a, b), o, n, x in zip(X, tables["or"], tables["nand"], tables["xor"]):
        assert o == int(a or b) and n == int(not (a and b)) and x == int(a != b)
        assert x == int(o and n)  # XOR = AND(OR, NAND)
    assert datasets.xor() == datasets.truth_table("xor")
    with pytest.raises(ValueError, match="and, or, nand, xor"):
        datasets.truth_table("nor")


def test_returned_tables_are_copies():
    X, y = datasets.xor()
    X[0][0] = 9.0
    y[0] = 9
    assert datasets.xor() == ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 1, 1, 0])


@pytest.mark.parametrize(
    "make, classes",
    [
        (lambda seed: datasets.noisy_xor(40, seed=seed), 2),
        (lambda seed: datasets.moons(40, seed=seed), 2),
        (lambda seed: datasets.circles(40, seed=seed), 2),
        (lambda seed: datasets.spirals(40, classes=4, seed=seed), 4),
    ],
)
def test_shapes_seeds_and_global_state(make, classes):
    state = random.getstate()
    X, y = make(0)
    assert random.getstate() == state
    assert len(X) == len(y) == 40
    assert all(len(row) == 2 and all(isinstance(v, float) and math.isfinite(v) for v in row) for row in X)
    assert sorted(set(y)) == list(range(classes))
    assert make(0) == (X, y)
    assert make(1)[0] != X


def test_noisy_xor_points_sit_near_their_corner():
    X, y = datasets.noisy_xor(400, noise=0.1, seed=3)
    for (a, b), label in zip(X, y):
        corner = (round(a), round(b))
        assert label == (corner[0] != corner[1])
    assert datasets.noisy_xor(4, noise=0.0) == datasets.xor()


def test_circles_radii_and_moons_shape_without_noise():
    X, y = datasets.circles(20, noise=0.0, factor=0.3)
    for (a, b), label in zip(X, y):
        assert math.hypot(a, b) == pytest.approx(0.3 if label else 1.0)
    X, y = datasets.moons(20, noise=0.0)
    for (a, b), label in zip(X, y):
        centre = (1.0, 0.5) if label else (0.0, 0.0)
        assert math.hypot(a - centre[0], b - centre[1]) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "call",
    [
        lambda: datasets.moons(0),
        lambda: datasets.moons(10, noise=-1.0),
        lambda: datasets.circles(10, factor=1.0),
        lambda: datasets.spirals(10, classes=1),
        lambda: datasets.noisy_xor(2.5),
        lambda: datasets.moons(True),
    ],
)
def test_bad_arguments(call):
    with pytest.raises(ValueError):
        call()


def test_a_hidden_layer_separates_circles():
    X, y = datasets.circles(40, noise=0.05, seed=0)
    model = nn.MLP(2, [6, 1], activation="tanh", output_activation="sigmoid", seed=0)
    history = nn.fit(
        model, X, y, loss="bce", optimizer="adam", lr=0.05, epochs=80, batch_size=10, seed=0, verbose=False
    )
    assert history.accuracy[-1] >= 0.95
