"""From a graph of Values to DOT text, in the style of CS231n's circuit diagrams.

Each node shows its label, its op and its forward value (``data``, blue);
once a backward pass has reached it, its gradient (``grad``, vermilion,
bold), and before that ``grad ?`` (not computed yet: a drawn 0.0 would read
as a result). Each edge, once its consumer's gradient is known, reads
``upstream × local = grad to input``: the chain rule, one edge at a time.
Blue and vermilion come from the Okabe-Ito palette, which readers with
colour-blindness can tell apart; the gradients are bold as well.

Nodes made inside an ``autograd.scope`` (every neuron, layer and loss of
``nn``) are drawn in a box titled with the scope's name (``viz._clusters``);
``collapse=`` draws whole scopes as one node each (``viz.collapse``).

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

from autograd import Constant, Value, topological_order

from ._clusters import Boxes, scope_boxes
from ._state import State, pass_state
from ._text import FONT, escape, number_formatter
from .collapse import NOISE, Unit, check_collapse, chosen_entries, collapsed_units, noise_free_sum
from .words import PHRASES, phrase, resolve_lang

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
    "LABEL_LIMIT",
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
_COLLAPSED_FILL = "#FFF6E5"
_DIRECTIONS = ("LR", "TB", "RL", "BT")
#: Labels longer than this many characters are drawn shortened with "…" (the whole text in the SVG tooltip):
#: Graphviz refuses HTML labels over about 16 KB, and a label that long is unreadable anyway.
LABEL_LIMIT = 120
# How each kind of scope box looks: (style, fill, border colour).
_BOX_STYLE = {
    "layer": ("rounded,filled", "#FAFAFA", "#CCCCCC"),
    "loss": ("rounded,filled", "#FFF8F0", "#E0C0A0"),
    "model": ("rounded", "white", "#AAAAAA"),
}
_DEFAULT_BOX = ("rounded,dashed", "white", "#999999")  # neurons and any other scope


class GraphTooLargeError(ValueError):
    """The graph has more nodes than a drawing can show (``max_nodes``)."""


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


def _caption(state: State, step_of: tuple[int, int], lang: str, hidden_in=None) -> str:
    """ "step 3 of 7: u (*)": which node the drawn step processed (escaped).

    ``step_of``: (step, count), the drawn step of ``state.step``.
    ``hidden_in``: the collapsed scope entry the node is drawn inside, if any ("MSE › node (+)").
    """
    step, count = step_of
    node = state.current
    if node is None:
        return escape(phrase("dot.caption.before", lang, count=count))
    if node.label:
        name = _short(node.label)
    else:
        name = phrase("dot.constant" if isinstance(node, Constant) else "dot.node", lang)
    what = f" ({node.op})" if node.op else ""
    where = f"{_short(hidden_in.name)} › " if hidden_in is not None else ""
    return escape(phrase("dot.caption.step", lang, step=step, count=count, node=where + name + what))


# Between two differently styled pieces of one label: Graphviz writes each piece as its own SVG
# <text>, and browsers drop a piece's leading or trailing space ("x1 0.1" would read "x10.1").
# (The no-break space character itself, not the entity &#160;, which would put digits into the DOT.)
_SPACE = "\u00a0"


def _short(text: str) -> str:
    """``text`` cut to ``LABEL_LIMIT`` characters with "…" when longer (not escaped)."""
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1] + "…"


def _tooltip(text: str) -> str:
    """A ``tooltip=...`` attribute holding the whole of a shortened label, or "" when it is short.

    Graphviz reads the quoted string with its own backslash escapes (``\\N`` is the node's name), so
    backslashes and quotes are escaped; it writes the text XML-escaped into the SVG (``xlink:title``).
    A quoted string may hold at most 16 KB, so a long text is written as pieces joined with DOT's
    ``"..." + "..."``, each piece escaped on its own (no escape is ever cut in two).
    """
    if len(text) <= LABEL_LIMIT:
        return ""
    pieces = [text[i : i + _TOOLTIP_PIECE] for i in range(0, len(text), _TOOLTIP_PIECE)]
    quoted = []
    for piece in pieces:
        safe = escape(piece).replace("<BR/>", "\\n")  # XML-safe characters; Graphviz decodes the entities
        quoted.append('"' + safe.replace('"', "&quot;") + '"')
    return " tooltip=" + " + ".join(quoted)


_TOOLTIP_PIECE = 1000  # characters: escaped, at most 6 bytes each (&quot;), well below Graphviz's 16 KB


def _row(content: str, port: str = "") -> str:
    cell = f'<TD PORT="{port}">' if port else "<TD>"
    return f"<TR>{cell}{content}</TD></TR>"


def _shown_data(node) -> float:
    """The forward value to draw: 0 for a sum or difference whose result is round-off noise of its inputs."""
    if node.op in ("+", "-") and node.inputs:
        largest = max(abs(child.data) for child in node.inputs)
        if abs(node.data) < NOISE * largest:
            return 0.0
    return node.data


def _value_rows(data: float, grad, fmt, show_grads: bool, lang: str) -> list[str]:
    """The data row and (if shown) the grad row of a node."""
    rows = [_row(f'<FONT COLOR="{FORWARD_COLOUR}">{escape(phrase("dot.data", lang))} {fmt(data)}</FONT>')]
    if show_grads:
        word = escape(phrase("dot.grad", lang))
        if grad is None:
            rows.append(_row(f'<FONT COLOR="{MUTED_COLOUR}"><I>{word} ?</I></FONT>'))
        else:
            rows.append(_row(f'<FONT COLOR="{GRADIENT_COLOUR}"><B>{word} {fmt(grad)}</B></FONT>'))
    return rows


def _table(rows: list[str]) -> str:
    return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(rows)}</TABLE>'


def _node_statement(name: str, node, kind: str, grad, fmt, show_grads: bool, is_current: bool, lang: str) -> str:
    """One node: a small table of label, op, data and grad, shaped by its kind."""
    label = f"<B>{escape(_short(node.label))}</B>" if node.label else ""
    tooltip = _tooltip(node.label)
    if kind == "constant":
        text = fmt(node.data) if not label else f"{label}{_SPACE}{fmt(node.data)}"
        current = f' style="rounded,filled" fillcolor="{HIGHLIGHT_COLOUR}"' if is_current else ""
        return f'\t{name} [label=<{text}> shape=plaintext fontsize=10 fontcolor="{MUTED_COLOUR}"{current}{tooltip}]\n'
    rows = []
    if kind == "op":
        rows.append(_row(f'<FONT POINT-SIZE="15">{escape(node.op)}</FONT>'))
    if label:
        rows.append(_row(label))
    if kind == "parameter":
        rows.append(_row(f'<FONT POINT-SIZE="9" COLOR="{MUTED_COLOUR}">{escape(phrase("dot.parameter", lang))}</FONT>'))
    rows.extend(_value_rows(_shown_data(node), grad, fmt, show_grads, lang))
    fill = HIGHLIGHT_COLOUR if is_current else {"op": "white", "leaf": _LEAF_FILL, "parameter": _PARAMETER_FILL}[kind]
    style = "rounded,filled" if kind == "op" else "filled"
    extra = (" peripheries=2" if kind == "parameter" else "") + (" penwidth=3" if is_current else "")
    return f'\t{name} [label=<{_table(rows)}> shape=box style="{style}" fillcolor="{fill}"{extra}{tooltip}]\n'


def _scope_title(entry, lang: str) -> str:
    """A scope box's heading: its name; a scope named by its kind alone (nn.Neuron's default
    scope "neuron") is headed by the kind's word in ``lang``, as chainrule wrote that name."""
    if entry.name == entry.kind and f"dot.kind.{entry.kind}" in PHRASES:
        return phrase(f"dot.kind.{entry.kind}", lang)
    return _short(entry.name)


