"""chainrule's neural-network package, built on ``autograd.Value``.

Everything the lecture notes teach, in small pieces: a ``Neuron`` (logistic
regression is one sigmoid neuron), ``Layer`` and ``MLP`` (hidden layers),
activation functions by name, the losses (``mse``,
``binary_cross_entropy``, ``cross_entropy``), L1/L2 penalties, gradient
descent (``SGD``, ``Adam``), and ``fit`` with epochs, batches and iterations;
``to_torch`` / ``from_torch`` carry a model to PyTorch and back.

>>> import nn
>>> model = nn.MLP(3, [4, 1], activation="relu", output_activation="sigmoid", seed=0)
>>> len(model.parameters())
21
>>> y = model([1.0, 2.0, 3.0])
>>> loss = nn.binary_cross_entropy(y, 1)
>>> loss.backward()
>>> round(model.layers[1].neurons[0].b.grad, 12) == round(y.data - 1, 12)   # dJ/db = a - y
True
"""

from . import datasets
from .losses import binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy, l1, l2, mse, softmax
from .module import ACTIVATIONS, MLP, Layer, Module, Neuron
from .optim import SGD, Adam, Optimizer
from .rnn import RNNCell
from .serialize import architecture, load, save
from .torch_bridge import from_torch, to_torch
from .train import History, accuracy, fit, predict

__all__ = [
    "Module",
    "Neuron",
    "Layer",
    "MLP",
    "RNNCell",
    "ACTIVATIONS",
    "mse",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "softmax",
    "l1",
    "l2",
    "Optimizer",
    "SGD",
    "Adam",
    "fit",
    "History",
    "predict",
    "accuracy",
    "save",
    "load",
    "architecture",
    "to_torch",
    "from_torch",
    "datasets",
]
