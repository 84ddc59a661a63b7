"""Record a graph once, replay it over numpy batches: the same math, one node per op, not per sample.

The scalar engine builds a new node for every multiply of every sample. A
``Tape`` instead takes one graph built with Values for one sample, lists its
nodes in topological order, and replays that list over whole columns of
data: every node computes its op for all samples at once, with the very
rules (forward value and local gradients) of ``autograd.ops.RULES`` that the
scalar engine uses, here given numpy math (``ARRAY_MATH``).

The graph's leaves are split three ways:

- inputs: the per-sample numbers (features, and the target if the recorded
  graph computes a per-sample loss); each is fed a column of the batch;
- parameters: every other leaf that is not a ``Constant``; their ``.data``
  is read at every ``forward`` (so optimizer updates are seen), and
  ``backward`` adds into their ``.grad`` the gradient summed over the batch;
  inside ``with tape.training():`` the tape holds them as two arrays,
  ``tape.data`` and ``tape.grad``, instead, and writes them into the Values
  at ``sync()`` and at the end of the block (see ``Tape.training``);
- constants: numbers written into the expressions, fixed.

While ``Tape.record`` calls ``build``, ``autograd.weighted_sum`` (with which
every ``nn.Neuron`` computes ``w1*x1 + ... + wn*xn + b``) makes one
``WeightedSum`` node instead of n products and a sum: an nn model's layers
are recorded by their structure, the weights of each neuron side by side,
and run as matrix products on views of the parameter vector.

A neuron's weighted sum ``add(w1 * x1, ..., wn * xn, b)`` of parameters and
activations is recognised, and the neurons of a layer that read the same
activations are run as one matrix product ``X @ W + b`` (its backward as
matrix products too); an activation applied to every neuron of such a layer
runs once on the whole matrix. ``fuse=False`` turns that off and replays
node by node: the reference the fused tape is tested against.

What cannot be recorded, and what is checked. A tape replays one graph, so
the graph must have the same shape for every sample: no Python ``if`` on
``.data``, no number computed from ``.data`` written back into an
expression (``x * x.data``), no loop whose length depends on a value.
(Comparisons of Values such as ``v > 0`` already raise ``TypeError``, and
``if v:`` is always true, so branches come from reading ``.data``; ``relu``,
``leaky_relu`` and ``max`` choose per sample and are fine.) ``Tape.record``
calls your ``build`` function at several probe rows and raises
``ValueError`` if the recorded graphs differ in any op, edge, or number;
it cannot see a branch that none of the probe rows takes, so pass a few
rows of your own data as ``probes`` when ``build`` has data-dependent code.
``Tape(outputs, inputs)``, from a graph you built once, checks nothing of
the kind.

>>> from autograd import Value, add
>>> w, b = Value(2.0, label="w"), Value(0.5, label="b")
>>> tape = Tape.record(lambda xs: (add(w * xs[0], b)).tanh(), inputs=1)
>>> out = tape.forward([[0.0], [1.0], [-1.0]])
>>> out[:, 0].round(4).tolist()
[0.4621, 0.9866, -0.9051]
>>> tape.backward(upstream="sum")   # d(sum of outputs)/dw, d(...)/db
>>> round(w.grad, 4), round(b.grad, 4)
(-0.1541, 0.9937)
"""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, Protocol, TypeAlias, final

import numpy as np

from .ops import RULES, power_by_number
from .value import Constant, Value, is_recording
from .weighted import WeightedSum, recording_sums

if TYPE_CHECKING:  # for the annotations only (``from __future__ import annotations``: they cost nothing at run time)
    from numpy.typing import ArrayLike, NDArray

__all__ = ["Tape", "ArrayMath", "ARRAY_MATH"]

# ---- the types the tape works with -------------------------------------------

#: float64 numbers in numpy: a batch (one row per sample), one column of it (one number per sample),
#: a layer's matrix, or the parameters and their gradients in one vector.
Array: TypeAlias = "NDArray[np.float64]"
#: A slot's numbers: an array with one element per sample, or one float that is the same for every
#: sample (a parameter, a constant, a node that depends on no input).
Numbers: TypeAlias = "Array | float"
#: A branch's condition (``x > 0``): one answer per sample, or one for a float.
Condition: TypeAlias = "NDArray[np.bool_] | bool"
#: Positions in the parameter vector (``Tape.parameters`` order), as an integer array.
Indices: TypeAlias = "NDArray[np.intp]"
#: The position of a node's numbers in the tape's working lists: one slot per node of the graph (inputs
#: first, in column order), then one per matrix (the batch itself, then each layer or activation block).
Slot: TypeAlias = int
#: What a slot is: ``_INPUT``, ``_PARAM``, ``_CONST`` or ``_NODE`` (below).
Kind: TypeAlias = int
#: The tape's working lists, one entry per slot: ``vals`` (a slot's Numbers), ``grads`` (its gradient,
#: None until one reaches it) and ``saved`` (what a step keeps for its backward pass: a node's local
#: gradients, a layer's (x, W), an activation's slope). Any: an entry's type depends on the step that
#: wrote it, and each step reads back only its own entries, which no one type of a list can say.
Slots: TypeAlias = "list[Any]"
#: A rule of ``autograd.ops`` run on the tape's numbers: (output, local gradients), one local gradient per input.
Rule: TypeAlias = "Callable[..., tuple[Numbers, tuple[Numbers, ...]]]"
#: The same, applied to every column of a (batch, width) matrix at once: its output is a matrix too.
MatrixRule: TypeAlias = "Callable[..., tuple[Array, tuple[Numbers, ...]]]"


class HasParameters(Protocol):
    """What ``Tape(..., model=)`` takes: anything with a ``parameters()`` method (every ``nn`` module)."""

    def parameters(self) -> Iterable[Value]: ...


