"""Training with epochs, batches and iterations, as the lecture notes define them.

- An **epoch** is one pass over the whole data set.
- A **batch** is ``batch_size`` samples whose mean loss gives one gradient.
- An **iteration** is one parameter update (one batch): an epoch has
  ceil(N / batch_size) of them.

Each iteration: zero the gradients, forward propagation over the batch, the
loss, backward propagation, one optimizer step.

>>> import nn
>>> X, y = nn.datasets.xor()
>>> model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
>>> history = nn.fit(model, X, y, loss="bce", optimizer="adam", lr=0.1, epochs=200, batch_size=2, seed=0)
>>> history.epochs, history.iterations   # 200 epochs of 4 / 2 = 2 iterations
(200, 400)
>>> history.accuracy[-1], [round(p) for p in model.predict(X)]
(1.0, [0, 1, 1, 0])
"""

from __future__ import annotations

import contextlib
import math
import numbers
import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import autograd
from autograd import Value, add, no_grad, pause_gc, words

from ._checks import is_finite_number, seeded_random, shown
from .losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    check_probability,
    cross_entropy,
    l1,
    l2,
    mse,
)
from .module import MLP, Layer, Neuron
from .optim import SGD, Adam, Optimizer
from .rnn import RNNCell

if TYPE_CHECKING:  # for the annotations only: nn imports numpy only when a tape is used
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["History", "fit", "predict", "accuracy", "LOSSES"]

#: Losses by name, with the kind of target each expects.
LOSSES: dict[str, tuple[Callable, str]] = {
    "mse": (mse, "regression"),
    "bce": (binary_cross_entropy, "binary"),
    "binary_cross_entropy": (binary_cross_entropy, "binary"),
    "bce_with_logits": (binary_cross_entropy_with_logits, "binary_logits"),
    "binary_cross_entropy_with_logits": (binary_cross_entropy_with_logits, "binary_logits"),
    "cross_entropy": (cross_entropy, "multiclass"),
}


@dataclass
class History:
    """What happened during ``fit``.

    Attributes:
        loss: the loss of every iteration (one batch, one update).
        epoch_loss: the mean loss over each epoch's iterations (weighted by batch size).
        accuracy: the accuracy on the whole data after each epoch, for classification
            losses ("bce", "bce_with_logits", "cross_entropy"); None for regression.
        iterations: number of parameter updates made.
        epochs: number of epochs completed.
        stopped_early: True if the callback stopped training.
        val_loss: with ``fit(..., validation=(X_val, y_val))``, the mean data loss on the
            validation set after each epoch (no penalty term: the error on data the model
            never trains on); None without validation data.
        val_accuracy: the accuracy on the validation set after each epoch, for
            classification losses with validation data; else None.

    A History also reads as its list of losses per epoch (as Keras's does), so
    ``history[-1]``, ``len(history)`` and ``plt.plot(history)`` work; ``loss``
    has every iteration.
    """

    loss: list[float] = field(default_factory=list)
    epoch_loss: list[float] = field(default_factory=list)
    accuracy: list[float] | None = None
    iterations: int = 0
    epochs: int = 0
    stopped_early: bool = False
    val_loss: list[float] | None = None
    val_accuracy: list[float] | None = None

    def __len__(self) -> int:
        return len(self.epoch_loss)

    def __getitem__(self, index):
        return self.epoch_loss[index]

    def __iter__(self):
        return iter(self.epoch_loss)

    def __repr__(self) -> str:
        return self._describe("en")

    def __str__(self) -> str:
        return self._describe(None)

    def _describe(self, lang: str | None) -> str:
        # repr() is always English (developers, doctests); str() and print() in the current language.
        parts = [
            words.phrase("nn.history.epochs", lang, count=self.epochs),
            words.phrase("nn.history.iterations", lang, count=self.iterations),
        ]
        if self.epoch_loss:
            parts.append(words.phrase("nn.history.loss", lang, loss=f"{self.epoch_loss[-1]:.4g}"))
        if self.accuracy:
            parts.append(words.phrase("nn.history.accuracy", lang, accuracy=f"{self.accuracy[-1]:.3f}"))
        if self.val_loss:
            parts.append(words.phrase("nn.history.val_loss", lang, loss=f"{self.val_loss[-1]:.4g}"))
        if self.stopped_early:
            parts.append(words.phrase("nn.history.stopped_early", lang))
        return f"History({', '.join(parts)})"


