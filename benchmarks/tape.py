"""Batched training with a tape: chainrule's tape vs its scalar path vs micrograd vs PyTorch.

Not a test: it prints times and ratios measured in one run, on one machine.
Every number is the best of several rounds (shared machines are noisy), in
CPU time of the one thread every engine runs on (see ``clock``), and the
engines' rounds are interleaved.

Workloads:
  1. One full-batch training step of an MLP 2-16-16-1 (ReLU hidden, linear
     output) on 1,000 two-moons points (numpy, seeded): forward, mean squared
     error, backward, SGD update.
       - micrograd: its nn.MLP, one graph per step (its recursive
         topological sort needs a raised recursion limit for 1,000 samples);
       - chainrule scalar: nn.MLP and nn.mse, one graph per step;
       - chainrule tape: the per-sample loss recorded once, replayed over
         the batch (forward, backward "mean", update of the same Values);
       - PyTorch: torch.nn.Linear layers, float64, one thread (numpy's BLAS
         is held to one thread as well).
  2. The decision boundary: the trained model's output on a 300 x 300 grid
     (90,000 points). The tape runs the whole grid; the scalar engine (under
     no_grad) runs a subset of the grid and its time is scaled to 90,000
     points (the output says so).
  3. ``nn.fit`` end to end, ``use_tape=True`` vs ``use_tape=False``:
     ``nn.datasets.moons(200)``, MLP 2-16-16-1 (ReLU, sigmoid output), BCE,
     Adam, 20 epochs of batches of 20 (200 iterations, accuracy every epoch).
  4. The floor: one full-batch step (forward, loss, backward, SGD update of
     every parameter) against numpy written by hand and torch batched, for
     MLPs 2-16-16-1, 64-64-1, 256-128-1 (ReLU hidden, linear output, MSE) on
     1,000 rows and a 12,288-input sigmoid neuron (logistic regression on
     images, BCE) on 200 rows, through the two paths a user takes:
       - "tape by hand": ``Tape.record`` once, then in ``tape.training()``
         ``zero_grad``, ``forward``, ``backward``, ``opt.step_arrays``;
       - "nn.fit": ``nn.fit(use_tape=True)`` full batch (one step per
         epoch), timed by its optimizer, an SGD that notes the clock after
         every step: the time of ``repeat`` consecutive epochs after the first,
         each a whole turn of fit's loop (loss and gradients, step, accuracy,
         history), per epoch. The same count of steps as "by hand", so both
         are the best window of the same length; fit's setup (converting
         the data, recording) is timed apart, below.
     Then the recording itself (nn's structural recording vs the same model
     built as a scalar graph of products, as before), and ``nn.fit`` on the
     logistic regression, 200 images, 100 epochs, against 100 numpy steps.

Run:  .venv/bin/python benchmarks/tape.py [--rounds N] [--fit-only] [--floor-only]
Needs: numpy; micrograd==0.1.0 and torch==2.13.0 for their columns (skipped if missing).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# One thread for numpy's matrix products too, as for torch: the same footing (set before numpy loads).
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402

import nn  # noqa: E402
from autograd import no_grad  # noqa: E402
from autograd.tape import Tape  # noqa: E402
from benchmarks.timing import clock  # noqa: E402

SIZES = [2, 16, 16, 1]
LR = 0.05


def two_moons(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points of two interleaved half circles with noise, labels 0 and 1."""
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0, np.pi, n)
    upper = rng.random(n) < 0.5
    x = np.where(
        upper[:, None], np.c_[np.cos(angle), np.sin(angle)], np.c_[1 - np.cos(angle), 0.5 - np.sin(angle)]
    ) + rng.normal(0, 0.1, (n, 2))
    return x, upper.astype(np.float64)


def best_of(fn, rounds: int, repeat: int = 1) -> float:
    """The fastest of ``rounds`` timings of ``repeat`` calls, per call, in seconds (of CPU time)."""
    best = float("inf")
    for _ in range(rounds):
        start = clock()
        for _ in range(repeat):
            fn()
        best = min(best, (clock() - start) / repeat)
    return best


