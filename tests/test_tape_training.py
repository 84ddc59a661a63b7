"""Training on a tape's own arrays, and nn models recorded by their structure.

- ``autograd.weighted_sum`` is ``add(*[w * x], b)`` on the scalar engine and
  one ``WeightedSum`` node while ``Tape.record`` records: the recorded tape
  gives the node-by-node reference's outputs and gradients (1e-12 relative),
  with or without biases, with shared weights, and with inputs that are not
  the batch's columns.
- ``Tape.training()`` holds the parameters as arrays: the same numbers, bit
  for bit, as a tape that reads and writes the Values, and the Values are
  current after the block (also after an exception), after ``sync()``.
- ``nn.fit`` on the tape: the Values are current at every point a user can
  look (a callback, ``predict``, after fit returns, after an exception), and a
  callback that changes them is obeyed.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest

import nn
import nn.train
from autograd import Value, add, weighted_sum
from autograd.tape import Tape
from autograd.weighted import WeightedSum, recording_sums

RTOL = 1e-12


def close(a, b) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= RTOL * np.maximum(1.0, np.maximum(abs(a), abs(b)))))


def grads_of(tape, x, params):
    for p in params:
        p.zero_grad()
    out = tape.forward(x)
    tape.backward(upstream="sum")
    return out, [p.grad for p in params]


# ---- weighted sums ----------------------------------------------------------------------------


def test_weighted_sum_on_the_scalar_engine_is_the_sum_of_products():
    w, x, b = [Value(2.0), Value(-1.0)], [Value(3.0), Value(4.0)], Value(0.5)
    z = weighted_sum(w, x, b)
    assert (z.op, z.data, len(z.inputs)) == ("+", 2.5, 3)
    assert [v.op for v in z.inputs[:2]] == ["*", "*"] and z.inputs[2] is b
    z.backward()
    assert [v.grad for v in w] == [3.0, 4.0] and [v.grad for v in x] == [2.0, -1.0] and b.grad == 1.0
    assert weighted_sum(w[:1], x[:1]).op == "*"  # one product and no bias: the product itself
    with pytest.raises(ValueError, match="as many weights as inputs"):
        weighted_sum(w, x[:1])


def test_a_recording_makes_one_node_per_neuron_with_the_same_number():
    w = [Value(0.1 * k) for k in range(1, 6)]
    xs = [Value(float(k)) for k in range(5)]
    with recording_sums(xs):
        z = weighted_sum(w, xs, Value(0.25))
        loose = weighted_sum(w, [Value(1.0)] * 5)  # inputs that are not the recording's: products as usual
    assert type(z) is WeightedSum and z.is_leaf and z.data == add(*[a * b for a, b in zip(w, xs)], 0.25).data
    assert type(loose) is not WeightedSum and loose.op == "+"


def test_recording_is_per_thread():
    xs = [Value(1.0)]
    seen = []
    with recording_sums(xs):
        thread = threading.Thread(target=lambda: seen.append(type(weighted_sum([Value(2.0)], xs))))
        thread.start()
        thread.join(timeout=30)
        assert type(weighted_sum([Value(2.0)], xs)) is WeightedSum
    assert seen == [Value]  # the other thread built its product as always


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize(
    "make",
    [
        lambda bias: nn.MLP(3, [5, 4, 2], activation="tanh", bias=bias, seed=0),
        lambda bias: nn.MLP(3, [4, 1], activation="leaky_relu", output_activation="sigmoid", bias=bias, seed=1),
        lambda bias: nn.Layer(3, 3, activation="relu", bias=bias, seed=2),
        lambda bias: nn.Neuron(3, activation="sigmoid", bias=bias, seed=3),
        lambda bias: nn.Neuron(1, activation="tanh", bias=bias, seed=4),
    ],
    ids=["mlp-tanh", "mlp-sigmoid", "layer", "neuron", "one-input-neuron"],
)
def test_nn_models_recorded_by_structure_match_the_node_by_node_tape(make, bias):
    model = make(bias)
    nin = model.nin
    x = np.random.default_rng(0).normal(size=(40, nin + 1))

    def build(xs):
        out = model(xs[:nin])
        outs = [out] if isinstance(out, Value) else out
        return add(*[(o - xs[nin]) ** 2 for o in outs])

    fused = Tape.record(build, inputs=nin + 1, model=model)
    reference = Tape.record(build, inputs=nin + 1, model=model, fuse=False)
    assert fused.parameters == model.parameters()  # the model's order: W and b are views, not gathers
    layers = len(model.layers) if isinstance(model, nn.MLP) else 1
    assert repr(fused).endswith(f"{layers} matrix products)")
    assert not any(getattr(step, "op", "") == "*" for step in fused._steps[: layers + 2])  # no product nodes
    out_f, g_f = grads_of(fused, x, model.parameters())
    out_r, g_r = grads_of(reference, x, model.parameters())
    assert close(out_f, out_r) and close(g_f, g_r)


def test_shared_weights_and_inputs_that_are_not_columns():
    layer = nn.Layer(2, 2, activation="tanh", seed=0)
    x = np.random.default_rng(1).normal(size=(30, 2))
    builds = {
        "twice": lambda xs: add(*layer(layer(xs))),  # the same weights in two matrix products
        "constant input": lambda xs: add(*layer([xs[0], 0.5])),  # a plain number among the inputs
        "computed input": lambda xs: add(*layer([xs[0] * xs[1], xs[1].exp()])),
    }
    for name, build in builds.items():
        fused, reference = Tape.record(build, inputs=2), Tape.record(build, inputs=2, fuse=False)
        out_f, g_f = grads_of(fused, x, layer.parameters())
        out_r, g_r = grads_of(reference, x, layer.parameters())
        assert close(out_f, out_r) and close(g_f, g_r), name


def test_a_data_dependent_model_is_still_caught():
    model = nn.MLP(2, [3, 1], seed=0)

    def branchy(xs):
        out = model(xs)
        return out * 2 if out.data > 0 else out  # a Python if on .data: the graph depends on the data

    with pytest.raises(ValueError, match="different graphs"):
        Tape.record(branchy, inputs=2, probes=[[1.0, 1.0], [-1.0, -1.0], [3.0, -2.0], [-3.0, 2.0]])


# ---- Tape.training: the parameters as arrays -------------------------------------------------


def make_tape(seed=0):
    model = nn.MLP(2, [6, 1], activation="tanh", seed=seed)
    tape = Tape.record(lambda xs: (model(xs[:2]) - xs[2]) ** 2, inputs=3, model=model)
    data = np.random.default_rng(seed).normal(size=(25, 3))
    return model, tape, data


@pytest.mark.parametrize(
    "make_opt",
    [lambda p: nn.SGD(p, lr=0.1), lambda p: nn.SGD(p, lr=0.05, momentum=0.9), lambda p: nn.Adam(p, lr=0.01)],
    ids=["sgd", "momentum", "adam"],
)
def test_training_on_the_arrays_gives_the_values_path_bit_for_bit(make_opt):
    runs = []
    for hold in (True, False):
        model, tape, data = make_tape()
        opt = make_opt(model.parameters())
        if hold:
            with tape.training():
                for _ in range(40):
                    tape.zero_grad()
                    tape.forward(data)
                    tape.backward()
                    opt.step_arrays(tape.data, tape.grad)
        else:
            for _ in range(40):
                tape.zero_grad()
                tape.forward(data)
                tape.backward()
                opt.step()
        runs.append(([p.data for p in model.parameters()], [p.grad for p in model.parameters()]))
    assert runs[0] == runs[1]  # exactly: the same tape arithmetic and the same optimizer rule


def test_the_values_wait_for_sync_and_are_current_after_the_block_even_after_an_error():
    model, tape, data = make_tape()
    params = model.parameters()
    start = [p.data for p in params]
    with pytest.raises(RuntimeError, match="stop"):
        with tape.training():
            assert tape.holds_parameters and tape.data.tolist() == start
            tape.forward(data)
            tape.backward()
            tape.data -= 0.1 * tape.grad
            assert [p.data for p in params] == start and all(p.grad == 0.0 for p in params)
            tape.sync()
            assert [p.data for p in params] == tape.data.tolist()
            assert [p.grad for p in params] == tape.grad.tolist() and all(p.grad_computed for p in params)
            tape.data -= 0.1 * tape.grad
            expected = tape.data.tolist()
            raise RuntimeError("stop")
    assert not tape.holds_parameters and [p.data for p in params] == expected
    # outside the block, forward reads the Values again
    before = tape.forward(data)
    params[0].data += 1.0
    assert not close(tape.forward(data), before)


def test_reload_reads_changed_values_and_blocks_do_not_nest():
    model, tape, data = make_tape()
    with tape.training():
        model.parameters()[0].data = 5.0
        assert tape.data[0] != 5.0
        tape.reload()
        assert tape.data[0] == 5.0
        with pytest.raises(ValueError, match="do not nest"):
            with tape.training():
                pass
    assert model.parameters()[0].data == 5.0


def test_training_refuses_a_changed_model():
    model, tape, data = make_tape()
    model.layers[0] = nn.Layer(2, 6, activation="tanh", seed=5)
    with pytest.raises(ValueError, match="model changed"):
        with tape.training():
            pass


# ---- nn.fit: the Values whenever a user can look ----------------------------------------------


MOONS = nn.datasets.moons(30, seed=2)


def fit(epochs, use_tape=True, callback=None, batch_size=None, optimizer=None, bias=True, **options):
    model = nn.MLP(2, [6, 1], activation="tanh", output_activation="sigmoid", bias=bias, seed=0)
    opt = optimizer(model) if optimizer else nn.Adam(model.parameters(), lr=0.05)
    history = nn.fit(
        model,
        *MOONS,
        loss="bce",
        optimizer=opt,
        epochs=epochs,
        batch_size=batch_size,
        seed=1,
        callback=callback,
        use_tape=use_tape,
        verbose=False,
        **options,
    )
    return model, history, opt


@pytest.mark.parametrize("batch_size", [None, 7])
def test_a_callback_sees_the_model_as_it_is_after_each_epoch(batch_size):
    seen = []

    def look(model_holder):
        def callback(history):
            model = model_holder[0]
            seen.append(([p.data for p in model.parameters()], model.predict(MOONS[0]), history.epochs))

        return callback

    holder = []
    model, history, _ = fit(
        4, callback=look(holder), batch_size=batch_size, optimizer=lambda m: holder.append(m) or nn.Adam(m.parameters())
    )
    assert [epoch for _, _, epoch in seen] == [1, 2, 3, 4]
    for params, predictions, epoch in seen:
        alone, _, _ = fit(epoch, batch_size=batch_size, optimizer=lambda m: nn.Adam(m.parameters()))
        assert params == [p.data for p in alone.parameters()]  # exactly the fit that stopped there
        assert close(predictions, alone.predict(MOONS[0]))
    assert seen[-1][0] == [p.data for p in model.parameters()]  # and after fit returns


def test_a_callback_that_changes_the_weights_is_obeyed_as_on_the_scalar_engine():
    results = []
    for use_tape in (True, False):
        holder = []

        def shrink(history, holder=holder):
            for p in holder[0].parameters():
                p.data *= 0.5

        model, history, _ = fit(
            3, use_tape=use_tape, callback=shrink, optimizer=lambda m, h=holder: h.append(m) or nn.SGD(m.parameters())
        )
        results.append(([p.data for p in model.parameters()], history.loss))
    assert close(results[0][0], results[1][0]) and close(results[0][1], results[1][1])


def test_the_values_are_current_after_an_exception_mid_fit():
    holder = []

    def fail(history):
        if history.epochs == 3:
            raise KeyError("stop here")

    with pytest.raises(KeyError):
        fit(10, callback=fail, optimizer=lambda m: holder.append(m) or nn.Adam(m.parameters()))
    alone, _, _ = fit(3, optimizer=lambda m: nn.Adam(m.parameters()))
    assert [p.data for p in holder[0].parameters()] == [p.data for p in alone.parameters()]
    assert holder[0] not in nn.train._HELD  # the fit let go of the model


def test_a_diverging_fit_leaves_the_last_good_parameters_in_the_values():
    X, y = MOONS

    def run(epochs):
        model = nn.MLP(2, [6, 1], activation="relu", seed=0)
        opt = nn.SGD(model.parameters(), lr=1e3)
        try:
            nn.fit(model, X, y, loss="mse", optimizer=opt, epochs=epochs, use_tape=True, verbose=False)
        except OverflowError:
            return model, opt, True
        return model, opt, False

    model, opt, failed = run(50)
    assert failed and 0 < opt.steps < 50
    again, _, _ = run(opt.steps)  # the fit that made exactly the good steps (full batch: one per epoch)
    assert [p.data for p in model.parameters()] == [p.data for p in again.parameters()]


def test_predict_during_a_fit_syncs_the_values_first(monkeypatch):
    synced = []
    real = nn.train._TapeBatches.sync
    monkeypatch.setattr(nn.train._TapeBatches, "sync", lambda self: synced.append(1) or real(self))
    holder = []

    def look(history):
        synced.clear()
        holder[0].predict(MOONS[0])
        assert synced == [1]  # predict asked the running fit for the current numbers

    fit(2, callback=look, optimizer=lambda m: holder.append(m) or nn.SGD(m.parameters()))


@pytest.mark.parametrize(
    "optimizer",
    [
        lambda m: nn.SGD(list(reversed(m.parameters())), lr=0.3),  # another order
        lambda m: nn.SGD(m.parameters(), lr=0.3, momentum=0.5),
        lambda m: nn.Adam(m.layers[-1].parameters(), lr=0.05),  # a subset: the rest stays as it is
    ],
    ids=["reversed", "momentum", "subset"],
)
@pytest.mark.parametrize("bias", [True, False])
def test_fit_on_the_tape_trains_as_the_scalar_engine_with_any_optimizer(optimizer, bias):
    tape_model, tape_history, _ = fit(4, use_tape=True, optimizer=optimizer, batch_size=8, bias=bias)
    scalar_model, scalar_history, _ = fit(4, use_tape=False, optimizer=optimizer, batch_size=8, bias=bias)
    assert close(tape_history.loss, scalar_history.loss) and tape_history.accuracy == scalar_history.accuracy
    assert close([p.data for p in tape_model.parameters()], [p.data for p in scalar_model.parameters()])


def test_fit_on_the_tape_trains_exactly_as_alone_while_another_thread_predicts():
    alone, alone_history, _ = fit(30, batch_size=5, optimizer=lambda m: nn.Adam(m.parameters(), lr=0.05))
    holder, done, predicted, outputs = [], threading.Event(), threading.Event(), []
    result = {}

    def wait_for_a_prediction(history):
        # After the first epoch, training waits until the other thread has predicted at least once
        # (a fast machine could otherwise finish all 30 epochs before it gets a turn). Returns None: go on.
        if history.epochs == 1:
            predicted.wait(60)

    def train():
        result["run"] = fit(
            30,
            batch_size=5,
            optimizer=lambda m: holder.append(m) or nn.Adam(m.parameters(), lr=0.05),
            callback=wait_for_a_prediction,
        )
        done.set()

    thread = threading.Thread(target=train)
    thread.start()
    while not done.is_set() and thread.is_alive():
        if holder:
            outputs.append(holder[0].predict(MOONS[0] * 2))  # 60 rows: on a tape of its own, from synced Values
            predicted.set()
    thread.join(timeout=120)
    model, history, _ = result["run"]
    assert history.loss == alone_history.loss
    assert [p.data for p in model.parameters()] == [p.data for p in alone.parameters()]
    assert outputs and all(len(o) == 60 for o in outputs)


def test_an_unhashable_model_trains_on_the_tape_too():
    class Unhashable(nn.MLP):
        __hash__ = None  # as a dataclass with eq=True would be

    model = Unhashable(2, [3, 1], output_activation="sigmoid", seed=0)
    history = nn.fit(model, *MOONS, loss="bce", epochs=3, use_tape=True, verbose=False)
    assert history.epochs == 3 and model.predict(MOONS[0][:2])
