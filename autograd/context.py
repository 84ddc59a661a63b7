"""What is being recorded right now, per thread: ``no_grad()`` and ``scope(name)``.

Two temporary modes change how new nodes are made:

- ``no_grad()``: ops compute values but record no graph (inference).
- ``scope(name)``: every node made inside carries the scope's name, so that a
  drawing can box a neuron, a layer or a loss without reading labels.

Both are context managers that restore the previous mode when they exit,
even on an exception. The mode lives in a ``contextvars.ContextVar``, so it is
per thread (as PyTorch's ``no_grad`` is): ``no_grad()`` in one thread changes
nothing in another, and an asyncio task keeps its own mode too.

>>> from autograd import Value, scope
>>> w, x = Value(2.0, label="w"), Value(3.0, label="x")
>>> with scope("L1"):
...     with scope("N2"):
...         z = w * x
>>> z.scope, w.scope
(('L1', 'N2'), ())
"""

from __future__ import annotations

from contextvars import ContextVar

__all__ = ["Scope", "scope", "no_grad", "is_recording", "current_mode"]


class Scope:
    """One entry into ``scope(name)``: the nodes made until it exits belong to it.

    Every ``with scope(...)`` makes a new entry, so two calls of the same
    neuron are two entries with the same name (a drawing of a batch draws
    one box per call).

    Attributes:
        name: the name given to ``scope``, e.g. "L1" or "OR".
        kind: what it stands for, as its maker says: "layer", "neuron",
            "loss", "step", ... ("" if not said).
        parent: the enclosing entry, or None at the outermost level.
    """

    __slots__ = ("name", "kind", "parent")

    def __init__(self, name: str, kind: str = "", parent: Scope | None = None) -> None:
        self.name, self.kind, self.parent = name, kind, parent

    @property
    def names(self) -> tuple[str, ...]:
        """The names from the outermost entry to this one, e.g. ("L1", "N2")."""
        return tuple(entry.name for entry in self.path)

    @property
    def path(self) -> tuple[Scope, ...]:
        """The entries from the outermost one to this one."""
        entries = []
        entry: Scope | None = self
        while entry is not None:
            entries.append(entry)
            entry = entry.parent
        return tuple(reversed(entries))

    def __repr__(self) -> str:
        kind = f", kind={self.kind!r}" if self.kind else ""
        return f"Scope({'/'.join(self.names)!r}{kind})"


class _Mode:
    """The recording mode of one thread; ``no_grad()`` and ``scope()`` change it in place and restore it."""

    __slots__ = ("recording", "scope", "saved")

    def __init__(self) -> None:
        self.recording = True  # False inside no_grad(): ops then return plain leaves
        self.scope: Scope | None = None  # the innermost scope entry
        self.saved: list[bool] = []  # the recording flags that no_grad() blocks replaced


# Every node made reads its thread's mode, so that read is one C call (ContextVar.get,
# cached per thread) and the blocks change the mode object in place instead of setting
# the variable anew. A thread that never entered a block reads the shared default, which
# is never changed; its first block gives it a mode of its own. The context managers
# keep no state of their own, so one ``scope`` object may be entered by several threads
# at once (a model called from two threads).
_DEFAULT = _Mode()
_MODE: ContextVar[_Mode] = ContextVar("autograd_mode", default=_DEFAULT)
current_mode = _MODE.get
_new_scope = object.__new__


def _own_mode() -> _Mode:
    mode = current_mode()
    if mode is _DEFAULT:
        mode = _Mode()
        _MODE.set(mode)
    return mode


def _check_text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"scope {what} must be a str, got {type(value).__name__} {value!r}")
    return value


class scope:
    """Context manager: every node made inside carries ``name`` in its ``scope``.

    Scopes nest; ``node.scope`` lists the names outermost first. ``nn``
    makes each layer, neuron and loss inside its own scope.

    Args:
        name: the scope's name (non-empty text).
        kind: optional, what the scope stands for ("layer", "neuron", "loss", ...),
            read by drawings to collapse whole neurons or layers.

    Returns (from ``with ... as entry``): the ``Scope`` entry made.

    >>> from autograd import Value
    >>> with scope("loss", kind="loss") as entry:
    ...     y = Value(1.0) * 2
    >>> y.scope, y.scope_entry is entry, entry.kind
    (('loss',), True, 'loss')
    """

    __slots__ = ("_name", "_kind")

    def __init__(self, name: str, kind: str = "") -> None:
        if not _check_text(name, "name"):
            raise ValueError("scope name must not be empty")
        self._name, self._kind = name, _check_text(kind, "kind")

    def __enter__(self) -> Scope:
        # Entered once per neuron per sample by nn, so written for speed: no __init__ call.
        mode = current_mode()
        if mode is _DEFAULT:
            mode = _own_mode()
        entry = _new_scope(Scope)
        entry.name, entry.kind, entry.parent = self._name, self._kind, mode.scope
        mode.scope = entry
        return entry

    def __exit__(self, *exc_info: object) -> None:
        mode = current_mode()
        if mode.scope is None:
            raise RuntimeError("autograd: a scope() block was left that was never entered")
        mode.scope = mode.scope.parent


class no_grad:
    """Context manager: inside it, ops compute values but record no graph.

    Use it for inference on many points: nothing is kept for backward. It
    affects only the thread (and asyncio task) that enters it.

    >>> from autograd import Value
    >>> with no_grad():
    ...     y = Value(2.0) * 3
    >>> y.data, y.op, y.inputs
    (6.0, '', ())
    """

    __slots__ = ()

    def __enter__(self) -> no_grad:
        mode = _own_mode()
        mode.saved.append(mode.recording)
        mode.recording = False
        return self

    def __exit__(self, *exc_info: object) -> None:
        mode = current_mode()
        if not mode.saved:
            raise RuntimeError("autograd: a no_grad() block was left that was never entered")
        mode.recording = mode.saved.pop()


def is_recording() -> bool:
    """False inside ``no_grad()`` (in this thread)."""
    return current_mode().recording
