"""Acceptance tests with hostile input: what an outside tester throws at every public function.

Labels full of DOT/HTML metacharacters, huge numbers, NaN and inf, wrong
types, malformed model files, and command lines that try to run code. The
rule being checked everywhere: a clear TypeError/ValueError (or
OverflowError for overflow), never a silent NaN, never code run, never
markup injected, never a model half-loaded.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import nn
import viz
from autograd import Value

REPO = Path(__file__).resolve().parent.parent
NAN, INF = float("nan"), float("inf")

HOSTILE_LABELS = [
    '"]; evil [label="x',
    "<script>alert(1)</script>",
    "\\N \\G \\L \\E",
    "}\ndigraph x {",
    "&amp; &lt; &#60;",
    "a\x00b\x1bc\x7f",
    "\ud800 lone surrogate",
    "]]></text><script>x</script>",
    '<B>bold</B><IMG SRC="x"/>',
    "' onload='alert(1)",
    "\\",
    '\\"',
    "a\r\nb\rc",
    "\u202e\u200b",
    "🎉 비용 J",
    "<!-- -->",
    "%s %n {0}",
    "x" * 5000,
]


def labelled_graph(label: str) -> Value:
    a = Value(2.0, label=label)
    J = a * a + 1
    J.label = label
    J.backward()
    return J


# ---- Value construction and operators -----------------------------------------


@pytest.mark.parametrize("bad", [NAN, INF, -INF])
def test_value_rejects_nan_and_inf(bad):
    with pytest.raises((ValueError, TypeError)):
        Value(bad)


@pytest.mark.parametrize("bad", ["1.0", b"1", None, [1.0], (1.0,), {"a": 1}, 1 + 2j, object(), Value])
def test_value_rejects_other_types_with_type_error(bad):
    with pytest.raises(TypeError):
        Value(bad)


def test_value_of_a_value_is_an_error_not_a_wrapper():
    with pytest.raises(TypeError):
        Value(Value(1.0))


def test_bool_is_not_silently_a_number():
    # SPEC: data is int | float. True is an int to Python, but a learner passing a bool
    # has made a mistake; either a clear TypeError or exactly 1.0 is acceptable.
    try:
        v = Value(True)
    except TypeError:
        return
    assert v.data == 1.0 and type(v.data) is float


def test_numpy_zero_d_array_is_a_float_or_a_type_error():
    numpy = pytest.importorskip("numpy")
    try:
        v = Value(numpy.array(2.5))
    except TypeError:
        return
    assert type(v.data) is float and v.data == 2.5


def test_numpy_one_d_array_is_rejected():
    numpy = pytest.importorskip("numpy")
    with pytest.raises(TypeError):
        Value(numpy.array([2.5, 1.0]))


@pytest.mark.parametrize("label", [3, None, b"a", ["a"]])
def test_label_must_be_text(label):
    with pytest.raises(TypeError):
        Value(1.0, label=label)


@pytest.mark.parametrize("other", ["a", None, [1.0], NAN, INF])
def test_operators_reject_junk_on_either_side(other):
    x = Value(2.0)
    for op in (
        lambda: x + other,
        lambda: other + x,
        lambda: x * other,
        lambda: other * x,
        lambda: x - other,
        lambda: other - x,
        lambda: x / other,
        lambda: x**other,
    ):
        with pytest.raises((TypeError, ValueError)):
            op()


@pytest.mark.parametrize(
    "exponent, expected",
    [
        (0, 1.0),
        (1, 2.0),
        (-1, 0.5),
        (0.5, math.sqrt(2.0)),
        (3, 8.0),
        (-2.5, 2.0**-2.5),
    ],
)
def test_pow_numeric_exponents(exponent, expected):
    x = Value(2.0)
    y = x**exponent
    assert y.data == pytest.approx(expected)
    y.backward()
    assert x.grad == pytest.approx(exponent * 2.0 ** (exponent - 1))


@pytest.mark.parametrize("base, exponent", [(-2.0, 0.5), (0.0, -1), (0.0, -0.5), (-8.0, 1 / 3)])
def test_pow_outside_the_reals_is_a_value_error(base, exponent):
    with pytest.raises(ValueError, match=r"\*\*"):
        Value(base) ** exponent


@pytest.mark.parametrize("exponent", [NAN, INF, "2", None, [2]])
def test_pow_weird_exponents_are_errors(exponent):
    with pytest.raises((TypeError, ValueError)):
        Value(2.0) ** exponent


def test_pow_bool_exponent_is_error_or_exact():
    try:
        y = Value(3.0) ** True
    except TypeError:
        return
    assert y.data == 3.0


def test_pow_with_value_exponent():
    x, n = Value(2.0), Value(3.0)
    y = x**n
    y.backward()
    assert y.data == 8.0
    assert x.grad == pytest.approx(12.0) and n.grad == pytest.approx(8.0 * math.log(2.0))
    with pytest.raises(ValueError):
        Value(-2.0) ** Value(2.0)


def test_negative_base_whole_exponent_is_fine():
    x = Value(-2.0)
    y = x**3
    y.backward()
    assert y.data == -8.0 and x.grad == 12.0


def test_pow_numpy_exponent():
    numpy = pytest.importorskip("numpy")
    y = Value(3.0) ** numpy.float64(2.0)
    assert y.data == 9.0 and type(y.data) is float


def test_division_by_zero_is_a_clear_error_not_inf():
    with pytest.raises((ValueError, ZeroDivisionError)) as info:
        Value(1.0) / 0
    assert "/" in str(info.value) or "zero" in str(info.value)
    with pytest.raises((ValueError, ZeroDivisionError)):
        1 / Value(0.0)


def test_division_by_zero_is_also_a_zero_division_error():
    # A domain error (ValueError) that also reads as Python's own ZeroDivisionError.
    with pytest.raises(ZeroDivisionError):
        Value(1.0) / 0
    with pytest.raises(ValueError, match="divide by zero"):
        1 / Value(0.0)


@pytest.mark.parametrize(
    "expr",
    [
        lambda: Value(1e308) * 10,
        lambda: 10 * Value(1e308),
        lambda: Value(1e308) + 1e308,
        lambda: Value(800.0).exp(),
        lambda: Value(2.0) ** 5000,
        lambda: 2 ** Value(5000.0),
        lambda: Value(1e-320) ** -2,
        lambda: Value(1.0) / 1e-320,
    ],
)
def test_huge_numbers_overflow_loudly(expr):
    with pytest.raises(OverflowError):
        expr()


def test_huge_int_data():
    with pytest.raises((OverflowError, ValueError)):
        Value(10**400)


def test_saturating_functions_stay_finite_for_huge_inputs():
    for x in (1e308, -1e308, 745.0, -745.0, 1000.0, -1000.0):
        for f in (Value.tanh, Value.sigmoid, Value.relu):
            v = Value(x)
            y = f(v)
            y.backward()
            assert math.isfinite(y.data) and math.isfinite(v.grad)
    assert Value(-1e308).sigmoid().data == 0.0
    assert Value(1e308).sigmoid().data == 1.0


def test_no_silent_nan_anywhere_in_a_failed_backward():
    x = Value(1e-200, label="x")
    y = x.log() * 1e300
    with pytest.raises(OverflowError):
        y.backward()
    assert x.grad == 0.0 and y.grad == 0.0  # nothing half-written


def test_comparisons_do_not_pretend():
    # Value defines no ordering; comparing must not silently compare ids.
    with pytest.raises(TypeError):
        _ = Value(1.0) < Value(2.0)


# ---- viz: hostile labels ------------------------------------------------------------

STATEMENT = re.compile(
    r"^(digraph chainrule \{|\}"
    r"|\t(graph|node|edge) \[.*\]"
    r"|\tlabel=<.*>"
    r"|\tn\d+ \[label=<.*> .*\]"
    r"|\tn\d+ -> n\d+( \[.*\])?)$"
)


@pytest.mark.parametrize("label", HOSTILE_LABELS, ids=range(len(HOSTILE_LABELS)))
def test_hostile_label_cannot_break_dot(label):
    J = labelled_graph(label)
    dot = viz.to_dot(J, title=label)
    lines = dot.splitlines()
    assert lines[0] == "digraph chainrule {" and lines[-1] == "}"
    for line in lines:  # every line is one of the statements the drawing makes, nothing injected
        assert STATEMENT.match(line), line[:200]
    assert len([line for line in lines if "->" in line.split("[")[0]]) == 4
    assert len([line for line in lines if re.match(r"\tn\d+ \[label=", line)]) == 4
    if any(ch in label for ch in '<>"&'):
        assert label not in dot  # metacharacters never appear raw
    assert "<script" not in dot.lower() and "<img" not in dot.lower()
    assert "\x00" not in dot and "\x1b" not in dot


@pytest.mark.needs_dot
@pytest.mark.parametrize("label", HOSTILE_LABELS, ids=range(len(HOSTILE_LABELS)))
def test_hostile_label_renders_to_wellformed_svg_without_markup(label, tmp_path):
    J = labelled_graph(label)
    path = viz.render(J, tmp_path / "J.svg", title=label)
    svg_bytes = Path(path).read_bytes()
    root = ET.fromstring(svg_bytes)  # well-formed XML
    groups = [g.get("class") for g in root.iter("{http://www.w3.org/2000/svg}g")]
    assert groups.count("node") == 4 and groups.count("edge") == 4  # a, 1, a*a, + ; no injected node
    tags = {element.tag.split("}")[-1].lower() for element in root.iter()}
    assert "script" not in tags and "img" not in tags and "foreignobject" not in tags
    for element in root.iter():
        assert not any(key.lower().startswith("on") for key in element.attrib)
    text = " ".join(t for t in root.itertext())
    visible = label.replace("\r\n", "\n").replace("\r", "\n").split("\n")[0][:40]
    if visible.isprintable() and visible.strip() and not any(0xD800 <= ord(c) < 0xE000 for c in visible):
        assert visible.strip() in text.replace("\xa0", " ")


@pytest.mark.needs_dot
def test_hostile_label_in_stepper_html_is_escaped(tmp_path):
    label = "<script>alert('x')</script>"
    J = labelled_graph(label)
    path = tmp_path / "steps.html"
    viz.stepper_html(J, path)
    page = Path(path).read_text(encoding="utf-8")
    assert "<script>alert('x')</script>" not in page
    assert "alert(" not in page or "&lt;script&gt;alert(" in page or "&#" in page


def test_label_with_newlines_stays_one_node():
    J = labelled_graph("line 1\nline 2\n}\n")
    dot = viz.to_dot(J)
    node_lines = [line for line in dot.splitlines() if re.match(r"\tn\d+ \[label=", line)]
    assert len(node_lines) == 4  # a, 1, a*a, +, and nothing split off
    assert "line 1<BR/>line 2" in dot


@pytest.mark.parametrize("bad", [None, 3.0, "J", [Value(1.0)], object()])
def test_drawing_something_that_is_not_a_value_is_a_type_error(bad):
    for f in (viz.to_dot, viz.draw):
        with pytest.raises(TypeError):
            f(bad)


@pytest.mark.parametrize("step", [-1, 10_000, 1.5, "1", True, NAN])
def test_draw_bad_step(step):
    J = labelled_graph("J")
    with pytest.raises((TypeError, ValueError)):
        viz.draw(J, step=step)


def test_render_bad_suffix_writes_nothing(tmp_path):
    J = labelled_graph("J")
    for name in ("J", "J.exe", "J.svg.py", "J.html"):
        with pytest.raises(ValueError):
            viz.render(J, tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_huge_and_tiny_numbers_draw_readably():
    a = Value(1e300, label="a")
    b = Value(-1e-300, label="b")
    J = a * b
    J.backward()
    dot = viz.to_dot(J)
    assert "inf" not in dot.lower() and "nan" not in dot.lower()
    assert "1e+300" in dot or "1e300" in dot


def test_graph_too_large_is_refused_quickly():
    x = Value(1.0, label="x")
    y = x
    for _ in range(5000):
        y = y + 1.0
    with pytest.raises(ValueError):
        viz.to_dot(y)
    assert viz.to_dot(y, max_nodes=None).count("->") == 10_000


def test_leaf_feeding_a_long_chain_is_refused_not_hung():
    # a*a*...*a: under 100 nodes, but each product reads a, so edges span the whole
    # picture; Graphviz took over ten minutes on 99 such nodes and crashed on 300.
    a = Value(1.0, label="a")
    y = a
    for _ in range(300):
        y = y * a
    with pytest.raises(ValueError):
        viz.draw(y)
    assert viz.to_dot(y, max_nodes=None).count("->") == 600


# ---- nn: models, losses, optimizers ---------------------------------------------------


def xor_model(**kw):
    return nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0, **kw)


XOR_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
XOR_Y = [0, 1, 1, 0]


@pytest.mark.parametrize(
    "row", [[NAN, 0.0], [0.0, INF], ["a", 0.0], [None, 0.0], [0.0], [0.0, 0.0, 0.0], "ab", 3.0, None]
)
def test_model_call_rejects_bad_rows(row):
    with pytest.raises((TypeError, ValueError)):
        xor_model()(row)


@pytest.mark.parametrize(
    "args", [(0, [1]), (-1, [1]), (2, []), (2, [0]), (2, 4), (2, [1.5]), (2.0, [1]), ("2", [1]), (2, None), (True, [1])]
)
def test_mlp_rejects_bad_shapes(args):
    with pytest.raises((TypeError, ValueError)):
        nn.MLP(*args)


@pytest.mark.parametrize("seed", [1.5, "0", [0]])
def test_mlp_rejects_bad_seed(seed):
    with pytest.raises((TypeError, ValueError)):
        nn.MLP(2, [1], seed=seed)


@pytest.mark.parametrize(
    "call",
    [
        lambda: nn.mse([Value(1.0)], [NAN]),
        lambda: nn.mse([Value(1.0)], [INF]),
        lambda: nn.mse([Value(1.0)], [1.0, 2.0]),
        lambda: nn.mse([], []),
        lambda: nn.mse([Value(1.0)], ["1"]),
        lambda: nn.mse([Value(1.0)], [10**400]),
        lambda: nn.binary_cross_entropy(Value(0.5), 2),
        lambda: nn.binary_cross_entropy(Value(0.5), -1),
        lambda: nn.binary_cross_entropy(Value(0.5), NAN),
        lambda: nn.binary_cross_entropy(Value(1.5), 1),
        lambda: nn.binary_cross_entropy(Value(-0.1), 0),
        lambda: nn.cross_entropy([Value(1.0), Value(2.0)], 2),
        lambda: nn.cross_entropy([Value(1.0), Value(2.0)], -1),
        lambda: nn.cross_entropy([Value(1.0), Value(2.0)], 0.5),
        lambda: nn.cross_entropy([Value(1.0), Value(2.0)], None),
        lambda: nn.cross_entropy([Value(1.0), Value(2.0)], True),
        lambda: nn.cross_entropy([], 0),
        lambda: nn.softmax([]),
        lambda: nn.l1([1.0, 2.0]),
        lambda: nn.l2(["w"]),
    ],
)
def test_losses_reject_bad_input_clearly(call):
    with pytest.raises((TypeError, ValueError)):
        call()


def test_losses_never_return_nan_for_extreme_but_valid_input():
    for z in (1e6, -1e6, 700.0, -700.0):
        logits = [Value(z), Value(0.0), Value(-z)]
        loss = nn.cross_entropy(logits, 0)
        loss.backward()
        assert math.isfinite(loss.data) and all(math.isfinite(v.grad) for v in logits)
        probs = nn.softmax([Value(z), Value(0.0)])
        assert all(0.0 <= p.data <= 1.0 for p in probs)
    for p in (0.0, 1e-300, 1.0 - 1e-16, 1.0):
        for t in (0, 1, 0.5):
            prob = Value(p)
            loss = nn.binary_cross_entropy(prob, t)
            loss.backward()
            assert math.isfinite(loss.data) and math.isfinite(prob.grad)


@pytest.mark.parametrize(
    "make",
    [
        lambda p: nn.SGD(p, -0.1),
        lambda p: nn.SGD(p, 0.0),
        lambda p: nn.SGD(p, NAN),
        lambda p: nn.SGD(p, INF),
        lambda p: nn.SGD(p, "0.1"),
        lambda p: nn.SGD(p, None),
        lambda p: nn.SGD(p, 0.1, -0.5),
        lambda p: nn.SGD(p, 0.1, 1.5),
        lambda p: nn.SGD(p, 0.1, NAN),
        lambda p: nn.SGD(p, 10**400),
        lambda p: nn.Adam(p, -1.0),
        lambda p: nn.Adam(p, NAN),
        lambda p: nn.Adam(p, 0),
        lambda p: nn.SGD([], 0.1),
        lambda p: nn.SGD([1.0, 2.0], 0.1),
        lambda p: nn.Adam(["w"], 0.1),
    ],
)
def test_optimizers_reject_bad_settings(make):
    with pytest.raises((TypeError, ValueError)):
        make([Value(1.0)])


def test_optimizer_step_that_would_diverge_is_an_error_not_inf():
    w = Value(1e300)
    opt = nn.SGD([w], lr=1e10)
    (w * 1.0).backward()  # grad 1 -> step of 1e10: fine
    opt.step()
    w2 = Value(1.0)
    opt2 = nn.SGD([w2], lr=1e308)
    (w2 * 1e10).backward()
    with pytest.raises((OverflowError, ValueError)):
        opt2.step()
    assert w2.data == 1.0


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(epochs=0),
        dict(epochs=-1),
        dict(epochs=1.5),
        dict(epochs="3"),
        dict(epochs=None),
        dict(epochs=True),
        dict(batch_size=0),
        dict(batch_size=-2),
        dict(batch_size=2.5),
        dict(batch_size="2"),
        dict(lr=-0.1),
        dict(lr=NAN),
        dict(lr=INF),
        dict(lr=0.0),
        dict(lr="0.1"),
        dict(loss="hinge"),
        dict(loss=42),
        dict(optimizer="rmsprop"),
        dict(optimizer=None),
        dict(l2_penalty=-1.0),
        dict(l1_penalty=NAN),
    ],
)
def test_fit_rejects_bad_settings_before_training(kwargs):
    model = xor_model()
    before = [p.data for p in model.parameters()]
    with pytest.raises((TypeError, ValueError)):
        nn.fit(model, XOR_X, XOR_Y, **{"loss": "bce", "epochs": 2, **kwargs})
    assert [p.data for p in model.parameters()] == before


@pytest.mark.parametrize(
    "X, y",
    [
        ([[NAN, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], XOR_Y),
        ([[INF, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], XOR_Y),
        ([[10**400, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], XOR_Y),
        (XOR_X, [0, 1, 2, 0]),  # a BCE target out of range
        (XOR_X, [0, 1, NAN, 0]),
        (XOR_X, [0, 1, -1, 0]),
        (XOR_X, [0, 1, 1]),  # too few targets
        (XOR_X, ["0", "1", "1", "0"]),
        ([], []),
        ([[0.0, 0.0], [1.0]], [0, 1]),  # ragged
        ([[0.0, 0.0, 0.0]] * 4, XOR_Y),  # wrong width
        ("abcd", XOR_Y),
        ([1.0, 2.0, 3.0, 4.0], XOR_Y),  # not rows
        (None, XOR_Y),
    ],
)
def test_fit_rejects_bad_data_before_training(X, y):
    model = xor_model()
    before = [p.data for p in model.parameters()]
    with pytest.raises((TypeError, ValueError)):
        nn.fit(model, X, y, loss="bce", epochs=2)
    assert [p.data for p in model.parameters()] == before


def test_fit_with_numpy_nan_is_rejected():
    numpy = pytest.importorskip("numpy")
    X = numpy.array(XOR_X)
    X[2, 1] = numpy.nan
    with pytest.raises(ValueError):
        nn.fit(xor_model(), X, numpy.array(XOR_Y), loss="bce", epochs=1)


def test_fit_cross_entropy_targets_checked():
    model = nn.MLP(2, [3, 2], seed=0)
    with pytest.raises(ValueError):
        nn.fit(model, XOR_X, [0, 1, 2, 0], loss="cross_entropy", epochs=1)
    with pytest.raises(ValueError):
        nn.fit(xor_model(), XOR_X, XOR_Y, loss="cross_entropy", epochs=1)  # one output


def test_fit_with_divergent_learning_rate_fails_loudly_not_nan():
    model = nn.MLP(2, [4, 1], activation="relu", seed=0)
    try:
        history = nn.fit(model, XOR_X, [0.0, 1.0, 1.0, 0.0], lr=1e300, epochs=5)
    except (OverflowError, ValueError):
        pass
    else:
        assert all(math.isfinite(v) for v in history.loss)
    assert all(math.isfinite(p.data) for p in model.parameters())


def test_fit_batch_larger_than_data_is_one_batch():
    history = nn.fit(xor_model(), XOR_X, XOR_Y, loss="bce", epochs=3, batch_size=100)
    assert history.iterations == 3


# ---- nn: malformed model files ---------------------------------------------------------


@pytest.fixture
def saved(tmp_path):
    model = nn.MLP(3, [4, 1], activation="relu", output_activation="sigmoid", seed=0)
    path = tmp_path / "model.json"
    nn.save(model, path)
    return model, path, json.loads(path.read_text(encoding="utf-8"))


def first_param(doc):
    return next(iter(doc["parameters"]))


def _mutations(doc):
    key = first_param(doc)
    return {
        "missing parameter": lambda d: d["parameters"].pop(key),
        "extra parameter": lambda d: d["parameters"].__setitem__("L9.N9.w9", 0.5),
        "renamed parameter": lambda d: d["parameters"].__setitem__("zzz", d["parameters"].pop(key)),
        "string value": lambda d: d["parameters"].__setitem__(key, "0.5"),
        "bool value": lambda d: d["parameters"].__setitem__(key, True),
        "null value": lambda d: d["parameters"].__setitem__(key, None),
        "list value": lambda d: d["parameters"].__setitem__(key, [0.5]),
        "object value": lambda d: d["parameters"].__setitem__(key, {"v": 0.5}),
        "huge int value": lambda d: d["parameters"].__setitem__(key, 10**400),
        "parameters as list": lambda d: d.__setitem__("parameters", list(d["parameters"].values())),
        "no parameters": lambda d: d.pop("parameters"),
        "no architecture": lambda d: d.pop("architecture"),
        "no format": lambda d: d.pop("format"),
        "other format": lambda d: d.__setitem__("format", "pickle"),
        "no version": lambda d: d.pop("version"),
        "future version": lambda d: d.__setitem__("version", 99),
        "version true": lambda d: d.__setitem__("version", True),
        "unknown type": lambda d: d["architecture"].__setitem__("type", "os.system"),
        "unknown activation": lambda d: d["architecture"]["layers"][0].__setitem__("activation", "__import__"),
        "nin as text": lambda d: d["architecture"].__setitem__("nin", "3"),
        "nin negative": lambda d: d["architecture"].__setitem__("nin", -3),
        "nin float": lambda d: d["architecture"].__setitem__("nin", 3.5),
        "nin huge": lambda d: d["architecture"].__setitem__("nin", 10**12),
        "layers empty": lambda d: d["architecture"].__setitem__("layers", []),
        "layers object": lambda d: d["architecture"].__setitem__("layers", {"nout": 4}),
        "layer size huge": lambda d: d["architecture"]["layers"][0].__setitem__("nout", 10**9),
        "layer size zero": lambda d: d["architecture"]["layers"][0].__setitem__("nout", 0),
        "document is a list": lambda d: (d.clear(), d.__setitem__("x", [1, 2])),
    }


MUTATION_NAMES = list(_mutations({"parameters": {"k": 1}}).keys())


@pytest.mark.parametrize("name", MUTATION_NAMES)
def test_malformed_model_file_is_value_error_and_model_untouched(name, saved, tmp_path):
    model, path, doc = saved
    _mutations(doc)[name](doc)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ValueError):
        nn.load(bad)
    target = nn.MLP(3, [4, 1], activation="relu", output_activation="sigmoid", seed=5)
    before = [p.data for p in target.parameters()]
    with pytest.raises(ValueError):
        nn.load(bad, target)
    assert [p.data for p in target.parameters()] == before


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"])
def test_non_finite_numbers_in_file_rejected(literal, saved, tmp_path):
    model, path, doc = saved
    text = path.read_text(encoding="utf-8")
    value = json.dumps(doc["parameters"][first_param(doc)])
    bad = tmp_path / "bad.json"
    bad.write_text(text.replace(value, literal, 1), encoding="utf-8")
    with pytest.raises(ValueError):
        nn.load(bad)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 100_000 + "1" + "}" * 100_000,
        '{"format": "chainrule.nn", "version": 1, "architecture": ' + "[" * 50_000 + "]" * 50_000 + "}",
        "1" * 10_000,
        '"' + "x" * 100_000 + '"',
        "\ufeff{}",
    ],
)
def test_json_bombs_are_value_errors(text, tmp_path):
    bad = tmp_path / "bomb.json"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError):
        nn.load(bad)


def test_binary_garbage_is_value_error(tmp_path):
    bad = tmp_path / "garbage.json"
    bad.write_bytes(b"\x80\x04\x95pickle\x00\xff\xfe")
    with pytest.raises(ValueError):
        nn.load(bad)


def test_truncated_file_at_every_length_is_value_error(saved, tmp_path):
    model, path, doc = saved
    text = path.read_text(encoding="utf-8")
    bad = tmp_path / "cut.json"
    for cut in range(0, len(text) - 2, max(1, len(text) // 40)):
        bad.write_text(text[:cut], encoding="utf-8")
        with pytest.raises(ValueError):
            nn.load(bad)


def test_loading_into_a_different_architecture_is_value_error(saved):
    model, path, doc = saved
    for other in (
        nn.MLP(3, [5, 1], activation="relu", output_activation="sigmoid", seed=1),
        nn.MLP(3, [4, 1], activation="tanh", output_activation="sigmoid", seed=1),
        nn.MLP(2, [4, 1], activation="relu", output_activation="sigmoid", seed=1),
    ):
        before = [p.data for p in other.parameters()]
        with pytest.raises(ValueError):
            nn.load(path, other)
        assert [p.data for p in other.parameters()] == before


def test_load_state_dict_huge_int_is_value_error():
    model = xor_model()
    state = {k: 10**400 for k in model.state_dict()}
    with pytest.raises(ValueError):
        model.load_state_dict(state)


@pytest.mark.parametrize("state", [None, [], "state", 1.0, [("L1.N1.w1", 1.0)]])
def test_load_state_dict_rejects_non_dicts(state):
    with pytest.raises((TypeError, ValueError)):
        xor_model().load_state_dict(state)


def test_loading_never_unpickles(tmp_path):
    import pickle

    bad = tmp_path / "model.json"
    bad.write_bytes(pickle.dumps(xor_model().state_dict()))
    with pytest.raises(ValueError):
        nn.load(bad)


# ---- the chainrule command ----------------------------------------------------------------


def run_cli(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "viz", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


@pytest.mark.parametrize(
    "expression",
    [
        '__import__("os").system("touch pwned")',
        "a.__class__",
        "exec('1')",
        "a; import os",
        "a if a else a",
        "[a]",
        "lambda: a",
        "a\nb",
        "open('x')",
        "a ** ** a",
        "(" * 500 + "a" + ")" * 500,
        "a+" * 6000 + "a",
    ],
)
def test_cli_refuses_code_and_writes_nothing(expression, tmp_path):
    result = run_cli("graph", expression, "a=1", "-o", "out.svg", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "error" in result.stderr.lower()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.needs_dot
def test_cli_unicode_names_and_hostile_label(tmp_path):
    result = run_cli(
        "graph", "3*(비용 + b*c)", "비용=5", "b=3", "c=2", "--label", "<script>x</script>", "-o", "J.svg", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "33" in result.stdout
    svg = (tmp_path / "J.svg").read_text(encoding="utf-8")
    ET.fromstring(svg.encode("utf-8"))
    assert "<script>" not in svg and "비용" in svg


@pytest.mark.parametrize(
    "values", [["a=nan"], ["a=inf"], ["a=1e400"], ["a=0x10"], ["a=x"], ["a"], ["a=1", "a=2"], ["b=1"], []]
)
def test_cli_bad_values_exit_2(values, tmp_path):
    result = run_cli("graph", "a*2", *values, "-o", "out.svg", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("expression", ["log(a-a)", "a/(a-a)", "exp(exp(exp(a)))", "a**a**a**a**a", "a*" * 300 + "a"])
def test_cli_math_errors_and_huge_layouts_are_reported_not_crashes(expression, tmp_path):
    result = run_cli("graph", expression, "a=2", "-o", "out.svg", cwd=tmp_path)
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
