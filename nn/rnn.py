"""A recurrent cell: one layer whose output comes back as its next input.

The lecture notes (001) set the two kinds of network side by side: a
feed-forward network (FFNN) computes input -> output once; a recurrent one
(RNN) also feeds its hidden state back in, so at every time step t

    h_t = tanh(Wxh x_t + Whh h_{t-1} + b)

with the **same** weights Wxh, Whh and b at every step. Unrolled over T
steps, the graph is T copies of the cell in a chain, and every copy reads
the same parameter Values. Backward propagation then reaches a weight once
per step, and, as wherever paths meet, the gradients add up: the weight's
``.grad`` is the sum of one gradient per time step.

``cell.unroll(xs)`` runs the steps, each inside ``autograd.scope("t1",
kind="step")``, ``"t2"``, ..., so a drawing groups every step's nodes and the
reused weight is seen feeding all of them.

>>> cell = RNNCell(1, 1, seed=0)
>>> cell.load_state_dict({"Wxh[1,1]": 0.5, "Whh[1,1]": -1.0, "b[1]": 0.0})
>>> states = cell.unroll([[1.0], [2.0]])       # h0 = 0, then two steps
>>> [round(h[0].data, 4) for h in states]      # tanh(0.5 * 1), tanh(0.5 * 2 - 1 * 0.4621)
[0.4621, 0.4914]
>>> states[-1][0].backward()
>>> round(cell.Wxh[0][0].grad, 4)              # step 2 gives 1.5171, step 1 gives -0.5966: summed
0.9205
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from autograd import Constant, Value, add, scope

from .module import ACTIVATIONS, Module, _as_inputs, _count, _rng, check_activation

__all__ = ["RNNCell"]


class RNNCell(Module):
    """One recurrent step: ``h_next = activation(Wxh x + Whh h + b)``, as ``torch.nn.RNNCell``.

    Hidden unit j is a neuron that reads the input and the previous state:
    ``h_next[j] = g(sum_i Wxh[j,i] x[i] + sum_k Whh[j,k] h[k] + b[j])``.
    (torch's cell has two biases, ``bias_ih + bias_hh``; their sum is this ``b``.)

    Args:
        nin: number of inputs per time step.
        nhidden: size of the hidden state.
        activation: "tanh" (default, as torch), "relu", or any nn activation name.
        seed: an int (or a ``random.Random``) for reproducible initial weights,
            drawn uniformly from [-1/sqrt(nhidden), 1/sqrt(nhidden)] as torch does.
        name: prefix of the parameter labels ("" gives ``Wxh[1,1]``, "RNN" gives ``RNN.Wxh[1,1]``).

    Parameters are labelled 1-based: ``Wxh[j,i]`` (unit j, input i),
    ``Whh[j,k]`` (unit j, previous unit k), ``b[j]``.

    >>> cell = RNNCell(2, 3, seed=0)
    >>> h = cell([1.0, 0.5], [0.0, 0.0, 0.0])
    >>> len(h), len(cell.parameters())        # 3 * 2 + 3 * 3 + 3
    (3, 18)
    """

    def __init__(
        self,
        nin: int,
        nhidden: int,
        activation: str = "tanh",
        seed: int | random.Random | None = None,
        *,
        name: str = "",
    ) -> None:
        nin, nhidden = _count(nin, "nin"), _count(nhidden, "nhidden")
        self.activation = check_activation(activation)
        self._g = ACTIVATIONS[activation]
        rng = _rng(seed)
        s = 1.0 / math.sqrt(nhidden)
        self.Wxh = [[Value(rng.uniform(-s, s)) for _ in range(nin)] for _ in range(nhidden)]
        self.Whh = [[Value(rng.uniform(-s, s)) for _ in range(nhidden)] for _ in range(nhidden)]
        self.b = [Value(rng.uniform(-s, s)) for _ in range(nhidden)]
        if not isinstance(name, str):
            raise TypeError(f"name must be a str (a label prefix such as 'RNN'), got {name!r}")
        self.name = name
        dot = f"{name}." if name else ""
        for j in range(nhidden):
            for i, w in enumerate(self.Wxh[j]):
                w.label = f"{dot}Wxh[{j + 1},{i + 1}]"
            for k, w in enumerate(self.Whh[j]):
                w.label = f"{dot}Whh[{j + 1},{k + 1}]"
            self.b[j].label = f"{dot}b[{j + 1}]"

    @property
    def nin(self) -> int:
        """The number of inputs per time step."""
        return len(self.Wxh[0])

    @property
    def nhidden(self) -> int:
        """The size of the hidden state."""
        return len(self.b)

    def __call__(self, x, h) -> list[Value]:  # type: ignore[override]  # (a cell takes the state too: no plain Module)
        """The next hidden state (``nhidden`` Values) from the input ``x`` and the state ``h``."""
        x = _as_inputs(x, self.nin, self)
        h = self._state(h)
        out = []
        for j in range(self.nhidden):
            z = add(*[w * xi for w, xi in zip(self.Wxh[j], x)], *[w * hk for w, hk in zip(self.Whh[j], h)], self.b[j])
            z.label = f"z{j + 1}"
            a = self._g(z) if self.activation != "linear" else z
            a.label = f"h{j + 1}"
            out.append(a)
        return out

    def unroll(self, xs: Sequence, h0=None) -> list[list[Value]]:
        """Run the cell over a sequence: one step per input, each inside ``scope(f"t{k}", kind="step")``.

        Args:
            xs: the inputs, one per time step (each ``nin`` numbers or Values).
            h0: the state before the first step; None starts from zeros.

        Returns:
            The hidden states after every step, ``[h1, h2, ..., hT]`` (each a list of Values).
        """
        if hasattr(xs, "tolist"):
            xs = xs.tolist()
        if not isinstance(xs, Sequence) or isinstance(xs, str) or not xs:
            raise ValueError(f"xs must be a non-empty list of inputs, one per time step, got {xs!r:.80}")
        h = [Constant(0.0, label=self._name("h", 0, j)) for j in range(self.nhidden)] if h0 is None else h0
        states = []
        for k, x in enumerate(xs, 1):
            with scope(f"t{k}", kind="step"):
                if hasattr(x, "tolist"):
                    x = x.tolist()
                if isinstance(x, Sequence) and not isinstance(x, str):  # numbers named by their step: x2 or x2[1]
                    x = [
                        xi if isinstance(xi, Value) else Constant(xi, label=self._name("x", k, i, self.nin))
                        for i, xi in enumerate(x)
                    ]
                h = self(x, h)
            for j, a in enumerate(h):  # h2[1] is unit 1 after step 2; its z2[1] the weighted sum
                a.label = self._name("h", k, j)
                if a.inputs and self.activation != "linear":
                    a.inputs[0].label = self._name("z", k, j)
            states.append(h)
        return states

    def _name(self, letter: str, step: int, index: int, size: int | None = None) -> str:
        """``h2`` for a one-unit cell, else ``h2[1]``: the time step first, then the unit (1-based)."""
        return f"{letter}{step}" if (size or self.nhidden) == 1 else f"{letter}{step}[{index + 1}]"

    def _state(self, h) -> list[Value]:
        if hasattr(h, "tolist"):
            h = h.tolist()
        if isinstance(h, (Value, str)) or not isinstance(h, Sequence):
            raise ValueError(f"{self!r} expects a hidden state of {self.nhidden} numbers or Values, got {h!r:.80}")
        if len(h) != self.nhidden:
            raise ValueError(f"{self!r} expects a hidden state of {self.nhidden} values, got {len(h)}")
        return [hk if isinstance(hk, Value) else Constant(hk, label=f"h{k}") for k, hk in enumerate(h, 1)]

    def parameters(self) -> list[Value]:
        return [*(w for row in self.Wxh for w in row), *(w for row in self.Whh for w in row), *self.b]

    def weights(self) -> list[Value]:
        return [*(w for row in self.Wxh for w in row), *(w for row in self.Whh for w in row)]

    def __repr__(self) -> str:
        return f"RNNCell({self.nin} -> {self.nhidden}, {self.activation})"