# ---- one full-batch step per engine ----------------------------------------


def chainrule_scalar_step(model, rows, targets):
    loss = nn.mse([model(row) for row in rows], targets)
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= LR * p.grad


def make_tape_step(model, x, y):
    data = np.column_stack([x, y])
    tape = Tape.record(lambda xs: (model(xs[:2]) - xs[2]) ** 2, inputs=3, model=model)
    params = model.parameters()

    def step():
        for p in params:
            p.grad = 0.0
        tape.forward(data)
        tape.backward(upstream="mean")
        for p in params:
            p.data -= LR * p.grad

    return step


def make_micrograd_step(x, y):
    from micrograd import nn as mnn

    sys.setrecursionlimit(20_000)  # its recursive topological sort walks the 1,000-term loss sum
    model = mnn.MLP(2, SIZES[1:])
    rows, targets = x.tolist(), y.tolist()

    def step():
        preds = [model(row) for row in rows]
        loss = sum((p - t) ** 2 for p, t in zip(preds, targets)) * (1.0 / len(rows))
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= LR * p.grad

    return step


def make_torch(x, y):
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(0)
    layers = []
    for i, (nin, nout) in enumerate(zip(SIZES, SIZES[1:])):
        layers.append(torch.nn.Linear(nin, nout, dtype=torch.float64))
        if i < len(SIZES) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    tx, ty = torch.tensor(x), torch.tensor(y)

    def step():
        loss = ((model(tx).squeeze(1) - ty) ** 2).mean()
        model.zero_grad()
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                p -= LR * p.grad

    def grid(g):
        with torch.no_grad():
            return model(torch.tensor(g))

    return step, grid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="timing rounds per engine (best is kept)")
    parser.add_argument("--slow-rounds", type=int, default=2, help="rounds for the scalar engines")
    parser.add_argument("--fit-only", action="store_true", help="only workload 3, nn.fit")
    parser.add_argument("--floor-only", action="store_true", help="only workload 4, against numpy by hand")
    args = parser.parse_args()
    if args.fit_only:
        fit_comparison(args.rounds, args.slow_rounds)
        return
    if args.floor_only:
        floor_comparison(args.rounds)
        return

    x, y = two_moons(1000, seed=0)
    model = nn.MLP(2, SIZES[1:], activation="relu", output_activation="linear", seed=0)
    rows, targets = x.tolist(), y.tolist()
    tape_step = make_tape_step(model, x, y)
    steps = {
        "chainrule tape": (tape_step, 20),
        "chainrule scalar": (lambda: chainrule_scalar_step(model, rows, targets), 1),
    }
    try:
        steps["micrograd"] = (make_micrograd_step(x, y), 1)
    except ImportError as error:
        print(f"micrograd skipped: {error}")
    torch_grid = None
    try:
        torch_step, torch_grid = make_torch(x, y)
        steps["torch batched"] = (torch_step, 20)
    except ImportError as error:
        print(f"torch skipped: {error}")

    times = {name: float("inf") for name in steps}
    for r in range(args.rounds):  # interleaved rounds: a noisy moment hurts every engine alike
        for name, (fn, repeat) in steps.items():
            if repeat > 1 or r < args.slow_rounds:  # a scalar step takes seconds: fewer rounds
                times[name] = min(times[name], best_of(fn, 1, repeat))

    print(
        f"Full-batch training step, MLP {'-'.join(map(str, SIZES))}, 1,000 two-moons points "
        f"(best of {args.rounds} rounds of 20 steps; scalar engines: best of {args.slow_rounds} steps):"
    )
    tape_time = times["chainrule tape"]
    for name, t in times.items():
        ratio = "" if name == "chainrule tape" else f"   tape is {t / tape_time:7.1f}x faster"
        print(f"  {name:18s} {t * 1e3:10.3f} ms{ratio}")
    if "torch batched" in times:
        print(f"  tape / torch batched: {tape_time / times['torch batched']:.2f}x torch's time")

    # ---- decision boundary over a 300 x 300 grid ----
    u = np.linspace(-1.5, 2.5, 300)
    v = np.linspace(-1.0, 1.5, 300)
    grid = np.array(np.meshgrid(u, v)).reshape(2, -1).T
    predict = Tape.record(lambda xs: model(xs), inputs=2, model=model)
    tape_grid = best_of(lambda: predict.forward(grid), args.rounds)
    subset = grid[::30].tolist()  # 3,000 of the 90,000 points

    def scalar_grid():
        with no_grad():
            for row in subset:
                model(row)

    scalar_time = best_of(scalar_grid, max(2, args.rounds // 2)) * len(grid) / len(subset)
    print(f"\nDecision boundary, {len(grid):,} grid points (best of {args.rounds}):")
    print(f"  chainrule tape     {tape_grid * 1e3:10.3f} ms")
    print(
        f"  scalar, no_grad    {scalar_time * 1e3:10.3f} ms   (timed on {len(subset):,} points, scaled "
        f"to {len(grid):,})   tape is {scalar_time / tape_grid:.0f}x faster"
    )
    if torch_grid is not None:
        t = best_of(lambda: torch_grid(grid), args.rounds)
        print(f"  torch batched      {t * 1e3:10.3f} ms   tape / torch: {tape_grid / t:.2f}x torch's time")
    print()
    fit_comparison(args.rounds, args.slow_rounds)
    print()
    floor_comparison(args.rounds)


def fit_comparison(rounds: int, slow_rounds: int) -> None:
    """Workload 3: the same nn.fit call on the tape and on the scalar engine."""
    X, y = nn.datasets.moons(200, seed=0)

    def fit(use_tape):
        model = nn.MLP(2, [16, 16, 1], activation="relu", output_activation="sigmoid", seed=0)
        return lambda: nn.fit(
            model,
            X,
            y,
            loss="bce",
            optimizer="adam",
            lr=0.01,
            epochs=20,
            batch_size=20,
            seed=0,
            verbose=False,
            use_tape=use_tape,
        )

    fit(True)()  # loads numpy's tape code once, outside the timings
    tape = min(best_of(fit(True), 1) for _ in range(rounds))  # a fresh model every round
    scalar = min(best_of(fit(False), 1) for _ in range(slow_rounds))
    print(
        f"nn.fit, moons(200), MLP 2-16-16-1, 20 epochs of batches of 20 (tape: best of {rounds}, "
        f"scalar: best of {slow_rounds}):"
    )
    print(f"  use_tape=True      {tape:10.3f} s")
    print(f"  use_tape=False     {scalar:10.3f} s   tape is {scalar / tape:.1f}x faster")


# ---- workload 4: the floor -----------------------------------------------------


def numpy_step(x, y, sizes, loss, lr):
    """One full-batch step written by hand in numpy: what a tape at its best can hope to match."""
    rng = np.random.default_rng(0)
    weights = [rng.uniform(-0.1, 0.1, (nin, nout)) for nin, nout in zip(sizes, sizes[1:])]
    biases = [np.zeros(nout) for nout in sizes[1:]]
    n, last = len(x), len(weights) - 1

    def step():
        acts, zs = [x], []
        for i, (w, b) in enumerate(zip(weights, biases)):
            z = acts[-1] @ w + b
            zs.append(z)
            acts.append(np.maximum(z, 0.0) if i < last else z)
        out = acts[-1][:, 0]
        if loss == "mse":
            g = (2.0 / n) * (out - y)
        else:  # sigmoid output and binary cross-entropy: dL/dz = (p - y) / n
            p = 1.0 / (1.0 + np.exp(-out))
            np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p)))
            g = (p - y) / n
        g = g[:, None]
        for i in range(last, -1, -1):
            if i < last:
                g = g * (zs[i] > 0)
            grad_w, grad_b = acts[i].T @ g, g.sum(axis=0)
            below = g @ weights[i].T if i > 0 else None
            weights[i] -= lr * grad_w
            biases[i] -= lr * grad_b
            g = below

    return step