class ArrayMath:
    """The math the rules of ``autograd.ops`` need, for numpy arrays: one element per sample.

    ``require(ok, op, what, x)`` raises ``ValueError`` naming the op, the
    first offending value and its row when any element of ``ok`` is False.
    """

    # numpy's functions (ufuncs) are not methods: read from an instance, each is the function itself,
    # with no staticmethod() around it (through which mypy would see only its first, scalar, signature).
    exp = np.exp
    log = np.log
    tanh = np.tanh
    sin = np.sin
    cos = np.cos
    abs = np.abs
    pow = np.power
    sqrt = np.sqrt  # for the optimizers' rules (nn.optim), on a tape's parameter arrays

    @staticmethod
    def where(condition: Condition, if_true: Numbers, if_false: Numbers) -> Numbers:
        """``np.where``, without its per-element branch in the two choices relu makes on every sample.

        ``np.where`` picks element by element, and on a batch of signs that are
        random to the processor its mispredicted branches make it 5x slower than
        arithmetic once an array passes about 16,000 elements. So a choice between
        1.0 and 0.0 (a slope: relu's) is the condition as floats, and a choice
        between finite numbers and 0.0 (relu's output) multiplies them by it
        (``+= 0.0`` turns the -0.0 of a negative number times 0 into where's 0.0).
        Exact for finite numbers, which is what the tape holds: an inf not chosen
        would give NaN, and the pass's finite checks would refuse it.
        """
        if type(condition) is not np.ndarray:
            if type(if_true) is not np.ndarray and type(if_false) is not np.ndarray:
                return if_true if condition else if_false  # numbers about a constant, not a batch: Python's if
        elif type(if_false) is float and if_false == 0.0:
            if type(if_true) is float and if_true == 1.0:
                return condition.astype(np.float64)
            if type(if_true) is np.ndarray and if_true.shape == condition.shape and if_true.dtype == np.float64:
                out = condition.astype(np.float64)
                out *= if_true
                out += 0.0
                return out
        return np.where(condition, if_true, if_false)

    @staticmethod
    def overflow_allowed() -> np.errstate:
        """Context manager: an overflow gives inf (the caller checks) instead of a RuntimeWarning."""
        return np.errstate(over="ignore", invalid="ignore")

    @staticmethod
    def array(x: ArrayLike) -> Array:
        """A float64 copy of ``x``."""
        return np.array(x, dtype=np.float64)

    @staticmethod
    def first_not_finite(x: ArrayLike) -> int | None:
        """The index of the first inf or NaN in ``x``, or None when every element is finite."""
        finite = np.isfinite(x)
        return None if finite.all() else int(np.argmin(finite))

    @staticmethod
    def data(x: Numbers) -> Numbers:
        return x  # an array (or a float) is its own numbers

    @staticmethod
    def require(
        ok: Condition, op: str, what: str, x: Numbers, error: type[Exception] = ValueError, name: str = ""
    ) -> None:
        ok = np.asarray(ok, dtype=bool)
        if ok.all():
            return
        first = tuple(np.argwhere(~ok)[0])
        value = float(np.broadcast_to(x, ok.shape)[first])
        raise error(
            f"{op}: {what}, got {name + ' ' if name else ''}{value!r}"
            + (f" (row {first[0]} of the batch)" if first else "")
        )


ARRAY_MATH = ArrayMath()


# Ops whose local gradients are inputs or constants: finite whenever the inputs are.
_FINITE_LOCALS = {"+", "-", "*", "neg", "relu", "max"}
# Ops whose output is finite whenever their inputs are (bounded, or one of the inputs): every slot
# the tape computes is checked finite when it is made, so these need no check of their own.
_FINITE_OUTPUTS = {"neg", "relu", "max", "tanh", "sigmoid", "sin", "cos"}
# Ops of one batched input (plus constants) that may run on a whole layer's matrix at once.
_LAYER_WIDE = {"exp", "log", "tanh", "sin", "cos", "sigmoid", "relu", "neg", "leaky_relu"}
_INPUT, _PARAM, _CONST, _NODE = range(4)


def _check_local_grads(local_grads: Iterable[Numbers], op: str) -> None:
    """OverflowError when a local gradient is not finite (only ops outside ``_FINITE_LOCALS`` need this)."""
    for slope in local_grads:
        if not np.isfinite(slope).all():
            raise OverflowError(f"{op}: the local gradient is too large for a float")


def _check_finite(out: Numbers, op: str) -> None:
    """OverflowError naming the op and the first row, as the scalar engine does for one sample."""
    if not np.isfinite(out).all():
        row = np.argwhere(~np.isfinite(np.asarray(out)))
        where = f" (row {row[0][0]} of the batch)" if row.size else ""
        raise OverflowError(f"{op}: the result is too large for a float{where}")


@functools.lru_cache(maxsize=8)
def _ones(batch: int) -> Array:
    """A read-only vector of ``batch`` ones, made once per batch size (``ones @ g`` sums g's rows)."""
    ones = np.ones(batch)
    ones.flags.writeable = False
    return ones


def _neuron_rows(w_index: Indices, b_index: Indices | None) -> tuple[int, int] | None:
    """(start, stride) when neuron j's weights are parameters start + j * stride + (0 .. nin-1) and its
    bias the next one (or no biases), else None: then W and b are strided views of the parameter vector."""
    nin, nout = w_index.shape
    start = int(w_index[0, 0])
    stride = int(w_index[0, 1]) - start if nout > 1 else nin + (b_index is not None)
    if stride < nin + (b_index is not None):
        return None
    expected = start + np.arange(nin)[:, None] + stride * np.arange(nout)[None, :]
    if not np.array_equal(w_index, expected):
        return None
    if b_index is not None and not np.array_equal(b_index, start + nin + stride * np.arange(nout)):
        return None
    return start, stride


# ---- steps: what the tape runs, in order ----------------------------------
#
# Every step reads ``vals`` (one entry per slot: a batch array, or a float for
# a parameter, a constant, or a node that depends on no input) and writes its
# own slots; in ``backward`` it reads ``grads[slot]`` (None when no gradient
# reached it), passes ``local_grad * upstream`` to its inputs, and adds what
# reaches a parameter, summed over the batch, into ``pgrad``.


