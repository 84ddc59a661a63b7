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

__all__ = ["truth_table", "xor", "noisy_xor", "moons", "circles", "spirals", "images", "GATES", "MAX_NOISE"]

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


def images(n: int = 200, size: int = 64, seed: int | None = 0):
    """``n`` generated RGB pictures of two kinds, for logistic regression on pixels (lecture note 004).

    The note's classifier reads a 64 x 64 colour photo as one vector of
    64 * 64 * 3 = 12,288 numbers and answers "cat" (1) or "not cat" (0). No
    photos can be downloaded here, so the pictures are **drawn in code**:

    - label 1, "cat-like": a round head with two pointed ears and two dark
      eyes, in a warm fur colour (orange, brown or grey-brown), near the
      middle of the picture (shifted and sized a little at random);
    - label 0, "not": one other shape, a disc without ears, a square or a
      band of stripes, of any colour (warm ones too), anywhere.

    Every picture has its own background colour, a soft light gradient and
    pixel noise, so no single pixel or colour gives the answer away: a
    logistic regression learns where ears and eyes tend to be, and gets well
    above chance on pictures it has not seen, without being perfect.

    Args:
        n: how many pictures (labels alternate 1, 0, 1, 0, ...: half of each kind).
        size: width and height in pixels (64 as in the note; smaller is faster).
        seed: the same seed draws the same pictures (None: different every call).

    Returns:
        ``(X, y)``: ``X`` a numpy array of shape ``(n, size * size * 3)``, each
        row one picture flattened row by row, pixel by pixel (R, G, B), values
        in [0, 1]; ``y`` a list of int labels. ``X[i].reshape(size, size, 3)``
        is picture i again (``plt.imshow`` shows it).

    >>> X, y = images(4, size=16)
    >>> X.shape, y
    ((4, 768), [1, 0, 1, 0])
    >>> float(X.min()) >= 0.0 and float(X.max()) <= 1.0
    True
    """
    import numpy as np

    _check(n, 0.0, seed, minimum=1)
    if not isinstance(size, numbers.Integral) or isinstance(size, bool) or not 8 <= size <= 256:
        raise ValueError(f"size must be a whole number from 8 to 256 (pixels per side), got {size!r}")
    rng = np.random.default_rng(None if seed is None else int(seed))
    size = int(size)
    # Pixel centres in [0, 1]: shapes are drawn in picture units, so every size shows the same picture.
    ys, xs = np.mgrid[0:size, 0:size]
    ys, xs = (ys + 0.5) / size, (xs + 0.5) / size
    X = np.empty((n, size, size, 3))
    y = [1 - i % 2 for i in range(n)]
    for i, label in enumerate(y):
        picture = _background(rng, xs, ys)
        shape, colour, eyes = (_cat if label else _other)(rng, xs, ys)
        picture[shape] = colour
        picture[eyes] = rng.uniform(0.0, 0.2, 3)  # dark eyes (a cat's; nothing for other shapes)
        picture += rng.normal(0.0, 0.06, picture.shape)
        X[i] = np.clip(picture, 0.0, 1.0)
    return X.reshape(n, size * size * 3), y


def _background(rng, xs, ys):
    """A random colour with a soft light gradient across the picture."""
    import numpy as np

    base = rng.uniform(0.15, 0.85, 3)
    angle = rng.uniform(0.0, 2 * math.pi)
    light = 0.2 * ((xs - 0.5) * math.cos(angle) + (ys - 0.5) * math.sin(angle))
    return np.clip(base[None, None, :] + light[:, :, None], 0.0, 1.0)


def _warm(rng):
    """A fur colour: more red than green, more green than blue."""
    import numpy as np

    red = rng.uniform(0.45, 0.95)
    return np.array([red, red * rng.uniform(0.45, 0.8), red * rng.uniform(0.1, 0.45)])


def _cat(rng, xs, ys):
    """A head (disc) with two ears (triangles) near the middle; returns (fur, colour, eyes) masks."""
    cx, cy = 0.5 + rng.uniform(-0.08, 0.08), 0.58 + rng.uniform(-0.06, 0.06)
    r = rng.uniform(0.2, 0.27)
    fur = (xs - cx) ** 2 + (ys - cy) ** 2 <= r**2
    base_y, span = cy - 0.55 * r, r  # ears rise from the upper head by one radius
    for side in (-1, 1):
        # A triangle: its base (0.76 r wide) on the head, its tip higher up and further out.
        up = (base_y - ys) / span  # 0 at the base, 1 at the tip
        centre = cx + side * r * (0.55 + 0.3 * up)
        fur |= (up >= 0) & (up <= 1) & (abs(xs - centre) <= 0.38 * r * (1 - up))
    eye_r = r * rng.uniform(0.12, 0.18)
    eyes = fur & False
    for side in (-1, 1):
        eyes |= (xs - (cx + side * 0.4 * r)) ** 2 + (ys - (cy - 0.15 * r)) ** 2 <= eye_r**2
    return fur, _warm(rng), eyes


def _other(rng, xs, ys):
    """One shape that is not a cat: a plain disc, a square or stripes, any colour, anywhere."""
    colour = _warm(rng) if rng.uniform() < 0.4 else rng.uniform(0.0, 1.0, 3)
    cx, cy = rng.uniform(0.25, 0.75, 2)
    kind = rng.integers(3)
    if kind == 0:
        r = rng.uniform(0.15, 0.3)
        shape = (xs - cx) ** 2 + (ys - cy) ** 2 <= r**2
    elif kind == 1:
        half = rng.uniform(0.12, 0.25)
        shape = (abs(xs - cx) <= half) & (abs(ys - cy) <= half)
    else:
        period = rng.uniform(0.12, 0.25)
        shape = ((ys + cx) % period) < period / 2
    return shape, colour, shape & False
