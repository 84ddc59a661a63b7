"""Scopes and the recording mode: what nodes carry, and that both are per thread."""

from __future__ import annotations

import threading

import pytest

import autograd
import nn
from autograd import Scope, Value, no_grad, scope


def run_in_threads(*targets, timeout: float = 60.0) -> None:
    """Start every target in its own thread, join with a timeout, and re-raise the first failure."""
    errors: list[BaseException] = []

    def guarded(target):
        def run():
            try:
                target()
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)

        return run

    threads = [threading.Thread(target=guarded(t)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
        assert not t.is_alive(), "a thread did not finish in time"
    if errors:
        raise errors[0]


def test_nodes_carry_the_enclosing_scope_names_outermost_first():
    w, x, b = Value(2.0, label="w"), Value(3.0, label="x"), Value(1.0, label="b")
    with scope("L1"):
        with scope("N2"):
            z = w * x + b
        after = z * 2
    assert z.scope == ("L1", "N2")
    assert after.scope == ("L1",)
    assert (z * 1).scope == ()
    assert w.scope == () and x.scope == ()  # made outside any scope


def test_constants_and_leaves_made_inside_a_scope_carry_it():
    with scope("loss", kind="loss") as entry:
        three = Value(3.0)
        y = three * Value(2.0) + 1
    constant = y.inputs[1]
    assert isinstance(constant, autograd.Constant) and constant.scope == ("loss",)
    assert three.scope_entry is entry and entry.kind == "loss"


def test_every_entry_is_its_own_scope_with_a_parent_chain():
    x = Value(1.0)
    block = scope("N1", kind="neuron")
    with scope("L1", kind="layer") as layer:
        with block as first:
            a = x * 2
        with block as second:
            b = x * 3
    assert first is not second and first.names == second.names == ("L1", "N1")
    assert a.scope_entry is first and b.scope_entry is second
    assert first.parent is layer and layer.parent is None
    assert first.path == (layer, first)
    assert isinstance(first, Scope) and "N1" in repr(first) and "neuron" in repr(first)


def test_scopes_restore_on_exceptions():
    with pytest.raises(ZeroDivisionError):
        with scope("broken"):
            raise ZeroDivisionError("inside the block")
    assert (Value(1.0) * 2).scope == ()
    with pytest.raises(ZeroDivisionError):
        with no_grad():
            raise ZeroDivisionError("inside the block")
    assert autograd.is_recording()


@pytest.mark.parametrize("name", [3, None, b"L1"])
def test_scope_name_must_be_text(name):
    with pytest.raises(TypeError, match="scope name must be a str"):
        scope(name)


def test_scope_name_must_not_be_empty():
    with pytest.raises(ValueError, match="must not be empty"):
        scope("")
    with pytest.raises(TypeError, match="kind"):
        scope("L1", kind=1)


def test_no_grad_inside_a_scope_keeps_the_scope_and_records_nothing():
    with scope("eval"):
        with no_grad():
            y = Value(2.0) * 3
        z = Value(2.0) * 3
    assert y.op == "" and y.scope == ("eval",)
    assert z.op == "*" and z.scope == ("eval",)


def test_nn_makes_every_layer_neuron_and_loss_in_its_scope():
    model = nn.MLP(2, [2, 1], activation="tanh", output_activation="sigmoid", seed=0)
    out = model([0.5, -1.0])
    assert out.scope == ("L2", "N1")
    hidden = out.inputs[0].inputs[0].inputs  # sigmoid <- z (+) <- products w * a
    assert hidden[1].scope == ("L1", "N1") and hidden[1].label == "L1.N1.a"
    assert out.scope_entry.kind == "neuron" and out.scope_entry.parent.kind == "layer"
    assert all(p.scope == () for p in model.parameters())  # parameters are made outside any call
    for loss, name in [
        (nn.mse(out, 1.0), "MSE"),
        (nn.binary_cross_entropy(out, 1), "BCE"),
        (nn.cross_entropy(model.layers[0]([0.5, -1.0]), 1), "CE"),
    ]:
        assert loss.scope == (name,) and loss.scope_entry.kind == "loss"


def test_named_neurons_and_models_name_their_scopes():
    gate = nn.Neuron(2, activation="sigmoid", name="OR")
    assert gate([1.0, 0.0]).scope == ("OR",)
    assert nn.Neuron(1)([1.0]).scope == ("neuron",)
    model = nn.MLP(2, [2, 1], seed=0, name="XOR")
    model.layers[0].neurons[1].name = "NAND"
    out = model([1.0, 0.0])
    assert out.scope == ("XOR", "L2", "N1") and out.scope_entry.path[0].kind == "model"
    assert [p.label for p in model.layers[0].neurons[1].parameters()] == ["L1.NAND.w1", "L1.NAND.w2", "L1.NAND.b"]
    model.layers[0].name = "hidden"
    assert model.layers[0].neurons[0].w[0].label == "hidden.N1.w1"


def test_bias_false_gives_the_lectures_bias_free_network():
    model = nn.MLP(2, [2, 2], activation="sigmoid", output_activation="sigmoid", bias=False, seed=0)
    assert len(model.parameters()) == 8 and all(n.b is None for layer in model.layers for n in layer.neurons)
    assert [p.label for p in model.layers[1].neurons[0].parameters()] == ["L2.N1.w1", "L2.N1.w2"]
    outs = model([0.1, 0.2])
    z = outs[0].inputs[0]
    assert z.op == "+" and len(z.inputs) == 2  # w1 * a1 + w2 * a2, no bias term
    single = nn.Neuron(1, activation="linear", bias=False)
    y = single([2.0])
    assert y.op == "*" and y.data == pytest.approx(2.0 * single.w[0].data)  # no one-input +
    assert "no bias" in repr(model) and "no bias" in repr(model.layers[0])
    with pytest.raises(TypeError, match="bias must be True or False"):
        nn.Neuron(2, bias="no")


def test_bias_free_models_save_and_load_with_their_names(tmp_path):
    model = nn.MLP(2, [2, 2], activation="sigmoid", bias=False, seed=3, name="wikidocs")
    model.layers[0].neurons[0].name = "h1"
    model.layers[1].name = "out"
    path = tmp_path / "m.json"
    nn.save(model, path)
    loaded = nn.load(path)
    assert loaded.state_dict() == model.state_dict() and loaded.name == "wikidocs" and not loaded.bias
    assert [n.name for n in loaded.layers[0].neurons] == ["h1", "N2"] and loaded.layers[1].name == "out"


def test_no_grad_in_one_thread_leaves_another_recording():
    # Issue 13, hole 1: no_grad() was a process-wide switch.
    inside, release = threading.Event(), threading.Event()
    seen = {}

    def quiet():
        with no_grad():
            inside.set()
            release.wait(30)
            seen["quiet"] = (Value(1.0) * 2).op

    def busy():
        inside.wait(30)
        seen["busy"] = (Value(1.0) * 2).op
        seen["busy_recording"] = autograd.is_recording()
        release.set()

    run_in_threads(quiet, busy)
    assert seen == {"quiet": "", "busy": "*", "busy_recording": True}


def test_overlapping_no_grad_blocks_in_two_threads_restore_recording():
    # Hole 1: two overlapping blocks left recording off for the rest of the process.
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()

    def first():
        with no_grad():
            a_in.set()
            b_in.wait(30)
        a_out.set()

    def second():
        a_in.wait(30)
        with no_grad():
            b_in.set()
            a_out.wait(30)

    run_in_threads(first, second)
    assert autograd.is_recording() and (Value(1.0) * 2).op == "*"


def test_one_scope_object_entered_by_two_threads_at_once():
    block = scope("shared", kind="neuron")
    both_in = threading.Barrier(2, timeout=30)
    results = {}

    def work(name):
        def run():
            with block:
                both_in.wait()
                with scope(name):
                    y = Value(1.0) * 2
                both_in.wait()
            results[name] = (y.scope, (Value(1.0) * 2).scope)

        return run

    run_in_threads(work("a"), work("b"))
    assert results == {"a": (("shared", "a"), ()), "b": (("shared", "b"), ())}


def test_fit_while_another_thread_predicts_trains_exactly_as_alone():
    # Hole 2: predict's no_grad() switched off recording in fit's thread (final loss 0.62, not 0.31).
    X, y = nn.datasets.xor()

    def train(model):
        return nn.fit(
            model,
            X,
            y,
            loss="bce",
            optimizer="adam",
            lr=0.05,
            epochs=60,
            batch_size=4,
            seed=0,
            verbose=False,
            use_tape=False,
        )

    alone = train(nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0))
    model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    other = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=1)
    done = threading.Event()
    result = {}

    def fitting():
        result["history"] = train(model)
        done.set()

    def predicting():
        while not done.is_set():
            other.predict(X)

    run_in_threads(fitting, predicting)
    assert result["history"].loss == alone.loss
