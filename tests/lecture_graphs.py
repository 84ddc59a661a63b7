"""Graphs from the lecture notes, built the same way by every test that needs them."""

from typing import NamedTuple

from autograd import Value


class JGraph(NamedTuple):
    """J = 3(a + bc) with the lecture's intermediate names u = bc and v = a + u."""

    a: Value
    b: Value
    c: Value
    u: Value
    v: Value
    J: Value


def j_graph(a: float = 5.0, b: float = 3.0, c: float = 2.0) -> JGraph:
    """Andrew Ng's J = 3(a + bc), at a = 5, b = 3, c = 2 unless told otherwise."""
    a, b, c = Value(a, label="a"), Value(b, label="b"), Value(c, label="c")
    u = b * c
    u.label = "u"
    v = a + u
    v.label = "v"
    J = 3 * v
    J.label = "J"
    return JGraph(a, b, c, u, v, J)
