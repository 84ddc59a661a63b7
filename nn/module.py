"""Neurons, layers and multi-layer perceptrons built from ``autograd.Value``.

One neuron is logistic regression's node: a weighted sum of its inputs plus
a bias, passed through an activation function,
``a = g(w1*x1 + ... + wn*xn + b)``. A layer is several neurons reading the
same inputs; an MLP is layers in a chain, each layer's outputs the next
layer's inputs (forward propagation). Calling ``backward()`` on a loss then
fills every parameter's ``.grad`` (backward propagation).

Every parameter is labelled by where it lives, 1-based: ``L1.N2.w1`` is
layer 1, neuron 2, weight 1; ``L2.N1.b`` the bias of the first output
neuron. A drawn graph is then readable.

>>> model = MLP(3, [4, 1], activation="relu", output_activation="sigmoid", seed=0)
>>> len(model.parameters())  # 4 hidden neurons * (3 w + 1 b) + 1 output * (4 w + 1 b)
21
>>> model
MLP(3 -> [4 relu] -> [1 sigmoid], 21 parameters)
>>> [p.label for p in model.layers[1].neurons[0].parameters()]
['L2.N1.w1', 'L2.N1.w2', 'L2.N1.w3', 'L2.N1.w4', 'L2.N1.b']
>>> 0.0 < model([1.0, 2.0, 3.0]).data < 1.0
True
"""

from __future__ import annotations

import math
import numbers
import random
from collections.abc import Callable, Sequence

from autograd import Constant, Value, scope, weighted_sum, words

from ._checks import is_finite_number, seeded_random

__all__ = ["ACTIVATIONS", "Module", "Neuron", "Layer", "MLP", "check_activation"]


def _linear(z: Value) -> Value:
    return z


#: Activation functions by name. Each maps a neuron's pre-activation z to its output a.
ACTIVATIONS: dict[str, Callable[[Value], Value]] = {
    "linear": _linear,  # a = z: regression outputs, logits
    "sigmoid": Value.sigmoid,  # a in (0, 1): binary outputs (logistic regression)
    "tanh": Value.tanh,  # a in (-1, 1): zero-centred hidden units
    "relu": Value.relu,  # a = max(0, z): the usual hidden unit
    "leaky_relu": Value.leaky_relu,  # a = z or 0.01 z: ReLU that never goes fully silent
}

# Weight scale per activation: weights are drawn uniformly from [-s, s] with
# s = sqrt(3 * gain / nin), so Var(w) = s^2 / 3 = gain / nin:
#   gain 1 (LeCun, for tanh / sigmoid / linear): Var(w) = 1/nin keeps the
#     weighted sum of nin inputs at about unit variance, where tanh and sigmoid
#     still have slope (not saturated);
#   gain 2 (He, for relu / leaky_relu): ReLU zeroes about half of its inputs,
#     so twice the variance keeps the signal from shrinking layer by layer.
_GAIN = {"linear": 1.0, "sigmoid": 1.0, "tanh": 1.0, "relu": 2.0, "leaky_relu": 2.0}
# Biases start at 0, except for ReLU units: a small positive bias makes them
# start active (slope 1) on inputs near 0, such as XOR's (0, 0), where a zero
# bias gives z = 0 exactly and so no gradient. On XOR with 4 hidden ReLUs and
# Adam, 27 of 30 seeds reach 100% with 0.1, 15 of 30 with 0.
_BIAS = {"relu": 0.1, "leaky_relu": 0.1}


def check_activation(name: object) -> str:
    """``name`` if it is a known activation, else a ValueError listing the valid ones.

    >>> check_activation("tanh")
    'tanh'
    """
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of: {', '.join(ACTIVATIONS)}")
    return name


def _rng(seed: int | random.Random | None) -> random.Random:
    """A private random generator: the global ``random`` state is never touched."""
    if isinstance(seed, random.Random):
        return seed
    return seeded_random(seed, also=" (or a random.Random)")


def _count(n: object, what: str) -> int:
    if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < 1:
        raise ValueError(f"{what} must be a whole number >= 1, got {n!r}")
    return int(n)


def _as_inputs(x: object, nin: int, who: object) -> list[Value]:
    """The inputs as Values, plain numbers wrapped once as ``Constant`` data (x1, x2, ...)."""
    if type(x) is not list and type(x) is not tuple:  # the usual types skip the slower checks
        if hasattr(x, "tolist"):  # a numpy row
            x = x.tolist()
        if isinstance(x, (Value, numbers.Real)) or not isinstance(x, Sequence) or isinstance(x, str):
            raise ValueError(f"{who!r} expects a sequence of {nin} inputs, got {type(x).__name__} {x!r}")
    if len(x) != nin:
        raise ValueError(f"{who!r} expects {nin} inputs, got {len(x)}")
    return [xi if isinstance(xi, Value) else Constant(xi, label=f"x{i}") for i, xi in enumerate(x, 1)]


