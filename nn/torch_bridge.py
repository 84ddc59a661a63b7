"""Taking a model to PyTorch and back: ``to_torch`` and ``from_torch``.

A learner who outgrows scalars can move a trained ``nn`` model to PyTorch
(batches, GPUs, the whole ecosystem) and bring a small PyTorch network back
to look at it here, neuron by neuron. Both directions keep every weight as
it is, in float64, so the two models give the same outputs (within 1e-12).

Layer by layer, the two spell the same computation:

| chainrule | PyTorch |
| --- | --- |
| ``Layer(nin, nout, ...)`` | ``Linear(nin, nout)``: row j of its weight is neuron j's ``w``, ``bias[j]`` its ``b`` |
| activation ``"linear"`` | nothing (or ``Identity()``) |
| ``"sigmoid"``, ``"tanh"``, ``"relu"`` | ``Sigmoid()``, ``Tanh()``, ``ReLU()`` |
| ``"leaky_relu"`` | ``LeakyReLU(0.01)`` (chainrule's slope) |

torch is optional: only these two functions import it, when they are called.

>>> import nn
>>> model = nn.MLP(2, [3, 1], activation="tanh", output_activation="sigmoid", seed=0)
>>> net = nn.to_torch(model)
>>> net
Sequential(
  (L1): Linear(in_features=2, out_features=3, bias=True)
  (L1_tanh): Tanh()
  (L2): Linear(in_features=3, out_features=1, bias=True)
  (L2_sigmoid): Sigmoid()
)
>>> import torch
>>> x = [[0.5, -1.0], [2.0, 0.25]]
>>> net(torch.tensor(x, dtype=torch.float64)).flatten().tolist() == model.predict(x)
True
>>> back = nn.from_torch(net)
>>> back.state_dict() == model.state_dict()
True
"""

from __future__ import annotations

import math
from collections import OrderedDict
from typing import Any

from .module import MLP, Layer, Module, Neuron

__all__ = ["to_torch", "from_torch"]

#: chainrule's leaky_relu slope (``Value.leaky_relu``'s default), the same as PyTorch's default.
LEAKY_SLOPE = 0.01


def _import_torch() -> Any:
    try:
        import torch
    except ImportError as error:
        raise ImportError(
            "nn.to_torch and nn.from_torch need PyTorch, which chainrule does not install: pip install torch"
        ) from error
    return torch


def _activation_module(torch: Any, name: str) -> Any:
    """The torch module for an activation name, or None for "linear" (a = z needs no module)."""
    modules = {
        "linear": None,
        "sigmoid": torch.nn.Sigmoid,
        "tanh": torch.nn.Tanh,
        "relu": torch.nn.ReLU,
        "leaky_relu": lambda: torch.nn.LeakyReLU(LEAKY_SLOPE),
    }
    make = modules[name]
    return None if make is None else make()


def _stack(model: object) -> list[tuple[str, list[Neuron]]]:
    """The model as (name, neurons) per layer: an MLP's layers, a Layer alone, a Neuron as a layer of one."""
    if isinstance(model, MLP):
        return [(layer.name, layer.neurons) for layer in model.layers]
    if isinstance(model, Layer):
        return [(model.name or "layer", model.neurons)]
    if isinstance(model, Neuron):
        return [(model.name or "neuron", [model])]
    raise TypeError(f"to_torch takes an nn.Neuron, nn.Layer or nn.MLP, got {type(model).__name__}")


def _has_bias(name: str, neurons: list[Neuron]) -> bool:
    """True if every neuron has a bias, False if none has; a mix cannot be one torch Linear."""
    with_bias = [neuron.b is not None for neuron in neurons]
    if any(with_bias) and not all(with_bias):
        raise ValueError(f"layer {name!r} has neurons with and without a bias: one torch Linear cannot hold both")
    return all(with_bias)


def to_torch(model: Module) -> Any:
    """The same network as a float64 ``torch.nn.Sequential``: a ``Linear`` per layer, each followed by its activation.

    Args:
        model: an ``nn.MLP``, ``nn.Layer`` or ``nn.Neuron``. Every neuron of a
            layer must have the same activation (a torch layer has one).

    Returns:
        A ``torch.nn.Sequential`` in float64 whose children are named after
        the layers (``L1``, ``L1_tanh``, ``L2``, ...). It holds copies of the
        weights: training one model leaves the other as it was. Called on a
        batch ``x`` of shape (rows, nin) it returns shape (rows, nout).

    Raises:
        TypeError: ``model`` is not an nn module.
        ValueError: a layer mixes activations, or biases and no biases.
        ImportError: PyTorch is not installed.
    """
    stack = _stack(model)
    torch = _import_torch()
    children = OrderedDict()
    for name, neurons in stack:
        activations = sorted({neuron.activation for neuron in neurons})
        if len(activations) > 1:
            raise ValueError(f"layer {name!r} mixes activations {activations}: a torch layer has one for all")
        bias = _has_bias(name, neurons)
        linear = torch.nn.Linear(neurons[0].nin, len(neurons), bias=bias, dtype=torch.float64)
        with torch.no_grad():  # copying values in is no step of any computation to differentiate
            linear.weight.copy_(torch.tensor([[w.data for w in n.w] for n in neurons], dtype=torch.float64))
            if bias:
                linear.bias.copy_(torch.tensor([n.b.data for n in neurons if n.b is not None], dtype=torch.float64))
        children[name] = linear
        act = _activation_module(torch, activations[0])
        if act is not None:
            children[f"{name}_{activations[0]}"] = act
    return torch.nn.Sequential(children)


