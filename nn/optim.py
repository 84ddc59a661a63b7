"""Optimizers: how the gradients from ``backward()`` change the parameters.

Gradient descent, as in the lecture notes: w = w - alpha * dJ/dw, with the
learning rate alpha. ``SGD`` does exactly that (plus optional momentum);
``Adam`` scales each parameter's step by running averages of its gradient.
A training iteration is: ``zero_grad()``, forward, loss, ``backward()``, ``step()``.

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

from autograd import Value

from ._checks import is_finite_number, shown

__all__ = ["Optimizer", "SGD", "Adam"]


def _number(x: object, what: str, low: float, high: float = math.inf, *, low_open: bool = False) -> float:
    if not is_finite_number(x) or x < low or (low_open and x == low) or x >= high:
        bound = f"{'>' if low_open else '>='} {low}" + (f" and < {high}" if high != math.inf else "")
        raise ValueError(f"{what} must be a number {bound}, got {shown(x)}")
    return float(x)


class Optimizer:
    """Base class: holds the parameters and zeroes their gradients.

    Args:
        params: the Values to update, e.g. ``model.parameters()``.
    """

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
        """Update every parameter once from its ``.grad``."""
        self.steps += 1
        updates = self._updates()
        for p, new in zip(self.params, updates):
            if not math.isfinite(new):
                raise OverflowError(
                    f"{type(self).__name__}.step: parameter {p.label!r} became {new!r}; "
                    "training diverged, try a smaller learning rate"
                )
        for p, new in zip(self.params, updates):
            p.data = new

    def _updates(self) -> list[float]:
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
        self.velocity = [0.0] * len(self.params)

    def _updates(self) -> list[float]:
        if not self.momentum:
            return [p.data - self.lr * p.grad for p in self.params]
        first = self.steps == 1  # PyTorch starts the velocity at the first gradient
        self.velocity = [
            g if first else self.momentum * v + g for v, g in zip(self.velocity, (p.grad for p in self.params))
        ]
        return [p.data - self.lr * v for p, v in zip(self.params, self.velocity)]

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

    def __init__(
        self, params: Iterable[Value], lr: float = 0.001, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8
    ) -> None:
        super().__init__(params)
        self.lr = _number(lr, "lr", 0.0, low_open=True)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"betas must be a pair (b1, b2), got {betas!r}")
        self.betas = (_number(betas[0], "betas[0]", 0.0, 1.0), _number(betas[1], "betas[1]", 0.0, 1.0))
        self.eps = _number(eps, "eps", 0.0, low_open=True)
        self.m = [0.0] * len(self.params)
        self.v = [0.0] * len(self.params)

    def _updates(self) -> list[float]:
        b1, b2 = self.betas
        t = self.steps
        correction1, correction2 = 1.0 - b1**t, 1.0 - b2**t
        grads = [p.grad for p in self.params]
        self.m = [b1 * m + (1.0 - b1) * g for m, g in zip(self.m, grads)]
        self.v = [b2 * v + (1.0 - b2) * g * g for v, g in zip(self.v, grads)]
        return [
            p.data - self.lr * (m / correction1) / (math.sqrt(v / correction2) + self.eps)
            for p, m, v in zip(self.params, self.m, self.v)
        ]

    def __repr__(self) -> str:
        return f"Adam(lr={self.lr}, betas={self.betas}, eps={self.eps})"
