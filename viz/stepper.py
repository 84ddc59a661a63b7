"""A single HTML page that steps through a backward pass, one drawing per step; or practises it.

Every step's SVG is inline and the JavaScript is in the page, so the file
works offline, from a USB stick or an e-mail attachment: no network, no CDN.
Prev/Next buttons, a slider and the arrow keys (Home, End) move between
steps; under each drawing a caption applies the op's rule to that step's
numbers ("u = b * c: du/db = c = 2; upstream 3 × 2 = 6 to b").

With ``practice=True`` the learner computes each step before seeing it: for
the next node the page shows its upstream gradient and one answer box per
edge, for the gradient that flows to that input (upstream × local gradient).
Check marks each box right or wrong; when all are right the step is shown
(a point), "Show me" shows it without one. Hints come from
``autograd.ops.RULE_TEXT``, the table next to the engine's own rules.

Hooks for browser tests: every answer box is an ``<input data-edge="...">``
(visible only for the step being practised), the check button has
``id="check"``, after a check each box has the class ``right`` or ``wrong``,
and the page's ``<body>`` carries ``data-step="k"`` (the step shown) and
``data-score="right/asked"``. ``viz.Stepper`` puts the same stepper inline in
a notebook: there every id starts with the stepper's own prefix, and the
attributes sit on the stepper's ``<div>``, so several steppers never meet.

The SVGs come from Graphviz, which writes every label as escaped XML text
(``viz.dot`` escapes labels before Graphviz sees them), and the page's own
text goes through ``html.escape``: a label such as ``<script>`` is shown,
never run.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from autograd import Value, backward_steps, topological_order

from ._files import encode_text, write_text
from ._stepper_assets import SCRIPT as _SCRIPT
from ._stepper_assets import STYLE as _STYLE
from ._text import FONT, number_formatter
from .draw import pipe_all, steps
from .hints import display_name, edge_rules, in_d
from .words import phrase, resolve_lang

__all__ = ["stepper_html", "stepper_page", "build_stepper", "StepperContent", "STEPPER_MAX_NODES"]

#: Every step is a full drawing: 150 nodes make 151 drawings, about 15 s of Graphviz.
STEPPER_MAX_NODES = 150

# Graphviz starts its SVG with an XML declaration, a DOCTYPE and a comment;
# inside HTML only the <svg> element itself belongs.
_SVG_START = re.compile(r"<svg\b")
# An id inside a tag (text between tags is escaped, so it holds no "<"): made unique per step and stepper.
_SVG_ID = re.compile(r'(<[A-Za-z][^<>]*?\s)id="')
# Graphviz's group of one node: <g id="node5" class="node">\n<title>n4</title>
_SVG_NODE = re.compile(r'(<g id="[^"]*" class=")node(">\s*<title>)(n\d+)(</title>)')
# Graphviz repeats the font list on every <text> and writes a comment before every node and edge:
# a third of a page's size. The style sheet gives the same font list once; the comments go.
_SVG_FONT = f' font-family="{FONT}"'
_SVG_COMMENT = re.compile(r"<!--.*?-->\n?", re.S)


def _inline_svg(svg: str, id_prefix: str, practised: str | None) -> str:
    """The <svg> element alone, its ids prefixed, the node ``practised`` (a DOT name) marked."""
    match = _SVG_START.search(svg)
    if match is None:
        raise RuntimeError("Graphviz returned no <svg> element")
    svg = _SVG_COMMENT.sub("", svg[match.start() :].strip()).replace(_SVG_FONT, "")
    svg = _SVG_ID.sub(lambda m: f'{m.group(1)}id="{id_prefix}', svg)
    if practised is not None:
        svg = _SVG_NODE.sub(
            lambda m: (
                f"{m.group(1)}node{' practised' if m.group(3) == practised else ''}{m.group(2)}{m.group(3)}{m.group(4)}"
            ),
            svg,
        )
    return svg


@dataclass(frozen=True)
class StepperContent:
    """Everything one stepper shows, built once (the Graphviz work) and written as a page or inline.

    ``captions[k]`` are the lines under drawing k (plain text, not escaped);
    ``exercises[k]`` the answer boxes of step k (None for a step with nothing to type).
    """

    title: str
    lang: str
    svgs: tuple[str, ...]
    captions: tuple[tuple[str, ...], ...]
    exercises: tuple
    practised: tuple  # practised[k]: the DOT name of the node asked for while drawing k is shown, or None
    practice: bool


@dataclass(frozen=True)
class _Box:
    edge: str  # the data-edge value: the drawing's edge, "n2->n4" (a repeated edge gets "#2", "#3", ...)
    label: str
    answer: float
    shown: str
    hint: str


@dataclass(frozen=True)
class _Exercise:
    task: str
    boxes: tuple[_Box, ...]


def build_stepper(
    root: Value,
    *,
    practice: bool = False,
    title: str | None = None,
    lang: str | None = None,
    max_nodes: int | None = STEPPER_MAX_NODES,
    **options,
) -> StepperContent:
    """Draw every step of ``root``'s backward pass and write its captions (and exercises)."""
    if not isinstance(practice, bool):
        raise TypeError(f"practice must be True or False, got {practice!r}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a str, got {type(title).__name__} {title!r}")
    if practice and options.get("collapse"):
        raise ValueError("a practice page asks for the gradient on every edge, so it draws every node: drop collapse=")
    lang = resolve_lang(lang)
    drawings = steps(root, max_nodes=max_nodes, lang=lang, **options)  # checks root, size and options first
    if title is None:
        title = phrase("stepper.title", lang, root=root.label) if root.label else phrase("stepper.title.unnamed", lang)
    fmt = number_formatter(options.get("precision", 4), options.get("number_format"))
    names = {node: f"n{i}" for i, node in enumerate(topological_order(root))}  # as viz.dot names them
    root_name = root.label or phrase("dot.out", lang)  # as the drawings' legend names it
    d_root = in_d(root_name)
    captions: list[tuple[str, ...]] = [(phrase("stepper.before", lang, root=root_name, d_root=d_root),)]
    exercises: list = [None]
    done = backward_steps(root)
    for k, step in enumerate(done, 1):
        node = step.node
        lines = [phrase("stepper.root", lang, root=root_name, d_root=d_root)] if k == 1 else []
        if not node.inputs:
            lines.append(
                phrase(
                    "stepper.leaf",
                    lang,
                    name=display_name(node, fmt),
                    d_name=in_d(display_name(node, fmt)),
                    d_root=d_root,
                    grad=fmt(step.upstream),
                )
            )
            captions.append(tuple(lines))
            exercises.append(None)
            continue
        rules = edge_rules(node, step.upstream, fmt)
        for rule in rules:
            formula = _worked(rule, fmt)
            lines.append(
                phrase(
                    "stepper.edge",
                    lang,
                    output=rule.output,
                    written=rule.written,
                    derivative=rule.derivative,
                    formula=formula,
                    local=fmt(rule.local),
                    upstream=fmt(rule.upstream),
                    product=fmt(rule.product),
                    input=rule.input,
                )
            )
        captions.append(tuple(lines))
        exercises.append(_exercise(k, node, rules, names, root_name, fmt, lang) if practice else None)
    # While drawing k is shown, the node of step k + 1 is the one being practised (marked in the drawing).
    practised = tuple(
        names[done[k].node] if k < len(done) and exercises[k + 1] is not None else None for k in range(len(done) + 1)
    )
    svgs = tuple(pipe_all(drawings, "svg", encoding="utf-8"))  # one Graphviz run for all the steps
    return StepperContent(title, lang, svgs, tuple(captions), tuple(exercises), practised, practice)


