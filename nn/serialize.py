"""Saving and loading models as plain JSON: the architecture and every parameter by its label.

A file looks like::

    {"format": "chainrule.nn", "version": 1,
     "architecture": {"type": "MLP", "nin": 2, "layers": [{"nout": 2, "activation": "tanh"}, ...]},
     "parameters": {"L1.N1.w1": 0.53, ...}}

JSON holds only data, so loading a file can never run code (unlike pickle).
Floats are written with ``repr`` precision, so a round trip is exact.
Anything wrong with a file (corrupt, truncated, wrong architecture) raises
ValueError, and a model being loaded into stays exactly as it was.

>>> import os, tempfile
>>> model = MLP(2, [3, 1], activation="tanh", output_activation="sigmoid", seed=0)
>>> path = os.path.join(tempfile.mkdtemp(), "model.json")
>>> save(model, path)
>>> copy = load(path)
>>> copy, copy([0.5, -1.0]).data == model([0.5, -1.0]).data
(MLP(2 -> [3 tanh] -> [1 sigmoid], 13 parameters), True)
"""

from __future__ import annotations

import json
import os
import tempfile

from .module import MLP, Layer, Module, Neuron, check_activation

__all__ = ["architecture", "save", "load", "FORMAT", "VERSION"]

FORMAT = "chainrule.nn"
VERSION = 1


def architecture(model: Module) -> dict:
    """The model's shape, activations and names as plain data (what ``load`` needs to rebuild it).

    Keys that only say the default are left out ("bias" is written only when
    it is False, a layer's neuron names only when they are not N1, N2, ...),
    so files written before those options existed read the same.

    >>> architecture(Neuron(3, activation="sigmoid"))
    {'type': 'Neuron', 'nin': 3, 'activation': 'sigmoid', 'name': ''}
    >>> architecture(MLP(2, [2, 2], bias=False))["layers"][0]
    {'nout': 2, 'activation': 'relu', 'bias': False}
    """
    if isinstance(model, Neuron):
        arch = {"type": "Neuron", "nin": model.nin, "activation": model.activation, "name": model.name}
        return arch if model.bias else {**arch, "bias": False}
    if isinstance(model, Layer):
        return {"type": "Layer", "nin": model.nin, **_layer_spec(model, model.name), "name": model.name}
    if isinstance(model, MLP):
        arch = {
            "type": "MLP",
            "nin": model.nin,
            "layers": [_layer_spec(layer, f"L{i}") for i, layer in enumerate(model.layers, 1)],
        }
        return {**arch, "name": model.name} if model.name else arch
    raise TypeError(f"can only save nn.Neuron, nn.Layer or nn.MLP, got {type(model).__name__}")


def _layer_spec(layer: Layer, default_name: str) -> dict:
    """A layer's size and activation, and its bias and names where they are not the defaults."""
    spec: dict = {"nout": layer.nout, "activation": layer.activation}
    if not layer.bias:
        spec["bias"] = False
    names = [n.name for n in layer.neurons]
    if names != [f"N{j}" for j in range(1, len(names) + 1)]:
        spec["neurons"] = names
    if layer.name != default_name:
        spec["layer_name"] = layer.name
    return spec


def save(model: Module, path: str | os.PathLike) -> None:
    """Write the model's architecture and parameters to ``path`` as JSON.

    The file is written next to its destination and then renamed, so a crash
    mid-write never leaves a half-written model file.
    """
    doc = {"format": FORMAT, "version": VERSION, "architecture": architecture(model), "parameters": model.state_dict()}
    text = json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=False)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".chainrule-", suffix=".json.tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def load(path: str | os.PathLike, model: Module | None = None) -> Module:
    """Read a model saved by ``save``.

    Args:
        path: the JSON file.
        model: if given, load the parameters into this model (its architecture
            must match the file's) and return it; else build a new model.

    Raises:
        ValueError: the file is not valid JSON, not a chainrule model, or does
            not match ``model``; ``model`` is then left unchanged.
    """
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except UnicodeDecodeError as e:
        raise ValueError(f"{os.fspath(path)!r} is not a chainrule model file (not UTF-8 text)") from e
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        raise ValueError(f"{os.fspath(path)!r} is not a chainrule model file (corrupt or truncated JSON: {e})") from e
    except RecursionError:  # [[[[...]]]] nested deeper than Python's parser goes
        raise ValueError(f"{os.fspath(path)!r} is not a chainrule model file (JSON nested too deeply)") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError(f'{os.fspath(path)!r} is not a chainrule model file (no "format": {FORMAT!r})')
    if type(doc.get("version")) is not int or doc["version"] != VERSION:  # true == 1 in Python, not here
        raise ValueError(f"{os.fspath(path)!r}: unsupported version {doc.get('version')!r} (this is version {VERSION})")
    arch, params = doc.get("architecture"), doc.get("parameters")
    if not isinstance(params, dict):
        raise ValueError(f'{os.fspath(path)!r}: "parameters" must be an object of label -> number')
    expected = _parameter_count(arch)  # checked before building, so a bogus size allocates nothing
    if expected != len(params):
        raise ValueError(
            f"{os.fspath(path)!r}: the architecture needs {expected} parameters, the file has {len(params)}"
        )
    if model is not None:
        if architecture(model) != arch:
            raise ValueError(f"{os.fspath(path)!r} holds a different model: {arch} (this model: {architecture(model)})")
        model.load_state_dict(params)
        return model
    built = _build(arch)
    built.load_state_dict(params)
    return built


