"""The checks every nn function makes of the numbers it is given, and of seeds."""

import math
import numbers
import random
from typing import TypeGuard

__all__ = ["is_finite_number", "seeded_random", "shown"]


def is_finite_number(x: object) -> TypeGuard[float]:
    """True for a real, finite number that is not a bool (True is an int in Python); mypy then takes it as a float.

    >>> is_finite_number(2), is_finite_number(float("nan")), is_finite_number(True), is_finite_number(10**400)
    (True, False, False, False)
    """
    try:  # math.isfinite(10**400) raises OverflowError: an int too large for a float
        return isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(x)
    except OverflowError:
        return False


def seeded_random(seed: object, also: str = "") -> random.Random:
    """A private ``random.Random`` from ``seed``: an int (numpy integers too) or None.

    ``random.Random`` itself refuses numpy integers (``np.int64(0)``), and a
    float or a string would seed it silently; both are turned into one clear error.

    >>> seeded_random(3).random() == seeded_random(3).random()
    True
    """
    if seed is None:
        return random.Random()
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool):
        return random.Random(int(seed))  # int(): numpy integers are Integral but not int
    raise TypeError(f"seed must be an int{also} or None, got {type(seed).__name__} {seed!r}")


def shown(x: object) -> str:
    """``repr(x)`` for an error message, except for an int too large to print or to be a float.

    >>> shown(2.5), shown(10**400)
    ('2.5', 'an int of 401 digits (too large for a float)')
    """
    if isinstance(x, int) and not isinstance(x, bool) and abs(x) > 1e308:
        if x.bit_length() < 10_000:
            return f"an int of {len(str(abs(x)))} digits (too large for a float)"
        return f"an int of about {round(x.bit_length() * math.log10(2))} digits (too large for a float)"
    return repr(x)
