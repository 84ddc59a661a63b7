"""Small 2-D data sets for learning, made in code from a seed.

Each function returns ``(X, y)``: ``X`` a list of ``[x1, x2]`` rows, ``y`` a
list of int labels. The same seed gives the same data on every run, and the
global ``random`` state is never touched.

>>> X, y = truth_table("nand")
>>> list(zip(map(tuple, X), y))
[((0.0, 0.0), 1), ((0.0, 1.0), 1), ((1.0, 0.0), 1), ((1.0, 1.0), 0)]
>>> X, y = moons(6, seed=0)
>>> len(X), sorted(set(y))
(6, [0, 1])
"""

from __future__ import annotations

import math
import numbers
import random

from ._checks import is_finite_number, seeded_random, shown

__all__ = ["truth_table", "xor", "noisy_xor", "moons", "circles", "spirals", "GATES", "MAX_NOISE"]

#: The logic gates of the lecture notes: output for inputs (0,0), (0,1), (1,0), (1,1).
GATES: dict[str, tuple[int, int, int, int]] = {
    "and": (0, 0, 0, 1),
    "or": (0, 1, 1, 1),
    "nand": (1, 1, 1, 0),
    "xor": (0, 1, 1, 0),  # = AND(OR, NAND): no single neuron can draw this line
}

_CORNERS = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]


#: The largest noise accepted: a spread far beyond any plot, and still far from float overflow.
MAX_NOISE = 1e6


def _check(n: object, noise: object, seed: object, minimum: int = 1) -> tuple[random.Random, float]:
    """The generator and the noise as a Python float (a numpy float32 would leak into the points)."""
    if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < minimum:
        raise ValueError(f"n must be a whole number >= {minimum}, got {n!r}")
    if not is_finite_number(noise) or not 0 <= noise <= MAX_NOISE:
        raise ValueError(f"noise must be a number from 0 to {MAX_NOISE:g}, got {shown(noise)}")
    return seeded_random(seed), float(noise)


def truth_table(gate: str) -> tuple[list[list[float]], list[int]]:
    """The four input pairs of a logic gate and its outputs: "and", "or", "nand" or "xor".

    >>> truth_table("or")[1]
    [0, 1, 1, 1]
    """
    if gate not in GATES:
        raise ValueError(f"unknown gate {gate!r}; choose one of: {', '.join(GATES)}")
    return [row[:] for row in _CORNERS], list(GATES[gate])


def xor() -> tuple[list[list[float]], list[int]]:
    """The four XOR points: the data set a single neuron cannot learn, a hidden layer can.

    >>> xor()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 1, 1, 0])
    """
    return truth_table("xor")


def noisy_xor(n: int = 200, noise: float = 0.15, seed: int | None = 0) -> tuple[list[list[float]], list[int]]:
    """``n`` points scattered around the four XOR corners (Gaussian noise of std ``noise``).

    >>> X, y = noisy_xor(8, seed=1)
    >>> y
    [0, 1, 1, 0, 0, 1, 1, 0]
    """
    rng, noise = _check(n, noise, seed)
    X, y = [], []
    for i in range(n):
        corner = _CORNERS[i % 4]
        X.append([c + rng.gauss(0.0, noise) for c in corner])
        y.append(GATES["xor"][i % 4])
    return X, y


def moons(n: int = 100, noise: float = 0.1, seed: int | None = 0) -> tuple[list[list[float]], list[int]]:
    """Two interleaving half circles (class 0 on top, class 1 below), like scikit-learn's make_moons.

    >>> X, y = moons(4, noise=0.0)
    >>> [[round(v, 3) for v in row] for row in X], y
    ([[1.0, 0.0], [-1.0, 0.0], [0.0, 0.5], [2.0, 0.5]], [0, 0, 1, 1])
    """
    rng, noise = _check(n, noise, seed, minimum=2)
    n0 = n // 2
    X, y = [], []
    for i in range(n0):
        t = math.pi * i / max(n0 - 1, 1)
        X.append([math.cos(t), math.sin(t)])
        y.append(0)
    for i in range(n - n0):
        t = math.pi * i / max(n - n0 - 1, 1)
        X.append([1.0 - math.cos(t), 0.5 - math.sin(t)])
        y.append(1)
    return [[a + rng.gauss(0.0, noise), b + rng.gauss(0.0, noise)] for a, b in X], y


def circles(
    n: int = 100, noise: float = 0.05, factor: float = 0.5, seed: int | None = 0
) -> tuple[list[list[float]], list[int]]:
    """A small circle (class 1, radius ``factor``) inside a large one (class 0, radius 1).

    >>> X, y = circles(4, noise=0.0)
    >>> [round(math.hypot(*row), 3) for row in X], y
    ([1.0, 1.0, 0.5, 0.5], [0, 0, 1, 1])
    """
    rng, noise = _check(n, noise, seed, minimum=2)
    if not isinstance(factor, numbers.Real) or not 0 < factor < 1:
        raise ValueError(f"factor must be between 0 and 1, got {factor!r}")
    n0 = n // 2
    X, y = [], []
    for count, radius, label in ((n0, 1.0, 0), (n - n0, float(factor), 1)):
        for i in range(count):
            t = 2 * math.pi * i / count
            X.append([radius * math.cos(t) + rng.gauss(0.0, noise), radius * math.sin(t) + rng.gauss(0.0, noise)])
            y.append(label)
    return X, y


def spirals(
    n: int = 150, classes: int = 3, noise: float = 0.2, seed: int | None = 0
) -> tuple[list[list[float]], list[int]]:
    """``classes`` interleaved spiral arms (CS231n's example), ``n`` points in all; labels 0..classes-1.

    Not linearly separable: a task for a hidden layer and ``cross_entropy``.

    >>> X, y = spirals(6, classes=3)
    >>> y
    [0, 0, 1, 1, 2, 2]
    """
    rng, noise = _check(n, noise, seed, minimum=1)
    if not isinstance(classes, numbers.Integral) or isinstance(classes, bool) or not 2 <= classes <= n:
        raise ValueError(f"classes must be a whole number from 2 to n, got {classes!r}")
    X, y = [], []
    for k in range(classes):
        count = n // classes + (1 if k < n % classes else 0)
        for i in range(count):
            r = i / max(count - 1, 1)  # radius 0 .. 1 along the arm
            t = k * 4.0 + 4.0 * r + rng.gauss(0.0, noise)  # each arm turns by 4 radians, offset per class
            X.append([r * math.sin(t), r * math.cos(t)])
            y.append(k)
    return X, y
