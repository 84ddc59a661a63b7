"""Side-by-side engine benchmark: chainrule vs karpathy's micrograd vs PyTorch scalar tensors.

Not a test: it prints ratios measured in one run, on one machine, with the
same workloads for every engine. Shared machines are noisy, so every number
is the best of several rounds, rounds of the engines are interleaved, and
only ratios are worth quoting.

Workloads:
  1. One training step of an MLP 2-16-16-1 (ReLU hidden, linear output) on
     64 points: forward, mean squared error, backward, SGD update. Timed as
     a steady training loop (several steps in a row), so each engine pays
     for its own memory management: micrograd's graphs are reference cycles
     (each node's _backward closure refers to the node) that only Python's
     cyclic garbage collector frees; chainrule's graphs have no cycles and
     are freed as soon as they are dropped.
  2. Build + backward of a chain y = y + x of 100,000 nodes (micrograd's
     recursive topological sort cannot go that deep: the depth where it
     fails is reported), and chainrule's time per node at 10,000 vs
     1,000,000 nodes (the cost should grow linearly).
  3. Bytes per graph node, measured with tracemalloc while building the
     MLP step's graph.

Run:  .venv/bin/python benchmarks/engine.py   (or: make bench)
Needs: pip install micrograd==0.1.0 torch==2.13.0  (both are in the test set-up)
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import multiprocessing
import os
import random
import sys
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import nn  # noqa: E402
from autograd import Value, pause_gc, topological_order  # noqa: E402
from benchmarks.timing import clock  # noqa: E402

SIZES = [2, 16, 16, 1]
LR = 0.01


def xor_like_points(n: int, seed: int = 0) -> tuple[list[list[float]], list[float]]:
    """n points in [-1, 1]^2 with the XOR-of-signs label (+1 / -1)."""
    rng = random.Random(seed)
    X = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(n)]
    return X, [1.0 if a * b > 0 else -1.0 for a, b in X]


# ---- workload 1: one MLP training step, per engine -----------------------


def chainrule_step(X, Y):
    model = nn.MLP(2, SIZES[1:], activation="relu", output_activation="linear", seed=0)
    optimizer = nn.SGD(model.parameters(), lr=LR)

    def step():
        loss = nn.mse([model(x) for x in X], Y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss

    return step


def chainrule_binary_step(X, Y):
    """chainrule's engine on micrograd's graph shape: each neuron a chain of binary +."""
    rng = random.Random(0)
    layers = [
        [([Value(rng.uniform(-1, 1)) for _ in range(nin)], Value(0.0)) for _ in range(nout)]
        for nin, nout in zip(SIZES, SIZES[1:])
    ]
    params = [p for layer in layers for w, b in layer for p in (*w, b)]

    def step():
        loss = binary_chain_mse(layers, X, Y, Value.relu)
        for p in params:
            p.grad = 0.0
        loss.backward()
        for p in params:
            p.data -= LR * p.grad
        return loss

    return step


def binary_chain_mse(layers, X, Y, relu):
    """Mean squared error of an MLP whose neurons are chains of binary + (micrograd's graph shape).

    ``layers`` is a list of layers, each a list of (weights, bias) per neuron;
    the same code runs on chainrule Values and on torch scalar tensors.
    """
    losses = []
    for x, y in zip(X, Y):
        h = x
        for depth, layer in enumerate(layers):
            out = []
            for w, b in layer:
                z = b
                for wi, xi in zip(w, h):
                    z = z + wi * xi
                out.append(relu(z) if depth < len(layers) - 1 else z)
            h = out
        d = h[0] - y
        losses.append(d * d)
    return sum(losses) * (1 / len(losses))


def micrograd_step(X, Y):
    from micrograd.nn import MLP

    random.seed(0)  # micrograd initialises from the global random state
    model = MLP(2, SIZES[1:])

    def step():
        losses = []
        for x, y in zip(X, Y):
            d = model(x) - y
            losses.append(d * d)
        loss = sum(losses) * (1 / len(losses))
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= LR * p.grad
        return loss

    return step


def torch_scalar_step(X, Y):
    import torch

    torch.set_num_threads(1)
    rng = random.Random(0)
    layers = [
        [
            (
                [torch.tensor(rng.uniform(-1, 1), dtype=torch.float64, requires_grad=True) for _ in range(nin)],
                torch.tensor(0.0, dtype=torch.float64, requires_grad=True),
            )
            for _ in range(nout)
        ]
        for nin, nout in zip(SIZES, SIZES[1:])
    ]
    params = [p for layer in layers for w, b in layer for p in (*w, b)]
    data = [[torch.tensor(v, dtype=torch.float64) for v in x] for x in X]

    def step():
        loss = binary_chain_mse(layers, data, Y, torch.relu)
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= LR * p.grad
        return loss

    return step


STEPS = {
    "chainrule": chainrule_step,
    "chainrule, binary + chain": chainrule_binary_step,
    "micrograd": micrograd_step,
    "torch scalar tensors": torch_scalar_step,
}


def seconds_per_step(step, steps: int) -> float:
    """``steps`` calls of ``step`` in a row, from a clean collector: seconds per call."""
    gc.collect()  # start each round clean; collections during the round are counted
    start = clock()
    for _ in range(steps):
        step()
    return (clock() - start) / steps


TORCH_CHAIN = "torch chain"  # the job of workload 2 that runs in a process of its own


def _worker(connection, job: str) -> None:
    """A worker process for one job: each number it is sent, it runs the job with and sends back the seconds.

    The job is an engine of ``STEPS`` (the number: how many steps to time in a
    row) or ``TORCH_CHAIN`` (the number: the chain's length). An error is sent
    back in place of the seconds.
    """
    step = None
    while (number := connection.recv()) is not None:
        try:
            if job == TORCH_CHAIN:
                connection.send(torch_chain_seconds_per_node(number))
                continue
            if step is None:
                step = STEPS[job](*xor_like_points(64))
                step()  # the first step pays for imports and allocations; the timed rounds are the steady loop
            connection.send(seconds_per_step(step, number))
        except Exception as error:  # (micrograd not installed, say): raised again in the benchmark's process
            connection.send(error)


@contextlib.contextmanager
def own_processes(jobs: list[str]):
    """Start one worker process per job; yields {job: function(number) -> seconds}, run one at a time.

    Each engine is timed in a process of its own, as in a program that uses
    only that engine. In one shared process every engine's garbage
    collections would also scan the other engines' objects: torch alone
    brings 150,000 (chainrule's step took 45 ms without torch imported and
    66 ms with it, measured on this machine), so an engine would be slowed
    by whichever others were imported.
    """
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing inherited from this one
    workers = {}
    try:
        for job in jobs:
            ours, theirs = context.Pipe()
            process = context.Process(target=_worker, args=(theirs, job), daemon=True)
            process.start()
            workers[job] = ours, process

        def asker(connection):
            def ask(number: int) -> float:
                connection.send(number)
                seconds = connection.recv()
                if isinstance(seconds, Exception):
                    raise seconds
                return seconds

            return ask

        yield {job: asker(connection) for job, (connection, _) in workers.items()}
    finally:
        for connection, process in workers.values():
            with contextlib.suppress(OSError):  # a worker that died has closed its end: nothing to tell it
                connection.send(None)
            process.join(timeout=30)


def best_loop_time(engines: list[str], rounds: int, per_round: int) -> dict[str, float]:
    """Seconds per step of each engine: the best over rounds of ``per_round`` steps, engines interleaved."""
    best = {engine: float("inf") for engine in engines}
    with own_processes(engines) as run:
        for _ in range(rounds):
            for engine in engines:
                best[engine] = min(best[engine], run[engine](per_round))
    return best


# ---- workload 2: a long chain ----------------------------------------------


def chain_seconds_per_node(make_leaf, n: int, collector: bool = True) -> float:
    """Build y = y + x n times, then backward; seconds per node.

    ``collector=False`` builds the chain inside ``autograd.pause_gc()``, to
    show how much of the growth with n is Python's cyclic garbage collector
    re-scanning millions of live objects.
    """
    gc.collect()
    start = clock()
    with contextlib.nullcontext() if collector else pause_gc():
        x = make_leaf(1.0)
        y = x
        for _ in range(n):
            y = y + x
    y.backward()
    elapsed = clock() - start
    del y, x
    return elapsed / n


def micrograd_max_depth() -> str:
    """The smallest tried chain length at which micrograd's backward fails."""
    from micrograd.engine import Value as MicroValue

    for n in (500, 1000, 1500, 2000, 3000, 5000, 10_000, 100_000):
        x = MicroValue(1.0)
        y = x
        for _ in range(n):
            y = y + x
        try:
            y.backward()
        except RecursionError:
            return f"RecursionError at {n:,} nodes"
    return "no RecursionError up to 100,000 nodes"


def torch_chain_seconds_per_node(n: int) -> float:
    import torch

    return chain_seconds_per_node(lambda v: torch.tensor(v, dtype=torch.float64, requires_grad=True), n)


# ---- workload 3: bytes per node -----------------------------------------------


def bytes_per_node(build, count_nodes) -> float:
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    root = build()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return (after - before) / count_nodes(root)


def micrograd_count(root) -> int:
    seen, stack = {id(root)}, [root]
    while stack:
        for child in stack.pop()._prev:
            if id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    return len(seen)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a rough look)")
    args = parser.parse_args(argv)
    rounds, per_round = (2, 2) if args.quick else (5, 4)
    X, Y = xor_like_points(64)

    print(f"Python {sys.version.split()[0]}; best of {rounds} rounds of {per_round} steps, engines interleaved\n")
    times = best_loop_time(list(STEPS), rounds, per_round)
    print("1. MLP 2-16-16-1 training step on 64 points (forward, MSE, backward, SGD)")
    for name, seconds in times.items():
        print(f"   {name:28s} {seconds * 1e3:8.1f} ms/step")
    ours = times["chainrule"]
    print(
        f"   chainrule is {times['micrograd'] / ours:.1f}x faster than micrograd "
        f"and {times['torch scalar tensors'] / ours:.1f}x faster than torch scalar tensors"
    )
    print(
        f"   (on micrograd's own graph shape, binary + chains: "
        f"{times['micrograd'] / times['chainrule, binary + chain']:.1f}x micrograd)\n"
    )

    n = 100_000
    ours_chain = min(chain_seconds_per_node(Value, n) for _ in range(3))
    with own_processes([TORCH_CHAIN]) as run:
        torch_chain = min(run[TORCH_CHAIN](n) for _ in range(2))
    print(f"2. chain y = y + x, build + backward, {n:,} nodes")
    print(
        f"   chainrule {ours_chain * n * 1e3:8.1f} ms   torch scalar tensors {torch_chain * n * 1e3:8.1f} ms "
        f"({torch_chain / ours_chain:.1f}x chainrule's time)"
    )
    print(f"   micrograd: {micrograd_max_depth()}")
    for collector in (True, False):
        small = min(chain_seconds_per_node(Value, 10_000, collector) for _ in range(5))
        large = min(chain_seconds_per_node(Value, 1_000_000, collector) for _ in range(2))
        how = "" if collector else ", built inside autograd.pause_gc()"
        print(
            f"   chainrule per node{how}: {small * 1e9:.0f} ns at 10,000 nodes, "
            f"{large * 1e9:.0f} ns at 1,000,000 (ratio {large / small:.2f})"
        )
    print()

    model = nn.MLP(2, SIZES[1:], activation="relu", output_activation="linear", seed=0)
    ours_bytes = bytes_per_node(lambda: nn.mse([model(x) for x in X], Y), lambda r: len(topological_order(r)))
    from micrograd.nn import MLP

    random.seed(0)
    micro_model = MLP(2, SIZES[1:])

    def micro_graph():
        losses = [(micro_model(x) - y) ** 2 for x, y in zip(X, Y)]
        return sum(losses) * (1 / len(losses))

    micro_bytes = bytes_per_node(micro_graph, micrograd_count)
    print("3. bytes per graph node (tracemalloc, the MLP step's graph)")
    print(f"   chainrule {ours_bytes:6.0f}   micrograd {micro_bytes:6.0f}   ratio {ours_bytes / micro_bytes:.2f}")


if __name__ == "__main__":
    main()
