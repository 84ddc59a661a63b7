"""Bad input gets a clear exception naming what was wrong; never a silent NaN or inf.

TypeError: not a number at all. ValueError: a number outside an op's domain
(the message names the op and the value). OverflowError: a result or a
gradient too large for a float (the message names the op).
"""

from __future__ import annotations

import math

import pytest

from autograd import Value


@pytest.mark.parametrize("data", ["x", None, "1.0", [1.0], (1.0,), 1j, Value])
def test_value_of_a_non_number_is_a_type_error(data):
    with pytest.raises(TypeError, match="Value"):
        Value(data)


@pytest.mark.parametrize("data", [True, False])
def test_value_of_a_bool_is_a_type_error(data):
    with pytest.raises(TypeError, match="bool"):
        Value(data)


def test_value_of_a_value_is_a_type_error():
    with pytest.raises(TypeError):
        Value(Value(1.0))


@pytest.mark.parametrize("data", [math.nan, math.inf, -math.inf])
def test_value_of_nan_or_inf_is_a_value_error(data):
    with pytest.raises(ValueError, match="finite"):
        Value(data)


def test_numpy_nan_is_a_value_error(require):
    np = require("numpy")
    with pytest.raises(ValueError, match="finite"):
        Value(np.float64("nan"))


@pytest.mark.parametrize("other", ["2", None, True, [1.0], math.nan, math.inf])
@pytest.mark.parametrize(
    "op",
    [
        lambda x, o: x + o,
        lambda x, o: o + x,
        lambda x, o: x - o,
        lambda x, o: o - x,
        lambda x, o: x * o,
        lambda x, o: o * x,
        lambda x, o: x / o,
        lambda x, o: x**o,
        lambda x, o: x.max(o),
        lambda x, o: x.leaky_relu(o),
    ],
)
def test_a_bad_operand_is_refused(op, other):
    expected = ValueError if isinstance(other, float) else TypeError
    with pytest.raises(expected):
        op(Value(2.0), other)


@pytest.mark.parametrize("x", [0.0, -0.0, -1.0, -1e-300])
def test_log_of_a_non_positive_value_names_the_op_and_the_value(x):
    with pytest.raises(ValueError, match="log") as error:
        Value(x).log()
    assert repr(x) in str(error.value)


def test_log_of_a_tiny_positive_value_is_fine():
    y = Value(1e-300).log()
    assert y.data == pytest.approx(math.log(1e-300)) and y.local_grads == pytest.approx((1e300,))


@pytest.mark.parametrize(
    "make",
    [
        lambda: Value(1.0) / 0,
        lambda: Value(1.0) / Value(0.0),
        lambda: 1 / Value(0.0),
        lambda: Value(0.0) / 0.0,
    ],
)
def test_division_by_zero_is_a_value_error(make):
    with pytest.raises(ValueError, match="/"):
        make()


@pytest.mark.parametrize("base, exponent", [(-8.0, 1 / 3), (-2.0, 0.5), (-1e-3, 2.5)])
def test_negative_base_with_fractional_exponent_is_a_value_error_never_complex(base, exponent):
    with pytest.raises(ValueError, match=r"\*\*") as error:
        Value(base) ** exponent
    assert repr(base) in str(error.value)


@pytest.mark.parametrize("exponent", [-1, -0.5, 0.5, -2])
def test_zero_to_a_power_with_infinite_slope_is_a_value_error(exponent):
    with pytest.raises(ValueError, match=r"\*\*"):
        Value(0.0) ** exponent


@pytest.mark.parametrize("base", [0.0, -2.0, -1e-9])
def test_a_value_exponent_needs_a_positive_base(base):
    with pytest.raises(ValueError, match="positive base"):
        Value(base) ** Value(2.0)
    with pytest.raises(ValueError, match="positive base"):
        base ** Value(2.0)


def test_a_negative_base_with_a_whole_number_exponent_is_fine():
    x = Value(-2.0)
    y = x**3
    y.backward()
    assert (y.data, x.grad) == (-8.0, 12.0)


@pytest.mark.parametrize(
    "symbol, make",
    [
        ("*", lambda: Value(1e200) * Value(1e200)),
        ("*", lambda: 1e200 * Value(1e200)),
        ("+", lambda: Value(1e308) + 1e308),
        ("-", lambda: -1e308 - Value(1e308)),
        ("/", lambda: Value(1e308) / 1e-10),
        ("**", lambda: Value(1e300) ** 2),
        ("**", lambda: 10 ** Value(400.0)),
        ("exp", lambda: Value(710.0).exp()),
        ("log", lambda: Value(1e-320).log()),  # 1/x, its slope, is too large
    ],
)
def test_overflow_names_the_op(symbol, make):
    with pytest.raises(OverflowError) as error:
        make()
    assert str(error.value).startswith(symbol + ":")


def test_exp_just_below_overflow_is_finite():
    y = Value(709.0).exp()
    assert math.isfinite(y.data) and y.local_grads == (y.data,)


@pytest.mark.parametrize("x", [1000.0, -1000.0, 40.0, -40.0, 1e300, -1e300])
def test_sigmoid_and_tanh_never_overflow(x):
    for y in (Value(x).sigmoid(), Value(x).tanh()):
        assert math.isfinite(y.data) and math.isfinite(y.local_grads[0])
    assert 0.0 <= Value(x).sigmoid().data <= 1.0


def test_no_op_ever_returns_nan():
    """Every op at a spread of points: a finite result or an exception, never NaN or inf."""
    points = [0.0, -0.0, 1e-320, 1e-300, 0.5, 1.0, 2.0, 710.0, 1e300, -0.5, -1.0, -710.0, -1e300]
    unary = ["exp", "log", "tanh", "sigmoid", "relu", "leaky_relu", "__neg__"]
    binary = ["__add__", "__sub__", "__mul__", "__truediv__", "__pow__", "max"]
    reflected = ["__radd__", "__rsub__", "__rmul__", "__rtruediv__", "__rpow__"]  # number op Value
    outcomes = 0
    for x in points:
        for name in unary:
            outcomes += _finite_or_raises(lambda: getattr(Value(x), name)())
        for y in points:
            for name in binary:
                outcomes += _finite_or_raises(lambda: getattr(Value(x), name)(y))
                outcomes += _finite_or_raises(lambda: getattr(Value(x), name)(Value(y)))
            for name in reflected:
                outcomes += _finite_or_raises(lambda: getattr(Value(x), name)(y))
    assert outcomes == len(points) * (len(unary) + len(points) * (2 * len(binary) + len(reflected)))


def _finite_or_raises(make) -> int:
    try:
        out = make()
    except (ValueError, OverflowError) as error:
        assert str(error), "an exception without a message"
        return 1
    assert math.isfinite(out.data), out
    assert all(math.isfinite(g) for g in out.local_grads), out
    out.backward()
    assert all(math.isfinite(v.grad) for v in out.inputs + (out,))
    return 1


def test_a_constant_checks_its_label_like_any_value():
    from autograd import Constant

    with pytest.raises(TypeError, match="label must be a str"):
        Constant(2.0, label=5)
    with pytest.raises(TypeError, match="a number in an expression"):
        Constant("2")
