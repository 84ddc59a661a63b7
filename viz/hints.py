"""The engine's local-gradient rules, applied to one node: the text of hints and captions.

``autograd.ops.RULE_TEXT`` writes each rule's local gradients as small
formulas (``"y"`` for d(x * y)/dx). This module puts a node's own names and
numbers into them, so a caption reads the rule applied, not only its result:

>>> from autograd import Value
>>> b, c = Value(3.0, label="b"), Value(2.0, label="c")
>>> u = b * c; u.label = "u"
>>> first = edge_rules(u, upstream=3.0)[0]
>>> first.derivative, first.formula, first.product
('du/db', 'c', 6.0)
>>> evaluate("n * x**(n - 1)", {"x": 3.0, "n": 2.0})
6.0

``evaluate`` reads a formula with Python's parser and computes only what the
small arithmetic allows (numbers, names, ``+ - * / **``, comparisons,
``a if condition else b`` and a few functions); it never calls ``eval``.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from dataclasses import dataclass

from autograd import Constant, Value
from autograd.ops import RULE_TEXT, RuleText

__all__ = ["EdgeRule", "edge_rules", "evaluate", "rule_text", "display_name", "in_d"]

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_COMPARE = {ast.Gt: operator.gt, ast.Lt: operator.lt, ast.GtE: operator.ge, ast.LtE: operator.le, ast.Eq: operator.eq}


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


_FUNCTIONS = {
    "exp": math.exp,
    "log": math.log,
    "tanh": math.tanh,
    "sigmoid": _sigmoid,
    "sin": math.sin,
    "cos": math.cos,
}
_IDENTIFIER = re.compile(r"\b[A-Za-z_]\w*\b")
_KEYWORDS = {"if", "else"}


def evaluate(formula: str, values: dict[str, float]) -> float:
    """The number ``formula`` stands for, with ``values`` for its names.

    Raises:
        ValueError: the formula uses anything outside the small arithmetic, or an unknown name.
    """

    def value(node) -> float:
        # (not bool: True is an int in Python; an ast.Constant's number is exactly an int or a float)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id not in values:
                raise ValueError(f"the formula {formula!r} uses {node.id!r}, which has no value")
            return float(values[node.id])
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            x = value(node.operand)
            return -x if isinstance(node.op, ast.USub) else x
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            return float(value(node.left) ** value(node.right))
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return _BINARY[type(node.op)](value(node.left), value(node.right))
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _COMPARE:
            return float(_COMPARE[type(node.ops[0])](value(node.left), value(node.comparators[0])))
        if isinstance(node, ast.IfExp):
            return value(node.body) if value(node.test) else value(node.orelse)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in _FUNCTIONS
            and len(node.args) == 1
            and not node.keywords
        ):
            return _FUNCTIONS[node.func.id](value(node.args[0]))
        raise ValueError(f"the formula {formula!r} uses {ast.dump(node)[:40]}..., outside the small arithmetic")

    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError:
        raise ValueError(f"the formula {formula!r} cannot be read") from None
    return value(tree.body)


def rule_text(op: str) -> RuleText:
    """The rule of ``op`` in words and symbols; a KeyError names an op without one."""
    try:
        return RULE_TEXT[op]
    except KeyError:
        raise KeyError(f"autograd.ops.RULE_TEXT has no text for the op {op!r}: add one next to its rule") from None


def display_name(node, fmt) -> str:
    """How captions name a node: its label; a constant by its number; else its value in brackets."""
    if node.label:
        return node.label
    if isinstance(node, Constant) or not node.inputs:
        return fmt(node.data)
    return f"[{fmt(node.data)}]"


def in_d(name: str) -> str:
    """A name as written after a d: "db", "d(비용 J)"."""
    return name if re.fullmatch(r"\w+", name) else f"({name})"


def _substitute(formula: str, names: dict[str, str]) -> str:
    return _IDENTIFIER.sub(
        lambda m: names.get(m.group(), m.group()) if m.group() not in _KEYWORDS else m.group(), formula
    )


def _is_atom(formula: str) -> bool:
    """True for a formula that is one name or number: writing its numbers in would add nothing."""
    return re.fullmatch(r"-?[\w.]+", formula.replace(" ", "")) is not None


@dataclass(frozen=True)
class EdgeRule:
    """The chain rule on one edge, as text and numbers.

    ``output``/``input``: the two ends' names; ``written``: the output's op with the inputs'
    names ("b * c"); ``derivative``: "du/db"; ``formula``: the rule with names ("c");
    ``with_numbers``: the rule with numbers ("" when that adds nothing); ``general``: the
    rule in the table's own names ("d(x * y)/dx = y"); ``words``: the rule in words.
    """

    output: str
    input: str
    written: str
    derivative: str
    formula: str
    with_numbers: str
    general: str
    words: str
    op: str
    local: float
    upstream: float
    product: float


def edge_rules(node: Value, upstream: float, fmt=None) -> list[EdgeRule]:
    """One EdgeRule per input of ``node`` (in order), for the upstream gradient ``upstream``.

    The numbers are the engine's (``node.local_grads``); the formulas are the table's.
    """
    if fmt is None:
        fmt = format
    rule = rule_text(node.op)
    output = display_name(node, fmt)
    inputs = node.inputs
    # "+" takes any number of terms: its last name stands for every term after it.
    names = [rule.names[min(j, len(rule.names) - 1)] for j in range(len(inputs))]
    grads = [rule.grads[min(j, len(rule.grads) - 1)] for j in range(len(inputs))]
    shown = [display_name(child, fmt) for child in inputs]
    if node.op == "+":
        written = " + ".join(shown)
    else:
        written = _substitute(rule.written, {**dict(zip(names, shown)), "out": output})
    rules = []
    for j, (child, local) in enumerate(zip(inputs, node.local_grads)):
        by_name = {**dict(zip(names, shown)), "out": output}
        by_name[names[j]] = shown[j]  # for "+": this term's own name
        numbers = {**{n: fmt(c.data) for n, c in zip(names, inputs)}, "out": fmt(node.data)}
        numbers[names[j]] = fmt(child.data)
        numbers = {n: (f"({text})" if text.startswith("-") else text) for n, text in numbers.items()}
        formula = _substitute(grads[j], by_name)
        with_numbers = "" if _is_atom(grads[j]) else _substitute(grads[j], numbers)
        general_written = rule.written if node.op != "+" else " + ".join(rule.names)
        # In the general rule "out" reads as the op itself: d(sigmoid(x))/dx = sigmoid(x) * (1 - sigmoid(x)).
        out_written = general_written if re.fullmatch(r"\w+\(.*\)", general_written) else f"({general_written})"
        rules.append(
            EdgeRule(
                output=output,
                input=shown[j],
                written=written,
                derivative=f"d{in_d(output)}/d{in_d(shown[j])}",
                formula=formula,
                with_numbers=with_numbers,
                general=f"d({general_written})/d{names[j]} = {_substitute(grads[j], {'out': out_written})}",
                words=rule.words,
                op=node.op,
                local=local,
                upstream=upstream,
                product=local * upstream,
            )
        )
    return rules
