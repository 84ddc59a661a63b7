"""Optimizers: how the gradients from ``backward()`` change the parameters.

Gradient descent, as in the lecture notes: w = w - alpha * dJ/dw, with the
learning rate alpha. ``SGD`` does exactly that (plus optional momentum);
``Adam`` scales each parameter's step by running averages of its gradient.
A training iteration is: ``zero_grad()``, forward, loss, ``backward()``, ``step()``.

Every rule is written once, on numpy arrays (one entry per parameter): ``step()``
gathers the Values' ``data`` and ``grad`` into arrays, runs it, and writes the
new numbers back; ``step_arrays(data, grad)`` runs it on arrays a batch tape
holds (``autograd.Tape.training``), with no Values in between. Elementwise
numpy arithmetic rounds as Python's does, so both give the very same floats as
the formulas written out for one number (``tests/test_nn_optim.py`` checks it
bit for bit).

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
from collections.abc import Iterable

import numpy as np

from autograd import Value

from ._checks import is_finite_number

__all__ = ["Optimizer", "SGD", "Adam"]


def _number(x: object, what: str, low: float, high: float = math.inf, *, low_open: bool = False) -> float:
    if not is_finite_number(x) or x < low or (low_open and x == low) or x >= high:
        bound = f"{'>' if low_open else '>='} {low}" + (f" and < {high}" if high != math.inf else "")
        raise ValueError(f"{what} must be a number {bound}, got {x!r}")
    return float(x)


class Optimizer:
    """Base class: holds the parameters, zeroes their gradients, and makes each step all or nothing.

    A subclass writes its rule once, ``_update(data, grad, t)``, on arrays:
    it returns the new parameters and the new state (velocities, averages)
    without changing anything; ``step_arrays`` keeps them only if every number
    is finite.

    Args:
        params: the Values to update, e.g. ``model.parameters()``.
    """

    #: The names of the optimizer's state arrays (one entry per parameter), as its attributes.
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

    def zero_grad(self) -> None:
        """Set every parameter's ``.grad`` back to 0.0 before the next backward pass."""
        for p in self.params:
            p.zero_grad()

    def step(self) -> None:
        """Update every parameter once from its ``.grad``.

        Raises:
            OverflowError: a parameter (or the optimizer's state) would stop
                being a finite number; then nothing changes, not the
                parameters, nor the step count, nor the state.
        """
        data = np.array([p.data for p in self.params], dtype=np.float64)
        self.step_arrays(data, np.array([p.grad for p in self.params], dtype=np.float64))
        for p, new in zip(self.params, data.tolist()):
            p.data = new

    def step_arrays(self, data: np.ndarray, grad: np.ndarray) -> None:
        """The same step on arrays: ``data[i]``, ``grad[i]`` are ``params[i]``'s; ``data`` is updated in place.

        For a training loop that keeps the parameters in arrays (``autograd.Tape.training``).
        The Values in ``params`` are not read or written.

        >>> import numpy as np
        >>> opt = SGD([Value(0.0)], lr=0.5)
        >>> data = np.array([3.0]); opt.step_arrays(data, np.array([2.0])); data.tolist()
        [2.0]
        """
        if data.shape != (len(self.params),) or grad.shape != data.shape:
            raise ValueError(
                f"step_arrays needs data and grad of shape ({len(self.params)},), one entry per parameter; "
                f"got {data.shape} and {grad.shape}"
            )
        with np.errstate(all="ignore"):  # an overflow gives inf here, and the check below names it
            new, state = self._update(data, grad, self.steps + 1)
        for what, array in (("", new), *((f"'s {name}", s) for name, s in zip(self.state_names, state))):
            finite = np.isfinite(array)
            if not finite.all():
                i = int(np.argmin(finite))
                name = self.params[i].label or i
                raise OverflowError(
                    f"{type(self).__name__}.step: parameter {name!r}{what} became {float(array[i])!r}; "
                    "training diverged, try a smaller learning rate (nothing was changed)"
                )
        data[:] = new
        for name, s in zip(self.state_names, state):
            setattr(self, name, s)
        self.steps += 1

    def _update(self, data: np.ndarray, grad: np.ndarray, t: int) -> tuple[np.ndarray, tuple]:
        """The rule: (new data, new state arrays in ``state_names`` order) for step number ``t``; changes nothing."""
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
        super().__init__(params)
        self.lr = _number(lr, "lr", 0.0, low_open=True)
        self.momentum = _number(momentum, "momentum", 0.0, 1.0)
        self.state_names = ("velocity",) if self.momentum else ()
        self.velocity = np.zeros(len(self.params))

    def _update(self, data, grad, t):
        if not self.momentum:
            return data - self.lr * grad, ()
        # PyTorch starts the velocity at the first gradient (a copy: the caller may reuse grad's array)
        velocity = grad.copy() if t == 1 else self.momentum * self.velocity + grad
        return data - self.lr * velocity, (velocity,)

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
        self.m = np.zeros(len(self.params))
        self.v = np.zeros(len(self.params))

    def _update(self, data, grad, t):
        b1, b2 = self.betas
        correction1, correction2 = 1.0 - b1**t, 1.0 - b2**t
        m = b1 * self.m + (1.0 - b1) * grad
        v = b2 * self.v + (1.0 - b2) * grad * grad
        return data - self.lr * (m / correction1) / (np.sqrt(v / correction2) + self.eps), (m, v)

    def __repr__(self) -> str:
        return f"Adam(lr={self.lr}, betas={self.betas}, eps={self.eps})"
