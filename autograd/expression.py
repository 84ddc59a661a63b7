"""A small, safe parser that turns a formula into a graph of Values.

``build("3*(a + b*c)", {"a": 5, "b": 3, "c": 2})`` gives the same graph as
writing ``3 * (a + b * c)`` with Values in Python, but never runs any Python:
the text is split into tokens (numbers, names, ``+ - * / **``, parentheses,
commas) and read by a recursive-descent parser. Anything else, a quote, a dot,
a bracket, ``__import__``, is a parse error that names the column.

Grammar (Python's precedence: ``**`` binds tighter than a unary minus, so
``-x**2`` is ``-(x**2)``, and is right-associative: ``2**3**2`` is ``2**(3**2)``)::

    program := (NAME "=" sum ";")* (NAME "=")? sum ";"?
    sum     := product (("+" | "-") product)*
    product := factor (("*" | "/")? factor)*     # no operator: only before "(" (see below)
    factor  := ("+" | "-")* power
    power   := primary ("**" factor)?
    primary := NUMBER | NAME | FUNCTION "(" sum ("," sum)* ")" | "(" sum ")"

The lecture's notation works too. A number or a name right before "("
multiplies: ``3(a + bc)`` is ``3 * (a + bc)``. A name with no value of its own
that is made of names that have one is their product: with values for ``b``
and ``c`` (and none for ``bc``), ``bc`` is ``b * c``. And a formula can be
written as named steps, ``u = b*c; v = a + u; J = 3*v``: each step's node is
labelled with its name, later steps use it, the last step is the result.

Functions are the Value methods: exp, log, tanh, sin, cos, sigmoid, relu,
leaky_relu(x) or leaky_relu(x, slope) with a number slope, and max(x, y).
Each name becomes one leaf Value labelled with the name; a name used twice
is the same leaf with two edges (``a*a``).

>>> J = build("3*(a + b*c)", {"a": 5, "b": 3, "c": 2})
>>> J.data
33.0
>>> J.backward()
>>> from autograd import topological_order
>>> {node.label: node.grad for node in topological_order(J) if node.label}
{'a': 3.0, 'b': 6.0, 'c': 9.0}
>>> parse("-x**2").formula()
'-(x ** 2)'
>>> build("3(a + bc)", {"a": 5, "b": 3, "c": 2}).data
33.0
>>> J = build("u = b*c; v = a + u; J = 3*v", {"a": 5, "b": 3, "c": 2})
>>> J.label, J.inputs[1].label, J.data
('J', 'v', 33.0)
>>> build("a + ", {"a": 1})
Traceback (most recent call last):
    ...
autograd.expression.ExpressionError: expected a number, a name or '(' but the expression ends at column 5
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeAlias, TypeVar

from .value import Constant, Value

__all__ = [
    "ExpressionError",
    "Expression",
    "Number",
    "Name",
    "Negate",
    "BinaryOp",
    "Call",
    "parse",
    "build",
    "parse_number",
    "FUNCTIONS",
    "MAX_LENGTH",
    "MAX_DEPTH",
]

#: Longest accepted expression, in characters.
MAX_LENGTH = 10_000
#: Deepest accepted nesting of parentheses and function calls.
MAX_DEPTH = 100

#: Function name -> (fewest, most) arguments. The second argument of
#: leaky_relu is its slope and must be a number.
FUNCTIONS = {
    "exp": (1, 1),
    "log": (1, 1),
    "tanh": (1, 1),
    "sin": (1, 1),
    "cos": (1, 1),
    "sigmoid": (1, 1),
    "relu": (1, 1),
    "leaky_relu": (1, 2),
    "max": (2, 2),
}


class ExpressionError(ValueError):
    """A formula that cannot be read or built, and where the problem is.

    Attributes:
        reason: what is wrong, without the position ("unknown function 'open'").
        text: the whole expression.
        position: 0-based index into ``text`` of the problem, or None when the
            problem has no place in the text (a value nobody uses).
        hint: what to do instead, or "".

    ``str(error)`` is one line: the reason, the 1-based column an editor
    would show, and the hint; ``error.pointer()`` shows the text with a caret
    under the problem.

    >>> try:
    ...     parse("3*(a + $)")
    ... except ExpressionError as error:
    ...     print(error); print(error.pointer())
    unexpected character '$' at column 8
    3*(a + $)
           ^
    """

    def __init__(self, reason: str, text: str, position: int | None, hint: str = "") -> None:
        self.reason = reason
        self.text = text
        self.position = position
        self.hint = hint
        where = "" if position is None else f" at column {position + 1}"
        super().__init__(f"{reason}{where}" + (f" ({hint})" if hint else ""))

    def pointer(self, width: int = 72) -> str:
        """The expression (a window of it if long) and a caret under the problem."""
        if self.position is None:
            return self.text[:width]
        start = max(0, min(self.position - width // 2, len(self.text) - width))
        shown = self.text[start : start + width]
        # Control characters would break the two-line picture; show them as spaces.
        shown = "".join(ch if ch.isprintable() else " " for ch in shown)
        # A wide character (Korean, Chinese, Japanese) takes two columns of a terminal.
        indent = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in shown[: self.position - start])
        return f"{shown}\n{' ' * indent}^"


# ---- the tree a formula parses into ---------------------------------------


@dataclass(frozen=True)
class Number:
    """A number written in the formula; it becomes a ``Constant`` leaf."""

    value: float
    position: int
    children = ()


@dataclass(frozen=True)
class Name:
    """A name; it becomes a leaf ``Value`` labelled with the name (or the node of a step of that name)."""

    name: str
    position: int
    children = ()
    before_paren: bool = False  # written as ``name(...)``: a product, or a misspelt function


@dataclass(frozen=True)
class Negate:
    """Unary minus: ``-operand``."""

    operand: Tree
    position: int

    @property
    def children(self) -> tuple[Tree, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class BinaryOp:
    """``left op right`` for op in ``+ - * / **``."""

    op: str
    left: Tree
    right: Tree
    position: int  # of the operator

    @property
    def children(self) -> tuple[Tree, ...]:
        return (self.left, self.right)


@dataclass(frozen=True)
class Call:
    """``function(arg, ...)``, for a function in ``FUNCTIONS``."""

    function: str
    args: tuple[Tree, ...]
    position: int

    @property
    def children(self) -> tuple[Tree, ...]:
        return self.args


#: A node of a parsed formula.
Tree: TypeAlias = "Number | Name | Negate | BinaryOp | Call"
#: A named step of a formula, ``u = b*c``: (name, its position, its tree).
Step: TypeAlias = "tuple[str, int, Tree]"
_Result = TypeVar("_Result")


def _fold(root: Tree, visit: Callable[[Tree, list[_Result]], _Result]) -> _Result:
    """``visit(node, results_of_its_children)`` bottom-up, with a loop, not recursion.

    A 10,000-character formula such as ``a+a+...+a`` is a tree thousands of
    levels deep; a recursive walk would hit Python's recursion limit.
    """
    results: list[_Result] = []
    stack = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        children = node.children
        if children_done or not children:
            count = len(children)
            args = results[len(results) - count :]
            del results[len(results) - count :]
            results.append(visit(node, args))
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(children))
    return results[0]


@dataclass(frozen=True)
class Expression:
    """A parsed formula: its text, its tree and the names it uses.

    Attributes:
        text: the formula as written.
        root: the top node of the tree (Number, Name, Negate, BinaryOp or Call)
            of the result (the last step).
        names: each name that needs a value, once, in order of first appearance
            (the names of steps are not among them).
        steps: ``(name, position, tree)`` for each named step, in order; the
            last one is the result's when the formula ends with ``name = ...``.
    """

    text: str
    root: Tree
    names: tuple[str, ...]
    steps: tuple[Step, ...] = ()

    @property
    def result_name(self) -> str:
        """The name of the last step ("" when the formula ends with a bare expression)."""
        return self.steps[-1][0] if self.steps and self.steps[-1][2] is self.root else ""

    def formula(self) -> str:
        """The formula with every operation in parentheses, to show how it was read.

        >>> parse("a + b*c - 2**-x").formula()
        '(a + (b * c)) - (2 ** -x)'
        """

        def show(node: Tree, parts: list[str]) -> str:
            if isinstance(node, Number):
                text = repr(node.value)
                return text[:-2] if text.endswith(".0") else text
            if isinstance(node, Name):
                return node.name
            if isinstance(node, Call):
                return f"{node.function}({', '.join(parts)})"
            if isinstance(node, Negate):
                return f"-({parts[0]})" if isinstance(node.operand, BinaryOp) else f"-{parts[0]}"
            left, right = (
                f"({part})" if isinstance(child, BinaryOp) else part for part, child in zip(parts, node.children)
            )
            return f"{left} {node.op} {right}"

        shown = [f"{name} = {_fold(tree, show)}" for name, _, tree in self.steps]
        if not self.result_name:
            shown.append(_fold(self.root, show))
        return "; ".join(shown)

    def build(self, values: Mapping[str, float]) -> Value:
        """The graph of Values this formula describes, with ``values`` for its names.

        Args:
            values: a number for every name in the formula, and for no other name.

        Returns:
            The output Value; leaves are labelled with their names.

        Raises:
            ExpressionError: a name without a value, a value for a name the
                formula does not use, or an operation that fails on these
                numbers (``log`` of a negative number, division by zero).
        """
        splits = {name: _split(name, values) for name in self.names if name not in values}
        missing = [name for name, parts in splits.items() if parts is None]
        if missing:
            first = _find_name(self._trees(), missing[0])
            if first is not None and first[1]:  # written as name(...): the reader meant a function
                known = ", ".join(FUNCTIONS)
                raise ExpressionError(
                    f"unknown function '{missing[0]}'",
                    self.text,
                    first[0],
                    f"known: {known}; a name before '(' multiplies, so giving '{missing[0]}' a value works too",
                )
            raise ExpressionError(f"no value given for '{missing[0]}'", self.text, None if first is None else first[0])
        # Every name without a value of its own is now a product of names with values ("bc" = b * c).
        products = {name: parts for name, parts in splits.items() if parts is not None}
        step_names = {name for name, _, _ in self.steps}
        used = set(self.names).union(*products.values())
        for name in values:
            if name in step_names:
                raise ExpressionError(
                    f"'{name}' is a step of the formula; it cannot also be given a value", self.text, None
                )
            if name not in used:
                raise ExpressionError(
                    f"a value was given for '{name}', which the expression does not use", self.text, None
                )
        leaves: dict[str, Value] = {}
        for name in dict.fromkeys(
            [*[n for n in self.names if n in values], *[p for ps in products.values() for p in ps]]
        ):
            try:
                leaves[name] = Value(values[name], label=name)
            except (TypeError, ValueError) as error:
                where = _find_name(self._trees(), name)
                raise ExpressionError(
                    f"bad value for '{name}': {error}", self.text, None if where is None else where[0]
                ) from None
        nodes = dict(leaves)  # a name -> its node: a leaf, or the node of a step

        def compute(node: Tree, args: list[Value]) -> Value:
            try:
                if isinstance(node, Number):
                    return Constant(node.value)
                if isinstance(node, Name):
                    if node.name in nodes:
                        return nodes[node.name]
                    parts = [leaves[part] for part in products[node.name]]  # "bc" = b * c
                    product = parts[0]
                    for part in parts[1:]:
                        product = product * part
                    return product
                if isinstance(node, Negate):
                    return -args[0]
                if isinstance(node, Call):
                    if node.function == "leaky_relu" and len(args) == 2:
                        return args[0].leaky_relu(args[1].data)
                    method: Callable[..., Value] = getattr(args[0], node.function)  # Value.exp, ...
                    return method(*args[1:])
                return _BINARY[node.op](args[0], args[1])
            except (ValueError, OverflowError) as error:
                raise ExpressionError(str(error), self.text, node.position) from None

        for name, _, tree in self.steps:
            node = _fold(tree, compute)
            if not node.label:  # a step that only renames a named node keeps the first name
                node.label = name
            nodes[name] = node
        return nodes[self.result_name] if self.result_name else _fold(self.root, compute)

    def _trees(self) -> list[Tree]:
        return [tree for _, _, tree in self.steps] + ([] if self.result_name else [self.root])


def _split(name: str, values: Mapping[str, float]) -> tuple[str, ...] | None:
    """``name`` as a run of names that have values ("bc" -> ("b", "c")), or None if it is not one.

    Longer names are tried first, so with values for ``w1`` and ``x``, ``w1x``
    is ``w1 * x``. A loop over the end positions (no recursion).
    """
    # best[i]: a split of name[:i] into given names, or None
    best: list[tuple[str, ...] | None] = [()] + [None] * len(name)
    for end in range(1, len(name) + 1):
        for start in range(end):
            prefix = best[start]
            if prefix is not None and name[start:end] in values:
                best[end] = prefix + (name[start:end],)
                break
    parts = best[len(name)]
    return parts if parts and len(parts) > 1 else None


_BINARY: dict[str, Callable[[Value, Value], Value]] = {
    "+": lambda x, y: x + y,
    "-": lambda x, y: x - y,
    "*": lambda x, y: x * y,
    "/": lambda x, y: x / y,
    "**": lambda x, y: x**y,
}


def _find_name(trees: list[Tree], name: str) -> tuple[int, bool] | None:
    """(position, written before '(') of the first use of ``name`` (read left to right)."""
    stack = list(reversed(trees))
    while stack:
        node = stack.pop()
        if isinstance(node, Name) and node.name == name:
            return node.position, node.before_paren
        stack.extend(reversed(node.children))
    return None


# ---- text -> tokens ---------------------------------------------------------

_NUMBER = r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_TOKEN = re.compile(rf"(?P<space>\s+)|(?P<number>{_NUMBER})|(?P<name>[^\W\d]\w*)|(?P<op>\*\*|[-+*/(),;=])")
_NUMBER_ONLY = re.compile(rf"[+-]?{_NUMBER}")

# Characters people try that this language does not have, with a word on why.
_HINTS = {
    ".": "attribute access is not allowed",
    "'": "strings are not allowed",
    '"': "strings are not allowed",
    "[": "brackets are not allowed; use ( )",
    "]": "brackets are not allowed; use ( )",
    "{": "braces are not allowed; use ( )",
    "}": "braces are not allowed; use ( )",
    "^": "'^' is not a power here; write a**b",
}


@dataclass(frozen=True)
class _Token:
    kind: str  # "number", "name", "op" or "end"
    text: str
    position: int


def _tokenize(text: str) -> Iterator[_Token]:
    """The tokens of ``text``, one at a time, so errors come in reading order."""
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            char = text[position]
            hint = _HINTS.get(char)
            raise ExpressionError(f"unexpected character {char!r}", text, position, hint or "")
        kind = match.lastgroup
        end = match.end()
        if kind == "number":
            # "2x", "1.5.2", "0x1F", "1e" or "1_000": a number glued to more text.
            if end < len(text) and (text[end].isalnum() or text[end] in "._"):
                glued = re.compile(r"[\w.]*").match(text, position).group()  # type: ignore[union-attr]  # (matches any text)
                hint = (
                    "write 2*x for a product"
                    if re.fullmatch(r"[1-9]\d*[^\W\d_]\w*", glued)
                    else "only decimal numbers such as 2, 0.5 or 1e-3"
                )
                raise ExpressionError(f"malformed number {glued!r}", text, position, hint)
        if kind != "space":
            yield _Token(kind, match.group(), position)  # type: ignore[arg-type]  # (every branch of _TOKEN is named)
        position = end
    yield _Token("end", "", len(text))


def parse_number(text: str) -> float:
    """A decimal number as the parser reads it (an optional sign allowed); ValueError otherwise.

    ``nan``, ``inf``, ``0x10`` and ``1_000`` are refused, unlike ``float()``.

    >>> parse_number("-2.5e3")
    -2500.0
    """
    stripped = text.strip()
    if not _NUMBER_ONLY.fullmatch(stripped):
        raise ValueError(f"not a decimal number: {text!r}")
    number = float(stripped)
    if number in (float("inf"), float("-inf")):
        raise ValueError(f"number too large for a float: {text!r}")
    return number


# ---- tokens -> tree ---------------------------------------------------------


class _Parser:
    """Recursive descent over the token list; recursion only for ( ) and calls, and bounded."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[_Token] = []
        self.upcoming = _tokenize(text)
        self.index = 0
        self.depth = 0

    @property
    def token(self) -> _Token:
        while self.index >= len(self.tokens):
            self.tokens.append(next(self.upcoming))
        return self.tokens[self.index]

    def error(self, reason: str, position: int | None = None, hint: str = "") -> ExpressionError:
        return ExpressionError(reason, self.text, self.token.position if position is None else position, hint)

    def describe(self, token: _Token) -> str:
        return "the end of the expression" if token.kind == "end" else repr(token.text)

    def expect(self, op: str) -> _Token:
        token = self.token
        if token.kind != "op" or token.text != op:
            raise self.error(f"expected '{op}' but found {self.describe(token)}")
        self.index += 1
        return token

    def at(self, *ops: str) -> bool:
        return self.token.kind == "op" and self.token.text in ops

    def parse(self) -> tuple[Tree, list[Step]]:
        """The result's tree and the named steps ``[(name, position, tree), ...]``."""
        if self.token.kind == "end":
            raise self.error("the expression is empty", 0)
        steps: list[Step] = []
        while True:
            name = None
            if self.token.kind == "name" and self.peek().kind == "op" and self.peek().text == "=":
                name = self.token
                if name.text in FUNCTIONS:
                    raise self.error(f"'{name.text}' is a function; a step needs another name", name.position)
                if any(name.text == earlier for earlier, _, _ in steps):
                    raise self.error(f"the step '{name.text}' is defined twice", name.position)
                self.index += 2  # the name and the "="
            tree = self.sum()
            if name is not None:
                steps.append((name.text, name.position, tree))
            if self.at(";"):
                if name is None:
                    raise self.error("only the last step may be a bare formula: write name = formula before ';'")
                self.index += 1
                if self.token.kind != "end":
                    continue
            if self.token.kind != "end":
                token = self.token
                if token.kind in ("name", "number") or self.at("("):
                    raise self.error(f"expected an operator before {self.describe(token)}")
                if self.at("="):
                    raise self.error(
                        "unexpected '='", hint="a step is name = formula, steps separated by ';'; values go after it"
                    )
                raise self.error(f"unexpected {self.describe(token)}")
            return tree, steps

    def peek(self) -> _Token:
        """The token after the current one."""
        self.index += 1
        try:
            return self.token
        finally:
            self.index -= 1

    def sum(self) -> Tree:
        tree = self.product()
        while self.at("+", "-"):
            op = self.token
            self.index += 1
            tree = BinaryOp(op.text, tree, self.product(), op.position)
        return tree

    def product(self) -> Tree:
        tree = self.factor()
        while True:
            if self.at("*", "/"):
                op = self.token
                self.index += 1
                tree = BinaryOp(op.text, tree, self.factor(), op.position)
            elif self.at("(") and self.tokens[self.index - 1].kind in ("number", "name"):
                # The lecture's 3(a + bc): a number or a name right before "(" multiplies.
                tree = BinaryOp("*", tree, self.factor(), self.token.position)
            else:
                return tree

    def signs(self) -> list[_Token]:
        """The unary minus signs in front of a factor (unary plus changes nothing)."""
        minus = []
        while self.at("+", "-"):
            if self.token.text == "-":
                minus.append(self.token)
            self.index += 1
        return minus

    def factor(self) -> Tree:
        # factor := sign* primary ("**" sign* primary)*, folded from the right, so that
        # -a ** -b ** c reads as -(a ** (-(b ** c))). A loop, not recursion, for long chains.
        signs = [self.signs()]
        operands = [self.primary()]
        operators = []
        while self.at("**"):
            operators.append(self.token)
            self.index += 1
            signs.append(self.signs())
            operands.append(self.primary())
        tree = self.negate(signs[-1], operands[-1])
        for k in range(len(operators) - 1, -1, -1):
            tree = self.negate(signs[k], BinaryOp("**", operands[k], tree, operators[k].position))
        return tree

    @staticmethod
    def negate(minus: list[_Token], tree: Tree) -> Tree:
        for sign in reversed(minus):
            if isinstance(tree, Number) and tree.value > 0:
                tree = Number(-tree.value, sign.position)  # "-3" is the number -3, not neg(3)
            else:
                tree = Negate(tree, sign.position)
        return tree

    def primary(self) -> Tree:
        token = self.token
        if token.kind == "number":
            self.index += 1
            value = float(token.text)
            if value == float("inf"):
                raise self.error(f"number too large for a float: {token.text}", token.position)
            return Number(value, token.position)
        if token.kind == "name":
            self.index += 1
            if self.at("(") and token.text in FUNCTIONS:
                return self.call(token)
            if self.at("("):
                self.check_group(token)
                return Name(token.text, token.position, before_paren=True)
            if token.text in FUNCTIONS:
                raise self.error(f"'{token.text}' is a function", token.position, f"write {token.text}(x)")
            return Name(token.text, token.position)
        if self.at("("):
            self.enter(token)
            self.index += 1
            tree = self.sum()
            self.expect(")")
            self.depth -= 1
            return tree
        if token.kind == "end":
            raise self.error("expected a number, a name or '(' but the expression ends")
        raise self.error(f"expected a number, a name or '(' but found {self.describe(token)}")

    def enter(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"nested too deeply (more than {MAX_DEPTH} levels of parentheses)", token.position)

    def check_group(self, name: _Token) -> None:
        """``name(...)`` where name is no function: a product if what follows reads as a formula.

        If it does not (``__import__('os')``), the reader most likely meant a
        function call, and that is the clearer error.
        """
        start = self.index
        try:
            self.enter(name)
            self.index += 1
            self.sum()
            self.expect(")")
        except ExpressionError:
            known = ", ".join(FUNCTIONS)
            raise self.error(f"unknown function '{name.text}'", name.position, f"known: {known}") from None
        finally:
            self.depth -= 1
            self.index = start

    def call(self, name: _Token) -> Call:
        self.enter(name)
        self.index += 1  # the "("
        args = [self.sum()]
        while self.at(","):
            self.index += 1
            args.append(self.sum())
        self.expect(")")
        self.depth -= 1
        fewest, most = FUNCTIONS[name.text]
        if not fewest <= len(args) <= most:
            wanted = str(fewest) if fewest == most else f"{fewest} or {most}"
            raise self.error(
                f"{name.text}() takes {wanted} argument{'s' if most > 1 else ''}, got {len(args)}", name.position
            )
        if name.text == "leaky_relu" and len(args) == 2:
            slope = _signed_number(args[1])  # -0 and --0.1 are numbers with signs in front
            if slope is None:
                raise self.error("the slope of leaky_relu must be a number", args[1].position)
            args[1] = slope
        return Call(name.text, tuple(args), name.position)


