"""The tape benchmark's way of timing nn.fit: its optimizer notes the clock after every step.

``benchmarks/tape.py`` times fit's epochs (not its setup) by handing it an SGD
whose ``step_arrays`` stamps the clock. If fit stopped stepping on the tape's
arrays, or stepped more or less than once per full-batch epoch, the benchmark
would time something else; these tests catch that.
"""

from __future__ import annotations

import numpy as np
import pytest

import nn
from benchmarks import tape as bench


def test_fit_steps_once_per_full_batch_epoch_on_the_tapes_arrays():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(30, 3)), rng.normal(size=30)
    model = bench.chainrule_model([3, 4, 1], "mse")
    opt = bench.StampedSGD(model.parameters(), lr=0.01)
    plain = bench.chainrule_model([3, 4, 1], "mse")
    nn.fit(model, x, y, optimizer=opt, epochs=5, shuffle=False, verbose=False, use_tape=True)
    nn.fit(plain, x, y, optimizer=nn.SGD(plain.parameters(), lr=0.01), epochs=5, shuffle=False, verbose=False)
    assert len(opt.stamps) == 5 and opt.stamps == sorted(opt.stamps)
    # stamping changes nothing about the training
    assert [p.data for p in model.parameters()] == [p.data for p in plain.parameters()]


def test_fit_epoch_seconds_times_the_epochs_after_the_first():
    rng = np.random.default_rng(1)
    x, y = rng.uniform(size=(20, 5)), (rng.random(20) < 0.5).astype(np.float64)
    seconds = bench.fit_epoch_seconds(x, y, [5, 1], "bce", 0.01, repeat=4)
    assert 0.0 < seconds < 1.0


def test_importing_the_engine_benchmark_loads_no_other_engine():
    """Each engine is timed in a process of its own; that is only fair if the
    benchmark's own module (which every worker imports) drags in neither torch
    nor micrograd, whose objects every garbage collection would then scan."""
    import subprocess
    import sys
    from pathlib import Path

    probe = "import sys, benchmarks.engine; print(sorted(m for m in ('torch', 'micrograd') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=Path(__file__).parents[1]
    )
    assert out.stdout.strip() == "[]"


def test_an_engine_in_its_own_process_reports_seconds_per_step():
    import math

    from benchmarks import engine

    with engine.own_processes(["chainrule"]) as run:
        first, second = run["chainrule"](1), run["chainrule"](2)
    assert all(math.isfinite(s) and 0.0 < s < 5.0 for s in (first, second))


def test_an_error_in_a_worker_is_raised_in_the_benchmark():
    from benchmarks import engine

    with engine.own_processes(["no such engine"]) as run:
        with pytest.raises(KeyError, match="no such engine"):
            run["no such engine"](1)