def _unit_statement(name: str, unit: Unit, state: State, fmt, show_grads: bool, lang: str) -> str:
    """A collapsed scope: its name and kind, then each output's label, data and grad (a port per output)."""
    entry = unit.entry
    rows = [_row(f'<FONT POINT-SIZE="14"><B>{escape(_scope_title(entry, lang))}</B></FONT>')]
    if f"dot.kind.{entry.kind}" in PHRASES and entry.name != entry.kind:  # not "neuron" twice
        rows.append(
            _row(f'<FONT POINT-SIZE="9" COLOR="{MUTED_COLOUR}">{escape(phrase(f"dot.kind.{entry.kind}", lang))}</FONT>')
        )
    many = len(unit.outputs) > 1
    for k, output in enumerate(unit.outputs):
        cells = _value_rows(_shown_data(output), state.grad[id(output)], fmt, show_grads, lang)
        if many:  # one cell per output, so each outgoing edge leaves from its own output
            label = f"<B>{escape(_short(output.label))}</B>{_SPACE}" if output.label else ""
            inner = _table([_row(label)] + cells) if label else _table(cells)
            rows.append(_row(inner, port=f"o{k}"))
        else:
            rows.extend(cells)
    is_current = any(member is state.current for member in unit.members) and state.current is not None
    fill = HIGHLIGHT_COLOUR if is_current else _COLLAPSED_FILL
    extra = " penwidth=3" if is_current else " penwidth=1.5"
    tooltip = _tooltip(entry.name)
    return f'\t{name} [label=<{_table(rows)}> shape=box style="rounded,filled" fillcolor="{fill}"{extra}{tooltip}]\n'