@final  # (no subclasses: ``type(step) is _Node`` in the tape's loops tells a node from a block)
class _Node:
    """One node of the graph, replayed with its rule over the whole batch.

    The rule is the op's own (``RULES``), except for ``x ** n`` with n a number
    written into the expression: ``power_by_number`` then computes no slope for
    n, which nothing learns (only the base's slope is returned: backward pairs
    the local gradients with the inputs in order, so n's is simply absent).
    """

    def __init__(
        self,
        slot: Slot,
        op: str,
        inputs: list[Slot],
        kinds: list[Kind],
        params: list[int],
    ) -> None:
        self.slot, self.op = slot, op
        constant_exponent = op == "**" and kinds[1] == _CONST
        self.rule: Rule = power_by_number if constant_exponent else RULES[op]
        self.inputs, self.kinds, self.params = inputs, kinds, params  # params[i]: parameter index or -1
        self.check_locals = op not in _FINITE_LOCALS
        self.check_out = op not in _FINITE_OUTPUTS

    def forward(self, vals: Slots, saved: Slots) -> None:
        out, local = self.rule(ARRAY_MATH, *[vals[s] for s in self.inputs])
        if self.check_out:
            _check_finite(out, self.op)
        if self.check_locals:
            _check_local_grads(local, self.op)
        vals[self.slot] = out
        saved[self.slot] = local

    def backward(self, grads: Slots, saved: Slots, pgrad: Array) -> None:
        upstream = grads[self.slot]
        if upstream is None:
            return
        for s, kind, k, local in zip(self.inputs, self.kinds, self.params, saved[self.slot]):
            if kind == _NODE:
                # + hands its upstream on unchanged: skip multiplying a whole batch by 1.0
                flow = upstream if type(local) is float and local == 1.0 else local * upstream
                grads[s] = flow if grads[s] is None else grads[s] + flow
            elif kind == _PARAM:
                pgrad[k] += np.sum(local * upstream)


#: A layer's (W, b): W of shape (nin, nout), b of shape (nout,) or None for neurons without bias.
Matrices: TypeAlias = "tuple[Array, Array | None]"


class _Block:
    """Several slots computed together as the columns of one (batch, width) matrix."""

    slot: Slot  # the matrix's own slot
    members: list[Slot]  # the slots of its columns, in column order
    covered: list[Slot]  # every slot of the graph it computes (its columns, and a layer's products)
    single: Sequence[tuple[int, Slot]] = ()  # (column, slot) of the members some node reads alone (Tape._compile)

    def columns_grad(self, grads: Slots, batch: int) -> Array | None:
        """The gradient of the whole matrix: from consumers of the matrix and of single columns."""
        g: Array | None = grads[self.slot]
        for j, s in self.single:
            if grads[s] is not None:
                if g is None:
                    g = np.zeros((batch, len(self.members)))
                g[:, j] += grads[s]
        return g

    def publish(self, vals: Slots, matrix: Array) -> None:
        vals[self.slot] = matrix
        for j, s in self.single:  # views, for nodes that read one column
            vals[s] = matrix[:, j]


class _Layer(_Block):
    """The neurons of one layer: Z = X @ W + b, one matrix product instead of nin * nout nodes."""

    def __init__(
        self,
        slot: Slot,
        members: list[Slot],
        products: list[Slot],
        x_slots: list[Slot],
        x_kinds: list[Kind],
        w_index: Indices,
        b_index: Indices | None,
    ) -> None:
        self.slot, self.members, self.covered = slot, members, members + products
        self.x_slots, self.x_kinds = x_slots, x_kinds
        self.x_block: Slot | None = None  # the slot of the matrix whose columns are x_slots, if one exists
        self.x_columns = slice(None)  # which of its columns (a run of the batch's columns)
        self.x_trainable = _NODE in x_kinds  # False when x is the batch itself: no gradient needed
        self.w_index, self.b_index = w_index, b_index  # parameter indices, shape (nin, nout) and (nout,)
        # A parameter used twice (shared weights) needs np.add.at; else plain indexed += is enough.
        used = w_index.ravel().tolist() + ([] if b_index is None else b_index.tolist())
        self.unique = len(set(used)) == len(used)
        self.rows = _neuron_rows(w_index, b_index)  # (start, stride): W and b are views of the parameter vector
        self.views: tuple[tuple[Array, Matrices], ...] = ()  # ((array, (W, b)), ...): of the last two arrays

    def matrices(self, pvec: Array) -> Matrices:
        """(W, b) of this layer in the parameter vector: views when each neuron's weights (and bias) lie in a row.

        ``nn`` models keep ``w1 ... wn, b`` of each neuron side by side, neuron after
        neuron, so W (nin, nout) and b are strided views of the tape's array: no
        copying on the way in, and gradients are added in place on the way back.
        The views of the tape's two arrays (its parameters, its gradient buffer)
        are made once and kept: a training step asks for them in every pass.
        """
        if self.rows is None:
            return pvec[self.w_index], None if self.b_index is None else pvec[self.b_index]
        for array, views in self.views:
            if array is pvec:
                return views
        start, stride = self.rows
        nin, nout = self.w_index.shape
        block = pvec[start : start + stride * nout].reshape(nout, stride)
        views = block[:, :nin].T, None if self.b_index is None else block[:, nin]
        self.views = ((pvec, views), *self.views[:1])
        return views

    def forward(self, vals: Slots, saved: Slots, pvec: Array) -> None:
        if self.x_block is not None:
            x = vals[self.x_block][:, self.x_columns]
        else:
            x = np.column_stack([vals[s] for s in self.x_slots])
        w, b = self.matrices(pvec)
        z = x @ w
        if b is not None:
            z += b
        _check_finite(z, "+")
        saved[self.slot] = (x, w)
        self.publish(vals, z)

    def backward(self, grads: Slots, saved: Slots, pgrad: Array, batch: int) -> None:
        g = self.columns_grad(grads, batch)
        if g is None:
            return
        x, w = saved[self.slot]
        # d(x @ w)/dw summed over the batch: x^T @ upstream; d/db: the upstream summed over the batch,
        # as the product ones^T @ upstream (one BLAS call; numpy's g.sum(axis=0) walks the rows one by one).
        if self.rows is not None:
            gw, gb = self.matrices(pgrad)
            gw += x.T @ g
            if gb is not None:
                gb += _ones(batch) @ g
        elif self.unique:
            pgrad[self.w_index] += x.T @ g
            if self.b_index is not None:
                pgrad[self.b_index] += _ones(batch) @ g
        else:
            np.add.at(pgrad, self.w_index, x.T @ g)
            if self.b_index is not None:
                np.add.at(pgrad, self.b_index, _ones(batch) @ g)
        if not self.x_trainable:
            return
        # d(x @ w)/dx: upstream @ w^T; for one neuron an outer product, which numpy's matmul
        # does element by element (inner dimension 1) and broadcasting does 2x faster.
        gx = g * w.T if w.shape[1] == 1 else g @ w.T
        if self.x_block is not None:
            grads[self.x_block] = gx if grads[self.x_block] is None else grads[self.x_block] + gx
        else:
            for j, (s, kind) in enumerate(zip(self.x_slots, self.x_kinds)):
                if kind == _NODE:
                    grads[s] = gx[:, j] if grads[s] is None else grads[s] + gx[:, j]