class Module:
    """Base class: something with parameters that maps inputs to outputs.

    Subclasses implement ``__call__`` and ``parameters()``; the rest is shared.
    """

    def __call__(self, x):
        raise NotImplementedError

    def parameters(self) -> list[Value]:
        """Every learnable Value, in a stable order."""
        return []

    def weights(self) -> list[Value]:
        """The parameters without the biases: what L1/L2 penalties usually shrink."""
        return []

    def zero_grad(self) -> None:
        """Set every parameter's ``.grad`` back to 0.0 (gradients add up until then)."""
        for p in self.parameters():
            p.zero_grad()

    def predict(self, X) -> list:
        """Outputs as plain floats for many rows, keeping no graph (``nn.predict``).

        A row's output is a float when the model has one output, else a list of floats.
        From ``nn.train.TAPE_ROWS`` rows on (a decision-boundary grid), the model is
        recorded once on an ``autograd.Tape`` and run on all rows at once.

        >>> Neuron(2, activation="linear", seed=0).predict([[0.0, 0.0]])
        [0.0]
        """
        from .train import predict

        return predict(self, X)

    def state_dict(self) -> dict[str, float]:
        """Every parameter's value by its label, in ``parameters()`` order.

        >>> Neuron(1, seed=0, name="N1").state_dict().keys()
        dict_keys(['N1.w1', 'N1.b'])
        """
        return {p.label: p.data for p in self.parameters()}

    def load_state_dict(self, state: dict) -> None:
        """Set every parameter from ``state`` (as made by ``state_dict()``).

        All keys must match exactly and every value be a finite number;
        otherwise a ValueError says what is wrong and no parameter changes.
        """
        if not isinstance(state, dict):
            raise ValueError(f"state must be a dict of label -> number, got {type(state).__name__}")
        params = self.parameters()
        expected = [p.label for p in params]
        missing = [k for k in expected if k not in state]
        known = set(expected)
        unexpected = [k for k in state if k not in known]
        if missing or unexpected:
            raise ValueError(
                f"state does not fit this model: missing {missing[:5]}"
                f"{' ...' if len(missing) > 5 else ''}, unexpected {unexpected[:5]}"
                f"{' ...' if len(unexpected) > 5 else ''}"
            )
        values = []
        for key in expected:
            v = state[key]
            if not is_finite_number(v):  # JSON allows 10**400, NaN, true
                raise ValueError(f"state[{key!r}] must be a finite number, got {v!r:.80}")
            values.append(float(v))
        for p, v in zip(params, values):  # only now, when everything checked out
            p.data = v


