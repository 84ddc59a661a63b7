"""The shared fixtures themselves: skip locally, fail in CI, and the two engines agree on the calls."""

from __future__ import annotations

import pytest


def test_require_imports_a_module(require):
    import math

    assert require("math") is math


def test_require_skips_locally_when_a_module_is_missing(require, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no_such_module_chainrule"):
        require("no_such_module_chainrule")


@pytest.mark.parametrize("value", ["true", "1", "yes"])
def test_require_fails_in_ci_when_a_module_is_missing(require, monkeypatch, value):
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="no_such_module_chainrule"):
        require("no_such_module_chainrule")


@pytest.mark.parametrize("value", ["", "0", "false"])
def test_ci_unset_spellings_still_skip(skip_or_fail, monkeypatch, value):
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.skip.Exception, match="chromium"):
        skip_or_fail("chromium is not installed")


@pytest.mark.torch
def test_torch_fixture_leaves_the_default_dtype_alone(torch):
    assert torch.get_default_dtype() == torch.float32
    assert torch.tensor(1.5, dtype=torch.float64).item() == 1.5


@pytest.mark.torch
def test_in_both_runs_the_same_expression_in_both_engines(in_both):
    ours, theirs = in_both(lambda E, x, y, z: E.add(E.maximum(x, y), E.leaky_relu(z, 0.5), x * z), (1.0, 2.0, -4.0))
    assert ours.data == theirs.data == 2.0 - 2.0 - 4.0
    assert ours.grads == theirs.grads == [-4.0, 1.0, 1.5]  # x: z; y: max; z: slope + x
    assert type(ours.root).__name__ == "Value" and type(theirs.root).__name__ == "Tensor"