class _Activation(_Block):
    """One elementwise op (relu, tanh, ...) applied to every column of a layer's matrix."""

    def __init__(self, slot: Slot, members: list[Slot], op: str, source: Slot, constants: list[float]) -> None:
        self.slot, self.members, self.covered = slot, members, members
        self.op = op
        self.rule: MatrixRule = RULES[op]
        self.source, self.constants = source, constants

    def forward(self, vals: Slots, saved: Slots, pvec: Array) -> None:
        out, local = self.rule(ARRAY_MATH, vals[self.source], *self.constants)
        if self.op not in _FINITE_OUTPUTS:
            _check_finite(out, self.op)
        if self.op not in _FINITE_LOCALS:  # the slope with respect to the source (the rest: constants)
            _check_local_grads(local[:1], self.op)
        saved[self.slot] = local[0]
        self.publish(vals, out)

    def backward(self, grads: Slots, saved: Slots, pgrad: Array, batch: int) -> None:
        g = self.columns_grad(grads, batch)
        if g is not None:
            flow = saved[self.slot] * g
            s = self.source
            grads[s] = flow if grads[s] is None else grads[s] + flow


#: What the tape runs, in order: one node, or a block of columns computed together.
Step: TypeAlias = "_Node | _Layer | _Activation"


# ---- the tape --------------------------------------------------------------


