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
import stat
import tempfile

from .module import MLP, Layer, Module, Neuron, check_activation

__all__ = ["architecture", "save", "load", "FORMAT", "VERSION", "MAX_FILE_BYTES"]

FORMAT = "chainrule.nn"
VERSION = 1
#: The largest model file ``load`` reads (a 12,288-weight neuron is about 0.3 MB).
MAX_FILE_BYTES = 64 * 1024 * 1024


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
    mid-write never leaves a half-written model file. A new file gets the
    permissions the umask allows (as any new file); a file written over keeps its own.

    Raises:
        ValueError: the file could not be loaded back: two parameters share a
            label (the labels are the file's keys), or a label is not the one
            ``load`` gives that parameter (a parameter or layer renamed by hand).
    """
    arch = architecture(model)
    state = model.state_dict()
    _check_loads_back(model, arch, state)
    doc = {"format": FORMAT, "version": VERSION, "architecture": arch, "parameters": state}
    text = json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=False)
    data = (text + "\n").encode("utf-8")  # before any file is opened: a label that cannot be written fails here
    folder = os.path.dirname(os.path.abspath(path))
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".chainrule-", suffix=".json.tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, mode)  # mkstemp makes the file 0600
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def _check_loads_back(model: Module, arch: dict, state: dict) -> None:
    """ValueError unless ``load`` of this architecture and state would rebuild this model."""
    labels = [p.label for p in model.parameters()]
    if len(state) != len(labels):
        twice = sorted({label for label in labels if labels.count(label) > 1})
        raise ValueError(
            f"nn.save: parameters share the labels {twice[:5]}, but the file keys each value by its label; "
            f"give every parameter its own label (or rename the layer back) before saving"
        )
    expected = [p.label for p in _build(arch).parameters()]
    if labels != expected:
        first = next(i for i, (a, b) in enumerate(zip(labels, expected)) if a != b)
        raise ValueError(
            f"nn.save: parameter {first + 1} is labelled {labels[first]!r}, but a loaded model calls it "
            f"{expected[first]!r}, so the file could never be loaded; rename it back "
            f"(layer and neuron names are saved: set layer.name or neuron.name instead)"
        )


def _mode_for(path) -> int:
    """An existing file's permissions, else what the umask allows for a new file (0666 & ~umask)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        pass
    try:  # Linux shows the umask in /proc; reading it elsewhere means setting it for a moment
        with open("/proc/self/status", encoding="ascii") as f:
            umask = next(int(line.split()[1], 8) for line in f if line.startswith("Umask:"))
    except (OSError, StopIteration, ValueError):
        umask = os.umask(0o022)
        os.umask(umask)
    return 0o666 & ~umask


def _read_text(path) -> str:
    """The file's text: only a regular file, at most MAX_FILE_BYTES (a FIFO or /dev/zero would hang or fill memory)."""
    name = repr(os.fspath(path))
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block the open
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"{name} is not a chainrule model file (not a regular file)")
        if info.st_size > MAX_FILE_BYTES:
            raise ValueError(f"{name} is too large for a model file ({info.st_size} bytes, at most {MAX_FILE_BYTES})")
        data = f.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # the file grew while being read
        raise ValueError(f"{name} is too large for a model file (more than {MAX_FILE_BYTES} bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"{name} is not a chainrule model file (not UTF-8 text)") from e


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
    text = _read_text(path)
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
    built = _build(arch)  # type: ignore[arg-type]  # (_parameter_count(arch) refused anything but a dict)
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