def _edge_statement(tail: str, head: str, carried, fmt, show_local: bool, from_current: bool, spacing: str = "") -> str:
    """One edge from an input to its consumer; ``carried`` is (upstream, local, product), (product,) or None."""
    attributes = []
    if carried is not None:
        text = f"<B>{fmt(carried[-1])}</B>"
        if show_local and len(carried) == 3:
            upstream, local, _ = carried
            text = f"{fmt(upstream)} × {fmt(local)} ={_SPACE}{text}"
        attributes.append(f'label=<<FONT COLOR="{GRADIENT_COLOUR}">{text}</FONT>>')
    if from_current:
        attributes.append(f'color="{GRADIENT_COLOUR}" penwidth=2.5')
    if spacing:
        attributes.append(spacing.strip())
    return f"\t{tail} -> {head}" + (f" [{' '.join(attributes)}]" if attributes else "") + "\n"


def _graph_label(
    title: str | None,
    state: State,
    root,
    show_grads: bool,
    show_local: bool,
    legend: bool,
    collapsed: bool,
    lang: str,
    hidden_in=None,
) -> str | None:
    """The title, the step caption and the legend, drawn together at the top of the picture."""
    out = _short(root.label) if root.label else phrase("dot.out", lang)
    cells = []
    if legend:
        data, grad = escape(phrase("dot.data", lang)), escape(phrase("dot.grad", lang))
        cells.append(f'<FONT COLOR="{FORWARD_COLOUR}">{data}</FONT>{_SPACE}{escape(phrase("dot.legend.data", lang))}')
        if show_grads:
            meaning = phrase("dot.legend.summed" if state.summed else "dot.legend.grad", lang, root=out)
            cells.append(f'<FONT COLOR="{GRADIENT_COLOUR}"><B>{grad}</B></FONT>{_SPACE}{escape(meaning)}')
            unknown = escape(phrase("dot.legend.unknown", lang))
            cells.append(f'<FONT COLOR="{MUTED_COLOUR}"><I>{grad} ?</I></FONT>{_SPACE}{unknown}')
            to_input = f"<B>{escape(phrase('dot.legend.to_input', lang))}</B>"
            edge = f"{escape(phrase('dot.legend.upstream_local', lang))}{_SPACE}{to_input}" if show_local else to_input
            cells.append(
                f'{escape(phrase("dot.legend.edge", lang))}{_SPACE}<FONT COLOR="{GRADIENT_COLOUR}">{edge}</FONT>'
            )
        if collapsed:
            cells.append(f'<FONT COLOR="#B07000"><B>▢</B></FONT>{_SPACE}{escape(phrase("dot.legend.collapsed", lang))}')
    span = f'COLSPAN="{max(4, len(cells))}"'
    rows = []
    if title:
        rows.append(f'<TR><TD {span}><FONT POINT-SIZE="16"><B>{escape(_short(title))}</B></FONT></TD></TR>')
    if state.step is not None:
        caption = _caption(state, state.step, lang, hidden_in)
        rows.append(f'<TR><TD {span} BGCOLOR="{HIGHLIGHT_COLOUR}"><B>{caption}</B></TD></TR>')
    if show_grads and state.foreign:
        note = escape(phrase("dot.foreign", lang, root=out))
        rows.append(f'<TR><TD {span} BGCOLOR="{HIGHLIGHT_COLOUR}">{note}</TD></TR>')
    if cells:
        rows.append("<TR>" + "".join(f'<TD BORDER="1" COLOR="#BBBBBB">{cell}</TD>' for cell in cells) + "</TR>")
    if not rows:
        return None
    return f'<<TABLE BORDER="0" CELLSPACING="4" CELLPADDING="4">{"".join(rows)}</TABLE>>'


