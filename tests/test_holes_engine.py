"""Regression tests for holes of issue 13 closed in the engine, the CLI and nn (one test per hole, named after it)."""

from __future__ import annotations

import sys
import threading

import pytest

from autograd import Value, add


def _run_in_threads(target, count: int = 2, timeout: float = 60.0) -> None:
    """Start ``count`` threads on ``target``, join each with a timeout, re-raise the first error."""
    errors: list[BaseException] = []

    def guarded():
        try:
            target()
        except BaseException as error:  # handed to the main thread below
            errors.append(error)

    threads = [threading.Thread(target=guarded) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
        assert not thread.is_alive(), "a thread did not finish"
    if errors:
        raise errors[0]


# ---- hole 3: backward() from two threads over one shared graph --------------


def test_hole_3_two_threads_backward_on_one_graph_add_exact_gradients():
    x = Value(1.0, label="x")
    y = add(*[x * 1.0 for _ in range(2000)])  # dy/dx = 2000, through 4000 nodes: passes would interleave
    rounds = 20
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        _run_in_threads(lambda: [y.backward() for _ in range(rounds)])
    finally:
        sys.setswitchinterval(old)
    assert x.grad == 2 * rounds * 2000.0
    assert y.grad == 2 * rounds * 1.0


# ---- hole 11: numpy integers as seeds ---------------------------------------


def test_hole_11_numpy_integer_seeds_are_accepted_everywhere():
    import numpy as np

    import nn

    assert nn.datasets.moons(10, seed=np.int64(3)) == nn.datasets.moons(10, seed=3)
    a = nn.MLP(2, [3, 1], seed=np.int64(0))
    b = nn.MLP(2, [3, 1], seed=0)
    assert [p.data for p in a.parameters()] == [p.data for p in b.parameters()]
    X, y = nn.datasets.xor()
    h1 = nn.fit(nn.MLP(2, [3, 1], seed=0), X, y, loss="mse", epochs=3, batch_size=2, seed=np.int32(1))
    h2 = nn.fit(nn.MLP(2, [3, 1], seed=0), X, y, loss="mse", epochs=3, batch_size=2, seed=1)
    assert h1.loss == h2.loss
    for bad in (1.5, "0", True):
        with pytest.raises(TypeError, match="seed must be an int"):
            nn.datasets.moons(10, seed=bad)
        with pytest.raises(TypeError, match="seed must be an int"):
            nn.fit(nn.MLP(2, [1], seed=0), X, y, loss="mse", epochs=1, seed=bad)


# ---- hole 13: a gradient nobody will use does not fail under no_grad ---------


def test_hole_13_no_grad_does_not_fail_on_an_unused_slope():
    from autograd import no_grad

    with no_grad():
        assert Value(1e-310).log().data == pytest.approx(-713.8013788281542)
        assert (1 / Value(1e-300)).data == pytest.approx(1e300)
        assert (Value(1e-200) ** -1.4).data == pytest.approx(1e280)
    # Recording: the slope is what does not fit, and the message says so.
    for make in (lambda: Value(1e-310).log(), lambda: 1 / Value(1e-300), lambda: Value(1e-200) ** -1.4):
        with pytest.raises(OverflowError, match="the local gradient is too large"):
            make()
    with pytest.raises(OverflowError, match="the result is too large"):
        Value(1e-200) ** -2


# ---- hole 14: numbers too large for a float, named by what they were for -----


def test_hole_14_huge_ints_get_messages_that_name_the_op_or_argument():
    import nn

    with pytest.raises(ValueError, match=r"^Value needs a finite number, got an int of 401 digits"):
        Value(10**400)
    for make, op in (
        (lambda: Value(2) + 10**400, r"\+"),
        (lambda: 10**400 * Value(2), r"\*"),
        (lambda: Value(2) ** 10**5000, r"\*\*"),
        (lambda: Value(2).max(10**400), "max"),
        (lambda: Value(2).leaky_relu(10**400), "leaky_relu slope"),
    ):
        with pytest.raises(ValueError, match=rf"^{op}: a number in an expression needs a finite number, got an int"):
            make()
    with pytest.raises(ValueError, match="noise must be a number from 0 to .*got an int of 401 digits"):
        nn.datasets.moons(10, noise=10**400)
    with pytest.raises(ValueError, match="lr must be a number > 0(.0)?, got an int of about 5000 digits"):
        nn.SGD([Value(1.0)], lr=10**5000)
    X, y = nn.datasets.xor()
    with pytest.raises(ValueError, match="lr must be a number > 0(.0)?, got an int of about 5000 digits"):
        nn.fit(nn.MLP(2, [1], seed=0), X, y, loss="mse", epochs=1, lr=10**5000)


# ---- hole 20 (data sets): noise that overflows, noise of another float type ---


def test_hole_20_moons_noise_is_bounded_and_gives_python_floats():
    import numpy as np

    import nn

    with pytest.raises(ValueError, match="noise must be a number from 0 to"):
        nn.datasets.moons(10, noise=1e308)
    X, _ = nn.datasets.moons(10, noise=np.float32(0.1))
    assert all(type(v) is float for row in X for v in row)
    assert X == nn.datasets.moons(10, noise=float(np.float32(0.1)))[0]


# ---- holes 7, 8, 15: model files ---------------------------------------------


def test_hole_7_save_refuses_a_model_that_could_not_be_loaded_back(tmp_path):
    import nn

    path = tmp_path / "m.json"
    model = nn.MLP(2, [2, 1], seed=0)
    model.parameters()[0].label = model.parameters()[1].label  # two parameters, one key
    with pytest.raises(ValueError, match="share the labels"):
        nn.save(model, path)
    renamed = nn.MLP(2, [2, 1], seed=0)
    renamed.layers[1].name = "L1"  # both layers now label their parameters L1.N1.w1, ...
    with pytest.raises(ValueError, match="share the labels"):
        nn.save(renamed, path)
    relabelled = nn.MLP(2, [2, 1], seed=0)
    relabelled.parameters()[0].label = "my weight"
    with pytest.raises(ValueError, match="could never be loaded"):
        nn.save(relabelled, path)
    assert not path.exists()
    named = nn.MLP(2, [2, 1], seed=0, name="XOR")  # names set the supported way do load back
    named.layers[0].name = "hidden"
    nn.save(named, path)
    assert nn.load(path).state_dict() == named.state_dict()


def test_hole_8_save_follows_the_umask_and_keeps_an_existing_mode(tmp_path):
    import os

    import nn

    model = nn.Neuron(2, seed=0)
    umask = os.umask(0o022)
    try:
        nn.save(model, tmp_path / "new.json")
        assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(umask)
    existing = tmp_path / "old.json"
    existing.write_text("{}")
    existing.chmod(0o640)
    nn.save(model, existing)
    assert existing.stat().st_mode & 0o777 == 0o640
    assert nn.load(existing).state_dict() == model.state_dict()


def test_hole_15_load_refuses_devices_fifos_and_huge_files(tmp_path):
    import os

    import nn
    from nn import serialize

    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    with pytest.raises(ValueError, match="not a regular file"):
        nn.load(link)
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    result = []
    reader = threading.Thread(target=lambda: result.append(pytest.raises(ValueError, nn.load, fifo)))
    reader.start()
    reader.join(30)
    assert not reader.is_alive(), "load blocked on a FIFO"
    assert "not a regular file" in str(result[0].value)
    big = tmp_path / "big.json"
    with open(big, "wb") as f:
        f.truncate(serialize.MAX_FILE_BYTES + 1)  # sparse: no disk used
    with pytest.raises(ValueError, match="too large for a model file"):
        nn.load(big)


# ---- hole 10: a one-neuron Layer trains; hole 20: numpy rows in a list -------


def test_hole_10_fit_trains_a_one_neuron_layer_as_its_neuron():
    import nn

    X, y = nn.datasets.truth_table("and")
    layer = nn.Layer(2, 1, activation="sigmoid", seed=0)
    neuron = nn.Neuron(2, activation="sigmoid", seed=0, name="N1")
    for p, q in zip(layer.parameters(), neuron.parameters()):
        q.data = p.data
    a = nn.fit(layer, X, y, loss="bce", epochs=20, lr=0.5, seed=0)
    b = nn.fit(neuron, X, y, loss="bce", epochs=20, lr=0.5, seed=0)
    assert a.loss == pytest.approx(b.loss, rel=1e-12)
    assert [p.data for p in layer.parameters()] == pytest.approx([p.data for p in neuron.parameters()], rel=1e-12)
    assert a.epoch_loss[-1] < a.epoch_loss[0]


def test_hole_10_a_model_returning_a_list_of_one_gets_a_clear_error():
    import nn

    X, y = nn.datasets.truth_table("and")
    neuron = nn.Neuron(2, activation="sigmoid", seed=0)
    with pytest.raises(ValueError, match="returns a list of one output"):
        nn.fit(_ListModel(neuron), X, y, loss="bce", epochs=1)


class _ListModel:
    """A callable model that wraps a neuron's output in a list."""

    def __init__(self, neuron):
        self.neuron = neuron

    def __call__(self, x):
        return [self.neuron(x)]

    def parameters(self):
        return self.neuron.parameters()

    def zero_grad(self):
        self.neuron.zero_grad()


def test_hole_20_fit_accepts_a_list_of_numpy_rows():
    import numpy as np

    import nn

    X, y = nn.datasets.xor()
    rows = [np.array(row) for row in X]
    a = nn.fit(nn.MLP(2, [3, 1], output_activation="sigmoid", seed=0), rows, y, loss="bce", epochs=3, seed=0)
    b = nn.fit(nn.MLP(2, [3, 1], output_activation="sigmoid", seed=0), X, y, loss="bce", epochs=3, seed=0)
    assert a.loss == b.loss
    with pytest.raises(ValueError, match="X\\[1\\] has 3 features"):
        nn.fit(nn.MLP(2, [1], seed=0), [np.zeros(2), np.zeros(3)], [0.0, 1.0], loss="mse", epochs=1)


def test_grad_from_two_threads_on_one_graph_is_exact_and_touches_no_grad():
    from autograd import grad

    x = Value(1.5, label="x")
    y = add(*[(x * float(k)).tanh() for k in range(1, 500)])
    expected = grad(y, [x])[0]
    results: list[float] = []
    _run_in_threads(lambda: results.extend(grad(y, [x])[0] for _ in range(10)))
    assert results == [expected] * 20 and x.grad == 0.0