def _reject_constant(name: str):
    raise ValueError(f"not a finite number: {name}")


def _size(arch: dict, key: str) -> int:
    n = arch.get(key)
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"architecture: {key!r} must be a whole number >= 1, got {n!r}")
    return n


def _activations(value: object, count: int) -> list[str]:
    """A layer's activation: one name for all neurons, or a list with one name per neuron."""
    names = [value] * count if isinstance(value, str) else value
    if not isinstance(names, list) or len(names) != count:
        raise ValueError(f"architecture: activation must be a name or a list of {count} names, got {value!r}")
    return [check_activation(name) for name in names]


def _parameter_count(arch: object) -> int:
    if not isinstance(arch, dict):
        raise ValueError(f"architecture must be an object, got {arch!r:.80}")
    kind = arch.get("type")
    if kind == "Neuron":
        return _size(arch, "nin") + _flag(arch, "bias")
    if kind == "Layer":
        return _size(arch, "nout") * (_size(arch, "nin") + _flag(arch, "bias"))
    if kind == "MLP":
        layers = arch.get("layers")
        if not isinstance(layers, list) or not layers or not all(isinstance(x, dict) for x in layers):
            raise ValueError("architecture: an MLP needs a non-empty list of layers")
        sizes = [_size(arch, "nin")] + [_size(layer, "nout") for layer in layers]
        return sum(sizes[i + 1] * (sizes[i] + _flag(layer, "bias")) for i, layer in enumerate(layers))
    raise ValueError(f"architecture: unknown type {kind!r} (Neuron, Layer or MLP)")


def _build(arch: dict) -> Module:
    """A new model of the given (already size-checked) architecture; its parameters are loaded next."""
    name = arch.get("name", "")
    if not isinstance(name, str):
        raise ValueError(f"architecture: name must be text, got {name!r}")
    if arch["type"] == "Neuron":
        bias = _flag(arch, "bias")
        return Neuron(arch["nin"], _activations(arch.get("activation"), 1)[0], bias=bias, seed=0, name=name)
    if arch["type"] == "Layer":
        if not name:
            raise ValueError("architecture: a layer's name must not be empty")
        layer = Layer(arch["nin"], arch["nout"], bias=_flag(arch, "bias"), seed=0, name=name)
        layers = [(layer, arch)]
        model: Module = layer
    else:
        specs = arch["layers"]
        biases = {_flag(spec, "bias") for spec in specs}
        if len(biases) != 1:
            raise ValueError("architecture: every layer of an MLP has biases, or none has")
        model = MLP(arch["nin"], [spec["nout"] for spec in specs], bias=biases.pop(), seed=0, name=name)
        layers = list(zip(model.layers, specs))
        for layer, spec in layers:
            layer_name = spec.get("layer_name", layer.name)
            if not isinstance(layer_name, str) or not layer_name:
                raise ValueError(f"architecture: layer_name must be non-empty text, got {layer_name!r}")
            layer.name = layer_name
    for layer, spec in layers:
        names = spec.get("neurons")
        if names is not None:
            if not isinstance(names, list) or len(names) != layer.nout or not all(isinstance(n, str) for n in names):
                raise ValueError(f"architecture: neurons must be a list of {layer.nout} names, got {names!r:.80}")
            for neuron, neuron_name in zip(layer.neurons, names):
                neuron.name = neuron_name
        for neuron, act in zip(layer.neurons, _activations(spec.get("activation"), layer.nout)):
            neuron.activation = act
    return model


def _flag(arch: dict, key: str) -> bool:
    value = arch.get(key, True)
    if not isinstance(value, bool):
        raise ValueError(f"architecture: {key!r} must be true or false, got {value!r:.80}")
    return value
