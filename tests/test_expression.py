"""The formula parser: what it reads, the graph it builds, and what it refuses."""

import math

import pytest

from autograd import Constant, Value, topological_order
from autograd.expression import (
    MAX_DEPTH,
    MAX_LENGTH,
    BinaryOp,
    Call,
    ExpressionError,
    Name,
    Negate,
    Number,
    build,
    parse,
    parse_number,
)


def leaves(root):
    return {node.label: node for node in topological_order(root) if node.is_leaf and node.label}


# ---- what it reads ------------------------------------------------------------


def test_lecture_example_values_and_gradients():
    J = build("3*(a + b*c)", {"a": 5, "b": 3, "c": 2})
    assert J.data == 33.0 and J.op == "*"
    J.backward()
    grads = {label: node.grad for label, node in leaves(J).items()}
    assert grads == {"a": 3.0, "b": 6.0, "c": 9.0}


def test_same_graph_as_writing_it_in_python():
    a, b, c = Value(5.0, label="a"), Value(3.0, label="b"), Value(2.0, label="c")
    by_hand = 3 * (a + b * c)
    parsed = build("3*(a + b*c)", {"a": 5.0, "b": 3.0, "c": 2.0})
    shape = lambda root: [(n.op, n.label, n.data, type(n).__name__, len(n.inputs)) for n in topological_order(root)]
    assert shape(parsed) == shape(by_hand)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("-x**2", "-(x ** 2)"),
        ("2**3**2", "2 ** (3 ** 2)"),
        ("-2**-x", "-(2 ** -x)"),
        ("a - b - c", "(a - b) - c"),
        ("a / b / c", "(a / b) / c"),
        ("a + b * c", "a + (b * c)"),
        ("(a + b) * c", "(a + b) * c"),
        ("a * -b", "a * -b"),
        ("--a", "--a"),
        ("+a", "a"),
        ("leaky_relu(x, 0.1)", "leaky_relu(x, 0.1)"),
        ("max(a, b*2)", "max(a, b * 2)"),
        ("1e-3 * .5 + 2.", "(0.001 * 0.5) + 2"),
    ],
)
def test_precedence_follows_python(text, expected):
    assert parse(text).formula() == expected


@pytest.mark.parametrize(
    "text, python",
    [
        ("-x**2", lambda a, b, c, x: -(x**2)),
        ("2**3**2", lambda a, b, c, x: 2**3**2),
        ("-2**-x", lambda a, b, c, x: -(2**-x)),
        ("a - b - c", lambda a, b, c, x: a - b - c),
        ("a / b / c * c", lambda a, b, c, x: a / b / c * c),
        ("-(a - b) ** 2 / 4", lambda a, b, c, x: -((a - b) ** 2) / 4),
        ("x ** -1.5", lambda a, b, c, x: x**-1.5),
        ("+a - -b", lambda a, b, c, x: +a - -b),
    ],
)
def test_numbers_agree_with_python_arithmetic(text, python):
    values = {"a": 1.5, "b": -0.25, "c": 3.0, "x": 1.7}
    expression = parse(text)
    assert build(expression, {name: values[name] for name in expression.names}).data == pytest.approx(python(**values))


def test_functions_are_the_value_methods():
    x = 0.3
    y = build(
        "exp(x) + log(x) + tanh(x) + sigmoid(x) + relu(x) + leaky_relu(-x) + leaky_relu(-x, 0.2) + max(x, 1)", {"x": x}
    )
    expected = math.exp(x) + math.log(x) + math.tanh(x) + 1 / (1 + math.exp(-x)) + x + 0.01 * -x + 0.2 * -x + 1
    assert y.data == pytest.approx(expected)
    ops = {node.op for node in topological_order(y)}
    assert {"exp", "log", "tanh", "sigmoid", "relu", "leaky_relu", "max"} <= ops


def test_leaky_relu_slope_is_used():
    y = build("leaky_relu(x, 0.25)", {"x": -4})
    assert y.data == -1.0 and y.op == "leaky_relu"
    assert isinstance(y.inputs[1], Constant) and y.inputs[1].data == 0.25


def test_a_repeated_name_is_one_leaf_with_two_edges():
    y = build("a*a", {"a": 3})
    assert y.inputs[0] is y.inputs[1] and y.inputs[0].label == "a"
    y.backward()
    assert y.inputs[0].grad == 6.0


