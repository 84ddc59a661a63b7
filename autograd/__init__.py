"""chainrule's scalar autograd engine.

Every number is a ``Value`` that records the operation that made it and the
local gradient of that operation; ``backward()`` applies the chain rule
over the recorded graph.

>>> from autograd import Value
>>> a, b, c = Value(5.0, label="a"), Value(3.0, label="b"), Value(2.0, label="c")
>>> u = b * c; v = a + u; J = 3 * v
>>> J.backward()
>>> (J.data, a.grad, b.grad, c.grad)
(33.0, 3.0, 6.0, 9.0)
"""

from typing import TYPE_CHECKING

from . import words  # the phrases learners read, English and Korean (pure data: loads nothing)
from .backprop import BackwardStep, backward_steps, pause_gc, topological_order
from .context import Scope, is_recording, no_grad, scope
from .grad import grad, jacobian
from .value import Constant, Value, add
from .weighted import weighted_sum

__all__ = [
    "Value",
    "Constant",
    "add",
    "grad",
    "jacobian",
    "no_grad",
    "is_recording",
    "scope",
    "Scope",
    "BackwardStep",
    "backward_steps",
    "topological_order",
    "pause_gc",
    "weighted_sum",
    "words",
]

__version__ = "0.1.0"

if TYPE_CHECKING:  # what __getattr__ below gives, for type checkers (at run time: only when asked for)
    from .tape import ARRAY_MATH as ARRAY_MATH
    from .tape import ArrayMath as ArrayMath
    from .tape import Tape as Tape


def __getattr__(name: str) -> object:
    # The batch tape needs numpy; import it only when asked for, so that
    # ``import autograd`` stays light (a learner's first import loads nothing else).
    if name in ("Tape", "ArrayMath", "ARRAY_MATH"):
        from . import tape

        return getattr(tape, name)
    raise AttributeError(f"module 'autograd' has no attribute {name!r}")