class Tape:
    """A graph recorded once for one sample, replayed over numpy batches.

    Build it with ``Tape.record(build, inputs=n)`` (recommended: checks that
    the graph does not depend on the data) or ``Tape(outputs, inputs)`` from
    a graph already built.

    Args:
        outputs: the Value (or list of Values) to compute per sample.
        inputs: the leaf Values that stand for one sample's numbers, in column order.
        model: optional; anything with ``parameters()``. The tape then checks
            at every ``forward`` that the model's parameters are still the
            same Values in the same order, and raises ``ValueError`` if the
            model changed (record a new tape then).
        fuse: run neurons' weighted sums as matrix products (default), or
            replay node by node (``False``, the reference).

    Attributes:
        parameters: the parameter Values, in the order first met in the graph
            (for an nn model: ``model.parameters()``'s order).
        n_inputs, n_outputs: the widths of ``forward``'s input and output.
        data, grad: the parameters' numbers and gradients as float64 arrays,
            in ``parameters`` order, while the tape holds them (``training()``).
        holds_parameters: True inside ``training()``.
    """

    def __init__(
        self,
        outputs: Value | Sequence[Value],
        inputs: Sequence[Value],
        *,
        model: HasParameters | None = None,
        fuse: bool = True,
        _constants: frozenset[int] = frozenset(),
    ) -> None:
        outputs = _as_outputs(outputs)
        inputs = list(inputs)
        for x in inputs:
            if not isinstance(x, Value) or not x.is_leaf or isinstance(x, Constant):
                raise TypeError(f"Tape inputs must be leaf Values (not Constants), got {x!r}")
        if len(set(map(id, inputs))) != len(inputs):
            raise ValueError("Tape inputs must be distinct Values")
        self.n_inputs, self.n_outputs = len(inputs), len(outputs)
        self._model = model
        self._model_params = _model_parameters(model) if model is not None else []  # (read only with a model)
        self._compile(outputs, inputs, fuse, _constants)
        self._batch: int | None = None  # the last forward pass's batch size (its saved numbers: self._saved)
        self.holds_parameters = False  # True inside ``training()``: see there
        self.data: Array = np.zeros(len(self.parameters))  # the parameters' numbers, while the tape holds them
        self.grad: Array = np.zeros(len(self.parameters))  # their gradients, likewise
        self._pass_grad: Array | None = None  # the last backward pass's gradient, for the Values' drawings
        self._buffer = np.zeros(len(self.parameters))  # where backward adds up a pass's gradients

    @classmethod
    def record(
        cls,
        build: Callable[[list[Value]], Value | Sequence[Value]],
        inputs: int,
        *,
        model: HasParameters | None = None,
        probes: ArrayLike | None = None,
        fuse: bool = True,
    ) -> Tape:
        """Call ``build`` with placeholder input Values and record the graph it returns.

        Args:
            build: ``build(xs) -> Value | list[Value]``; ``xs`` is a list of
                ``inputs`` leaf Values, one per column of the batch.
            inputs: how many numbers each sample has (the batch's width).
            model: optional, see ``Tape``.
            probes: rows (each ``inputs`` numbers) at which ``build`` is
                recorded and compared; default four seeded random rows in
                (-2, 2). Pass rows of your own data when ``build`` needs
                them (a log of an input) or might branch on them.
            fuse: see ``Tape``.

        Returns:
            The tape of the first probe's graph.

        Raises:
            ValueError: the recorded graphs differ between probes (the graph
                depends on the data), or ``build`` returned no Value.
        """
        if isinstance(inputs, bool) or not isinstance(inputs, int) or inputs < 1:
            raise ValueError(f"inputs must be the number of columns (an int >= 1), got {inputs!r}")
        if not callable(build):
            raise TypeError(f"build must be a function of a list of Values, got {build!r}")
        if not is_recording():
            raise ValueError("Tape.record needs a graph: call it outside autograd.no_grad()")
        if probes is None:
            probes = np.random.default_rng(0).uniform(-2.0, 2.0, size=(4, inputs))
        probes = _checked_rows(probes, inputs, "probes")
        recordings: list[tuple[list[Value], list[Value]]] = []
        # One set of placeholders for every probe (only their numbers change): every recording
        # then has the same input slots, and a wide input (12,288 pixels) is made only once.
        xs = [Value(0.0, label=f"x{i + 1}") for i in range(inputs)]
        for row in probes.tolist():
            for x, v in zip(xs, row):
                x.data = v
            try:
                # Fused, a neuron's weighted sum is recorded as one node (autograd.weighted): it becomes a
                # column of a matrix product anyway, and its n products need never be built.
                with recording_sums(xs) if fuse else contextlib.nullcontext():
                    outputs = build(xs)
            except (ValueError, OverflowError) as error:
                raise type(error)(
                    f"build() failed at the probe row {row}: {error} (pass probes=: "
                    f"a few rows of your data, where build works)"
                ) from error
            recordings.append((_as_outputs(outputs), xs))
        constants = _compare_recordings(recordings)
        outputs, xs = recordings[0]
        return cls(outputs, xs, model=model, fuse=fuse, _constants=constants)

    # ---- compiling ----------------------------------------------------------

    def _compile(self, outputs: list[Value], inputs: list[Value], fuse: bool, fresh_constants: frozenset[int]) -> None:
        order = _order(outputs, inputs)
        slot = {id(node): i for i, node in enumerate(order)}
        n = len(order)
        params: list[Value]
        kind, pindex, params = [_NODE] * n, [-1] * n, []
        param_of: dict[int, int] = {}  # id(parameter) -> its index in params

        def parameter(p: Value) -> int:
            if id(p) not in param_of:
                param_of[id(p)] = len(params)
                params.append(p)
            return param_of[id(p)]

        batched = [False] * n  # depends on an input
        for i in range(len(inputs)):
            kind[i], batched[i] = _INPUT, True
        for i in range(len(inputs), n):
            node = order[i]
            if type(node) is WeightedSum:  # one neuron's sum: its weights and bias are parameters
                for w in node.weights if node.bias is None else (*node.weights, node.bias):
                    if id(w) not in param_of:
                        param_of[id(w)] = len(params)
                        params.append(w)
                batched[i] = any(batched[s] for s in _slots(slot, node.xs))
                if not batched[i]:
                    raise ValueError(
                        "a neuron whose inputs depend on no input column cannot be a column of a matrix "
                        "product: call the model on the placeholders build() gets (or record with fuse=False)"
                    )
            elif node.is_leaf:
                if isinstance(node, Constant) or id(node) in fresh_constants:
                    kind[i] = _CONST
                else:
                    kind[i], pindex[i] = _PARAM, parameter(node)
            else:
                batched[i] = any(batched[slot[id(v)]] for v in node.inputs)
        self.parameters = params
        self._outputs = [slot[id(v)] for v in outputs]
        self._kind = kind
        ins: list[list[Slot]] = [[] for _ in inputs] + [_slots(slot, _inputs_of(node)) for node in order[len(inputs) :]]
        readers: list[list[Slot]] = [[] for _ in range(n)]  # the nodes that read each slot (one entry per edge)
        for i, node_ins in enumerate(ins):
            for s in node_ins:
                readers[s].append(i)
        for s in self._outputs:
            readers[s].append(-1)

        self._input_block = n  # slots past the nodes hold whole (batch, width) matrices
        # Weighted sums are always matrix products; fuse=False (no weighted sums then) replays node by node.
        blocks = _fuse(order, ins, kind, pindex, param_of, batched, readers, n + 1, len(inputs)) if fuse else []
        first_step = {min(b.members): b for b in blocks}  # a fused step runs where its first member was
        covered = {m for b in blocks for m in b.covered}
        extra = n + 1 + len(blocks)
        steps: list[Step] = []
        for i, node in enumerate(order):
            if i in first_step:
                steps.append(first_step[i])
            elif i not in covered and kind[i] == _NODE:
                kinds, indices = [kind[s] for s in ins[i]], [pindex[s] for s in ins[i]]
                steps.append(_Node(i, node.op, ins[i], kinds, indices))
        self._steps = steps
        self._n_slots = extra
        # The input columns read one by one (the rest only as part of the batch's matrix): a
        # 12,288-pixel image read by one matrix product needs no 12,288 column views per forward.
        read = set(self._outputs)
        for step in steps:
            if type(step) is _Node:
                read.update(step.inputs)
            elif isinstance(step, _Layer) and step.x_block is None:
                read.update(step.x_slots)
        self._input_columns = sorted(s for s in read if s < len(inputs))
        for block in blocks:  # likewise a block's columns: only those read alone get a view and a gradient
            block.single = [(j, s) for j, s in enumerate(block.members) if s in read]
        self._constants = [(i, np.float64(node.data)) for i, node in enumerate(order) if kind[i] == _CONST]
        self._pindex = pindex
        self._param_slots = [(i, pindex[i]) for i in range(n) if kind[i] == _PARAM]

    def __repr__(self) -> str:
        layers = sum(isinstance(s, _Layer) for s in self._steps)
        return (
            f"Tape({self.n_inputs} inputs, {self.n_outputs} outputs, {len(self.parameters)} parameters, "
            f"{len(self._steps)} steps, {layers} matrix products)"
        )

    # ---- running ------------------------------------------------------------

    def forward(self, columns: ArrayLike, *, check: bool = True) -> Array:
        """Every output for every sample of a batch.

        Args:
            columns: a (batch, n_inputs) array-like of rows, or a list of
                ``n_inputs`` numpy arrays of shape (batch,), one per input.
            check: False skips checking the batch (shape, type, finite):
                for a float64 (batch, n_inputs) array already checked once,
                such as ``nn.fit``'s data at every iteration.

        Returns:
            A float64 array of shape (batch, n_outputs).

        Raises:
            ValueError: a wrong shape, a non-finite input (naming its column
                and row), an op outside its domain (as the scalar engine),
                or a model whose parameters changed since recording.
            OverflowError: a result too large for a float (naming the op).
        """
        # (check=False: the caller promises what check_batch returns, a float64 (batch, n_inputs) array)
        x: Array = self.check_batch(columns) if check else columns  # type: ignore[assignment]
        if self.holds_parameters:
            pvec = self.data
        else:
            pvals = [p.data for p in self.parameters]
            self._check_model()
            pvec = np.array(pvals, dtype=np.float64)
        batch = x.shape[0]
        vals: Slots = [None] * self._n_slots
        saved: Slots = [None] * self._n_slots
        vals[self._input_block] = x
        for i in self._input_columns:
            vals[i] = x[:, i]
        for s, value in self._constants:
            vals[s] = value
        for s, k in self._param_slots:
            vals[s] = pvec[k]  # numpy floats: an overflow gives inf (then a clear error), never a raw exception
        with np.errstate(all="ignore"):
            for step in self._steps:
                if type(step) is _Node:
                    step.forward(vals, saved)
                else:
                    step.forward(vals, saved, pvec)
        out = np.empty((batch, self.n_outputs))
        for j, s in enumerate(self._outputs):
            out[:, j] = vals[s]
        self._batch, self._saved = batch, saved
        return out

    def backward(self, output: int = 0, upstream: str | ArrayLike = "mean") -> None:
        """Add d(loss)/d(parameter) into every parameter's ``.grad`` (like ``Value.backward``).

        The loss is the combination of one output's per-sample values that
        ``upstream`` names: ``"mean"`` (each sample's upstream 1/batch: a
        mean loss, as the scalar graph ``add(*losses) / batch`` has),
        ``"sum"`` (upstream 1.0), or an array of shape (batch,) with each
        sample's upstream gradient.

        Args:
            output: which output column (default 0).
            upstream: ``"mean"``, ``"sum"``, or a (batch,) array.
        """
        if self._batch is None:
            raise ValueError("backward needs a forward pass first: call tape.forward(batch)")
        if isinstance(output, bool) or not isinstance(output, int) or not 0 <= output < self.n_outputs:
            raise ValueError(f"output must be an int in 0..{self.n_outputs - 1}, got {output!r}")
        batch = self._batch
        if isinstance(upstream, str):
            if upstream not in ("mean", "sum"):
                raise ValueError(f"upstream must be 'mean', 'sum' or an array, got {upstream!r}")
            upstream = np.full(batch, 1.0 / batch if upstream == "mean" else 1.0)
        else:
            upstream = np.asarray(upstream, dtype=np.float64)
            if upstream.shape != (batch,):
                raise ValueError(f"upstream must have shape ({batch},) like the last batch, got {upstream.shape}")
            if not np.isfinite(upstream).all():
                raise ValueError("upstream must be finite")
        grads: Slots = [None] * self._n_slots
        pgrad = self._buffer  # made once (a layer keeps its views of it); the pass's gradients add into it
        pgrad.fill(0.0)
        root = self._outputs[output]
        if self._kind[root] == _PARAM:
            pgrad[self._pindex[root]] += upstream.sum()
        grads[root] = upstream
        saved = self._saved
        with np.errstate(all="ignore"):
            for step in reversed(self._steps):
                if type(step) is _Node:
                    step.backward(grads, saved, pgrad)
                else:
                    step.backward(grads, saved, pgrad, batch)
            if self.holds_parameters:
                new = self.grad + pgrad
                if not np.isfinite(new).all():  # one check for both: this pass's gradient, and the sum
                    self._raise_not_finite(pgrad)
                self.grad[:] = new  # in place: a caller may keep a reference to tape.grad
                self._pass_grad = pgrad.copy()
                return
        passed = pgrad.tolist()
        new_grads = [p.grad + g for p, g in zip(self.parameters, passed)]
        if not all(map(math.isfinite, new_grads)):
            self._raise_not_finite(pgrad)
        for p, g, new in zip(self.parameters, passed, new_grads):
            p.grad = new
            p._pass_grad = g  # reached by a backward pass: drawings show this gradient as computed

    def _raise_not_finite(self, pgrad: Array) -> NoReturn:
        """The OverflowError of a backward pass whose gradient, or its sum with ``.grad``, is not finite."""
        if not np.isfinite(pgrad).all():
            bad = self.parameters[int(np.argwhere(~np.isfinite(pgrad))[0][0])]
            raise OverflowError(
                f"backward: the gradient reaching parameter {bad.label or bad!r} is too large for a float"
            )
        raise OverflowError("backward: adding this pass's gradient to a parameter's .grad is too large for a float")

    # ---- holding the parameters as arrays ------------------------------------

    @contextlib.contextmanager
    def training(self) -> Iterator[Tape]:
        """Context manager: train on the tape's own arrays, and bring the Values up to date at the end.

        Outside it, every ``forward`` reads each parameter's ``.data`` and
        every ``backward`` adds into each ``.grad``: a Python loop over all the
        parameters, twice per iteration (33,000 of them for a 256-128-1 MLP).
        Inside it, the tape holds them as two arrays, ``tape.data`` and
        ``tape.grad`` (in ``tape.parameters`` order): ``forward`` reads
        ``tape.data``, ``backward`` adds into ``tape.grad``, and the Values are
        not touched until ``sync()`` writes the arrays into them, which the
        end of the block does too (also when it ends with an exception). Update
        ``tape.data`` in place, e.g. with ``optimizer.step_arrays(tape.data,
        tape.grad)`` (``nn.SGD``, ``nn.Adam``); call ``tape.zero_grad()`` before
        each backward pass, as you would ``model.zero_grad()``.

        >>> from autograd import Value, add
        >>> w = Value(0.0, label="w")
        >>> tape = Tape.record(lambda xs: (add(w * xs[0], -1.0)) ** 2, inputs=1)
        >>> with tape.training():
        ...     for _ in range(50):            # gradient descent on (w * x - 1)^2 at x = 2
        ...         tape.zero_grad()
        ...         _ = tape.forward([[2.0]]); tape.backward()
        ...         tape.data -= 0.05 * tape.grad
        ...     w.data == 0.0                  # the Value waits for sync()
        True
        >>> round(w.data, 6)                   # up to date after the block
        0.5
        """
        if self.holds_parameters:
            raise ValueError("this tape already holds its parameters (training() blocks do not nest)")
        self._check_model()
        self.data = np.array([p.data for p in self.parameters], dtype=np.float64)
        self.grad = np.array([p.grad for p in self.parameters], dtype=np.float64)
        self._pass_grad = None
        self.holds_parameters = True
        try:
            yield self
        finally:
            self.sync()
            self.holds_parameters = False

    def sync(self) -> None:
        """Write ``tape.data`` and ``tape.grad`` into the parameter Values (inside ``training()``).

        Call it before anything reads the Values: a drawing, ``state_dict()``,
        the model's own ``__call__``. Outside ``training()`` the Values are
        always current, and it does nothing.
        """
        if not self.holds_parameters:
            return
        passed = None if self._pass_grad is None else self._pass_grad.tolist()
        for k, (p, d, g) in enumerate(zip(self.parameters, self.data.tolist(), self.grad.tolist())):
            p.data, p.grad = d, g
            if passed is not None:
                p._pass_grad = passed[k]  # reached by a backward pass: drawings show this gradient as computed

    def reload(self) -> None:
        """Read the parameter Values back into ``tape.data`` (inside ``training()``), after code changed them."""
        if self.holds_parameters:
            self.data[:] = [p.data for p in self.parameters]

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0.0: ``tape.grad`` inside ``training()``, else each Value's ``.grad``."""
        if self.holds_parameters:
            self.grad[:] = 0.0
            self._pass_grad = None
        else:
            for p in self.parameters:
                p.zero_grad()

    # ---- checks -------------------------------------------------------------

    def check_batch(self, columns: ArrayLike) -> Array:
        """``columns`` as ``forward`` takes them, checked, as a float64 (batch, n_inputs) array.

        Check a data set once, then pass its rows to ``forward(..., check=False)``.
        Raises as ``forward`` does for a bad batch.
        """
        if isinstance(columns, (list, tuple)) and columns and all(isinstance(c, np.ndarray) for c in columns):
            if len(columns) != self.n_inputs:
                raise ValueError(f"expected {self.n_inputs} input columns, got {len(columns)}")
            shapes = {c.shape for c in columns}
            if len(shapes) != 1 or len(next(iter(shapes))) != 1:
                raise ValueError(f"input columns must be 1-D arrays of one length, got shapes {sorted(shapes)}")
            columns = np.column_stack(columns)
        x = np.asarray(columns)
        if x.dtype.kind not in "biuf":
            raise TypeError(f"a batch must hold real numbers, got an array of dtype {x.dtype}")
        if x.ndim == 1 and self.n_inputs == 1:
            x = x[:, None]
        if x.ndim != 2 or x.shape[1] != self.n_inputs or x.shape[0] == 0:
            raise ValueError(f"a batch must have shape (batch, {self.n_inputs}) with batch >= 1, got shape {x.shape}")
        return _checked_rows(x, self.n_inputs, "input")

    def _check_model(self) -> None:
        if self._model is None:
            return
        now = _model_parameters(self._model)
        if len(now) != len(self._model_params) or any(a is not b for a, b in zip(now, self._model_params)):
            raise ValueError(
                f"the model changed since this tape was recorded ({len(self._model_params)} "
                f"parameters then, {len(now)} now, or some replaced): record a new tape"
            )


