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
        names: the names from the outermost entry to this one, e.g. ("L1", "N2").
    """

    __slots__ = ("name", "kind", "parent", "names")

    def __init__(self, name: str, kind: str, parent: Scope | None) -> None:
        self.name, self.kind, self.parent = name, kind, parent
        self.names: tuple[str, ...] = (parent.names if parent is not None else ()) + (name,)

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


# The mode of the running thread: (recording, innermost scope entry or None, the mode before it).
# Read once for every node made, so it is one C call returning a tuple. Each mode
# remembers the one it replaced, so leaving a block restores exactly what was there,
# and the context managers keep no state of their own: one ``scope`` object may be
# entered by several threads at once (a model called from two threads).
_MODE: ContextVar[tuple] = ContextVar("autograd_mode", default=(True, None, None))
current_mode = _MODE.get


def _leave() -> None:
    previous = current_mode()[2]
    if previous is None:
        raise RuntimeError("autograd: a no_grad() or scope() block was left that was never entered")
    _MODE.set(previous)


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
        mode = current_mode()
        entry = Scope(self._name, self._kind, mode[1])
        _MODE.set((mode[0], entry, mode))
        return entry

    def __exit__(self, *exc_info) -> None:
        _leave()


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
        mode = current_mode()
        _MODE.set((False, mode[1], mode))
        return self

    def __exit__(self, *exc_info) -> None:
        _leave()


def is_recording() -> bool:
    """False inside ``no_grad()`` (in this thread)."""
    return current_mode()[0]