class Neuron(Module):
    """One neuron: ``activation(w1*x1 + ... + wn*xn + b)``.

    ``Neuron(n, activation="sigmoid")`` is logistic regression. Every call
    makes its nodes inside ``autograd.scope(name, kind="neuron")``, so a
    drawing boxes them as one neuron, whatever the labels say.

    Args:
        nin: number of inputs.
        activation: "linear", "sigmoid", "tanh", "relu" or "leaky_relu".
        bias: False for a neuron without ``b`` (``z = w1*x1 + ... + wn*xn``).
        seed: an int (or a ``random.Random``) for reproducible initial weights.
        name: the neuron's name, drawn on its box ("OR") and put before its
            parameter labels ("OR.w1"); a neuron of a ``Layer`` also gets the
            layer's name ("L1.N2.w1").

    >>> n = Neuron(2, activation="sigmoid", seed=0)
    >>> [p.label for p in n.parameters()]
    ['w1', 'w2', 'b']
    >>> n.load_state_dict({"w1": 1.0, "w2": -1.0, "b": 0.0})
    >>> n([2.0, 2.0]).data
    0.5
    >>> gate = Neuron(2, activation="sigmoid", bias=False, name="OR")
    >>> [p.label for p in gate.parameters()], gate([1.0, 0.0]).scope
    (['OR.w1', 'OR.w2'], ('OR',))
    """

    def __init__(
        self,
        nin: int,
        activation: str = "linear",
        *,
        bias: bool = True,
        seed: int | random.Random | None = None,
        name: str = "",
    ) -> None:
        nin = _count(nin, "nin")
        if not isinstance(bias, bool):
            raise TypeError(f"bias must be True or False, got {bias!r}")
        self.activation = activation
        rng = _rng(seed)
        scale = math.sqrt(3.0 * _GAIN[self.activation] / nin)  # uniform(-s, s) has variance s^2 / 3
        self.w = [Value(rng.uniform(-scale, scale)) for _ in range(nin)]
        self.b: Value | None = Value(_BIAS.get(self.activation, 0.0)) if bias else None
        self._layer_name = ""  # set by the Layer this neuron is part of
        self.name = name

    @property
    def activation(self) -> str:
        """The activation's name; setting it checks the name."""
        return self._activation

    @activation.setter
    def activation(self, name: str) -> None:
        self._activation = check_activation(name)
        self._g = ACTIVATIONS[name]

    @property
    def bias(self) -> bool:
        """True when the neuron has a bias ``b``."""
        return self.b is not None

    @property
    def name(self) -> str:
        """The neuron's name; setting it relabels ``w1 ... wn``, ``b``, ``z`` and ``a``."""
        return self._name

    @name.setter
    def name(self, name: str) -> None:
        if not isinstance(name, str):
            raise TypeError(f"name must be a str (such as 'N2' or 'OR'), got {name!r}")
        self._name = name
        self._relabel()

    def _relabel(self) -> None:
        prefix = ".".join(part for part in (self._layer_name, self._name) if part)
        dot = f"{prefix}." if prefix else ""
        for k, wk in enumerate(self.w, 1):
            wk.label = f"{dot}w{k}"
        if self.b is not None:
            self.b.label = f"{dot}b"
        self._z_label, self._a_label = f"{dot}z", f"{dot}a"
        # One scope object, entered on every call (each entry is a new autograd.Scope).
        self._scope = scope(self._name or "neuron", kind="neuron")

    @property
    def nin(self) -> int:
        """The number of inputs (one weight each)."""
        return len(self.w)

    def __call__(self, x) -> Value:
        return self._forward(_as_inputs(x, len(self.w), self))

    def _forward(self, x: list[Value]) -> Value:
        """The neuron on inputs already checked and wrapped (Layer checks once for all its neurons)."""
        with self._scope:
            # One n-ary "+" node for the weighted sum: z = w1*x1 + ... + wn*xn + b (a tape records it as one node).
            z = weighted_sum(self.w, x, self.b)
            z.label = self._z_label
            if self._g is _linear:
                return z
            a = self._g(z)
            a.label = self._a_label
            return a

    def parameters(self) -> list[Value]:
        return [*self.w] if self.b is None else [*self.w, self.b]

    def weights(self) -> list[Value]:
        return list(self.w)

    def __repr__(self) -> str:
        return self._describe("en")

    def __str__(self) -> str:
        return self._describe(None)

    def _describe(self, lang: str | None) -> str:
        # repr() is always English (developers, doctests); str() and print() in the current language.
        inputs = words.phrase("nn.inputs", lang, count=self.nin)
        return _described(
            "Neuron", inputs, f"{self.activation}", None if self.bias else words.phrase("nn.no_bias", lang)
        )


class Layer(Module):
    """``nout`` neurons reading the same ``nin`` inputs; calling it returns a list of ``nout`` Values.

    The neurons are named N1 ... Nn; a call makes its nodes inside
    ``autograd.scope(name, kind="layer")``.

    >>> layer = Layer(3, 4, activation="relu", seed=0)
    >>> len(layer([1.0, 2.0, 3.0])), len(layer.parameters())
    (4, 16)
    >>> layer([1.0, 2.0, 3.0])[1].scope
    ('L1', 'N2')
    """

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: str = "linear",
        *,
        bias: bool = True,
        seed: int | random.Random | None = None,
        name: str = "L1",
    ) -> None:
        nin, nout = _count(nin, "nin"), _count(nout, "nout")
        rng = _rng(seed)
        self.neurons = [Neuron(nin, activation, bias=bias, seed=rng, name=f"N{j}") for j in range(1, nout + 1)]
        self.name = name

    @property
    def name(self) -> str:
        """The layer's name; setting it relabels every neuron's parameters ("L1.N2.w1")."""
        return self._name

    @name.setter
    def name(self, name: str) -> None:
        if not isinstance(name, str) or not name:
            raise TypeError(f"a layer's name must be a non-empty str (such as 'L1'), got {name!r}")
        self._name = name
        for n in self.neurons:
            n._layer_name = name
            n._relabel()
        self._scope = scope(name, kind="layer")

    @property
    def nin(self) -> int:
        """The number of inputs every neuron reads."""
        return self.neurons[0].nin

    @property
    def nout(self) -> int:
        """The number of outputs: one per neuron."""
        return len(self.neurons)

    @property
    def activation(self) -> str | list[str]:
        """The neurons' activation name (a list of names if they differ)."""
        names = [n.activation for n in self.neurons]
        return names[0] if len(set(names)) == 1 else names

    @property
    def bias(self) -> bool:
        """True when the neurons have biases."""
        return all(n.bias for n in self.neurons)

    def __call__(self, x) -> list[Value]:
        return self._forward(_as_inputs(x, self.nin, self))

    def _forward(self, x: list[Value]) -> list[Value]:
        with self._scope:
            return [n._forward(x) for n in self.neurons]

    def parameters(self) -> list[Value]:
        return [p for n in self.neurons for p in n.parameters()]

    def weights(self) -> list[Value]:
        return [w for n in self.neurons for w in n.w]

    def __repr__(self) -> str:
        return self._describe("en")

    def __str__(self) -> str:
        return self._describe(None)

    def _describe(self, lang: str | None) -> str:
        no_bias = None if self.bias else words.phrase("nn.no_bias", lang)
        return _described("Layer", f"{self.nin} -> {self.nout}", f"{self.activation}", no_bias)