#: From this many rows on, ``predict`` runs an nn model on a batch tape (recording it costs
#: about as much as 8 rows on the scalar engine; below, one Value per row is as fast).
TAPE_ROWS = 32


def predict(model: Callable, X) -> list:
    """The model's outputs for every row of ``X`` as floats (lists of floats for several outputs).

    Keeps no graph, so it is cheap enough for a decision-boundary grid: an nn
    model (``Neuron``, ``Layer``, ``MLP``) on ``TAPE_ROWS`` rows or more is
    recorded once on an ``autograd.Tape`` and run on all rows as matrix
    products (the same values within float rounding, about 1e-15 relative);
    fewer rows, or any other callable, run one row at a time under ``no_grad()``.

    >>> model = MLP(2, [3, 1], activation="tanh", seed=0)
    >>> grid = [[i / 10, j / 10] for i in range(10) for j in range(10)]   # 100 rows: on the tape
    >>> one_by_one = [model(row).data for row in grid]
    >>> max(abs(a - b) for a, b in zip(predict(model, grid), one_by_one)) < 1e-12
    True
    """
    _check_one_input(model)
    held = _held(model)
    if held is not None:  # a fit on a tape holds the parameters: bring the Values up to date first
        held.sync()
    if hasattr(X, "tolist"):
        X = X.tolist()
    if isinstance(X, Sequence) and len(X) >= TAPE_ROWS and _records_on_tape(model):
        outs = _predict_on_tape(model, X)
        if outs is not None:
            return outs
    return _predict_by_row(model, X)


def _check_one_input(model: object) -> None:
    """TypeError unless ``model`` is called with one row, as predict and fit call it.

    An ``RNNCell`` is called with an input and a hidden state, so it would fail
    deep inside with Python's "missing argument"; say what to do instead.
    """
    if isinstance(model, RNNCell):
        raise TypeError(
            "predict and fit call a model with one input row (a Neuron, Layer or MLP); an RNNCell takes "
            "(x, h): run it over a sequence with cell.unroll(xs, h0) and build the loss from its states"
        )
    if not callable(model):
        raise TypeError(f"the model must be callable with one input row, got {type(model).__name__} {model!r:.60}")


def _predict_by_row(model: Callable, X) -> list:
    """``predict`` on the scalar engine: one Value per row, no graph kept."""
    with no_grad():
        outs = [model(row) for row in X]
    return [o.data if isinstance(o, Value) else [v.data for v in o] for o in outs]


def _records_on_tape(model: object) -> bool:
    """True for nn's own modules: their graph has the same shape for every input, as a tape needs.

    A subclass may override ``__call__`` with a Python ``if`` on the data, so only
    the exact classes qualify (``fit(..., use_tape=True)`` accepts any model).
    """
    return type(model) in (Neuron, Layer, MLP)


def _predict_on_tape(model, X: Sequence[Sequence[float]]) -> list | None:
    """``predict`` on a batch tape; None if the rows do not suit one (the scalar path then says why)."""
    returns_value: list[bool] = []

    def build(xs):
        out = model(xs)
        returns_value.append(isinstance(out, Value))
        return out

    try:
        # One probe row is enough: an nn module has no branch on the data to look for.
        tape = autograd.Tape.record(build, inputs=model.nin, model=model, probes=[X[0]])
        rows = tape.forward(X).tolist()
    except (ValueError, TypeError):  # ragged or non-numeric rows, wrong width, inside no_grad()
        return None
    return [row[0] for row in rows] if returns_value[0] else rows


def accuracy(predictions: Sequence, targets: Sequence, threshold: float = 0.5) -> float:
    """The fraction of predictions whose class matches the target.

    A prediction that is a number is class 1 when >= ``threshold`` (0.5 for
    probabilities, 0.0 for logits); a list of scores is the class of its
    largest score (argmax).

    >>> accuracy([0.9, 0.2, 0.6], [1, 0, 0])
    0.6666666666666666
    >>> accuracy([[0.1, 2.0], [3.0, 0.0]], [1, 0])
    1.0
    """
    if hasattr(targets, "tolist"):
        targets = targets.tolist()
    if len(predictions) != len(targets) or not targets:
        raise ValueError(f"accuracy: {len(predictions)} predictions but {len(targets)} targets")
    correct = 0
    for p, t in zip(predictions, targets):
        if type(p) is float or isinstance(p, (Value, numbers.Real)):  # (floats first: the ABC check costs 2 us)
            guess = int(float(p) >= threshold)
        else:
            scores = [float(s) for s in p]
            guess = scores.index(max(scores))
        correct += guess == t
    return correct / len(targets)


