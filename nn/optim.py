"""Optimizers: how the gradients from ``backward()`` change the parameters.

Gradient descent, as in the lecture notes: w = w - alpha * dJ/dw, with the
learning rate alpha. ``SGD`` does exactly that (plus optional momentum);
``Adam`` scales each parameter's step by running averages of its gradient.
A training iteration is: ``zero_grad()``, forward, loss, ``backward()``, ``step()``.

Each optimizer writes its rule once, with ``+ - * /`` and a ``sqrt`` from
the math it is given (as the rules of ``autograd.ops`` are): ``step()`` runs
it on each parameter's float, ``step_arrays(data, grad)`` on whole numpy
arrays that a batch tape holds (``autograd.Tape.training``). numpy rounds
elementwise arithmetic and ``sqrt`` exactly as Python does, so both give the
same floats, bit for bit (``tests/test_nn_optim.py`` checks it).

>>> from autograd import Value
>>> w = Value(3.0, label="w")
>>> opt = SGD([w], lr=0.1)
>>> J = w * w          # dJ/dw = 2w = 6
>>> J.backward(); opt.step()
>>> round(w.data, 10)  # 3 - 0.1 * 6
2.4
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from itertools import repeat
from typing import TYPE_CHECKING, Protocol, TypeVar

import autograd
from autograd import Value

from ._checks import is_finite_number, shown

if TYPE_CHECKING:  # for the annotations only: nn imports numpy only when a tape is used
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["Optimizer", "SGD", "Adam"]

#: The numbers a rule updates: one parameter's float (``step``), or every parameter's number in one
#: float64 array (``step_arrays``); its state (velocities, averages) is numbers of the same kind.
Numbers = TypeVar("Numbers", float, "NDArray[np.float64]")


class RuleMath(Protocol[Numbers]):
    """What a rule may call on its ``m``: ``_FLOATS`` below for floats, ``autograd.ARRAY_MATH`` for arrays."""

    def sqrt(self, x: Numbers, /) -> Numbers: ...


def _number(x: object, what: str, low: float, high: float = math.inf, *, low_open: bool = False) -> float:
    if not is_finite_number(x) or x < low or (low_open and x == low) or x >= high:
        bound = f"{'>' if low_open else '>='} {low}" + (f" and < {high}" if high != math.inf else "")
        raise ValueError(f"{what} must be a number {bound}, got {shown(x)}")
    return float(x)


class _FloatMath:
    """What a rule needs, for Python floats (``autograd.ARRAY_MATH`` is the same for numpy arrays)."""

    sqrt = staticmethod(math.sqrt)

    @staticmethod
    def first_not_finite(xs: Iterable[float]) -> int | None:
        return next((i for i, x in enumerate(xs) if not math.isfinite(x)), None)


_FLOATS = _FloatMath()


def _floats(state: Sequence[float] | NDArray[np.float64]) -> list[float]:
    """A state as a list of floats (a tape's steps leave numpy arrays)."""
    return state.tolist() if hasattr(state, "tolist") else list(state)


class Optimizer:
    """Base class: holds the parameters, zeroes their gradients, and makes each step all or nothing.

    A subclass writes its rule once, ``_update(m, w, g, state, t)``: from the
    parameters ``w``, their gradients ``g``, the state (velocities, averages,
    named by ``state_names``) and the step number ``t``, the new parameters
    and the new state, changing nothing itself. ``step`` keeps the result
    only if every number in it is finite.

    Args:
        params: the Values to update, e.g. ``model.parameters()``.
    """

    #: The attributes that hold the optimizer's state, one number per parameter each.
    state_names: tuple[str, ...] = ()

    def __init__(self, params: Iterable[Value]) -> None:
        if hasattr(params, "parameters"):
            raise TypeError("pass model.parameters(), not the model itself")
        self.params = list(params)
        if not self.params:
            raise ValueError("the optimizer got an empty list of parameters")
        for p in self.params:
            if not isinstance(p, Value):
                raise TypeError(f"the optimizer needs Values, got {type(p).__name__} {p!r}")
        self.steps = 0  # how many updates were made (iterations)
        for name in self.state_names:
            setattr(self, name, [0.0] * len(self.params))

    def zero_grad(self) -> None:
        """Set every parameter's ``.grad`` back to 0.0 before the next backward pass."""
        for p in self.params:
            p.zero_grad()

    def step(self) -> None:
        """Update every parameter once from its ``.grad``.

        Raises:
            OverflowError: a parameter (or the optimizer's state) would stop
                being a finite number; then nothing changes: not the
                parameters, nor the step count, nor the state.
        """
        t, update = self.steps + 1, self._update
        # each parameter's state, as a tuple (velocity,) or (m, v); () when there is none
        state = zip(*[_floats(getattr(self, name)) for name in self.state_names]) if self.state_names else repeat(())
        results = [update(_FLOATS, p.data, p.grad, s, t) for p, s in zip(self.params, state)]
        data = [w for w, _ in results]
        new_state = [list(s) for s in zip(*[s for _, s in results])] if self.state_names else []
        self._keep(_FLOATS, data, new_state)
        for p, w in zip(self.params, data):
            p.data = w

    def step_arrays(self, data: NDArray[np.float64], grad: NDArray[np.float64]) -> None:
        """The same step on numpy arrays: ``data[i]``, ``grad[i]`` are ``params[i]``'s; ``data`` changes in place.

        For a training loop that keeps the parameters in arrays
        (``autograd.Tape.training``); the Values in ``params`` are neither
        read nor written. Raises as ``step``, and then changes nothing.

        >>> import numpy as np
        >>> opt = SGD([Value(0.0)], lr=0.5)
        >>> data = np.array([3.0]); opt.step_arrays(data, np.array([2.0])); data.tolist()
        [2.0]
        """
        m = autograd.ARRAY_MATH
        if getattr(data, "shape", None) != (len(self.params),) or getattr(grad, "shape", None) != data.shape:
            raise ValueError(
                f"step_arrays needs two arrays of shape ({len(self.params)},), one number per parameter; "
                f"got {getattr(data, 'shape', data)!r} and {getattr(grad, 'shape', grad)!r}"
            )
        # m.array copies: a state may keep the gradient (momentum's first step), and the caller reuses grad's array
        state = [m.array(getattr(self, name)) for name in self.state_names]
        with m.overflow_allowed():  # an inf is found and named below
            new, new_state = self._update(m, data, m.array(grad), state, self.steps + 1)
        self._keep(m, new, new_state)
        data[:] = new

    def _keep(
        self,
        m: _FloatMath | autograd.ArrayMath,
        data: Sequence[float] | NDArray[np.float64],
        state: Sequence[Sequence[float] | NDArray[np.float64]],
    ) -> None:
        """Keep a step's results (and count it), or raise OverflowError if any number is not finite."""
        for what, numbers in (("", data), *((f"'s {name}", s) for name, s in zip(self.state_names, state))):
            i = m.first_not_finite(numbers)
            if i is not None:
                name = self.params[i].label or i
                raise OverflowError(
                    f"{type(self).__name__}.step: parameter {name!r}{what} became {float(numbers[i])!r}; "
                    "training diverged, try a smaller learning rate (nothing was changed)"
                )
        for name, s in zip(self.state_names, state):
            setattr(self, name, s)
        self.steps += 1

    def _update(
        self, m: RuleMath[Numbers], w: Numbers, g: Numbers, state: Sequence[Numbers], t: int
    ) -> tuple[Numbers, tuple[Numbers, ...]]:
        """The rule: (new w, (new state in ``state_names`` order)) for step ``t``, on floats or arrays alike."""
        raise NotImplementedError


class SGD(Optimizer):
    """Gradient descent: w = w - lr * dJ/dw, optionally with momentum.

    With momentum m, a velocity remembers past gradients,
    v = m * v + dJ/dw and w = w - lr * v (PyTorch's formula), which speeds
    up steady descent and damps zig-zags.

    Args:
        params: the Values to update.
        lr: learning rate (alpha), > 0.
        momentum: in [0, 1); 0 is plain gradient descent.
    """

    def __init__(self, params: Iterable[Value], lr: float = 0.1, momentum: float = 0.0) -> None:
        self.lr = _number(lr, "lr", 0.0, low_open=True)
        self.momentum = _number(momentum, "momentum", 0.0, 1.0)
        self.state_names = ("velocity",) if self.momentum else ()
        super().__init__(params)

    def _update(
        self, m: RuleMath[Numbers], w: Numbers, g: Numbers, state: Sequence[Numbers], t: int
    ) -> tuple[Numbers, tuple[Numbers, ...]]:
        if not self.momentum:
            return w - self.lr * g, ()
        (velocity,) = state
        velocity = g if t == 1 else self.momentum * velocity + g  # PyTorch starts the velocity at the first gradient
        return w - self.lr * velocity, (velocity,)

    def __repr__(self) -> str:
        return f"SGD(lr={self.lr}, momentum={self.momentum})"


class Adam(Optimizer):
    """Adam: a step per parameter scaled by running averages of its gradient.

    m = b1 * m + (1 - b1) * g         (average gradient: direction)
    v = b2 * v + (1 - b2) * g^2       (average squared gradient: scale)
    w = w - lr * m_hat / (sqrt(v_hat) + eps), with m_hat = m / (1 - b1^t),
    v_hat = v / (1 - b2^t) correcting the zero start (t = step count).

    Args:
        params: the Values to update.
        lr: learning rate, > 0.
        betas: (b1, b2), each in [0, 1).
        eps: > 0, keeps the division finite.
    """

    state_names = ("m", "v")

    def __init__(
        self, params: Iterable[Value], lr: float = 0.001, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8
    ) -> None:
        super().__init__(params)
        self.lr = _number(lr, "lr", 0.0, low_open=True)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"betas must be a pair (b1, b2), got {betas!r}")
        self.betas = (_number(betas[0], "betas[0]", 0.0, 1.0), _number(betas[1], "betas[1]", 0.0, 1.0))
        self.eps = _number(eps, "eps", 0.0, low_open=True)

    def _update(
        self, math: RuleMath[Numbers], w: Numbers, g: Numbers, state: Sequence[Numbers], t: int
    ) -> tuple[Numbers, tuple[Numbers, ...]]:
        b1, b2 = self.betas
        m, v = state
        m = b1 * m + (1.0 - b1) * g
        v = b2 * v + (1.0 - b2) * g * g
        m_hat, v_hat = m / (1.0 - b1**t), v / (1.0 - b2**t)
        return w - self.lr * m_hat / (math.sqrt(v_hat) + self.eps), (m, v)

    def __repr__(self) -> str:
        return f"Adam(lr={self.lr}, betas={self.betas}, eps={self.eps})"