def _worked(rule, fmt) -> str:
    """The rule worked out: "c = 2", "s * (1 - s) = 0.62 * (1 - 0.62) = 0.235", "1" (nothing said twice)."""
    parts: list[str] = []
    for part in (rule.formula, rule.with_numbers, fmt(rule.local)):
        if part and (not parts or parts[-1] != part):
            parts.append(part)
    return " = ".join(parts)


def _exercise(k: int, node, rules, names: dict, root_name: str, fmt, lang: str) -> _Exercise:
    first = rules[0]
    task = phrase(
        "practice.task",
        lang,
        step=k,
        output=first.output,
        written=first.written,
        d_root=in_d(root_name),
        d_output=in_d(first.output),
        upstream=fmt(first.upstream),
    )
    boxes = []
    seen: dict[str, int] = {}
    for child, rule in zip(node.inputs, rules):
        edge = f"{names[child]}->{names[node]}"
        seen[edge] = seen.get(edge, 0) + 1
        if seen[edge] > 1:  # a + a: two edges between the same two nodes
            edge = f"{edge}#{seen[edge]}"
        formula = _worked(rule, fmt)
        words = phrase(f"practice.rule.{rule.op}", lang)
        hint = phrase(
            "practice.hint_line",
            lang,
            general=rule.general,
            words=words,
            derivative=rule.derivative,
            formula=formula,
            local=fmt(rule.local),
        )
        label = phrase("practice.box", lang, input=rule.input, upstream=fmt(rule.upstream), derivative=rule.derivative)
        boxes.append(_Box(edge, label, rule.product, fmt(rule.product), hint))
    return _Exercise(task, tuple(boxes))


