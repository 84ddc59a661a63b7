"""The tape benchmark's way of timing nn.fit: its optimizer notes the clock after every step.

``benchmarks/tape.py`` times fit's epochs (not its setup) by handing it an SGD
whose ``step_arrays`` stamps the clock. If fit stopped stepping on the tape's
arrays, or stepped more or less than once per full-batch epoch, the benchmark
would time something else; these tests catch that.
"""

from __future__ import annotations

import numpy as np

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
