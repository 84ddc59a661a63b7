"""Regression tests for holes of issue 13 closed in the engine, the CLI and nn (one test per hole, named after it)."""

from __future__ import annotations

import sys
import threading

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