def torch_step(x, y, sizes, loss, lr):
    import torch

    torch.set_num_threads(1)
    layers = []
    for i, (nin, nout) in enumerate(zip(sizes, sizes[1:])):
        layers.append(torch.nn.Linear(nin, nout, dtype=torch.float64))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    tx, ty = torch.tensor(x), torch.tensor(y)
    loss_fn = torch.nn.functional.mse_loss if loss == "mse" else torch.nn.functional.binary_cross_entropy_with_logits

    def step():
        value = loss_fn(model(tx).squeeze(1), ty)
        model.zero_grad()
        value.backward()
        with torch.no_grad():
            for p in model.parameters():
                p -= lr * p.grad

    return step


def chainrule_model(sizes, loss):
    if len(sizes) == 2:  # logistic regression: one sigmoid neuron
        return nn.Neuron(sizes[0], activation="sigmoid", seed=0)
    return nn.MLP(sizes[0], sizes[1:], activation="relu", output_activation="linear", seed=0)


def tape_by_hand(x, y, sizes, loss, lr):
    """The documented way to drive a Tape: record once, check the data once, train inside tape.training()."""
    model, nin = chainrule_model(sizes, loss), sizes[0]
    loss_fn = (lambda p, t: (p - t) ** 2) if loss == "mse" else nn.binary_cross_entropy
    tape = Tape.record(lambda xs: loss_fn(model(xs[:nin]), xs[nin]), inputs=nin + 1, model=model)
    batch = tape.check_batch(np.column_stack([x, y]))
    opt = nn.SGD(model.parameters(), lr=lr)
    held = contextlib.ExitStack()  # the tape holds the parameters for the whole benchmark
    held.enter_context(tape.training())  # (a user's loop sits inside ``with tape.training():``)

    def step():
        assert held and tape.holds_parameters
        tape.zero_grad()
        tape.forward(batch, check=False)
        tape.backward(upstream="mean")
        opt.step_arrays(tape.data, tape.grad)

    return step


