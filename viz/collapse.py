"""Levels of detail: a whole neuron, layer or loss drawn as one node.

``collapse="neurons"`` draws every neuron (and every loss) of an ``nn`` graph
as one node, ``collapse="layers"`` every layer (and loss), and a list of scope
names (``["N1", "BCE"]``, or a path such as ``"L1.N1"``) just those. A
collapsed scope shows its name, its output's data and grad; the nodes made
inside it disappear, while the leaves it reads (inputs, weights, bias) stay
as nodes of their own.

Each edge into a collapsed scope carries the chain rule at that level:
``upstream × d(output)/d(input)``, where the local gradient of the whole scope
is computed exactly, by a backward pass inside the scope from its output to
its inputs (the sum over every path through the scope, one multiplication per
edge, as ``backward()`` does). For logistic regression, the edge from the
bias into the collapsed neuron then reads ``dL/da × da/db = a - y``, the
lecture's ``dz``, because z = w·x + b passes the bias's gradient on unchanged.

>>> from autograd import Value, scope
>>> x, w = Value(2.0, label="x"), Value(3.0, label="w")
>>> with scope("N1", kind="neuron") as entry:
...     y = (w * x) * x          # y = w x^2
>>> unit = collapsed_units([x, w, y.inputs[0], y], [entry])[0]
>>> [(node.label, local) for node, local in unit.locals[0]]   # dy/dw = x^2, dy/dx = 2 w x
[('w', 4.0), ('x', 12.0)]
"""

from __future__ import annotations

from dataclasses import dataclass

from autograd import Constant, Scope, topological_order

from ._clusters import entry_of

__all__ = ["LEVELS", "Unit", "check_collapse", "chosen_entries", "collapsed_units", "noise_free_sum"]

#: What the named levels collapse: the scopes of these kinds (nn's kinds). A loss is one unit at every level.
LEVELS = {"neurons": ("neuron", "loss"), "layers": ("layer", "loss")}

#: A sum whose result is below this fraction of its largest term is round-off noise, drawn as 0.
NOISE = 1e-12


def noise_free_sum(terms) -> float:
    """``sum(terms)``, or 0.0 when the result is round-off noise (below 1e-12 of the largest term).

    >>> noise_free_sum([0.1, 0.2, -0.3]), noise_free_sum([1.0, 2.0])
    (0.0, 3.0)
    """
    terms = list(terms)
    total = sum(terms)
    largest = max((abs(t) for t in terms), default=0.0)
    return 0.0 if abs(total) < NOISE * largest else total


def check_collapse(collapse: object) -> str | tuple[str, ...] | None:
    """``collapse`` checked: None, "neurons", "layers", or a tuple of scope names."""
    if collapse is None or (isinstance(collapse, str) and collapse in LEVELS):
        return collapse
    if isinstance(collapse, str):
        raise ValueError(
            f'collapse must be "neurons", "layers", or a list of scope names (e.g. ["N1", "BCE"]), got {collapse!r}'
        )
    try:
        # (mypy cannot know collapse is iterable: a TypeError here says it is not; each name is checked below)
        names: tuple[str, ...] = tuple(collapse)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(
            f'collapse must be "neurons", "layers", or a list of scope names, got {type(collapse).__name__}'
        ) from None
    for name in names:
        if not isinstance(name, str) or not name:
            raise TypeError(f"collapse: every scope name must be a non-empty str, got {name!r}")
    return names


def chosen_entries(entries: list, collapse) -> list:
    """The scope entries to collapse, outermost only (a neuron inside a collapsed layer is part of it).

    Args:
        entries: every entry of the drawing, parents before children (``Boxes.entries``).
        collapse: a value returned by ``check_collapse``.
    """
    if collapse is None:
        return []
    if isinstance(collapse, str):
        kinds = LEVELS[collapse]
        wanted = [entry for entry in entries if entry.kind in kinds]
    else:
        known = {entry.name for entry in entries} | {".".join(entry.names) for entry in entries}
        unknown = [name for name in collapse if name not in known]
        if unknown:
            shown = ", ".join(sorted(known)) or "none: this graph was built outside any scope"
            raise ValueError(
                f"collapse: no scope named {', '.join(map(repr, unknown))} in this graph (scopes: {shown})"
            )
        wanted = [entry for entry in entries if entry.name in collapse or ".".join(entry.names) in collapse]
    chosen = set(map(id, wanted))
    return [entry for entry in wanted if not any(id(outer) in chosen for outer in entry.path[:-1])]


@dataclass
class Unit:
    """One collapsed scope entry.

    Attributes:
        entry: the ``autograd.Scope`` entry.
        members: the nodes it hides (made inside it), inputs before consumers.
        outputs: the members the rest of the graph uses (or the root), in graph order.
        inputs: the other nodes its members read, each once, in the order first read.
        locals: per output, ``[(input, d(output)/d(input)), ...]`` over ``inputs``.
    """

    entry: Scope
    members: list
    outputs: list
    inputs: list
    locals: list


def _within(entry, outer) -> bool:
    while entry is not None:
        if entry is outer:
            return True
        entry = entry.parent
    return False


def _absorbed(node, entry) -> bool:
    """Whether a collapsed ``entry`` hides ``node``: the ops and constants made inside it (a target, the 1 of 1 - p).

    Leaves made outside (inputs, and parameters, which belong to no scope) stay visible, so the edges from
    them into the collapsed node show what flows to each.
    """
    return _within(entry_of(node), entry) and (bool(node.inputs) or isinstance(node, Constant))


def collapsed_units(order: list, entries: list) -> list[Unit]:
    """One ``Unit`` per entry of ``entries`` that hides at least one op of the graph ``order``.

    Args:
        order: the graph's nodes, inputs before consumers; its last node is the root.
        entries: the entries to collapse (``chosen_entries``), none inside another.
    """
    units = []
    for entry in entries:
        members = [node for node in order if _absorbed(node, entry)]
        if not any(node.inputs for node in members):
            continue
        hidden = set(map(id, members))
        used_outside = {id(child) for node in order if id(node) not in hidden for child in node.inputs}
        outputs = [node for node in members if id(node) in used_outside or node is order[-1]]
        inputs, seen = [], set()
        for node in members:
            for child in node.inputs:
                if id(child) not in hidden and id(child) not in seen:
                    seen.add(id(child))
                    inputs.append(child)
        locals_ = [_local_gradients(output, hidden, inputs) for output in outputs]
        units.append(Unit(entry, members, outputs, inputs, locals_))
    return units


def _local_gradients(output, hidden: set, inputs: list) -> list:
    """``[(input, d(output)/d(input))]``: a backward pass from ``output`` through the hidden nodes only."""
    terms: dict[int, list] = {id(output): [1.0]}
    for node in reversed(topological_order(output)):
        if id(node) not in hidden or id(node) not in terms:
            continue
        upstream = noise_free_sum(terms[id(node)])  # complete: every hidden consumer came before it
        for child, local in zip(node.inputs, node.local_grads):
            terms.setdefault(id(child), []).append(local * upstream)
    return [(child, noise_free_sum(terms.get(id(child), [0.0]))) for child in inputs]