def test_numbers_become_constant_leaves():
    y = build("2 * 3", {})
    assert y.data == 6.0 and y.op == "*"
    assert all(isinstance(node, Constant) for node in y.inputs)
    assert build("-3 * a", {"a": 1}).inputs[0].data == -3.0  # one constant, not neg(3)


def test_tree_and_names():
    expression = parse("tanh(w*x + b) * w")
    assert expression.names == ("w", "x", "b")
    root = expression.root
    assert isinstance(root, BinaryOp) and root.op == "*" and root.position == 14
    assert isinstance(root.left, Call) and root.left.function == "tanh"
    assert root.right == Name("w", 16)
    assert parse("-3").root == Number(-3.0, 0)
    assert isinstance(parse("-a").root, Negate)


def test_korean_names_are_labels():
    J = build("3 * 비용", {"비용": 2})
    assert J.data == 6.0 and J.inputs[1].label == "비용"


def test_long_flat_expressions_need_no_recursion():
    n = MAX_LENGTH // 2
    assert build("+".join(["a"] * n), {"a": 1.0}).data == n
    assert build("**".join(["a"] * (MAX_LENGTH // 3)), {"a": 1.0}).data == 1.0
    assert build("-" * (MAX_LENGTH - 1) + "a", {"a": 2.0}).data == -2.0  # 9,999 minus signs: odd
    assert parse("-" * (MAX_LENGTH - 1) + "a").formula().startswith("---")


def test_nesting_up_to_the_limit_is_fine():
    text = "(" * MAX_DEPTH + "a" + ")" * MAX_DEPTH
    assert build(text, {"a": 4.0}).data == 4.0


# ---- what it refuses ------------------------------------------------------------


def error_of(text, values=None):
    with pytest.raises(ExpressionError) as info:
        if values is None:
            parse(text)
        else:
            build(text, values)
    return info.value


@pytest.mark.parametrize(
    "text, position, words",
    [
        ("__import__('os').system('x')", 0, "unknown function '__import__'"),
        ("a.__class__", 1, "attribute access"),
        ("().x", 1, "expected a number, a name or '('"),
        ("'x'", 0, "strings are not allowed"),
        ('"x"', 0, "strings are not allowed"),
        ("a;b", 1, "only the last step may be a bare formula"),
        ("lambda x: x", 7, "expected an operator before 'x'"),
        ("a[0]", 1, "brackets"),
        ("{}", 0, "braces"),
        ("a + b = 1", 6, "unexpected '='"),
        ("exp = a", 0, "'exp' is a function"),
        ("u = a; u = 2", 7, "defined twice"),
        ("v = a + u; u = 1", 8, "used before its step"),
        ("a ^ 2", 2, "a**b"),
        ("a @ b", 2, "unexpected character '@'"),
        ("a,b", 1, "unexpected ','"),
        ("open('x')", 0, "unknown function 'open'"),
        ("exp", 0, "'exp' is a function"),
        ("max(a)", 0, "max() takes 2 arguments, got 1"),
        ("exp(a, b)", 0, "exp() takes 1 argument, got 2"),
        ("leaky_relu(a, b)", 14, "slope of leaky_relu must be a number"),
        ("", 0, "empty"),
        ("a +", 3, "expression ends"),
        ("(a", 2, "expected ')'"),
        ("a)", 1, "unexpected ')'"),
        ("a b", 2, "expected an operator"),
        ("2x", 0, "malformed number '2x'"),
        ("1.2.3", 0, "malformed number '1.2.3'"),
        ("0x10", 0, "only decimal numbers"),
        ("1e999", 0, "too large"),
        ("a ** ** b", 5, "found '**'"),
        ("a\x00", 1, "unexpected character"),
    ],
)
def test_bad_syntax_names_the_position(text, position, words):
    error = error_of(text)
    assert isinstance(error, ValueError)
    assert error.position == position
    assert words in str(error)
    assert f"at column {position + 1}" in str(error) and "\n" not in str(error)


def test_pointer_puts_a_caret_under_the_problem():
    error = error_of("3*(a + $)")
    assert error.pointer() == "3*(a + $)\n       ^"
    assert error_of("비용 + $").pointer() == "비용 + $\n       ^"  # a Korean syllable is two columns wide
    long = "a + " * 100 + "$"
    line, caret = error_of(long).pointer(width=40).split("\n")
    assert len(line) == 40 and line[caret.index("^")] == "$"


def test_too_long_is_refused_before_reading():
    error = error_of("a" * (MAX_LENGTH + 1))
    assert "too long" in str(error)


def test_deep_nesting_is_a_clean_error_not_recursion_error():
    for text in [
        "(" * 10_000 + "a" + ")" * 10_000,  # too long as well as too deep
        "(" * 4_000 + "a" + ")" * 4_000,
        "exp(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1),
    ]:
        error = error_of(text)
        assert "too long" in str(error) or "nested too deeply" in str(error)
    assert error_of("(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1)).position == MAX_DEPTH


def test_not_a_string_is_a_type_error():
    with pytest.raises(TypeError, match="must be a str"):
        parse(42)


@pytest.mark.parametrize(
    "text, values, position, words",
    [
        ("a + x", {"a": 1}, 4, "no value given for 'x'"),
        ("a", {"a": 1, "d": 2}, None, "'d', which the expression does not use"),
        ("log(a)", {"a": -1}, 0, "log"),
        ("a / b", {"a": 1, "b": 0}, 2, "divide by zero"),
        ("exp(a)", {"a": 1000}, 0, "too large"),
        ("a", {"a": float("nan")}, 0, "finite"),
        ("a", {"a": "5"}, 0, "real number"),
    ],
)
def test_build_errors_name_the_value(text, values, position, words):
    error = error_of(text, values)
    assert error.position == position and words in str(error)


@pytest.mark.parametrize("text, number", [("2", 2.0), ("-2.5e3", -2500.0), ("+.5", 0.5), (" 7 ", 7.0)])
def test_parse_number_reads_decimals(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "0x10", "1_000", "", "1e999", "2a", "1,5"])
def test_parse_number_refuses_the_rest(text):
    with pytest.raises(ValueError):
        parse_number(text)


# ---- the lecture's notation -------------------------------------------------


def test_lecture_notation_number_and_name_before_parenthesis_multiply():
    values = {"a": 5, "b": 3, "c": 2}
    J = build("3(a + bc)", values)
    assert J.data == 33.0 and J.op == "*"
    assert parse("3(a + bc)").formula() == "3 * (a + bc)"
    J.backward()
    leaves = {n.label: n.grad for n in topological_order(J) if n.label}
    assert leaves == {"a": 3.0, "b": 6.0, "c": 9.0}
    assert build("a(b + c)", values).data == 25.0
    assert build("2(a)**2", {"a": 5}).data == 50.0  # ** binds tighter: 2 * (a ** 2)


def test_a_glued_name_is_a_product_only_when_its_parts_have_values():
    assert build("bc", {"b": 3, "c": 2}).data == 6.0
    assert build("bc", {"bc": 7}).data == 7.0  # bc given: bc itself
    assert build("w1x + b", {"w1": 2, "x": 3, "b": 1}).data == 7.0
    with pytest.raises(ExpressionError, match="no value given for 'bc'"):
        build("bc", {"b": 3})
    with pytest.raises(ExpressionError, match="unknown function 'tahn'"):
        build("tahn(x)", {"x": 1})


def test_named_steps_label_their_nodes_and_the_last_is_the_result():
    J = build("u = b*c; v = a + u; J = 3*v", {"a": 5, "b": 3, "c": 2})
    assert (J.label, J.data, J.op) == ("J", 33.0, "*")
    v = J.inputs[1]
    assert (v.label, v.data) == ("v", 11.0)
    assert (v.inputs[1].label, v.inputs[1].data) == ("u", 6.0)
    expression = parse("u = b*c; v = a + u; J = 3*v")
    assert expression.names == ("b", "c", "a") and expression.result_name == "J"
    assert expression.formula() == "u = b * c; v = a + u; J = 3 * v"
    assert build("u = a*a; u + 1", {"a": 2}).data == 5.0  # a bare last step
    with pytest.raises(ExpressionError, match="'u' is a step"):
        build("u = a*a; J = u", {"a": 2, "u": 1})


def test_hole_19_leaky_relu_slope_with_signs_is_a_number():
    assert build("leaky_relu(a, -0)", {"a": -2}).data == 0.0
    assert build("leaky_relu(a, --0.1)", {"a": -2}).data == pytest.approx(-0.2)
    assert build("leaky_relu(a, -(0.1))", {"a": -2}).data == pytest.approx(0.2)


def test_sin_and_cos_are_functions_of_the_formula_language():
    y = build("sin(x) * cos(x)", {"x": 0.5})
    assert y.data == pytest.approx(math.sin(0.5) * math.cos(0.5), rel=1e-15)
    y.backward()
    assert y.inputs[0].inputs[0].grad == pytest.approx(math.cos(1.0), rel=1e-12)  # d/dx sin(2x)/2 = cos(2x)