class _Layout:
    """Where each drawn thing goes: its DOT name, and the scope box it is drawn in.

    Collapsed scopes hide their members; an edge from a hidden output leaves from the collapsed
    node (from the output's own port when the scope has several outputs).
    """

    def __init__(self, order: list, boxes: Boxes, units: list[Unit], clusters: bool) -> None:
        self.names = {id(node): f"n{i}" for i, node in enumerate(order)}
        self.clusters = clusters
        self.unit_of = {id(member): unit for unit in units for member in unit.members}
        self.boxes = boxes
        self.collapsed = {id(unit.entry) for unit in units}
        self.unit_name = {id(unit): self.names[id(unit.outputs[0])] for unit in units}

    def tail(self, node) -> str:
        """The DOT name an edge from ``node`` starts at."""
        unit = self.unit_of.get(id(node))
        if unit is None:
            return self.names[id(node)]
        if len(unit.outputs) == 1:
            return self.unit_name[id(unit)]
        return f"{self.unit_name[id(unit)]}:o{next(k for k, o in enumerate(unit.outputs) if o is node)}"

    def place(self, node):
        """The box the node (or the collapsed scope hiding it) is drawn in; None: outside every box."""
        if not self.clusters:
            return None
        unit = self.unit_of.get(id(node))
        return self.drawn_box(unit.entry.parent if unit is not None else self.boxes.box_of.get(id(node)))

    def spacing(self, tail, head) -> str:
        """`` minlen=2`` for an edge entering a box from outside it, else "".

        A box's own leaves (a neuron's weights) sit one column before the nodes using them; the extra
        column keeps them from sharing a column with the box the edge comes from, so boxes stand side
        by side, from the inputs to the loss, instead of one under the other.
        """
        box = self.place(head)
        if box is None:
            return ""
        outer = self.place(tail)
        while outer is not None and outer is not box:
            outer = outer.parent
        return "" if outer is box else " minlen=2"

    def drawn_box(self, entry):
        """The innermost box drawn around something made in ``entry``: not a collapsed scope, nor inside one."""
        while entry is not None and any(id(level) in self.collapsed for level in entry.path):
            entry = entry.parent
        return entry


def _box_lines(entry, boxes: Boxes, content: dict, indent: str, lang: str) -> list[str]:
    """The subgraph of one scope box: its title, its nodes, then the boxes nested in it."""
    inner = [
        lines
        for child in boxes.children[id(entry)]
        if (lines := _box_lines(child, boxes, content, indent + "\t", lang))
    ]
    own = content.get(id(entry), [])
    if not own and not inner:
        return []
    style, fill, colour = _BOX_STYLE.get(entry.kind, _DEFAULT_BOX)
    number = boxes.entries.index(entry)
    tooltip, title = _tooltip(entry.name), escape(_scope_title(entry, lang))
    lines = [
        f"{indent}subgraph cluster_{number} {{\n",
        f'{indent}\tlabel=<<B>{title}</B>> style="{style}" fillcolor="{fill}" color="{colour}"{tooltip}\n',
    ]
    lines.extend(indent + line for line in own)
    for block in inner:
        lines.extend(block)
    lines.append(f"{indent}}}\n")
    return lines


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
    collapse=None,
    lang: str | None = None,
) -> list[str]:
    """The statements of the DOT graph, one per line (see ``to_dot`` for the arguments)."""
    order = checked_order(root, max_nodes)
    check_direction(direction)
    lang = resolve_lang(lang)
    collapse = check_collapse(collapse)
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
    state = pass_state(root, order, step)
    boxes = scope_boxes(order) if clusters or collapse else Boxes()
    units = collapsed_units(order, chosen_entries(boxes.entries, collapse))
    layout = _Layout(order, boxes, units, clusters)

    # The node margin is written ".08,.04", not "0.08,0.04": before a backward pass the DOT text
    # must hold no "0.0" at all, so that nobody (a learner, a test) can read a gradient of 0.0 in it.
    lines = [
        f'\tgraph [rankdir={direction} fontname="{FONT}" fontsize=11 nodesep=0.25 ranksep=0.45'
        f" bgcolor=white labelloc=t{_layout_limits(layout_size(order))}{_tooltip(title or '')}]\n",
        f'\tnode [fontname="{FONT}" fontsize=11 color="{_INK}" margin=".08,.04"]\n',
        f'\tedge [fontname="{FONT}" fontsize=10 color="#555555" arrowsize=0.7]\n',
    ]
    unit = layout.unit_of.get(id(state.current))
    hidden_in = unit.entry if unit is not None else None
    label = _graph_label(title, state, root, show_grads, show_local, legend, bool(units), lang, hidden_in)
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
            layout.names[id(node)], node, kind, state.grad[id(node)], fmt, show_grads, node is state.current, lang
        )

    content: dict[int, list[str]] = {}  # id(entry) -> the statements drawn in its box
    outside: list[str] = []
    for node in order:
        unit = layout.unit_of.get(id(node))
        if unit is not None:
            if node is not unit.outputs[0]:
                continue
            statement = _unit_statement(layout.unit_name[id(unit)], unit, state, fmt, show_grads, lang)
        else:
            statement = node_line(node)
        box = layout.place(node)
        (outside if box is None else content.setdefault(id(box), [])).append(statement)
    lines.extend(outside)
    if clusters:
        for entry in boxes.top:
            lines.extend(_box_lines(entry, boxes, content, "\t", lang))

    for node in order:
        unit = layout.unit_of.get(id(node))
        if unit is not None:
            if node is unit.outputs[0]:
                lines.extend(_unit_edges(unit, layout, state, fmt, show_grads, show_local))
            continue
        carried = state.upstream.get(id(node))
        for j, child in enumerate(node.inputs):
            edge = None
            if carried is not None and show_grads:  # edges into constants too: every edge carries one
                edge = (carried[0], carried[1][j], carried[2][j])
            from_current = node is state.current and not isinstance(child, Constant)
            spacing = layout.spacing(child, node)
            lines.append(
                _edge_statement(
                    layout.tail(child), layout.names[id(node)], edge, fmt, show_local, from_current, spacing
                )
            )
    return lines


