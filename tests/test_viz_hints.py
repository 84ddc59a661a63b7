"""The rule texts of autograd.ops.RULE_TEXT: one for every op, each formula equal to the engine's rule."""

from __future__ import annotations

import math

import pytest

from autograd import Value
from autograd.ops import RULE_TEXT, RULES, SCALAR_MATH
from viz.hints import edge_rules, evaluate
from viz.words import PHRASES

# Points inside each op's domain; ops not listed get the default points for their number of inputs.
POINTS = {
    "log": [(0.3,), (1.0,), (7.5,)],
    "relu": [(-1.5,), (0.0,), (2.0,)],
    "**": [(2.0, 3.0), (0.5, -1.5), (1.7, 0.5), (-2.0, 3.0), (3.0, 0.0)],
    "leaky_relu": [(-2.0, 0.01), (3.0, 0.1), (0.0, 0.2)],
    "max": [(1.5, -2.0), (-1.0, 4.0), (2.0, 2.0)],
    "+": [(2.0, -3.0), (0.5, 0.25, 4.0), (1.0, 2.0, 3.0, 4.0)],
}
DEFAULT = {1: [(-1.3,), (0.4,), (2.0,)], 2: [(1.5, -2.0), (0.3, 0.7), (-1.2, 2.5)]}


def test_every_op_of_the_engine_has_a_rule_text_and_korean_words():
    missing = sorted(set(RULES) - set(RULE_TEXT))
    assert not missing, f"ops without a RULE_TEXT entry (add one next to the rule in autograd/ops.py): {missing}"
    assert set(RULE_TEXT) == set(RULES)
    for op, text in RULE_TEXT.items():
        assert len(text.grads) == len(text.names) and text.words and text.written
        words = PHRASES.get(f"practice.rule.{op}")
        assert words is not None, f"no phrase practice.rule.{op} (the rule in words, en and ko) in viz/words.py"
        assert words["en"] == text.words and words["ko"] and words["ko"] != words["en"]


@pytest.mark.parametrize("op", sorted(RULES))
def test_each_formula_is_the_engines_local_gradient(op):
    text = RULE_TEXT[op]
    points = POINTS.get(op, DEFAULT[len(text.names)])
    for point in points:
        out, local = RULES[op](SCALAR_MATH, *point)
        assert len(local) == len(point)
        for j, (x, slope) in enumerate(zip(point, local)):
            name = text.names[min(j, len(text.names) - 1)]
            values = {**dict(zip(text.names, point)), name: x, "out": out}
            formula = text.grads[min(j, len(text.grads) - 1)]
            assert evaluate(formula, values) == pytest.approx(slope, rel=1e-12, abs=1e-15), (op, point, j)


def test_edge_rules_write_the_lecture_step():
    b, c = Value(3.0, label="b"), Value(2.0, label="c")
    u = b * c
    u.label = "u"
    to_b, to_c = edge_rules(u, upstream=3.0, fmt=lambda x: format(x, "g"))
    assert (to_b.written, to_b.derivative, to_b.formula, to_b.local, to_b.product) == ("b * c", "du/db", "c", 2.0, 6.0)
    assert (to_c.derivative, to_c.formula, to_c.product) == ("du/dc", "b", 9.0)
    assert to_b.general == "d(x * y)/dx = y" and to_b.words == "multiplication swaps its inputs"


def test_edge_rules_put_numbers_into_longer_formulas():
    z = Value(0.5, label="z")
    s = z.sigmoid()
    s.label = "s"
    (rule,) = edge_rules(s, upstream=2.0, fmt=lambda x: format(x, ".4g"))
    assert rule.formula == "s * (1 - s)" and rule.with_numbers == "0.6225 * (1 - 0.6225)"
    assert rule.general == "d(sigmoid(x))/dx = sigmoid(x) * (1 - sigmoid(x))"
    assert rule.local == pytest.approx(0.6224593312 * (1 - 0.6224593312))
    w = Value(-2.0, label="w")
    y = w**3
    y.label = "y"
    rule, _ = edge_rules(y, upstream=1.0, fmt=lambda x: format(x, "g"))
    assert rule.with_numbers == "3 * (-2)**(3 - 1)" and evaluate("n * x**(n - 1)", {"n": 3, "x": -2}) == 12.0


def test_a_sum_of_many_terms_names_every_term():
    a, b, c = Value(1.0, label="a"), Value(2.0, label="b"), Value(3.0, label="c")
    from autograd import add

    total = add(a, b, c)
    total.label = "t"
    rules = edge_rules(total, upstream=1.0)
    assert [r.derivative for r in rules] == ["dt/da", "dt/db", "dt/dc"]
    assert {r.written for r in rules} == {"a + b + c"} and [r.local for r in rules] == [1.0, 1.0, 1.0]


@pytest.mark.parametrize(
    "formula",
    ["__import__('os').system('true')", "x.real", "[1, 2]", "(lambda: 1)()", "open('f')", "x if", "exp(x, 2)", "y"],
)
def test_evaluate_reads_only_the_small_arithmetic(formula):
    with pytest.raises(ValueError):
        evaluate(formula, {"x": 1.0})


def test_evaluate_follows_python_precedence():
    assert evaluate("-x**2", {"x": 3.0}) == -9.0
    assert evaluate("1 if x > 0 else (0.5 if x == 0 else 0)", {"x": 0.0}) == 0.5
    assert math.isclose(evaluate("1 - tanh(x)**2", {"x": 0.3}), 1 - math.tanh(0.3) ** 2)