def _signed_number(tree: Tree) -> Number | None:
    """A number with any unary minus signs in front of it, as one Number; None for anything else."""
    sign = 1.0
    while isinstance(tree, Negate):
        sign, tree = -sign, tree.operand
    return Number(sign * tree.value, tree.position) if isinstance(tree, Number) else None


def parse(text: str) -> Expression:
    """Read a formula into an ``Expression``; never evaluates any Python.

    Args:
        text: the formula, e.g. ``"3*(a + b*c)"``; at most ``MAX_LENGTH`` characters.

    Returns:
        The parsed ``Expression`` (``.root``, ``.names``, ``.build(values)``).

    Raises:
        TypeError: ``text`` is not a str.
        ExpressionError: bad syntax, an unknown function, too long or too deep.

    >>> parse("tanh(w*x + b) * w").names
    ('w', 'x', 'b')
    """
    if not isinstance(text, str):
        raise TypeError(f"an expression must be a str, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"the expression is too long ({len(text)} characters, at most {MAX_LENGTH})", text, MAX_LENGTH
        )
    root, steps = _Parser(text).parse()
    names: dict[str, None] = {}
    defined: set[str] = set()
    step_names = {name for name, _, _ in steps}

    def collect(node: Tree, _: list[None]) -> None:
        if isinstance(node, Name) and node.name not in defined:
            if node.name in step_names:  # the step exists, but later: "v = a + u; u = b*c"
                raise ExpressionError(f"'{node.name}' is used before its step", text, node.position)
            names.setdefault(node.name)
        return None

    for name, _, tree in steps:
        _fold(tree, collect)
        defined.add(name)
    if not (steps and steps[-1][2] is root):
        _fold(root, collect)
    return Expression(text, root, tuple(names), tuple(steps))


def build(text: str | Expression, values: Mapping[str, float]) -> Value:
    """Parse a formula (if needed) and build its graph of Values.

    Args:
        text: the formula, or an already parsed ``Expression``.
        values: a number for every name the formula uses, and no others.

    Returns:
        The output Value, ready for ``backward()``.

    Raises:
        ExpressionError: see ``parse`` and ``Expression.build``.

    >>> y = build("a*a + leaky_relu(-a, 0.1)", {"a": 2})
    >>> y.data, len(y.inputs[0].inputs)
    (3.8, 2)
    """
    expression = text if isinstance(text, Expression) else parse(text)
    return expression.build(values)