def _flatten(torch: Any, module: Any) -> list[Any]:
    """The modules of a Sequential in order, nested Sequentials opened up; a lone Linear is a stack of one."""
    if isinstance(module, torch.nn.Sequential):
        return [m for child in module for m in _flatten(torch, child)]
    return [module]


def _activation_name(torch: Any, module: Any, where: str) -> str | None:
    """The chainrule name of an activation module; None if ``module`` is not an activation."""
    if isinstance(module, torch.nn.Identity):
        return "linear"
    if isinstance(module, torch.nn.LeakyReLU):
        if module.negative_slope != LEAKY_SLOPE:
            raise ValueError(
                f"{where}: LeakyReLU(negative_slope={module.negative_slope}) has no chainrule equivalent; "
                f"chainrule's leaky_relu has slope {LEAKY_SLOPE}"
            )
        return "leaky_relu"
    names = {torch.nn.Sigmoid: "sigmoid", torch.nn.Tanh: "tanh", torch.nn.ReLU: "relu"}
    return names.get(type(module))


def _numbers(tensor: Any, where: str) -> list:
    """A tensor's values as Python floats (float64), refusing NaN and infinity."""
    values = tensor.detach().cpu().double().tolist()  # float32 -> float64 is exact
    flat = [v for row in values for v in row] if values and isinstance(values[0], list) else values
    if not all(math.isfinite(v) for v in flat):
        raise ValueError(f"{where} holds NaN or infinite values")
    return values


def from_torch(module: Any) -> MLP:
    """An ``nn.MLP`` with the weights of a stack of ``torch.nn.Linear`` and activation layers.

    Args:
        module: a ``torch.nn.Sequential`` (nested ones are opened up) or a
            single ``Linear``: ``Linear`` layers, each followed by at most one
            activation (``ReLU``, ``Tanh``, ``Sigmoid``, ``LeakyReLU`` with
            slope 0.01, ``Identity``); no activation means "linear".

    Returns:
        An ``nn.MLP`` with one layer per ``Linear``, its weights copied as
        float64 numbers (a float32 module's values are kept exactly).

    Raises:
        TypeError: ``module`` is not a torch module.
        ValueError: anything an MLP cannot express, named by its position:
            another kind of layer (Conv2d, Dropout, BatchNorm, ...), an
            activation before the first Linear or two in a row, sizes that do
            not chain, hidden layers with different activations (an MLP has
            one hidden activation), some Linear layers with a bias and some
            without, NaN or infinite weights.
    """
    torch = _import_torch()
    if not isinstance(module, torch.nn.Module):
        raise TypeError(
            f"from_torch takes a torch.nn.Module (a Sequential of Linear layers), got {type(module).__name__}"
        )
    linears: list[Any] = []
    activations: list[str] = []
    for i, child in enumerate(_flatten(torch, module)):
        where = f"module {i} ({type(child).__name__})"
        if isinstance(child, torch.nn.Linear):
            if linears and child.in_features != linears[-1].out_features:
                raise ValueError(
                    f"{where}: takes {child.in_features} inputs, but the layer before gives {linears[-1].out_features}"
                )
            linears.append(child)
            activations.append("linear")
            continue
        name = _activation_name(torch, child, where)
        if name is None:
            raise ValueError(
                f"{where}: an MLP holds only Linear layers and the activations ReLU, Tanh, Sigmoid, LeakyReLU, Identity"
            )
        if not linears:
            raise ValueError(f"{where}: an activation before the first Linear layer")
        if activations[-1] != "linear":
            raise ValueError(f"{where}: a second activation after one Linear layer ({activations[-1]} already)")
        activations[-1] = name
    if not linears:
        raise ValueError("from_torch: the module holds no Linear layer")
    hidden = set(activations[:-1])
    if len(hidden) > 1:
        raise ValueError(
            f"the hidden layers use different activations {activations[:-1]}: an MLP has one hidden activation"
        )
    biases = {linear.bias is not None for linear in linears}
    if len(biases) > 1:
        raise ValueError("some Linear layers have a bias and some do not: an MLP has biases everywhere or nowhere")
    bias = biases.pop()
    model = MLP(
        linears[0].in_features,
        [linear.out_features for linear in linears],
        activation=hidden.pop() if hidden else activations[-1],
        output_activation=activations[-1],
        bias=bias,
    )
    for k, (linear, layer) in enumerate(zip(linears, model.layers)):
        weight = _numbers(linear.weight, f"Linear layer {k + 1}'s weight")
        b = _numbers(linear.bias, f"Linear layer {k + 1}'s bias") if bias else None
        for j, neuron in enumerate(layer.neurons):
            for w, value in zip(neuron.w, weight[j]):
                w.data = value
            if b is not None and neuron.b is not None:
                neuron.b.data = b[j]
    return model