# Characters no HTML page can hold (control characters but tab and newline, lone surrogates).
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _attribute(text) -> str:
    """``text`` escaped for HTML, each character no page can hold shown as \ufffd (as the drawings do)."""
    return html.escape(_UNWRITABLE.sub("\ufffd", str(text)), quote=True)


def _words_attributes(lang: str) -> str:
    """The few texts the script writes, as data-words-* attributes (the script fills in the numbers)."""
    templates = {
        "counter": phrase("stepper.counter", lang, step="{k}", count="{n}"),
        "score": phrase("practice.score", lang, right="{right}", asked="{asked}"),
        "right": phrase("practice.right", lang),
        "shown": phrase("practice.shown", lang),
        "wrong": phrase("practice.wrong", lang, wrong="{wrong}", total="{total}"),
        "unreadable": phrase("practice.unreadable", lang),
        "done": phrase("practice.done", lang, right="{right}", asked="{asked}"),
        "go-on": phrase("practice.go_on", lang),
        "mark-right": phrase("practice.mark.right", lang),
        "mark-wrong": phrase("practice.mark.wrong", lang),
    }
    return " ".join(f'data-words-{name}="{_attribute(text)}"' for name, text in templates.items())


def _practice_panel(content: StepperContent, ids: str) -> str:
    lang = content.lang
    blocks = []
    for k, exercise in enumerate(content.exercises):
        if exercise is None:
            continue
        rows = "\n".join(
            f'<li><label>{_attribute(box.label)} <input type="text" data-edge="{_attribute(box.edge)}" '
            f'data-answer="{box.answer!r}" data-shown="{_attribute(box.shown)}" inputmode="decimal" '
            f'autocomplete="off" spellcheck="false"></label> <span class="mark" aria-live="polite"></span></li>'
            for box in exercise.boxes
        )
        hints = "".join(f"<p>{_attribute(box.hint)}</p>" for box in exercise.boxes)
        blocks.append(
            f'<div class="exercise" data-exercise="{k}" hidden>\n<p class="task">{_attribute(exercise.task)}</p>\n'
            f'<ul>\n{rows}\n</ul>\n<div class="hint" hidden>{hints}</div>\n</div>'
        )
    return (
        f'<div class="practice" id="{ids}practice" hidden>\n'
        + "\n".join(blocks)
        + f'\n<div class="buttons"><button id="{ids}check" class="check" type="button">'
        f"{_attribute(phrase('practice.check', lang))}</button>"
        f'<button id="{ids}hint" class="hint-button" type="button">{_attribute(phrase("practice.hint", lang))}</button>'
        f'<button id="{ids}show" class="show" type="button">{_attribute(phrase("practice.show", lang))}</button>'
        "</div>\n"
        f'<p class="feedback" aria-live="polite"></p>\n</div>'
    )


def _stepper_body(content: StepperContent, ids: str, heading: str) -> str:
    """The inside of one stepper; every id starts with ``ids`` ("" on a page of its own)."""
    lang = content.lang
    last = len(content.svgs) - 1
    step_word = _attribute(phrase("stepper.slider", lang))
    sections = "\n".join(
        f'<section class="step" id="{ids}step-{k}" data-step="{k}" '
        f'aria-label="{_attribute(phrase("stepper.counter", lang, step=k, count=last))}"'
        f"{'' if k == 0 else ' hidden'}>\n"
        f"{_inline_svg(svg, f'{ids}s{k}-', content.practised[k])}\n"
        f'<div class="caption">{"".join(f"<p>{_attribute(line)}</p>" for line in content.captions[k])}</div>\n'
        "</section>"
        for k, svg in enumerate(content.svgs)
    )
    score = ""
    if content.practice:
        score = (
            f'<span id="{ids}score" class="score">{_attribute(phrase("practice.score", lang, right=0, asked=0))}</span>'
        )
    counter = _attribute(phrase("stepper.counter", lang, step=0, count=last))
    return f"""<{heading} class="title">{_attribute(content.title)}</{heading}>
<p class="needs-script">{_attribute(phrase("stepper.needs_script", lang))}</p>
<div class="controls">
<button id="{ids}prev" class="prev" type="button">{_attribute(phrase("stepper.prev", lang))}</button>
<input id="{ids}slider" class="slider" type="range" min="0" max="{last}" value="0" step="1" aria-label="{step_word}">
<button id="{ids}next" class="next" type="button">{_attribute(phrase("stepper.next", lang))}</button>
<span id="{ids}counter" class="counter" aria-live="polite">{counter}</span>
{score}
</div>
<p class="keys">{_attribute(phrase("stepper.hint", lang))}</p>
<main>
{sections}
</main>
{_practice_panel(content, ids) if content.practice else ""}"""


