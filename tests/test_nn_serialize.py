"""save / load: JSON round trips, and bad files that raise ValueError and leave the model alone."""

from __future__ import annotations

import json

import pytest

import nn

INPUTS = [[0.3, -1.2], [2.0, 0.5], [0.0, 0.0]]


@pytest.mark.parametrize(
    "make",
    [
        lambda: nn.MLP(2, [5, 3, 1], activation="leaky_relu", output_activation="sigmoid", seed=7),
        lambda: nn.MLP(2, [4, 3], activation="tanh", seed=1),
        lambda: nn.Layer(2, 3, activation="relu", seed=2, name="hidden"),
        lambda: nn.Neuron(2, activation="sigmoid", seed=3),
    ],
)
def test_round_trip_gives_identical_outputs(tmp_path, make):
    model = make()
    path = tmp_path / "model.json"
    nn.save(model, path)
    copy = nn.load(path)
    assert type(copy) is type(model) and repr(copy) == repr(model)
    assert copy.state_dict() == model.state_dict()  # exact floats, same labels in the same order
    assert list(copy.state_dict()) == list(model.state_dict())
    assert copy.predict(INPUTS) == model.predict(INPUTS)
    assert nn.architecture(copy) == nn.architecture(model)


def test_file_is_readable_json_with_the_architecture(tmp_path):
    model = nn.MLP(3, [4, 1], activation="relu", output_activation="sigmoid", seed=0)
    path = tmp_path / "m.json"
    nn.save(model, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == "chainrule.nn" and doc["version"] == 1
    assert doc["architecture"] == {
        "type": "MLP",
        "nin": 3,
        "layers": [{"nout": 4, "activation": "relu"}, {"nout": 1, "activation": "sigmoid"}],
    }
    assert len(doc["parameters"]) == 21 and "L1.N2.w1" in doc["parameters"]


def test_mixed_activations_in_a_layer_survive(tmp_path):
    model = nn.MLP(2, [3, 1], activation="relu", seed=0)
    model.layers[0].neurons[1].activation = "tanh"
    nn.save(model, tmp_path / "m.json")
    copy = nn.load(tmp_path / "m.json")
    assert [n.activation for n in copy.layers[0].neurons] == ["relu", "tanh", "relu"]
    assert copy.predict(INPUTS) == model.predict(INPUTS)


def test_load_into_an_existing_model(tmp_path):
    trained = nn.MLP(2, [3, 1], seed=1)
    nn.save(trained, tmp_path / "m.json")
    fresh = nn.MLP(2, [3, 1], seed=2)
    assert nn.load(tmp_path / "m.json", model=fresh) is fresh
    assert fresh.predict(INPUTS) == trained.predict(INPUTS)
    other = nn.MLP(2, [4, 1], seed=2)
    before = other.state_dict()
    with pytest.raises(ValueError, match="different model"):
        nn.load(tmp_path / "m.json", model=other)
    assert other.state_dict() == before


def good_doc():
    model = nn.MLP(2, [2, 1], seed=0)
    return {
        "format": "chainrule.nn",
        "version": 1,
        "architecture": nn.architecture(model),
        "parameters": model.state_dict(),
    }


def text_of(doc):
    return json.dumps(doc)


def _edit(change):
    doc = good_doc()
    change(doc)
    return json.dumps(doc)


BAD_FILES = {
    "truncated": text_of(good_doc())[:-20],
    "empty": "",
    "not json": "L1.N1.w1 = 0.5",
    "a list": "[1, 2, 3]",
    "NaN": text_of(good_doc()).replace(str(good_doc()["parameters"]["L1.N1.w1"]), "NaN"),
    "Infinity": text_of(good_doc()).replace(str(good_doc()["parameters"]["L1.N1.w1"]), "Infinity"),
    "wrong format": _edit(lambda d: d.update(format="pickle")),
    "future version": _edit(lambda d: d.update(version=2)),
    "missing parameter": _edit(lambda d: d["parameters"].pop("L2.N1.b")),
    "extra parameter": _edit(lambda d: d["parameters"].update({"L3.N1.b": 0.0})),
    "renamed parameter": _edit(lambda d: d["parameters"].update({"L2.N1.bias": d["parameters"].pop("L2.N1.b")})),
    "string value": _edit(lambda d: d["parameters"].update({"L2.N1.b": "0.5"})),
    "unknown activation": _edit(lambda d: d["architecture"]["layers"][0].update(activation="os.system")),
    "unknown type": _edit(lambda d: d["architecture"].update(type="Transformer")),
    "huge layer": _edit(lambda d: d["architecture"]["layers"][0].update(nout=10**9)),
    "negative size": _edit(lambda d: d["architecture"].update(nin=-2)),
    "no layers": _edit(lambda d: d["architecture"].update(layers=[])),
    "parameters not a dict": _edit(lambda d: d.update(parameters=[0.5] * 9)),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_raises_value_error_and_leaves_the_model_untouched(tmp_path, name):
    path = tmp_path / "bad.json"
    path.write_text(BAD_FILES[name], encoding="utf-8")
    with pytest.raises(ValueError):
        nn.load(path)
    model = nn.MLP(2, [2, 1], seed=5)
    before = model.state_dict()
    with pytest.raises(ValueError):
        nn.load(path, model=model)
    assert model.state_dict() == before


def test_binary_garbage_is_a_value_error(tmp_path):
    path = tmp_path / "model.json"
    path.write_bytes(b"\x80\x04\x95pickle\xff")
    with pytest.raises(ValueError, match="not a chainrule model file"):
        nn.load(path)


def test_good_doc_itself_loads(tmp_path):
    path = tmp_path / "good.json"
    path.write_text(text_of(good_doc()), encoding="utf-8")
    assert nn.load(path).state_dict() == good_doc()["parameters"]


def test_save_rejects_non_models_and_leaves_no_temp_files(tmp_path):
    with pytest.raises(TypeError):
        nn.save(object(), tmp_path / "x.json")
    assert list(tmp_path.iterdir()) == []