class StampedSGD(nn.SGD):
    """``nn.SGD`` that notes the clock after every step on a tape's arrays: fit's epochs, timed without its setup."""

    def __init__(self, params, lr):
        super().__init__(params, lr=lr)
        self.stamps: list[float] = []

    def step_arrays(self, data, grad):
        super().step_arrays(data, grad)
        self.stamps.append(clock())


def fit_seconds(x, y, sizes, loss, lr, epochs, optimizer=None):
    """The CPU time of ``nn.fit(use_tape=True)`` full batch, end to end (setup and recording included)."""
    model = chainrule_model(sizes, loss)
    start = clock()
    nn.fit(
        model,
        x,
        y,
        loss=loss,
        optimizer=optimizer(model.parameters()) if optimizer else nn.SGD(model.parameters(), lr=lr),
        epochs=epochs,
        shuffle=False,
        verbose=False,
        use_tape=True,
    )
    return clock() - start


def fit_epoch_seconds(x, y, sizes, loss, lr, repeat):
    """Per epoch, the time of ``repeat`` consecutive epochs of a full-batch ``nn.fit``, after its first."""
    optimizers = []

    def stamped(params):
        optimizers.append(StampedSGD(params, lr))
        return optimizers[-1]

    fit_seconds(x, y, sizes, loss, lr, 1 + repeat, optimizer=stamped)
    stamps = optimizers[0].stamps
    assert len(stamps) == 1 + repeat, "nn.fit did not step on the tape's arrays"
    return (stamps[-1] - stamps[0]) / repeat


def scalar_graph_build(model, nin):
    """The model's forward pass as nn built it before weighted sums: a scalar graph of products."""
    from autograd import add

    def build(xs):
        h = xs[:nin]
        for layer in model.layers:
            h = [
                add(*[w * v for w, v in zip(n.w, h)], n.b).relu()
                if layer is not model.layers[-1]
                else add(*[w * v for w, v in zip(n.w, h)], n.b)
                for n in layer.neurons
            ]
        return (h[0] - xs[nin]) ** 2

    return build


