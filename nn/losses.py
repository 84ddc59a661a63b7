"""Loss functions and penalties, each built from Value ops so backward() reaches every weight.

A loss compares predictions with targets and returns one Value; for a batch
(a list of predictions) it is the mean over the batch. Which one to use
depends on the output, as the lecture notes say:

- a number (regression): ``mse``, mean squared error;
- a yes/no probability (sigmoid output): ``binary_cross_entropy``;
- one of several classes (raw scores, softmax inside): ``cross_entropy``.

>>> from autograd import Value
>>> mse([Value(0.5), Value(2.0)], [1.0, 1.0]).data   # ((0.5 - 1)^2 + (2 - 1)^2) / 2
0.625
>>> round(cross_entropy([Value(1000.0), Value(-1000.0)], 1).data)  # stable: no exp(1000)
2000
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence

from autograd import Constant, Value, add, scope

from ._checks import is_finite_number

__all__ = [
    "mse",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "softmax",
    "l1",
    "l2",
    "check_probability",
]

# log(p) is clamped at -100, as PyTorch's BCELoss does: p = 0 gives a large
# but finite loss instead of log(0). The clamp is a ``max`` node in the graph.
_TINY = math.exp(-100.0)


def _is_seq(x: object) -> bool:
    return isinstance(x, Sequence) and not isinstance(x, str)


def _pairs(preds, targets, what: str) -> list[tuple[Value, object]]:
    """(prediction, target) pairs, matched element by element, with a clear error on a shape mismatch."""
    if hasattr(targets, "tolist"):
        targets = targets.tolist()
    if isinstance(preds, Value):
        if _is_seq(targets):
            raise ValueError(f"{what}: one prediction but {len(targets)} targets")
        return [(preds, targets)]
    if not _is_seq(preds) or not preds:
        raise ValueError(f"{what}: predictions must be a Value or a non-empty list of Values, got {preds!r}")
    if not _is_seq(targets) or len(targets) != len(preds):
        n = len(targets) if _is_seq(targets) else "a single"
        raise ValueError(f"{what}: {len(preds)} predictions but {n} targets")
    return [pair for p, t in zip(preds, targets) for pair in _pairs(p, t, what)]


def check_probability(p: float) -> None:
    """ValueError unless ``p`` is a probability in [0, 1], as ``binary_cross_entropy`` needs.

    >>> check_probability(0.25)
    """
    if not 0.0 <= p <= 1.0:
        raise ValueError(
            f"binary_cross_entropy needs probabilities in [0, 1], got {p!r}; "
            "for raw scores use binary_cross_entropy_with_logits"
        )


def _target(t: object, what: str, low: float | None = None, high: float = math.inf) -> Value | float:
    if isinstance(t, Value):
        return t
    if not is_finite_number(t):
        raise ValueError(f"{what}: a target must be a finite number, got {t!r:.80}")
    if low is not None and not low <= t <= high:
        raise ValueError(f"{what}: targets must be in [{low}, {high}], got {t!r}")
    return float(t)


def _mean(terms: list[Value]) -> Value:
    """The mean of the terms; one term is its own mean (no one-input + and no / 1 in the graph)."""
    if len(terms) == 1:
        return terms[0]
    return add(*terms) / len(terms)


def mse(preds, targets) -> Value:
    """Mean squared error: the mean of (prediction - target)^2 over every output.

    Args:
        preds: a Value, a list of Values (a batch, or one multi-output
            prediction), or a list of lists.
        targets: numbers in the same shape.

    >>> from autograd import Value
    >>> mse(Value(3.0), 1.0).data
    4.0
    """
    pairs = _pairs(preds, targets, "mse")
    with scope("MSE", kind="loss"):
        squares = []
        for p, t in pairs:
            d = p - _target(t, "mse")
            squares.append(d * d)
        loss = _mean(squares)
    loss.label = "MSE"
    return loss


def binary_cross_entropy(probs, targets) -> Value:
    """Binary cross-entropy: the mean of -(t log p + (1 - t) log(1 - p)).

    ``probs`` are probabilities (a sigmoid output), targets are in [0, 1]
    (usually 0 or 1). A probability of exactly 0 or 1 is fine: log is
    clamped at -100, as in PyTorch, so the loss stays finite.

    >>> from autograd import Value
    >>> round(binary_cross_entropy(Value(0.8), 1).data, 4)   # -log(0.8)
    0.2231
    >>> binary_cross_entropy(Value(0.0), 1).data              # clamped, not log(0)
    100.0
    """
    what = "binary_cross_entropy"
    pairs = _pairs(probs, targets, what)
    for p, _ in pairs:
        check_probability(p.data)
    targets = [_target(t, what, 0.0, 1.0) for _, t in pairs]
    with scope("BCE", kind="loss"):
        terms = []
        for (p, _), t in zip(pairs, targets):
            # The clamp: log of max(p, e^-100), so p = 0 gives -100, not log(0).
            if t != 0.0:
                log_p = p.max(Constant(_TINY, label="ε")).log()  # log p, at least -100
            if t != 1.0:
                log_q = (1 - p).max(Constant(_TINY, label="ε")).log()  # log(1 - p), at least -100
            # t log p + (1 - t) log(1 - p); a label 0 or 1 keeps only its own term, as the lecture writes it.
            if t == 1.0:
                terms.append(log_p)
            elif t == 0.0:
                terms.append(log_q)
            else:
                terms.append(t * log_p + (1 - t) * log_q)
        loss = -_mean(terms)
    loss.label = "BCE"
    return loss


def binary_cross_entropy_with_logits(logits, targets) -> Value:
    """Binary cross-entropy from raw scores z, with the sigmoid inside: stable for any z.

    Per sample, -(t log sigmoid(z) + (1 - t) log(1 - sigmoid(z))) simplifies
    to softplus(z) - t z, where softplus(z) = log(1 + e^z) is computed as
    max(z, 0) + log(1 + e^-|z|) so that no exponent is ever positive.
    Its gradient is sigmoid(z) - t.

    >>> from autograd import Value
    >>> z = Value(0.0)
    >>> loss = binary_cross_entropy_with_logits(z, 1)
    >>> round(loss.data, 4), (loss.backward(), z.grad)[1]   # log 2, sigmoid(0) - 1
    (0.6931, -0.5)
    """
    what = "binary_cross_entropy_with_logits"
    pairs = _pairs(logits, targets, what)
    targets = [_target(t, what, 0.0, 1.0) for _, t in pairs]
    with scope("BCE", kind="loss"):
        terms = []
        for (z, _), t in zip(pairs, targets):
            abs_z = z.max(-z)  # |z|; at z = 0 the max splits its gradient, so d|z|/dz = 0 there
            softplus = z.max(0.0) + (1 + (-abs_z).exp()).log()
            terms.append(softplus - t * z)
        loss = _mean(terms)
    loss.label = "BCE"
    return loss


def _shifted(logits: Sequence, what: str) -> list[Value]:
    """Logits minus their largest value, a constant (softmax does not change under a shift)."""
    if not _is_seq(logits) or not logits:
        raise ValueError(f"{what} needs a non-empty list of logits, got {logits!r}")
    logits = [z if isinstance(z, Value) else Constant(z) for z in logits]
    # exp(z - max) <= 1 never overflows, and the largest term is exactly 1, so log(sum) >= 0.
    top = Constant(max(z.data for z in logits), label="max")
    return [z - top for z in logits]


def softmax(values: Sequence) -> list[Value]:
    """e^z_i / sum_j e^z_j for each value: scores into probabilities that sum to 1.

    >>> [round(p.data, 4) for p in softmax([1.0, 2.0, 3.0])]
    [0.09, 0.2447, 0.6652]
    """
    with scope("softmax", kind="softmax"):
        exps = [s.exp() for s in _shifted(values, "softmax")]
        total = add(*exps)
        return [e / total for e in exps]


def cross_entropy(logits, target_index) -> Value:
    """Categorical cross-entropy from raw scores: -log softmax(logits)[target_index].

    Computed as log(sum_j e^(z_j - m)) - (z_t - m) with m the largest logit,
    so logits of +-1000 give finite, exact results.

    Args:
        logits: one sample's scores (a list of Values), or a batch (a list of such lists).
        target_index: the correct class (0-based int), or a list of them for a batch.

    >>> from autograd import Value
    >>> round(cross_entropy([Value(2.0), Value(1.0), Value(0.1)], 0).data, 4)
    0.417
    """
    what = "cross_entropy"
    if hasattr(target_index, "tolist"):
        target_index = target_index.tolist()
    if _is_seq(logits) and logits and _is_seq(logits[0]):  # a batch
        if not _is_seq(target_index) or len(target_index) != len(logits):
            n = len(target_index) if _is_seq(target_index) else "a single"
            raise ValueError(f"{what}: {len(logits)} samples but {n} target indices")
        samples = list(zip(logits, target_index))
    else:
        samples = [(logits, target_index)]
    for sample, t in samples:
        if not _is_seq(sample) or not sample:
            raise ValueError(f"{what} needs a non-empty list of logits, got {sample!r}")
        if not isinstance(t, numbers.Integral) or isinstance(t, bool) or not 0 <= int(t) < len(sample):
            raise ValueError(f"{what}: target_index must be an int in 0..{len(sample) - 1}, got {t!r}")
    with scope("CE", kind="loss"):
        terms = []
        for sample, t in samples:
            shifted = _shifted(sample, what)
            log_sum = add(*[s.exp() for s in shifted]).log()
            terms.append(log_sum - shifted[int(t)])
        loss = _mean(terms)
    loss.label = "CE"
    return loss


def _penalty(params, name: str, term: Callable[[Value], Value]) -> Value:
    """The sum of ``term(w)`` over ``params`` (a list of Values, or a model's parameters), labelled ``name``."""
    if hasattr(params, "parameters"):
        params = params.parameters()
    params = list(params)
    for p in params:
        if not isinstance(p, Value):
            raise TypeError(f"{name.lower()} needs Values (e.g. model.weights()), got {type(p).__name__}")
    if not params:
        return Constant(0.0, label=name)
    out = add(*[term(p) for p in params])
    out.label = name
    return out


def l1(params) -> Value:
    """L1 penalty: sum of |w|. Pushes weights to exactly 0 (sparse models).

    Add ``lam * l1(model.weights())`` to a loss; biases are usually left out.

    >>> from autograd import Value
    >>> l1([Value(-2.0), Value(3.0)]).data
    5.0
    """
    # |w| = max(w, -w); d|w|/dw = sign(w) (0 at w = 0, where max splits its gradient).
    return _penalty(params, "L1", lambda w: w.max(-w))


def l2(params) -> Value:
    """L2 penalty: sum of w^2. Shrinks large weights (weight decay).

    >>> from autograd import Value
    >>> l2([Value(-2.0), Value(3.0)]).data
    13.0
    """
    # d(w^2)/dw = 2w: large weights are pulled back hardest.
    return _penalty(params, "L2", lambda w: w * w)