def _hooks(content: StepperContent, classes: str = "") -> str:
    score = ' data-score="0/0"' if content.practice else ""
    return f'class="chainrule-stepper{classes}" data-step="0"{score} {_words_attributes(content.lang)}'


def stepper_document(content: StepperContent) -> str:
    """A whole HTML page holding one stepper; the hooks sit on its ``<body>``."""
    return f"""<!DOCTYPE html>
<html lang="{content.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_attribute(content.title)}</title>
<style>{_STYLE}</style>
</head>
<body {_hooks(content, "" if content.practice else " fill")}>
{_stepper_body(content, "", "h1")}
<script>{_SCRIPT}</script>
</body>
</html>
"""


def stepper_fragment(content: StepperContent, prefix: str) -> str:
    """One stepper as a ``<div>`` for a notebook's output; its ids all start with ``prefix``."""
    if not re.fullmatch(r"[A-Za-z][\w-]*", prefix):
        raise ValueError(f"an id prefix is a letter, then letters, digits, - or _, got {prefix!r}")
    return (
        # data-lm-suppress-shortcuts: JupyterLab (Lumino) runs no notebook shortcut for keys typed in here.
        f'<div id="{prefix}" lang="{content.lang}" tabindex="0" data-lm-suppress-shortcuts="true" '
        f"{_hooks(content)}>\n<style>{_STYLE}</style>\n"
        f"{_stepper_body(content, prefix + '-', 'div')}\n<script>{_SCRIPT}</script>\n</div>"
    )


def stepper_page(svgs: list[str], title: str, lang: str | None = None) -> str:
    """The HTML text of a stepper over ``svgs`` (one SVG document per step, step 0 first), without captions."""
    content = StepperContent(
        title, resolve_lang(lang), tuple(svgs), ((),) * len(svgs), (None,) * len(svgs), (None,) * len(svgs), False
    )
    return stepper_document(content)


def stepper_html(
    root: Value,
    path,
    *,
    practice: bool = False,
    title: str | None = None,
    lang: str | None = None,
    max_nodes: int | None = STEPPER_MAX_NODES,
    **options,
) -> Path:
    """Write one self-contained HTML file stepping through ``root``'s backward pass.

    Args:
        root: the Value whose backward pass to show.
        path: the .html file to write.
        practice: make it a practice page: before each step is shown, the learner types the
            gradient that flows along each of its edges (checked within 1e-3 relative; hints;
            "Show me"). The score is right/asked over the steps that have edges: asked counts
            every step revealed, right those revealed by the learner's own answers (after any
            number of tries), not by "Show me". Next and the keys go no further than the step
            being practised; the leaves' steps have nothing to type.
        title: the page's heading; default "Backward pass of <label>". The drawings under it
            carry no title of their own (it would be shown twice).
        lang: "en" or "ko" for every word of the page (None: ``viz.language`` or CHAINRULE_LANG).
        max_nodes: refuse larger graphs (each step is a full drawing); None: no limit.
        **options: as for ``viz.draw`` (direction, precision, params, ...).

    Returns:
        The path written.

    Raises:
        GraphTooLargeError: the graph has more than ``max_nodes`` nodes (nothing is written).
        GraphvizNotFoundError: the ``dot`` program is missing.

    Example::

        viz.stepper_html(J, "J_practice.html", practice=True)   # open it in a browser
    """
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"stepper_html writes an HTML page; the file name must end in .html, got {str(path)!r}")
    if isinstance(title, str):
        encode_text(title, path.name)  # a title that cannot be written fails before any drawing is made
    content = build_stepper(root, practice=practice, title=title, lang=lang, max_nodes=max_nodes, **options)
    return write_text(path, stepper_document(content))  # atomic: the old page stays if anything fails