# (name, layer sizes, rows, loss)
WORKLOADS = [
    ("MLP 2-16-16-1, 1,000 rows", [2, 16, 16, 1], 1000, "mse"),
    ("MLP 64-64-1, 1,000 rows", [64, 64, 1], 1000, "mse"),
    ("MLP 256-128-1, 1,000 rows", [256, 128, 1], 1000, "mse"),
    ("neuron 12,288-1 (sigmoid, BCE), 200 rows", [12288, 1], 200, "bce"),
]


def floor_comparison(rounds: int, repeat: int = 20) -> None:
    """Workload 4: the tape (by hand and through nn.fit) against numpy by hand and torch batched."""
    lr = 0.01
    rng = np.random.default_rng(0)
    print(
        f"Full-batch step vs numpy by hand (the floor) and torch batched, float64, one thread "
        f"(best of {rounds} interleaved rounds of {repeat} steps; nn.fit: {repeat} epochs after its first):"
    )
    header = f"  {'workload':42s} {'numpy':>9s} {'torch':>9s} {'by hand':>9s} {'nn.fit':>9s}"
    print(header + "   by hand/numpy  by hand/torch  fit/numpy  fit/torch")
    for name, sizes, n, loss in WORKLOADS:
        x = rng.uniform(0.0, 1.0, (n, sizes[0])) if loss == "bce" else rng.normal(size=(n, sizes[0]))
        y = (rng.random(n) < 0.5).astype(np.float64) if loss == "bce" else rng.normal(size=n)
        steps = {"numpy": numpy_step(x, y, sizes, loss, lr), "by hand": tape_by_hand(x, y, sizes, loss, lr)}
        try:
            steps["torch"] = torch_step(x, y, sizes, loss, lr)
        except ImportError:
            pass
        times = {k: float("inf") for k in [*steps, "nn.fit"]}
        for _ in range(rounds):
            for key, fn in steps.items():
                times[key] = min(times[key], best_of(fn, 1, repeat))
            times["nn.fit"] = min(times["nn.fit"], fit_epoch_seconds(x, y, sizes, loss, lr, repeat))
        torch_t = times.get("torch", float("nan"))
        print(
            f"  {name:42s} {times['numpy'] * 1e3:7.2f}ms {torch_t * 1e3:7.2f}ms {times['by hand'] * 1e3:7.2f}ms "
            f"{times['nn.fit'] * 1e3:7.2f}ms   {times['by hand'] / times['numpy']:12.2f}x "
            f"{times['by hand'] / torch_t:13.2f}x {times['nn.fit'] / times['numpy']:9.2f}x "
            f"{times['nn.fit'] / torch_t:9.2f}x"
        )

    print("\nRecording the tape (best of 3): nn's structural recording vs a scalar graph of products (as before)")
    for sizes in ([256, 128, 1], [12288, 1]):
        nin = sizes[0]
        model = nn.MLP(nin, sizes[1:], activation="relu", output_activation="linear", seed=0)

        def structural(model=model, nin=nin):
            return Tape.record(lambda xs: (model(xs[:nin]) - xs[nin]) ** 2, inputs=nin + 1)

        new = best_of(structural, 3)
        old = best_of(lambda model=model, nin=nin: Tape.record(scalar_graph_build(model, nin), inputs=nin + 1), 3)
        name = "-".join(map(str, sizes))
        print(f"  {name:14s} structural {new:7.3f} s   scalar graph {old:7.3f} s   {old / new:5.1f}x faster")

    name, sizes, n, loss = WORKLOADS[-1]
    x = rng.uniform(0.0, 1.0, (n, sizes[0]))
    y = (rng.random(n) < 0.5).astype(np.float64)
    fit_t = min(fit_seconds(x, y, sizes, loss, lr, 100) for _ in range(max(1, rounds // 2)))
    numpy_t = best_of(numpy_step(x, y, sizes, loss, lr), max(1, rounds // 2), 100) * 100
    print(
        f"\nnn.fit, logistic regression on 200 images of 12,288 values, 100 epochs full batch: {fit_t:.2f} s, "
        f"{fit_t / numpy_t:.1f}x the time of 100 numpy steps by hand ({numpy_t:.2f} s) in this run"
    )


if __name__ == "__main__":
    main()
