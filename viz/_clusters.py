"""Which box of a drawing each node goes in: the ``autograd.scope`` entries it was made in.

``nn`` makes every layer, neuron and loss inside ``autograd.scope(...)``, so
each node made there knows its innermost entry (``node.scope_entry``), and the
entry knows its parents. A drawing boxes every entry (a layer's box holds its
neurons' boxes) and titles each box with the entry's name: a neuron named
"OR" is drawn as OR, whatever its parameters are labelled.

Parameters are made outside any forward pass, so they carry no scope: a leaf
without one is drawn in the box of the nodes that use it, when they all sit
directly in one entry (a neuron's weights and bias). A leaf used in several
entries (an input ``x`` read by every neuron of a layer, a weight shared by two
calls of one neuron) stays outside, next to all of its users.

>>> from autograd import Value, scope, topological_order
>>> w5, w6, x = Value(0.5, label="w5"), Value(-1.0, label="w6"), Value(2.0, label="x")
>>> with scope("L1", kind="layer"):
...     with scope("OR", kind="neuron"):
...         a = (w5 * x).sigmoid()
...     with scope("AND", kind="neuron"):
...         b = (w6 * x).sigmoid()
>>> boxes = scope_boxes(topological_order(a + b))
>>> [entry.name for entry in boxes.entries], boxes.box_of[id(w5)].name, boxes.box_of.get(id(x))
(['L1', 'OR', 'AND'], 'OR', None)
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Boxes", "scope_boxes", "entry_of"]


def entry_of(node):
    """The innermost scope entry ``node`` was made in, or None (outside any, or an engine without scopes)."""
    return getattr(node, "scope_entry", None)


@dataclass
class Boxes:
    """The boxes of one drawing.

    Attributes:
        box_of: ``id(node)`` -> the innermost entry the node is drawn in (absent: drawn outside every box).
        entries: every entry that holds a node, parents included, in the order the graph first reaches
            them (so the DOT text is the same on every run).
        children: ``id(entry)`` -> the entries directly inside it, in the same order.
    """

    box_of: dict = field(default_factory=dict)
    entries: list = field(default_factory=list)
    children: dict = field(default_factory=dict)

    @property
    def top(self) -> list:
        """The outermost entries (those without a parent in the drawing)."""
        return [entry for entry in self.entries if entry.parent is None]

    def inside(self, node, entry) -> bool:
        """True when ``node`` is drawn in ``entry``'s box or in a box nested in it."""
        box = self.box_of.get(id(node))
        while box is not None:
            if box is entry:
                return True
            box = box.parent
        return False


def scope_boxes(order: list) -> Boxes:
    """The boxes for the nodes of ``order`` (inputs before consumers, as ``topological_order`` gives).

    Args:
        order: the graph's nodes.

    Returns:
        A ``Boxes``: each node's box and the nested entries to draw.
    """
    boxes = Boxes()
    users: dict[int, list] = {}  # id(leaf) -> the entries of the nodes using it (None: a user outside all)
    for node in order:
        for child in node.inputs:
            if not child.inputs and entry_of(child) is None:
                users.setdefault(id(child), []).append(entry_of(node))
    for node in order:
        entry = entry_of(node)
        if entry is None and not node.inputs:
            places = users.get(id(node), [])
            if places and places[0] is not None and all(place is places[0] for place in places):
                entry = places[0]
        if entry is not None:
            boxes.box_of[id(node)] = entry
    # Boxes in the order of their first op (the forward pass's order: layer 1 before layer 2), then
    # those holding only leaves; a depth-first order reaches a later layer's weights first.
    for node in sorted(order, key=lambda node: not node.inputs):
        if id(node) in boxes.box_of:
            _add_entry(boxes, boxes.box_of[id(node)])
    return boxes


def _add_entry(boxes: Boxes, entry) -> None:
    """Record ``entry`` and its parents (outermost first), each once."""
    known = boxes.children  # every recorded entry has a list of children
    for level in entry.path:
        if id(level) in known:
            continue
        known[id(level)] = []
        boxes.entries.append(level)
        if level.parent is not None:
            known[id(level.parent)].append(level)
