"""Shared test fixtures: optional modules that CI must really have.

Some tests compare chainrule with PyTorch. On a learner's machine without
torch they are skipped with a reason; in CI (the environment variable ``CI``
is set, as GitHub Actions and most CI services do) a missing module is a
failure, so the parity tests can never silently stop running there.

Use the fixtures, not imports (``tests`` is not a package)::

    def test_something(require):
        numpy = require("numpy")

    def test_browser(skip_or_fail):
        if shutil.which("chromium") is None:
            skip_or_fail("chromium is not installed; `make test` installs it")

    @pytest.mark.torch
    def test_parity(torch):
        x = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
"""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

import pytest

import autograd


def in_ci() -> bool:
    """True when the environment variable ``CI`` is set (to anything but "", "0" or "false")."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false")


def missing(reason: str) -> None:
    """Something a test needs is not here: skip the test locally, fail it in CI.

    Args:
        reason: what is missing and how to get it, shown in the skip or failure.
    """
    if in_ci():
        pytest.fail(f"CI must run this test, but: {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test marked ``needs_dot`` runs only where Graphviz's ``dot`` is installed (and CI must have it)."""
    if item.get_closest_marker("needs_dot") and shutil.which("dot") is None:
        missing("the Graphviz `dot` binary is not installed (apt-get install graphviz / brew install graphviz)")


def require_module(name: str) -> ModuleType:
    """Import ``name``; without it, skip the test locally but fail it in CI.

    Args:
        name: the module to import, e.g. ``"torch"``.

    Returns:
        The imported module.
    """
    try:
        return importlib.import_module(name)
    except ImportError as error:
        missing(f"{name!r} cannot be imported ({error}); `make test` installs it")


@pytest.fixture(scope="session")
def require() -> Callable[[str], ModuleType]:
    """The function ``require_module``: ``require("torch")`` imports, skips, or fails in CI."""
    return require_module


@pytest.fixture(scope="session")
def skip_or_fail() -> Callable[[str], None]:
    """The function ``missing``: ``skip_or_fail("no chromium")`` skips locally, fails in CI."""
    return missing


@pytest.fixture(scope="session")
def torch(require) -> ModuleType:
    """The torch module (skipped locally without it, a failure in CI).

    Its default dtype is left alone: tests ask for ``dtype=torch.float64`` explicitly.
    """
    return require("torch")


# ---- running one expression in chainrule and in PyTorch ------------------
#
# An expression is a function ``expr(E, *leaves)`` written once for both
# engines: it uses the operators and the methods Values and tensors share
# (``+ - * / **``, ``-x``, ``.exp() .log() .tanh() .sigmoid() .relu()``),
# and ``E.leaky_relu(x, slope)``, ``E.maximum(x, y)``, ``E.add(*terms)`` for
# the three calls whose spelling differs.


@dataclass(frozen=True)
class Run:
    """The forward value and every leaf's gradient from one engine."""

    data: float
    grads: list[float]
    root: object  # the engine's output node, for tests that look further


class ChainruleEngine:
    """chainrule seen through the few calls ``expr`` needs."""

    name = "chainrule"

    @staticmethod
    def leaky_relu(x, slope):
        return x.leaky_relu(slope)

    @staticmethod
    def maximum(x, y):
        return x.max(y)

    @staticmethod
    def add(*terms):
        return autograd.add(*terms)

    def run(self, expr, point) -> Run:
        leaves = [autograd.Value(x, label=f"x{i}") for i, x in enumerate(point)]
        out = expr(self, *leaves)
        out.backward()
        return Run(out.data, [leaf.grad for leaf in leaves], out)


class TorchEngine:
    """PyTorch in float64 seen through the same calls (an unused leaf's gradient is 0.0)."""

    name = "torch"

    def __init__(self, torch: ModuleType) -> None:
        self.torch = torch

    def leaky_relu(self, x, slope):
        return self.torch.nn.functional.leaky_relu(x, slope)

    def maximum(self, x, y):
        if not isinstance(y, self.torch.Tensor):
            y = self.torch.tensor(float(y), dtype=self.torch.float64)
        return self.torch.maximum(x, y)

    def add(self, *terms):
        total = terms[0]
        for term in terms[1:]:
            total = total + term
        return total

    def run(self, expr, point) -> Run:
        torch = self.torch
        leaves = [torch.tensor(float(x), dtype=torch.float64, requires_grad=True) for x in point]
        out = expr(self, *leaves)
        out.backward()
        grads = [0.0 if leaf.grad is None else leaf.grad.item() for leaf in leaves]
        return Run(out.item(), grads, out)


@pytest.fixture(scope="session")
def in_both(torch) -> Callable:
    """``in_both(expr, point)`` -> (chainrule's Run, torch's Run) for the same expression."""
    ours, theirs = ChainruleEngine(), TorchEngine(torch)

    def run_both(expr, point):
        return ours.run(expr, point), theirs.run(expr, point)

    return run_both


@pytest.fixture(scope="session")
def torch_engine(torch) -> TorchEngine:
    """PyTorch alone behind the same calls, for tests that drive torch.autograd themselves."""
    return TorchEngine(torch)


@pytest.fixture(scope="session")
def chainrule_engine() -> ChainruleEngine:
    """chainrule alone behind the same calls, for tests that need no torch."""
    return ChainruleEngine()


# Hypothesis draws its examples from a fixed seed, so a run in CI tries exactly the examples
# that passed here (a new random search on every run would make CI flaky on rare edge cases).
# HYPOTHESIS_PROFILE=explore searches afresh, for finding new cases by hand.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("chainrule", derandomize=True, database=None)
_hypothesis_settings.register_profile("explore", derandomize=False)
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "chainrule"))