def _unit_edges(unit: Unit, layout: _Layout, state: State, fmt, show_grads: bool, show_local: bool) -> list[str]:
    """The edges into a collapsed scope, one per input: upstream × d(output)/d(input) = grad to input."""
    grads = [state.grad[id(output)] for output in unit.outputs]
    known = [g for g in grads if g is not None]  # the outputs' gradients computed so far
    is_current = state.current is not None and any(member is state.current for member in unit.members)
    lines = []
    for i, child in enumerate(unit.inputs):
        carried: tuple[float, ...] | None = None  # (upstream, local, product) or (product,), see _edge_statement
        if show_grads and len(known) == len(grads):  # every output's gradient is known
            if len(known) == 1:  # one output: the chain rule reads upstream × local
                local = unit.locals[0][i][1]
                carried = (known[0], local, noise_free_sum([known[0] * local]))
            else:  # several outputs: what flows to the input is the sum over them
                carried = (noise_free_sum(g * locals_[i][1] for g, locals_ in zip(known, unit.locals)),)
        from_current = is_current and not isinstance(child, Constant)
        spacing = layout.spacing(child, unit.outputs[0])
        lines.append(
            _edge_statement(
                layout.tail(child), layout.unit_name[id(unit)], carried, fmt, show_local, from_current, spacing
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
    collapse=None,
    lang: str | None = None,
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
        clusters: box the nodes of each ``autograd.scope`` (every neuron, layer and loss of ``nn``),
            titled with the scope's name.
        legend: explain the colours at the top of the picture.
        step: draw the state after the first ``step`` steps of ``root.backward_steps()``
            (0 = before backward), the node of the last of them highlighted; None draws
            the gradients as they are now.
        max_nodes: refuse larger graphs with GraphTooLargeError (None: no limit).
        collapse: "neurons" (every neuron and loss as one node), "layers" (every layer and loss),
            or a list of scope names (``["N1", "BCE"]``, or paths like ``"L1.N1"``); each edge
            into a collapsed scope carries upstream × d(output)/d(input) of the whole scope.
        lang: "en" or "ko" for the words the drawing writes (None: ``$CHAINRULE_LANG``, else "en").

    Returns:
        The DOT source, byte-identical for the same graph on every run.

    >>> import nn
    >>> neuron = nn.Neuron(2, "sigmoid", seed=0)
    >>> L = nn.binary_cross_entropy(neuron([1.0, 2.0]), 1)
    >>> L.backward()
    >>> "BCE" in to_dot(L, collapse="neurons")
    True
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
        collapse=collapse,
        lang=lang,
    )
    return "digraph chainrule {\n" + "".join(body) + "}\n"