class MLP(Module):
    """A multi-layer perceptron: fully connected layers in a chain.

    Args:
        nin: number of input features.
        nouts: neurons per layer, hidden layers first, the output layer last.
        activation: activation of the hidden layers (default "relu", as the lecture advises).
        output_activation: activation of the output layer. Default "linear"
            (raw scores: regression, or logits for ``cross_entropy``); use
            "sigmoid" for a probability, as in logistic regression.
        bias: False for neurons without biases (the lecture's 2-2-2 example has only weights).
        seed: an int for reproducible initial weights (the global ``random`` state is not used).
        name: the model's name; when given, its nodes are made inside
            ``autograd.scope(name, kind="model")`` too.

    Calling it returns a Value when the last layer has one neuron, else a list.

    >>> MLP(2, [2, 2], activation="sigmoid", output_activation="sigmoid", seed=1)([0.1, 0.2])[1].label
    'L2.N2.a'
    >>> len(MLP(2, [2, 2], activation="sigmoid", bias=False).parameters())
    8
    """

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int],
        activation: str = "relu",
        output_activation: str = "linear",
        *,
        bias: bool = True,
        seed: int | random.Random | None = None,
        name: str = "",
    ) -> None:
        nin = _count(nin, "nin")
        if isinstance(nouts, numbers.Integral) or not isinstance(nouts, Sequence) or not nouts:
            raise ValueError(f"nouts must be a non-empty list of layer sizes, e.g. [4, 1], got {nouts!r}")
        sizes = [nin] + [_count(n, "each layer size in nouts") for n in nouts]
        check_activation(activation)
        check_activation(output_activation)
        rng = _rng(seed)
        self.layers = [
            Layer(
                sizes[i],
                sizes[i + 1],
                activation if i < len(nouts) - 1 else output_activation,
                bias=bias,
                seed=rng,
                name=f"L{i + 1}",
            )
            for i in range(len(nouts))
        ]
        self.name = name

    @property
    def name(self) -> str:
        """The model's name ("" for none)."""
        return self._name

    @name.setter
    def name(self, name: str) -> None:
        if not isinstance(name, str):
            raise TypeError(f"name must be a str, got {name!r}")
        self._name = name
        self._scope = scope(name, kind="model") if name else None

    @property
    def nin(self) -> int:
        """The number of input features (the first layer's inputs)."""
        return self.layers[0].nin

    @property
    def nout(self) -> int:
        """The number of outputs (the last layer's neurons)."""
        return self.layers[-1].nout

    @property
    def bias(self) -> bool:
        """True when every neuron has a bias."""
        return all(layer.bias for layer in self.layers)

    def __call__(self, x) -> Value | list[Value]:
        x = _as_inputs(x, self.nin, self)
        if self._scope is None:
            return self._forward(x)
        with self._scope:
            return self._forward(x)

    def _forward(self, x: list[Value]) -> Value | list[Value]:
        for layer in self.layers:
            x = layer._forward(x)
        return x[0] if len(x) == 1 else x

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]

    def weights(self) -> list[Value]:
        return [w for layer in self.layers for w in layer.weights()]

    def __repr__(self) -> str:
        return self._describe("en")

    def __str__(self) -> str:
        return self._describe(None)

    def _describe(self, lang: str | None) -> str:
        arch = " -> ".join(f"[{layer.nout} {_act_text(layer.activation)}]" for layer in self.layers)
        count = words.phrase("nn.parameters", lang, count=len(self.parameters()))
        return _described(
            "MLP", f"{self.nin} -> {arch}", count, None if self.bias else words.phrase("nn.no_bias", lang)
        )


def _described(name: str, *parts: str | None) -> str:
    """``Name(part, part, ...)`` without the None parts: how every nn model prints.

    >>> _described("Neuron", "3 inputs", "tanh", None)
    'Neuron(3 inputs, tanh)'
    """
    return f"{name}({', '.join(part for part in parts if part is not None)})"


def _act_text(activation: str | list[str]) -> str:
    return activation if isinstance(activation, str) else "/".join(activation)
