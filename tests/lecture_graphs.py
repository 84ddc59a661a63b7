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


class WikidocsNetwork(NamedTuple):
    """The 2-2-2 sigmoid network of wikidocs 07-05 (no biases, 8 weights), its outputs and its loss E."""

    model: object
    o1: Value
    o2: Value
    E: Value


#: The lecture's weights w1 ... w8, in the order of ``model.weights()``.
WIKIDOCS_WEIGHTS = (0.30, 0.25, 0.40, 0.35, 0.45, 0.40, 0.70, 0.60)


def wikidocs_network(x=(0.1, 0.2), targets=(0.4, 0.6)) -> WikidocsNetwork:
    """x = (0.1, 0.2), targets (0.4, 0.6), E = the MSE of the two outputs (= (1/2) sum of squared errors)."""
    import nn

    model = nn.MLP(2, [2, 2], activation="sigmoid", output_activation="sigmoid", bias=False)
    for w, value in zip(model.weights(), WIKIDOCS_WEIGHTS, strict=True):
        w.data = value
    o1, o2 = model(list(x))
    E = nn.mse([o1, o2], list(targets))
    E.label = "E"
    return WikidocsNetwork(model, o1, o2, E)