def _rows(X) -> list[list[float]]:
    if getattr(X, "ndim", None) == 2 and getattr(X.dtype, "kind", "") in "fiu" and len(X):
        return _numpy_rows(X)
    if hasattr(X, "tolist"):
        X = X.tolist()
    if not isinstance(X, Sequence) or isinstance(X, str) or not X:
        raise ValueError(f"X must be a non-empty list of rows (one row of numbers per sample), got {X!r:.80}")
    rows: list[list[float]] = []
    for i, row in enumerate(X):
        if hasattr(row, "tolist") and not isinstance(row, str):
            row = row.tolist()  # a numpy row, as predict and model() accept
        if not isinstance(row, Sequence) or isinstance(row, str):
            raise ValueError(f"X[{i}] must be a row of numbers, got {row!r}; X needs one row per sample")
        if rows and len(row) != len(rows[0]):
            raise ValueError(f"X[{i}] has {len(row)} features but X[0] has {len(rows[0])}")
        if type(row) is list and set(map(type, row)) == {float} and math.isfinite(sum(row)):
            rows.append(list(row))  # all floats, and finite (an inf or NaN would make the sum one): fast
        else:
            rows.append([_finite(v, f"X[{i}]") for v in row])
    return rows


def _numpy_rows(X) -> list[list[float]]:
    """A 2-D numpy array of numbers checked in one pass (200 pictures of 12,288 pixels: milliseconds, not seconds)."""
    import numpy as np

    bad = np.argwhere(~np.isfinite(X))
    if len(bad):
        i, j = bad[0]
        raise ValueError(f"X[{i}] must hold finite numbers, got {X[i, j].item()!r}")
    return X.astype(float).tolist()


def _finite(v: object, where: str) -> float:
    if not is_finite_number(v):
        raise ValueError(f"{where} must hold finite numbers, got {shown(v):.80}")
    return float(v)


def _targets(y, n: int, nout: int, kind: str) -> list:
    """The targets, checked against the data and the model before training starts."""
    if hasattr(y, "tolist"):
        y = y.tolist()
    if not isinstance(y, Sequence) or isinstance(y, str) or len(y) != n:
        count = len(y) if isinstance(y, Sequence) else type(y).__name__
        raise ValueError(f"y must have one target per row of X: {n} rows but {count} targets")
    if kind == "multiclass":
        if nout < 2:
            raise ValueError(
                "cross_entropy needs a model with one output per class (at least 2); "
                "for yes/no use loss='bce' with one sigmoid output"
            )
        for i, t in enumerate(y):
            if not isinstance(t, numbers.Integral) or isinstance(t, bool) or not 0 <= int(t) < nout:
                raise ValueError(f"y[{i}] must be a class index 0..{nout - 1}, got {t!r}")
        return [int(t) for t in y]
    if kind in ("binary", "binary_logits"):
        if nout != 1:
            raise ValueError(
                f"binary cross-entropy needs a model with one output, this one has {nout}; "
                "for several classes use loss='cross_entropy'"
            )
        out = [_finite(t, f"y[{i}]") for i, t in enumerate(y)]
        for i, t in enumerate(out):
            if not 0.0 <= t <= 1.0:
                raise ValueError(f"y[{i}] must be a label 0 or 1 (or a probability in [0, 1]), got {t!r}")
        return out
    if kind == "regression" and nout > 1:
        for i, t in enumerate(y):
            if not isinstance(t, Sequence) or len(t) != nout:
                raise ValueError(f"y[{i}] must be a list of {nout} targets (the model has {nout} outputs), got {t!r}")
        return [[_finite(v, f"y[{i}]") for v in t] for i, t in enumerate(y)]
    if kind == "regression":
        return [_finite(t[0] if isinstance(t, Sequence) and len(t) == 1 else t, f"y[{i}]") for i, t in enumerate(y)]
    return list(y)  # a custom loss checks its own targets


