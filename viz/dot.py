"""From a graph of Values to DOT text, in the style of CS231n's circuit diagrams.

Each node shows its label, its op and its forward value (``data``, blue);
once a backward pass has reached it, its gradient (``grad``, vermilion,
bold), and before that ``grad ?`` (not computed yet: a drawn 0.0 would read
as a result). Each edge, once its consumer's gradient is known, reads
``upstream × local = grad to input``: the chain rule, one edge at a time.
Blue and vermilion come from the Okabe-Ito palette, which readers with
colour-blindness can tell apart; the gradients are bold as well.

Node ids come from the graph's order (``n0, n1, ...`` in
``autograd.topological_order``), so the same graph gives byte-identical DOT.

>>> from autograd import Value
>>> a = Value(2.0, label="a")
>>> dot = to_dot(a + a)
>>> dot.count("n0 -> n1"), "grad ?" in dot   # two edges; not computed yet
(2, True)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from autograd import Constant, Value, backward_steps, topological_order

from ._clusters import neuron_of
from ._text import FONT, escape, number_formatter

__all__ = [
    "to_dot",
    "graph_body",
    "check_direction",
    "GraphTooLargeError",
    "DEFAULT_MAX_NODES",
    "FORWARD_COLOUR",
    "GRADIENT_COLOUR",
    "HIGHLIGHT_COLOUR",
    "MUTED_COLOUR",
]

#: Beyond this many nodes Graphviz takes minutes and the picture is unreadable.
DEFAULT_MAX_NODES = 500
LAYOUT_LIMIT_NODES = 100  # above this layout size, dot's layout search is capped (see _layout_limits)
LAYOUT_SIZE_PER_NODE = 10  # refuse a layout larger than this many times max_nodes (see layout_size)
EDGES_PER_NODE = 3  # refuse more edges than this many times max_nodes (dot: 1.5 s for 1000 labelled edges)

FORWARD_COLOUR = "#0072B2"  # Okabe-Ito blue: forward values
GRADIENT_COLOUR = "#D55E00"  # Okabe-Ito vermilion: gradients
HIGHLIGHT_COLOUR = "#F0E442"  # Okabe-Ito yellow: the node being processed in a step
MUTED_COLOUR = "#767676"  # labels that explain: "parameter", "grad ?", constants
_INK = "#333333"
_LEAF_FILL = "#EEEEEE"
_PARAMETER_FILL = "#E2E2F7"
_DIRECTIONS = ("LR", "TB", "RL", "BT")


class GraphTooLargeError(ValueError):
    """The graph has more nodes than a drawing can show (``max_nodes``)."""


@dataclass(frozen=True)
class _State:
    """What the drawing shows: each node's gradient (None: not computed yet) and each edge's product."""

    grad: dict  # id(node) -> float | None
    upstream: dict  # id(consumer) -> (upstream, local_grads, products) for consumers already processed
    current: object  # the node processed in the last step drawn, or None
    caption: str  # in step mode, what the last step did (escaped), else ""


def check_direction(direction: object) -> str:
    """``direction`` if Graphviz's rankdir knows it ("LR", "TB", "RL", "BT"), else a ValueError.

    >>> check_direction("TB")
    'TB'
    """
    if direction not in _DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(_DIRECTIONS)} (LR: left to right), got {direction!r}")
    return direction


def _check_root(root) -> None:
    if not isinstance(root, Value):
        raise TypeError(f"viz draws a Value (the output of a computation), got {type(root).__name__} {root!r}")


def layout_size(order: list) -> int:
    """How much work dot's layout is: the nodes, plus one virtual node per rank an edge skips.

    dot puts every node on a rank (here: its longest path from a leaf) and
    routes an edge spanning k ranks through k - 1 invisible nodes, which its
    crossing minimisation then orders like real ones. A leaf that feeds a
    long chain (``a*a*...*a``: 99 nodes) makes thousands of them; dot took
    11 minutes on that graph with its full search, and crashed at 300 nodes.
    """
    rank: dict[int, int] = {}
    size = len(order)
    for node in order:  # inputs come first
        ranks = [rank[id(child)] for child in node.inputs]
        top = max(ranks, default=-1) + 1
        rank[id(node)] = top
        size += sum(top - r - 1 for r in ranks)
    return size


def _layout_limits(size: int) -> str:
    """Cap Graphviz's layout search on bigger layouts (``layout_size``).

    dot's crossing minimisation and network simplex iterate until they stop
    improving; on a long chain whose leaf feeds every link (a*0 + a*1 + ...,
    300 nodes) that took dot 105 s here, and 5 s with these caps. Small
    graphs keep dot's full search (and their byte-identical golden DOT).
    """
    return " mclimit=0.1 nslimit=1 nslimit1=1 searchsize=10" if size > LAYOUT_LIMIT_NODES else ""


def checked_order(root, max_nodes: int | None) -> list:
    """``topological_order(root)``, or GraphTooLargeError when it is too large for Graphviz.

    Too large: more than ``max_nodes`` nodes, more than ``EDGES_PER_NODE * max_nodes`` edges,
    or a layout (``layout_size``) above ``LAYOUT_SIZE_PER_NODE * max_nodes``.
    """
    _check_root(root)
    if max_nodes is not None and (isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1):
        raise ValueError(f"max_nodes must be a positive int or None (no limit), got {max_nodes!r}")
    order = topological_order(root)
    if max_nodes is not None and len(order) > max_nodes:
        raise GraphTooLargeError(
            f"this graph has {len(order)} nodes, more than max_nodes={max_nodes}: Graphviz would take "
            f"very long and the picture would be unreadable. For a neural network, draw it one box per "
            f"neuron with viz.draw_network(model); or draw a part of the graph by passing an inner node "
            f"(e.g. one neuron's output) as the root; or pass max_nodes=None to draw it anyway."
        )
    edges = sum(len(node.inputs) for node in order)
    if max_nodes is not None and edges > EDGES_PER_NODE * max_nodes:  # add(*[a] * 20000): 2 nodes, dot > 100 s
        raise GraphTooLargeError(
            f"this graph has only {len(order)} nodes but {edges} edges, more than {EDGES_PER_NODE} x "
            f"max_nodes={max_nodes}: Graphviz would take very long to route them (one node used many "
            f"times, as in add(*[a] * 20000)). Draw a part of the graph by passing an inner node as "
            f"the root, or pass max_nodes=None to draw it anyway."
        )
    if max_nodes is not None and layout_size(order) > LAYOUT_SIZE_PER_NODE * max_nodes:
        raise GraphTooLargeError(
            f"this graph has only {len(order)} nodes, but its edges skip so many columns (one node feeds "
            f"nodes far along a chain, as in a*a*...*a) that Graphviz's layout would take very long "
            f"or crash. Draw a part of the graph by passing an inner node as the root, or pass "
            f"max_nodes=None to draw it anyway."
        )
    return order


def _state(root, order: list, step: int | None) -> _State:
    if step is None:
        grad = {id(n): (n.grad if n.grad_computed else None) for n in order}
        upstream = {}
        for node in order:
            g = grad[id(node)]
            if node.inputs and g is not None:
                upstream[id(node)] = (g, node.local_grads, tuple(local * g for local in node.local_grads))
        return _State(grad, upstream, None, "")
    steps = backward_steps(root)
    if isinstance(step, bool) or not isinstance(step, int):
        raise TypeError(f"step must be an int (how many backward steps to show), got {step!r}")
    if not 0 <= step <= len(steps):
        raise ValueError(
            f"step must be between 0 (before backward) and {len(steps)} (the last step "
            f"of this graph's backward pass), got {step}"
        )
    grad = {id(n): None for n in order}
    upstream = {}
    for done in steps[:step]:
        grad[id(done.node)] = done.upstream
        if done.node.inputs:
            upstream[id(done.node)] = (done.upstream, done.local_grads, done.products)
    current = steps[step - 1].node if step else None
    return _State(grad, upstream, current, _caption(step, len(steps), current))


def _caption(step: int, count: int, node) -> str:
    """ "step 3 of 7: u (*)": which node the drawn step processed."""
    if node is None:
        return f"step 0 of {count}: before backward"
    name = escape(node.label) if node.label else ("constant" if isinstance(node, Constant) else "node")
    what = f" ({escape(node.op)})" if node.op else ""
    return f"step {step} of {count}: {name}{what}"


# Between two differently styled pieces of one label: Graphviz writes each piece as its own SVG
# <text>, and browsers drop a piece's leading or trailing space ("x1 0.1" would read "x10.1").
# (The no-break space character itself, not the entity &#160;, which would put digits into the DOT.)
_SPACE = "\u00a0"


def _row(content: str) -> str:
    return f"<TR><TD>{content}</TD></TR>"


def _node_statement(name: str, node, kind: str, grad, fmt, show_grads: bool, is_current: bool) -> str:
    """One node: a small table of label, op, data and grad, shaped by its kind."""
    label = f"<B>{escape(node.label)}</B>" if node.label else ""
    if kind == "constant":
        text = fmt(node.data) if not label else f"{label}{_SPACE}{fmt(node.data)}"
        current = f' style="rounded,filled" fillcolor="{HIGHLIGHT_COLOUR}"' if is_current else ""
        return f'\t{name} [label=<{text}> shape=plaintext fontsize=10 fontcolor="{MUTED_COLOUR}"{current}]\n'
    rows = []
    if kind == "op":
        rows.append(_row(f'<FONT POINT-SIZE="15">{escape(node.op)}</FONT>'))
    if label:
        rows.append(_row(label))
    if kind == "parameter":
        rows.append(_row(f'<FONT POINT-SIZE="9" COLOR="{MUTED_COLOUR}">parameter</FONT>'))
    rows.append(_row(f'<FONT COLOR="{FORWARD_COLOUR}">data {fmt(node.data)}</FONT>'))
    if show_grads:
        if grad is None:
            rows.append(_row(f'<FONT COLOR="{MUTED_COLOUR}"><I>grad ?</I></FONT>'))
        else:
            rows.append(_row(f'<FONT COLOR="{GRADIENT_COLOUR}"><B>grad {fmt(grad)}</B></FONT>'))
    table = f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(rows)}</TABLE>'
    fill = HIGHLIGHT_COLOUR if is_current else {"op": "white", "leaf": _LEAF_FILL, "parameter": _PARAMETER_FILL}[kind]
    style = "rounded,filled" if kind == "op" else "filled"
    extra = (" peripheries=2" if kind == "parameter" else "") + (" penwidth=3" if is_current else "")
    return f'\t{name} [label=<{table}> shape=box style="{style}" fillcolor="{fill}"{extra}]\n'


def _edge_statement(tail: str, head: str, carried, fmt, show_local: bool, from_current: bool) -> str:
    """One edge from an input to its consumer; ``carried`` is (upstream, local, product) or None."""
    attributes = []
    if carried is not None:
        upstream, local, product = carried
        text = f"<B>{fmt(product)}</B>"
        if show_local:
            text = f"{fmt(upstream)} × {fmt(local)} ={_SPACE}{text}"
        attributes.append(f'label=<<FONT COLOR="{GRADIENT_COLOUR}">{text}</FONT>>')
    if from_current:
        attributes.append(f'color="{GRADIENT_COLOUR}" penwidth=2.5')
    return f"\t{tail} -> {head}" + (f" [{' '.join(attributes)}]" if attributes else "") + "\n"


def _graph_label(title: str | None, caption: str, root, show_grads: bool, show_local: bool, legend: bool) -> str | None:
    """The title, the step caption and the legend, drawn together at the top of the picture."""
    rows = []
    if title:
        rows.append(f'<TR><TD COLSPAN="4"><FONT POINT-SIZE="16"><B>{escape(title)}</B></FONT></TD></TR>')
    if caption:
        rows.append(f'<TR><TD COLSPAN="4" BGCOLOR="{HIGHLIGHT_COLOUR}"><B>{caption}</B></TD></TR>')
    if legend:
        out = escape(root.label) if root.label else "out"
        cells = [f'<FONT COLOR="{FORWARD_COLOUR}">data</FONT>{_SPACE}= forward value']
        if show_grads:
            cells.append(f'<FONT COLOR="{GRADIENT_COLOUR}"><B>grad</B></FONT>{_SPACE}= ∂{out}/∂node')
            cells.append(f'<FONT COLOR="{MUTED_COLOUR}"><I>grad ?</I></FONT>{_SPACE}= not computed yet')
            edge = f"upstream × local ={_SPACE}<B>grad to input</B>" if show_local else "<B>grad to input</B>"
            cells.append(f'on an edge:{_SPACE}<FONT COLOR="{GRADIENT_COLOUR}">{edge}</FONT>')
        rows.append("<TR>" + "".join(f'<TD BORDER="1" COLOR="#BBBBBB">{cell}</TD>' for cell in cells) + "</TR>")
    if not rows:
        return None
    return f'<<TABLE BORDER="0" CELLSPACING="4" CELLPADDING="4">{"".join(rows)}</TABLE>>'


def graph_body(
    root,
    *,
    direction: str = "LR",
    show_grads: bool = True,
    show_local: bool = True,
    precision: int = 4,
    number_format: str | None = None,
    title: str | None = None,
    params: Iterable | None = None,
    clusters: bool = True,
    legend: bool = True,
    step: int | None = None,
    max_nodes: int | None = DEFAULT_MAX_NODES,
) -> list[str]:
    """The statements of the DOT graph, one per line (see ``to_dot`` for the arguments)."""
    order = checked_order(root, max_nodes)
    check_direction(direction)
    if step is not None and not show_grads:
        raise ValueError("step=... draws the backward pass; it cannot be combined with show_grads=False")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a str, got {type(title).__name__} {title!r}")
    fmt = number_formatter(precision, number_format)
    parameter_ids = set()
    for p in params or ():
        if not isinstance(p, Value):
            raise TypeError(f"params must be Values (e.g. model.parameters()), got {type(p).__name__} {p!r}")
        parameter_ids.add(id(p))
    state = _state(root, order, step)
    names = {id(node): f"n{i}" for i, node in enumerate(order)}

    # The node margin is written ".08,.04", not "0.08,0.04": before a backward pass the DOT text
    # must hold no "0.0" at all, so that nobody (a learner, a test) can read a gradient of 0.0 in it.
    lines = [
        f'\tgraph [rankdir={direction} fontname="{FONT}" fontsize=11 nodesep=0.25 ranksep=0.45'
        f" bgcolor=white labelloc=t{_layout_limits(layout_size(order))}]\n",
        f'\tnode [fontname="{FONT}" fontsize=11 color="{_INK}" margin=".08,.04"]\n',
        f'\tedge [fontname="{FONT}" fontsize=10 color="#555555" arrowsize=0.7]\n',
    ]
    label = _graph_label(title, state.caption, root, show_grads, show_local, legend)
    if label:
        lines.append(f"\tlabel={label}\n")

    def node_line(node) -> str:
        if isinstance(node, Constant):
            kind = "constant"
        elif node.inputs or node.op:
            kind = "op"
        else:
            kind = "parameter" if id(node) in parameter_ids else "leaf"
        return _node_statement(
            names[id(node)], node, kind, state.grad[id(node)], fmt, show_grads, node is state.current
        )

    members = neuron_of(order) if clusters else {}
    grouped: dict[int, dict[int, list]] = {}
    for node in order:
        neuron = members.get(id(node))
        if neuron is None:
            lines.append(node_line(node))
        else:
            grouped.setdefault(neuron[0], {}).setdefault(neuron[1], []).append(node)
    for layer in sorted(grouped):
        lines.append(f"\tsubgraph cluster_L{layer} {{\n")
        lines.append(f'\t\tlabel=<layer {layer}> style="rounded,filled" fillcolor="#FAFAFA" color="#CCCCCC"\n')
        for neuron in sorted(grouped[layer]):
            lines.append(f"\t\tsubgraph cluster_L{layer}_N{neuron} {{\n")
            lines.append(f'\t\t\tlabel=<L{layer}.N{neuron}> style="rounded,dashed" color="#999999"\n')
            lines.extend("\t\t" + node_line(node) for node in grouped[layer][neuron])
            lines.append("\t\t}\n")
        lines.append("\t}\n")

    for node in order:
        carried = state.upstream.get(id(node))
        for j, child in enumerate(node.inputs):
            edge = None
            if carried is not None and show_grads:  # edges into constants too: every edge carries one
                edge = (carried[0], carried[1][j], carried[2][j])
            lines.append(
                _edge_statement(
                    names[id(child)],
                    names[id(node)],
                    edge,
                    fmt,
                    show_local,
                    node is state.current and not isinstance(child, Constant),
                )
            )
    return lines


def to_dot(
    root,
    *,
    direction: str = "LR",
    show_grads: bool = True,
    show_local: bool = True,
    precision: int = 4,
    number_format: str | None = None,
    title: str | None = None,
    params: Iterable | None = None,
    clusters: bool = True,
    legend: bool = True,
    step: int | None = None,
    max_nodes: int | None = DEFAULT_MAX_NODES,
) -> str:
    """The DOT source of the graph below ``root``; needs no Graphviz binary.

    Args:
        root: the Value to draw, with everything it was computed from.
        direction: "LR" (left to right, the default), "TB", "RL" or "BT".
        show_grads: draw gradients (``grad``, edge products); False draws the forward pass only.
        show_local: write each edge as ``upstream × local = product``; False writes the product only.
        precision: significant digits of every number.
        number_format: a format spec (".3f") used instead of ``precision``.
        title: a heading for the picture.
        params: Values to draw as parameters (e.g. ``model.parameters()``); other leaves are inputs.
        clusters: group the nodes of each neuron and layer of an ``nn.MLP`` (read from labels
            like "L1.N2.w1").
        legend: explain the colours at the top of the picture.
        step: draw the state after the first ``step`` steps of ``root.backward_steps()``
            (0 = before backward), the node of the last of them highlighted; None draws
            the gradients as they are now.
        max_nodes: refuse larger graphs with GraphTooLargeError (None: no limit).

    Returns:
        The DOT source, byte-identical for the same graph on every run.
    """
    body = graph_body(
        root,
        direction=direction,
        show_grads=show_grads,
        show_local=show_local,
        precision=precision,
        number_format=number_format,
        title=title,
        params=params,
        clusters=clusters,
        legend=legend,
        step=step,
        max_nodes=max_nodes,
    )
    return "digraph chainrule {\n" + "".join(body) + "}\n"
