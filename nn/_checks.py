"""The one check every nn function makes of the numbers it is given."""

import math
import numbers

__all__ = ["is_finite_number"]


def is_finite_number(x: object) -> bool:
    """True for a real, finite number that is not a bool (True is an int in Python).

    >>> is_finite_number(2), is_finite_number(float("nan")), is_finite_number(True), is_finite_number(10**400)
    (True, False, False, False)
    """
    try:  # math.isfinite(10**400) raises OverflowError: an int too large for a float
        return isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(x)
    except OverflowError:
        return False