def _optimizer(optimizer, lr: float | None, model) -> Optimizer:
    if isinstance(optimizer, Optimizer):
        if lr is not None:
            raise ValueError("give lr to the optimizer you built, not to fit")
        # An optimizer of other Values would step on gradients this fit never computes (and leave
        # the model as it was): refuse it. A subset of the model's parameters is fine (the rest stay fixed).
        mine = {id(p) for p in model.parameters()}
        strangers = [p for p in optimizer.params if id(p) not in mine]
        if strangers:
            raise ValueError(
                f"the optimizer holds {len(strangers)} Values that are not this model's parameters "
                f"(the first: {strangers[0].label or strangers[0]!r}); build it from model.parameters()"
            )
        return optimizer
    makers = {"sgd": (SGD, 0.1), "adam": (Adam, 0.01)}
    if optimizer not in makers:
        raise ValueError(f"optimizer must be an Optimizer or one of {', '.join(makers)}, got {optimizer!r}")
    cls, default_lr = makers[optimizer]
    return cls(model.parameters(), lr=default_lr if lr is None else lr)


def _batch_loss_and_grads(model: Callable, xb: list, yb: list, loss_fn: Callable) -> float:
    """One batch: forward propagation, the mean loss, backward propagation. Returns the loss.

    The gradients are added into every parameter's ``.grad``. This is the
    part of an iteration a faster engine can replace.
    """
    # A batch's graph holds no reference cycles; pausing the cyclic collector while
    # it is built saves it from re-scanning every new node (see autograd.pause_gc).
    with pause_gc():
        preds = [model(x) for x in xb]
        loss = loss_fn(preds, yb)
        if not isinstance(loss, Value):
            raise TypeError(f"the loss function must return a Value, got {type(loss).__name__}")
        loss.backward()
    return loss.data


def _cross_entropy_one_hot(logits: list[Value], one_hot: list[Value]) -> Value:
    """``cross_entropy(logits, t)`` for one sample, with the class as one-hot inputs: a graph a tape can record.

    ``nn.cross_entropy`` subtracts the largest logit as a number read from
    ``.data``, and picks the target's term by its index: both change the
    graph from sample to sample. Here the largest logit is a chain of ``max``
    nodes (the same value; the gradient through it is 1 - sum(softmax),
    zero up to rounding) and the target's term is sum_k onehot_k * shifted_k.
    """
    top = logits[0]
    for z in logits[1:]:
        top = top.max(z)
    shifted = [z - top for z in logits]
    log_sum = add(*[s.exp() for s in shifted]).log()
    return log_sum - add(*[h * s for h, s in zip(one_hot, shifted)])