# ---- helpers ---------------------------------------------------------------


def _as_outputs(outputs: object) -> list[Value]:
    if isinstance(outputs, Value):
        return [outputs]
    if isinstance(outputs, (list, tuple)) and outputs and all(isinstance(v, Value) for v in outputs):
        return list(outputs)
    raise TypeError(f"a tape records a Value or a non-empty list of Values, got {outputs!r}")


def _model_parameters(model: HasParameters) -> list[Value]:
    if not callable(getattr(model, "parameters", None)):
        raise TypeError(f"model must have a parameters() method, got {model!r}")
    return list(model.parameters())


def _checked_rows(rows: ArrayLike, width: int, what: str) -> Array:
    """``rows`` as a float64 (n, width) array with finite entries, or a ValueError naming the first bad one."""
    x = np.asarray(rows, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != width or x.shape[0] == 0:
        raise ValueError(f"{what} must have shape (rows, {width}), got shape {x.shape}")
    if not np.isfinite(x).all():
        row, col = np.argwhere(~np.isfinite(x))[0]
        raise ValueError(f"{what} column {col} (x{col + 1}), row {row} is {x[row, col]!r}: inputs must be finite")
    return x


def _order(outputs: Sequence[Value], inputs: Sequence[Value]) -> list[Value]:
    """The inputs, then every node the outputs need, each after its own inputs.

    Depth-first with an explicit stack, as ``autograd.topological_order``. A
    ``WeightedSum`` comes after its inputs ``xs`` (its weights and bias are
    parameters, not nodes of the order).
    """
    order, visited = list(inputs), set(map(id, inputs))
    for root in outputs:
        if id(root) in visited:
            continue
        visited.add(id(root))
        stack: list[tuple[Value, Iterator[Value]]] = [(root, iter(_inputs_of(root)))]
        while stack:
            node, pending = stack[-1]
            for child in pending:
                if id(child) not in visited:
                    visited.add(id(child))
                    below = _inputs_of(child)
                    if below:
                        stack.append((child, iter(below)))
                        break
                    order.append(child)
            else:
                stack.pop()
                order.append(node)
    return order


def _slots(slot: dict[int, Slot], nodes: Iterable[Value]) -> list[Slot]:
    """The slot of every node (by id), in order."""
    return list(map(slot.__getitem__, map(id, nodes)))


def _inputs_of(node: Value) -> Sequence[Value]:
    """The nodes a node is computed from: a weighted sum's inputs ``xs``, or any other node's ``inputs``."""
    return node.xs if type(node) is WeightedSum else node.inputs


def _compare_recordings(recordings: list[tuple[list[Value], list[Value]]]) -> frozenset[int]:
    """Check that every recording has the same graph; return the ids of leaves made fresh by each call.

    A non-Constant leaf that ``build`` creates anew on each call (a ``Value(1.0)``
    inside a loss, say) is a fixed number, not a parameter, if its value
    never changes; a leaf that is the same object every time is a parameter.
    """
    shapes: list[tuple[list[Value], list[Slot], dict[int, Slot]]] = []
    for outputs, xs in recordings:
        order = _order(outputs, xs)
        slot = {id(node): i for i, node in enumerate(order)}
        shapes.append((order, [slot[id(v)] for v in outputs], slot))
    first, first_outputs, first_slot = shapes[0]
    fresh: set[int] = set()
    rule = (
        "the graph must have the same shape for every sample: no Python `if` on .data and no number "
        "taken from .data written into an expression"
    )
    n_inputs = len(recordings[0][1])  # the same placeholders in every recording: nothing to compare there
    for order, output_slots, slot in shapes[1:]:
        if len(order) != len(first) or output_slots != first_outputs:
            raise ValueError(
                f"build() recorded different graphs for different inputs ({len(first)} nodes vs {len(order)}): {rule}"
            )
        for i in range(n_inputs, len(first)):
            a, b = first[i], order[i]
            if (
                a.op != b.op
                or type(a) is not type(b)
                or _slots(first_slot, _inputs_of(a)) != _slots(slot, _inputs_of(b))
            ):
                raise ValueError(
                    f"build() recorded different graphs for different inputs (node {i}: "
                    f"op {a.op or 'leaf'!r} vs {b.op or 'leaf'!r}): {rule}"
                )
            if type(a) is WeightedSum and type(b) is WeightedSum:  # (the same type, checked above)
                if a.bias is not b.bias or any(u is not v for u, v in zip(a.weights, b.weights)):
                    raise ValueError(f"build() recorded different graphs for different inputs (node {i}): {rule}")
                continue
            if a.op:
                continue
            if a is not b:
                if isinstance(a, Constant) != isinstance(b, Constant) or a.data != b.data:
                    raise ValueError(
                        f"build() recorded different graphs for different inputs (leaf {i} "
                        f"{a.label!r}: {a.data!r} vs {b.data!r}): {rule}"
                    )
                if not isinstance(a, Constant):
                    fresh.add(id(a))
    return frozenset(fresh)


def _fuse(
    order: list[Value],
    ins: list[list[Slot]],
    kind: list[Kind],
    pindex: list[int],
    param_of: dict[int, int],
    batched: list[bool],
    readers: list[list[Slot]],
    first_slot: Slot,
    n_inputs: int,
) -> list[_Layer | _Activation]:
    """The layers (matrix products) and layer-wide activations of a graph, numbered from ``first_slot``."""
    blocks: list[_Layer | _Activation] = []
    for members, (x_slots, weights, biases) in _layers(order, ins, kind, pindex, param_of, batched, readers):
        # the w * x nodes it replaces (a WeightedSum has none: it never built them)
        products = [t for m in members if type(order[m]) is not WeightedSum for t in ins[m][: len(x_slots)]]
        blocks.append(
            _Layer(
                first_slot + len(blocks),
                members,
                products,
                x_slots,
                [kind[s] for s in x_slots],
                np.array(weights, dtype=np.intp).T,
                None if biases is None else np.array(biases, dtype=np.intp),
            )
        )
    queue = list(blocks)
    while queue:  # an activation of a layer (or of an activation) is a block too
        source = queue.pop()
        found = _activation(source, order, ins, kind, readers)
        if found is not None:
            op, members, constants = found
            blocks.append(_Activation(first_slot + len(blocks), members, op, source.slot, constants))
            queue.append(blocks[-1])
    # A layer reads a whole matrix when its inputs are exactly the batch's or a block's columns.
    matrix_of = {tuple(range(n_inputs)): first_slot - 1, **{tuple(b.members): b.slot for b in blocks}}
    for b in blocks:
        if isinstance(b, _Layer):
            b.x_block = matrix_of.get(tuple(b.x_slots))
            first = b.x_slots[0]
            if (
                b.x_block is None
                and b.x_slots == list(range(first, first + len(b.x_slots)))
                and first + len(b.x_slots) <= n_inputs
            ):
                b.x_block, b.x_columns = first_slot - 1, slice(first, first + len(b.x_slots))
    return blocks


def _layers(
    order: list[Value],
    ins: list[list[Slot]],
    kind: list[Kind],
    pindex: list[int],
    param_of: dict[int, int],
    batched: list[bool],
    readers: list[list[Slot]],
) -> Iterator[tuple[list[Slot], tuple[list[Slot], list[list[int]], list[int] | None]]]:
    """Groups of neurons ``add(w1 * x1, ..., wn * xn[, b])`` (or ``WeightedSum``) that read the same x slots.

    Yields (member slots, (x slots, weight indices per member, bias indices or None)).
    A product qualifies when it is read only by its sum and multiplies one
    parameter by one batched value.
    """
    groups: dict[tuple[tuple[Slot, ...], bool], list[tuple[Slot, list[int], int]]] = {}
    for i, node in enumerate(order):
        if type(node) is WeightedSum:
            ws = [param_of[id(w)] for w in node.weights]
            has_bias = node.bias is not None
            groups.setdefault((tuple(ins[i]), has_bias), []).append(
                (i, ws, param_of[id(node.bias)] if has_bias else -1)
            )
            continue
        if node.op != "+" or not batched[i]:
            continue
        terms = ins[i]
        bias = -1
        if kind[terms[-1]] == _PARAM:
            bias, terms = pindex[terms[-1]], terms[:-1]
        xs: list[Slot] = []
        ws = []
        for t in terms:
            if kind[t] != _NODE or order[t].op != "*" or len(readers[t]) != 1:
                break
            a, b = ins[t]
            if kind[a] == _PARAM and kind[b] != _PARAM and batched[b]:
                ws.append(pindex[a])
                xs.append(b)
            elif kind[b] == _PARAM and kind[a] != _PARAM and batched[a]:
                ws.append(pindex[b])
                xs.append(a)
            else:
                break
        else:
            if xs:
                groups.setdefault((tuple(xs), bias >= 0), []).append((i, ws, bias))
    for (x_slots, has_bias), neurons in groups.items():
        members = [i for i, _, _ in neurons]
        yield members, (list(x_slots), [ws for _, ws, _ in neurons], [b for _, _, b in neurons] if has_bias else None)


def _activation(
    block: _Block, order: list[Value], ins: list[list[Slot]], kind: list[Kind], readers: list[list[Slot]]
) -> tuple[str, list[Slot], list[float]] | None:
    """The op applied to every column of ``block`` by one node each, if there is one: (op, members, constants)."""
    first_readers = readers[block.members[0]]
    for r in first_readers:
        if r < 0 or order[r].op not in _LAYER_WIDE or ins[r][0] != block.members[0]:
            continue
        op, extra = order[r].op, ins[r][1:]
        if any(kind[s] != _CONST for s in extra):
            continue
        constants = [order[s].data for s in extra]
        members = [r]
        for m in block.members[1:]:
            match = [
                q
                for q in readers[m]
                if q >= 0
                and order[q].op == op
                and ins[q][0] == m
                and [order[s].data for s in ins[q][1:]] == constants
                and all(kind[s] == _CONST for s in ins[q][1:])
            ]
            if not match:
                break
            members.append(match[0])
        else:
            return op, members, constants
    return None