class _TapeBatches:
    """fit's iterations on a batch tape: the per-sample loss recorded once, replayed on every batch.

    The tape's inputs are a sample's features followed by its target (one
    number, one per output for mse, or the class one-hot); its outputs are
    the sample's loss followed by the model's outputs (for the accuracy).
    ``backward(upstream="mean")`` hands each sample's loss 1/batch, as the
    scalar graph ``add(*losses) / batch`` of ``nn.losses`` does.
    """

    def __init__(self, model, rows: list, targets: list, kind: str, loss_fn: Callable, nout: int) -> None:
        nin = len(rows[0])
        if kind == "multiclass":
            columns = [[float(t == k) for k in range(nout)] for t in targets]
        else:
            columns = [t if isinstance(t, list) else [t] for t in targets]
        import numpy as np  # as the tape does: nn's import stays light

        # One float64 matrix, made once: replaying a batch then picks rows instead of
        # converting lists again (200 pictures of 12,288 pixels: 0.4 s per conversion).
        self.samples = np.array([row + target for row, target in zip(rows, columns)], dtype=np.float64)
        self.kind = kind
        self.returns_value: list[bool] = []  # whether the model returns one Value (else a list), per recording

        def build(xs):
            out = model(xs[:nin])
            self.returns_value.append(isinstance(out, Value))
            preds = [out] if isinstance(out, Value) else list(out)
            ts = xs[nin:]
            if kind == "multiclass":
                loss = _cross_entropy_one_hot(preds, ts)
            else:  # the target in the shape the scalar path gives the loss: a number, or a list for several outputs
                loss = loss_fn(out, ts if kind == "regression" and nout > 1 else ts[0])
            return [loss, *preds]

        n = len(self.samples)
        probes = self.samples[sorted({0, n // 3, 2 * n // 3, n - 1})]  # rows of the data itself
        self.tape = autograd.Tape.record(build, inputs=len(self.samples[0]), model=model, probes=probes)
        self.samples = self.tape.check_batch(self.samples)  # one array, checked once; batches are rows of it
        self.classes = np.asarray(targets)  # what accuracy_of compares guesses with (0/1, or class indices)
        self.model, self.holding = model, False
        self.index: list[int] | None = None  # where the optimizer's parameters are among the tape's (training())
        # the forward pass over every sample since the last step, if any
        self.last_predictions: NDArray[np.float64] | None = None
        self.lock = threading.Lock()  # a step and a sync() from predict() in another thread never overlap

    @contextlib.contextmanager
    def training(self, optimizer: Optimizer, hold: bool):
        """While fit runs: with ``hold``, the tape holds the parameters as arrays (``Tape.training``) and
        the optimizer steps on them; the Values are brought up to date at the end, also after an error."""
        where = {id(p): i for i, p in enumerate(self.tape.parameters)}
        index = [where.get(id(p), -1) for p in optimizer.params]
        if not hold or -1 in index:  # a parameter the tape does not compute: step on the Values
            yield self
            return
        self.index = None if index == list(range(len(where))) else index  # None: the same order
        with self.tape.training():
            self.holding = True
            with contextlib.suppress(TypeError):  # an unhashable model: predict() cannot find this fit
                _HELD[self.model] = self
            try:
                yield self
            finally:
                with contextlib.suppress(TypeError):
                    _HELD.pop(self.model, None)
                with self.lock:
                    self.tape.sync()  # (leaving tape.training() syncs too; here no predict() can slip in between)
                    self.holding = False

    def loss_and_grads(self, batch: list[int]) -> float:
        """Zero the gradients, then ``_batch_loss_and_grads`` on the tape: returns the batch's mean loss."""
        if self.holding:
            self.tape.zero_grad()
        else:
            self.model.zero_grad()
        if len(batch) < len(self.samples):
            out = self.tape.forward(self.samples[batch], check=False)
        elif self.last_predictions is not None:
            # Full batch: the forward pass the accuracy made after the last step is this one (the same
            # parameters, the same rows); the tape still holds it for backward.
            out = self.last_predictions
        else:  # the whole data set: its rows as stored (the same mean, summed in another order), no copy
            out = self.tape.forward(self.samples, check=False)
        self.last_predictions = None
        if self.kind == "binary":  # binary_cross_entropy's own check, which the recorded graph cannot make
            _check_probabilities(out[:, 1])
        self.tape.backward(output=0, upstream="mean")
        losses = out[:, 0].tolist()
        return sum(losses[1:], losses[0]) / len(losses)  # the scalar path's add(*losses) / batch

    def step(self, optimizer: Optimizer) -> None:
        """``optimizer.step()``, on the tape's arrays while it holds the parameters."""
        if not self.holding:
            optimizer.step()
            return
        tape = self.tape
        with self.lock:
            if self.index is None:
                optimizer.step_arrays(tape.data, tape.grad)
            else:  # the optimizer holds some of the parameters, or in another order
                data = tape.data[self.index]
                optimizer.step_arrays(data, tape.grad[self.index])
                tape.data[self.index] = data

    def sync(self) -> None:
        """Bring the model's Values up to date (a callback or another thread is about to look)."""
        with self.lock:
            if self.holding:
                self.tape.sync()

    def reload(self) -> None:
        """Read the Values back after a callback, which may have changed them."""
        self.last_predictions = None
        if self.holding:
            self.tape.reload()

    def accuracy(self, threshold: float) -> float:
        """The accuracy of the model's outputs on every sample; the forward pass is kept for the next step."""
        self.last_predictions = self.tape.forward(self.samples, check=False)
        return self.accuracy_of(self.last_predictions, threshold)

    def accuracy_of(self, out: NDArray[np.float64], threshold: float) -> float:
        """``nn.accuracy`` of a forward pass's outputs against the targets, counted on arrays, not lists per row.

        The same count: a number is class 1 when >= threshold, a list of scores
        the index of its largest (numpy's argmax, like ``list.index(max(...))``,
        takes the first of equal scores).
        """
        import numpy as np  # as the tape does: nn's import stays light

        scores = out[:, 1:]
        guesses = scores[:, 0] >= threshold if self.returns_value[0] else scores.argmax(axis=1)
        return int(np.count_nonzero(guesses == self.classes)) / len(self.classes)


# The fits running on a tape that holds the model's parameters, by model: predict() syncs them first.
_HELD: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _check_probabilities(column) -> None:
    """``check_probability`` for a whole numpy column at once; the first bad one is named."""
    outside = ~((column >= 0.0) & (column <= 1.0))
    if outside.any():
        check_probability(float(column[outside.argmax()]))


def _held(model) -> _TapeBatches | None:
    """The running fit that holds ``model``'s parameters on a tape, if any."""
    try:
        return _HELD.get(model)
    except TypeError:  # unhashable (a dataclass with eq=True, say): never held
        return None


def _tape_batches(use_tape: bool | None, model, rows, targets, kind, loss_fn, nout) -> _TapeBatches | None:
    """The tape fit runs on, or None for the scalar path (see ``fit``'s ``use_tape``)."""
    if use_tape is not None and not isinstance(use_tape, bool):
        raise ValueError(f"use_tape must be True, False or None, got {use_tape!r}")
    if use_tape is False or (use_tape is None and not _records_on_tape(model)):
        return None
    if kind == "custom":
        if use_tape:
            raise ValueError(
                "use_tape=True needs a loss given by name (mse, bce, bce_with_logits, "
                "cross_entropy): a loss function of the whole batch cannot be split per sample"
            )
        return None
    try:
        return _TapeBatches(model, rows, targets, kind, loss_fn, nout)
    except (ValueError, TypeError, OverflowError) as error:
        if use_tape and isinstance(error, OverflowError):
            raise  # a probe row of the data overflows: the scalar path would too
        if use_tape:
            raise ValueError(f"use_tape=True, but this model and loss cannot be recorded on a tape: {error}") from error
        return None  # the scalar path runs it (and reports what is wrong, if anything is)


class _Validation:
    """The loss and accuracy on held-out data, measured after every epoch without training on it.

    Checked before training like (X, y); run on a batch tape when fit's data
    is (the loss of every sample in one pass), else one Value graph per
    sample under ``no_grad()``.
    """

    def __init__(self, validation, model, kind: str, loss_fn: Callable, nout: int, on_tape: bool) -> None:
        if not isinstance(validation, (tuple, list)) or len(validation) != 2:
            raise ValueError(f"validation must be a pair (X_val, y_val), got {validation!r:.80}")
        try:
            self.rows = _rows(validation[0])
            self.targets = _targets(validation[1], len(self.rows), nout, kind)
            predict(model, self.rows[:1])  # the row length against the model's inputs, as fit checks X
        except ValueError as error:
            raise ValueError(f"validation: {error}") from None
        self.model, self.kind, self.loss_fn = model, kind, loss_fn
        self.tape = _TapeBatches(model, self.rows, self.targets, kind, loss_fn, nout) if on_tape else None

    def measure(self, history: History) -> None:
        """Append this epoch's validation loss (and accuracy, for classification) to ``history``."""
        threshold = 0.0 if self.kind == "binary_logits" else 0.5
        classifies = history.val_accuracy is not None
        if self.tape is not None:
            # one pass for the loss and the accuracy, on the samples checked once when the tape was made
            out = self.tape.tape.forward(self.tape.samples, check=False)
            if self.kind == "binary":
                _check_probabilities(out[:, 1])
            losses = out[:, 0].tolist()
            loss = sum(losses[1:], losses[0]) / len(losses)  # as the scalar path's add(*losses) / n
            correct = self.tape.accuracy_of(out, threshold) if classifies else None
        else:
            with no_grad():
                preds = [self.model(x) for x in self.rows]
                loss = self.loss_fn(preds, self.targets).data
            outputs = [p.data if isinstance(p, Value) else [v.data for v in p] for p in preds]
            correct = accuracy(outputs, self.targets, threshold=threshold) if classifies else None
        assert history.val_loss is not None  # (fit made the list before the first epoch)
        history.val_loss.append(loss)
        if history.val_accuracy is not None and correct is not None:
            history.val_accuracy.append(correct)


class _Progress:
    """fit's progress bar: tqdm's (a widget in Jupyter, a line on a terminal), one step per epoch.

    ``verbose=None`` leaves the choice to tqdm: in Jupyter the bar shows (as a widget,
    with ipywidgets installed), elsewhere only when stderr is a terminal, so a script
    whose output goes to a file or a pipe (CI, a log) prints nothing.
    """

    def __init__(self, verbose: bool | None, epochs: int) -> None:
        # Imported here: tqdm.auto picks the notebook or the terminal bar when it is first imported.
        from tqdm.auto import tqdm

        self.lang = words.resolve_lang(None)  # chosen once: the whole bar in one language
        epoch = words.phrase("nn.progress.epoch", self.lang)
        self.bar = tqdm(
            total=epochs,
            disable=None if verbose is None else not verbose,
            bar_format=epoch + " {n_fmt}/{total_fmt} |{bar:20}| [{elapsed}<{remaining}{postfix}]",
        )

    def update(self, history: History, final: bool = False) -> None:
        if self.bar.disable:  # no bar is shown: nothing to format (this runs once per epoch, on fast epochs too)
            return
        if history.epoch_loss:
            shown = [words.phrase("nn.progress.loss", self.lang, loss=f"{history.epoch_loss[-1]:.4f}")]
            if history.accuracy:
                shown.append(words.phrase("nn.progress.accuracy", self.lang, accuracy=f"{history.accuracy[-1]:.3f}"))
            self.bar.set_postfix_str(", ".join(shown), refresh=False)
        self.bar.update(history.epochs - self.bar.n)  # tqdm redraws at most 10 times a second
        if final:
            self.bar.close()


def fit(
    model,
    X,
    y,
    *,
    loss: str | Callable = "mse",
    optimizer: str | Optimizer = "sgd",
    lr: float | None = None,
    epochs: int = 100,
    batch_size: int | None = None,
    shuffle: bool = True,
    seed: int | None = None,
    callback: Callable[[History], object] | None = None,
    l1_penalty: float = 0.0,
    l2_penalty: float = 0.0,
    verbose: bool | None = None,
    use_tape: bool | None = None,
    validation: tuple | None = None,
) -> History:
    """Train ``model`` on (X, y) by gradient descent; return the History.

    Args:
        model: an ``nn`` module (or any callable with ``parameters()`` and ``zero_grad()``).
        X: rows of input numbers (a list of lists or a 2-D numpy array).
        y: one target per row: a number (mse), 0/1 (bce), a class index (cross_entropy).
        loss: "mse", "bce" (probabilities), "bce_with_logits", "cross_entropy",
            or a function ``loss(predictions, targets) -> Value``.
        optimizer: "sgd" (default lr 0.1), "adam" (default lr 0.01), or an Optimizer.
        lr: learning rate for an optimizer given by name.
        epochs: passes over the data.
        batch_size: samples per iteration; None uses all of them (full-batch gradient descent).
        shuffle: reshuffle the samples every epoch (from ``seed``; global random state untouched).
        seed: seed of the shuffling.
        callback: called as ``callback(history)`` after each epoch; a true result stops training.
        l1_penalty, l2_penalty: add ``l1_penalty * sum|w| + l2_penalty * sum w^2`` over the
            weights (not biases) to every iteration's loss (L1 / L2 regularization).
        verbose: a tqdm progress bar (epoch, loss, accuracy); None shows it in Jupyter and
            when stderr is a terminal, never when the output goes to a file or a pipe.
        use_tape: run each batch on an ``autograd.Tape`` (the per-sample loss recorded
            once, replayed on numpy columns: same history within float rounding, many
            times faster). None (default) uses it for nn's own modules with a loss given
            by name; True requires it (ValueError if the model or loss cannot be
            recorded); False keeps one Value graph per sample, the scalar engine.
            On the tape the parameters are trained as arrays the tape holds
            (``Tape.training``; with a penalty, as Values); the model's Values are
            brought up to date before each callback, on ``predict``, and when fit
            returns or stops with an error.
        validation: ``(X_val, y_val)``, data the model does not train on: after every
            epoch its loss goes to ``history.val_loss`` (and, for classification, its
            accuracy to ``history.val_accuracy``). The training loss keeps falling
            as the epochs go on; the validation loss falls, then rises again when the
            model starts to overfit (the U-shaped curve of lecture note 001).

    Returns:
        A ``History``: loss per iteration and per epoch, accuracy per epoch (classification),
        the numbers of iterations and epochs, and whether the callback stopped training.

    Raises:
        ValueError: before any training, if X, y, the model's outputs and the loss do not fit together
            (or use_tape=True cannot be honoured).
    """
    if isinstance(loss, str):
        if loss not in LOSSES:
            raise ValueError(f"unknown loss {loss!r}; choose one of: {', '.join(LOSSES)}, or pass a function")
        loss_fn, kind = LOSSES[loss]
    elif callable(loss):
        loss_fn, kind = loss, "custom"
    else:
        raise ValueError(f"loss must be a name or a function, got {loss!r}")
    value: float  # each number checked below, then each iteration's loss
    for name, value in (("epochs", epochs), ("batch_size", 1 if batch_size is None else batch_size)):
        if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
    for name, value in (("l1_penalty", l1_penalty), ("l2_penalty", l2_penalty)):
        _finite(value, name)
        if value < 0:
            raise ValueError(f"{name} must be >= 0, got {value!r}")
    if callback is not None and not callable(callback):
        raise ValueError(f"callback must be a function, got {callback!r}")

    if isinstance(model, Layer) and len(model.neurons) == 1:
        model = model.neurons[0]  # Layer(n, 1) returns [a]; its one neuron returns a, with the same parameters
    rows = _rows(X)
    first = predict(model, rows[:1])[0]  # checks the row length against the model's inputs
    nout = 1 if isinstance(first, float) else len(first)
    if nout == 1 and not isinstance(first, float) and kind != "custom":
        raise ValueError(
            f"the model returns a list of one output ({first!r}) for each row; for loss {loss!r} "
            "it must return that one Value itself (an nn.Neuron, or an nn.MLP whose last layer has one neuron)"
        )
    targets = _targets(y, len(rows), nout, kind)
    if kind == "binary" and not 0.0 <= first <= 1.0:
        raise ValueError(
            f"loss 'bce' needs probabilities, but the model's output is {first!r}; "
            "use output_activation='sigmoid' or loss='bce_with_logits'"
        )
    opt = _optimizer(optimizer, lr, model)
    tape = _tape_batches(use_tape, model, rows, targets, kind, loss_fn, nout)

    n = len(rows)
    size = n if batch_size is None else int(batch_size)
    rng = seeded_random(seed)
    order = list(range(n))
    classifies = kind in ("binary", "binary_logits", "multiclass")
    history = History(accuracy=[] if classifies else None)
    held_out = None
    if validation is not None:
        held_out = _Validation(validation, model, kind, loss_fn, nout, on_tape=tape is not None)
        history.val_loss, history.val_accuracy = [], [] if classifies else None
    # The penalty terms, and the weights they read, found once: a zero penalty adds nothing, so it is not built.
    penalties = [(lam, fn) for lam, fn in ((l1_penalty, l1), (l2_penalty, l2)) if lam]
    weights = model.weights() if penalties else []
    progress = _Progress(verbose, int(epochs))
    # On a tape, the parameters live in its arrays while training (penalties are Value graphs: they need
    # the Values at every iteration); the Values are brought up to date whenever the user can look.
    with tape.training(opt, hold=not penalties) if tape is not None else contextlib.nullcontext():
        for _ in range(int(epochs)):
            if shuffle:
                rng.shuffle(order)
            total = 0.0
            for start in range(0, n, size):
                batch = order[start : start + size]
                if tape is None:
                    model.zero_grad()
                    value = _batch_loss_and_grads(model, [rows[i] for i in batch], [targets[i] for i in batch], loss_fn)
                else:
                    value = tape.loss_and_grads(batch)  # zeroes the gradients first
                if penalties:
                    penalty = add(*[lam * fn(weights) for lam, fn in penalties])
                    penalty.backward()
                    value += penalty.data
                if tape is None:
                    opt.step()
                else:
                    tape.step(opt)
                history.loss.append(value)
                history.iterations += 1
                total += value * len(batch)
            history.epoch_loss.append(total / n)
            history.epochs += 1
            if history.accuracy is not None:
                threshold = 0.0 if kind == "binary_logits" else 0.5
                if tape is not None:
                    history.accuracy.append(tape.accuracy(threshold))
                else:
                    history.accuracy.append(accuracy(_predict_by_row(model, rows), targets, threshold=threshold))
            if held_out is not None:
                if tape is not None:
                    tape.sync()  # the validation data is run on the model's Values
                held_out.measure(history)
            progress.update(history)
            if callback is not None:
                if tape is not None:
                    tape.sync()  # the callback sees the model as it is now
                stop = callback(history)
                if tape is not None:
                    tape.reload()  # and may have changed it
                if stop:
                    history.stopped_early = True
                    break
    progress.update(history, final=True)
    return history
