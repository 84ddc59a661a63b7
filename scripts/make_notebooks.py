"""Build the teaching notebooks in notebooks/ from the cells below, run them, save them with outputs.

This file is the source of truth for the notebooks: edit the cells here, then run

    .venv/bin/python scripts/make_notebooks.py            # all notebooks
    .venv/bin/python scripts/make_notebooks.py 03 04      # only those whose name starts so

Each notebook is executed top to bottom with nbclient (kernel "python3", the
working directory notebooks/, so generated files go to notebooks/out/, which
git ignores) and written with its outputs, so it reads on GitHub as it ran.
A failing check (an ``assert`` on a lecture's number) stops the build.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from textwrap import dedent

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CELL_TIMEOUT = 120  # seconds per cell
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def md(text: str):
    return nbformat.v4.new_markdown_cell(dedent(text).strip())


def code(text: str):
    return nbformat.v4.new_code_cell(dedent(text).strip())


SETUP = r"""
%matplotlib inline
import math
import random
from pathlib import Path

import matplotlib.pyplot as plt
from IPython.display import display

from autograd import Value
import nn
import viz
import viz.plots

SEED = 0                      # every random choice below starts from this seed
OUT = Path("out")             # generated files (git ignores notebooks/out/)
OUT.mkdir(exist_ok=True)
plt.rcParams["figure.dpi"] = 80


def check(name, got, expected, tol=1e-9, source="lecture"):
    # Print a number next to the expected one (the lecture's), and stop the notebook if they differ.
    print(f"{name:>14} = {got:.8g}   ({source}: {expected:.8g})")
    assert abs(got - expected) <= tol, f"{name}: got {got}, the {source} says {expected}"


print(f"seed {SEED}; generated files go to {OUT}/")
"""


# ---------------------------------------------------------------------------------------------
# 01: the computation graph J = 3(a + bc), stepping backward, CS231n's gates
# ---------------------------------------------------------------------------------------------
def notebook_01() -> list:
    return [
        md(r"""
        # 01 · The computation graph: J = 3(a + bc)

        **What this notebook teaches:** how a computation graph (계산 그래프) computes a value in the
        forward pass (순전파, forward propagation) and its derivatives in the backward pass
        (역전파, backpropagation): each node multiplies the *upstream* gradient by its *local*
        gradient (연쇄법칙, the chain rule); derivatives multiply along a path and add where paths
        meet. Then CS231n's gate patterns: add distributes, multiply swaps, max routes, a copy adds.

        **Lecture notes followed:** `004` (the computation graph J(a, b, c) = 3(a + bc) with
        u = bc, v = a + u, and "multiply along a path, add where paths meet") and `002`
        (CS231n lecture 4: upstream gradient × local gradient; forward stores values for backward).
        """),
        code(SETUP),
        md(r"""
        ## 1. Forward pass (순전파)

        The lecture computes J(a, b, c) = 3(a + bc) at a = 5, b = 3, c = 2 in three steps:
        u = bc, v = a + u, J = 3v. Every `Value` records the op that made it and its inputs.
        The cost is labelled in Korean, **비용 J** (cost J), as the lecture writes it.
        """),
        code(r"""
        a = Value(5.0, label="a")
        b = Value(3.0, label="b")
        c = Value(2.0, label="c")
        u = b * c;  u.label = "u"
        v = a + u;  v.label = "v"
        J = 3 * v;  J.label = "비용 J"

        check("u = bc", u.data, 6)
        check("v = a + u", v.data, 11)
        check("J = 3v", J.data, 33)
        """),
        md(r"""
        The forward pass also **stores what the backward pass will need** (lecture 002): each node
        keeps the local gradient of its op with respect to each input, computed right now from the
        forward values. For u = bc that is ∂u/∂b = c = 2 and ∂u/∂c = b = 3.
        Before any backward pass, the drawing shows every gradient as `grad ?` (not computed yet).
        """),
        code(r"""
        print("u.inputs      =", [x.label for x in u.inputs])
        print("u.local_grads =", u.local_grads, "  (du/db = c, du/dc = b)")
        print("J.inputs      =", [x.label or x.data for x in J.inputs], "  (the 3 is a constant leaf)")
        viz.draw(J)
        """),
        md(r"""
        ## 2. The backward pass, node by node (역전파)

        `J.backward_steps()` lists what `J.backward()` will do, one node at a time, from the output
        back to the inputs: the node's **upstream** gradient dJ/d(node), its **local** gradients,
        and their products, which flow to its inputs. It changes nothing yet.
        """),
        code(r"""
        steps = J.backward_steps()
        for k, s in enumerate(steps, 1):
            flows = ", ".join(f"to {x.label or x.data}: {s.upstream:g} × {lg:g} = {p:g}"
                              for x, lg, p in zip(s.inputs, s.local_grads, s.products))
            print(f"step {k}: {s.node.label or s.node.data}  upstream {s.upstream:g}   {flows or '(a leaf: nothing to pass on)'}")
        """),
        md(r"""
        The same steps drawn: after step *k* the node just processed is highlighted, every edge
        it feeds reads `upstream × local = gradient to input`, and nodes not reached yet still say
        `grad ?`. (Step 0 is the state before the pass: nothing is computed yet. The pass starts
        by giving the root its gradient dJ/dJ = 1, which step 1 shows.)
        """),
        code(r"""
        for k in range(len(steps) + 1):
            display(viz.draw(J, step=k, legend=(k == 0)))
        """),
        md(r"""
        The same walk as one HTML page with Prev/Next buttons, a slider and the arrow keys
        (self-contained: open it in a browser, offline): `viz.stepper_html`.
        """),
        code(r"""
        page = viz.stepper_html(J, OUT / "J_stepper.html", title="J = 3(a + bc): backward pass")
        print("wrote", page.as_posix(), "- open it in a browser and step with the arrow keys")
        """),
        md(r"""
        Now the real pass. `backward()` adds each node's gradient into `.grad`. The numbers are the
        lecture's: dJ/dv = 3, dJ/du = 3, dJ/da = 3, dJ/db = 6, dJ/dc = 9.
        """),
        code(r"""
        J.backward()
        check("dJ/dv", v.grad, 3)
        check("dJ/du", u.grad, 3)
        check("dJ/da", a.grad, 3)
        check("dJ/db", b.grad, 6)
        check("dJ/dc", c.grad, 9)
        viz.draw(J)
        """),
        md(r"""
        ## 3. Multiply along a path, add where paths meet

        Lecture 004: to get dJ/db, multiply the derivatives along the path from J down to b:
        dJ/db = dJ/dv · dv/du · du/db = 3 · 1 · c = 6. The helper below finds every path from a node
        down to a leaf in the recorded graph and multiplies the local gradients along it; the
        derivative is the **sum over all paths**.
        """),
        code(r"""
        def name(node):
            return node.label or f"{node.data:g}"


        def paths(node, leaf):
            # Every path from node down to leaf, as a list of (consumer, input, local gradient) hops.
            if node is leaf:
                return [[]]
            return [[(node, x, local)] + rest
                    for x, local in zip(node.inputs, node.local_grads)
                    for rest in paths(x, leaf)]


        def derivative_by_paths(root, leaf):
            total = 0.0
            for path in paths(root, leaf):
                product = math.prod(local for _, _, local in path)
                hops = " → ".join([name(root)] + [name(x) for _, x, _ in path])
                factors = " × ".join(f"{local:g}" for _, _, local in path)
                print(f"   path {hops}:  {factors} = {product:g}")
                total += product
            return total


        for leaf in (a, b, c):
            print(f"dJ/d{leaf.label}:")
            total = derivative_by_paths(J, leaf)
            assert total == leaf.grad
            print(f"   sum over paths = {total:g} = {leaf.label}.grad")
        """),
        md(r"""
        In J every leaf has one path. When a value is used twice, paths split and meet again, and
        their products **add**. Take K = 3x + x·x at x = 2: x reaches K along three paths
        (through 3x, and through each of the two inputs of x·x), so
        dK/dx = 3 + 2 + 2 = 7, which is the calculus answer 3 + 2x.
        """),
        code(r"""
        x = Value(2.0, label="x")
        p = 3 * x;  p.label = "p = 3x"
        q = x * x;  q.label = "q = x·x"
        K = p + q;  K.label = "K"
        K.backward()
        print("dK/dx:")
        total = derivative_by_paths(K, x)
        check("dK/dx", x.grad, 3 + 2 * x.data, source="3 + 2x")
        assert total == x.grad
        viz.draw(K)
        """),
        md(r"""
        ## 4. CS231n: f = (x + y) · z

        Lecture 002's first example, at x = −2, y = 5, z = −4: q = x + y = 3, f = q·z = −12.
        Backward: df/dz = q = 3, df/dq = z = −4, and the add node passes −4 on to both x and y.
        """),
        code(r"""
        x = Value(-2.0, label="x")
        y = Value(5.0, label="y")
        z = Value(-4.0, label="z")
        q = x + y;  q.label = "q"
        f = q * z;  f.label = "f"
        f.backward()
        check("q", q.data, 3)
        check("f", f.data, -12)
        check("df/dx", x.grad, -4)
        check("df/dy", y.grad, -4)
        check("df/dz", z.grad, 3)
        viz.draw(f)
        """),
        md(r"""
        ## 5. Gate patterns

        Each gate below gets the same upstream gradient, 2 (its output is multiplied by 2), at
        x = 3, y = −1. What each gate does with it:

        | gate | local gradients | what happens to the upstream gradient |
        | --- | --- | --- |
        | add `x + y` | 1, 1 | **distributes**: both inputs get it unchanged |
        | multiply `x * y` | y, x | **swaps**: each input gets it times the *other* input |
        | max `x.max(y)` | 1 for the larger, 0 for the other | **routes**: all of it goes to the larger input |
        | copy (x used twice) | | **adds**: the gradients from both uses are summed |
        """),
        code(r"""
        def gate(build):
            x, y = Value(3.0, label="x"), Value(-1.0, label="y")
            out = 2 * build(x, y)       # upstream gradient 2 at the gate
            out.backward()
            return x.grad, y.grad

        print("gate       x.grad  y.grad")
        add_g = gate(lambda x, y: x + y);       print("add       ", *add_g)
        mul_g = gate(lambda x, y: x * y);       print("multiply  ", *mul_g)
        max_g = gate(lambda x, y: x.max(y));    print("max       ", *max_g)

        assert add_g == (2.0, 2.0)                      # distributes
        assert mul_g == (2 * -1.0, 2 * 3.0)             # swaps: x gets 2·y, y gets 2·x
        assert max_g == (2.0, 0.0)                      # routes to the larger input (x = 3)
        """),
        md(r"""
        A **copy**: x feeds two nodes, 4x and 5x. Each use sends a gradient back, and x's gradient
        is their sum, 4 + 5 = 9. The drawing keeps both edges out of x.
        """),
        code(r"""
        x = Value(3.0, label="x")
        s = x * 4 + x * 5;  s.label = "s"
        s.backward()
        check("ds/dx", x.grad, 4 + 5, source="4 + 5")
        viz.draw(s)
        """),
        md(r"""
        The same holds when a value is used twice by *one* node: `x + x` has inputs `(x, x)` and
        two edges, and x's gradient is 1 + 1 = 2. The max gate routes, drawn:
        """),
        code(r"""
        x, y = Value(3.0, label="x"), Value(-1.0, label="y")
        twice = x + x
        assert twice.inputs == (x, x)
        m = x.max(y);  m.label = "max"
        g = 2 * m;     g.label = "g"
        g.backward()
        print(f"x.grad = {x.grad}, y.grad = {y.grad} (the smaller input gets nothing)")
        viz.draw(g)
        """),
        md(r"""
        **Summary.** Forward: compute and store values and local gradients. Backward: start with 1
        at the output; at each node multiply the upstream gradient by the local gradient and pass it
        on; a node reached along several paths adds what arrives. Next: `02_logistic_regression`.
        """),
    ]


# ---------------------------------------------------------------------------------------------
# 02: logistic regression, one sigmoid neuron with binary cross-entropy
# ---------------------------------------------------------------------------------------------
def notebook_02() -> list:
    return [
        md(r"""
        # 02 · Logistic regression: one sigmoid neuron

        **What this notebook teaches:** logistic regression (로지스틱 회귀) as one neuron,
        ŷ = a = σ(w·x + b); the binary cross-entropy loss; the cost J(w, b) as the mean loss over
        m examples; gradient descent w := w − α·dJ/dw (경사 하강법); and the lecture's key result
        **dz = a − y**, checked against the engine and against finite differences (수치 미분).

        **Lecture notes followed:** `004` (logistic regression, cross-entropy cost J(w, b), gradient
        descent, dz = a − y, da = −y/a + (1−y)/(1−a)) and `000` (one node of a network is logistic
        regression; a 64×64×3 image is a vector of 12288 features).
        """),
        code(SETUP),
        md(r"""
        ## 1. A small data set

        40 points in the plane, two classes (0 and 1), drawn from two Gaussian clouds that overlap
        a little. Generated from `random.Random(SEED)`, so every run gives the same data.
        """),
        code(r"""
        rng = random.Random(SEED)
        X, Y = [], []
        for i in range(40):
            label = i % 2
            centre = (1.5, 1.5) if label == 1 else (-1.0, -0.5)
            X.append([centre[0] + rng.gauss(0, 1.0), centre[1] + rng.gauss(0, 1.0)])
            Y.append(label)
        print(len(X), "examples, first three:", [[round(v, 2) for v in x] for x in X[:3]], Y[:3])
        """),
        md(r"""
        ## 2. One neuron, one example

        `nn.Neuron(2, activation="sigmoid")` is logistic regression: z = w1·x1 + w2·x2 + b,
        a = σ(z). For one example the loss is the binary cross-entropy

        L(a, y) = −( y·log a + (1 − y)·log(1 − a) ).

        The graph below is one example's loss, labelled **손실 L** (loss L); parameters are shaded.
        (`nn.binary_cross_entropy` clamps log at −100 with a `max` node, as PyTorch does, so a
        probability of exactly 0 or 1 gives a large finite loss instead of log 0.)
        """),
        code(r"""
        neuron = nn.Neuron(2, activation="sigmoid", seed=SEED)
        x0, y0 = X[0], Y[0]
        a = neuron(x0)
        L = nn.binary_cross_entropy(a, y0);  L.label = "손실 L"
        L.backward()
        print(f"x = {[round(v, 3) for v in x0]}, y = {y0}, a = {a.data:.4f}, L = {L.data:.4f}")
        viz.draw(L, params=neuron.parameters())
        """),
        md(r"""
        ## 3. dz = a − y

        The lecture derives, with the chain rule,

        - da = dL/da = −y/a + (1 − y)/(1 − a)
        - dz = dL/dz = da · a(1 − a) = **a − y** (σ'(z) = a(1 − a))
        - dw1 = x1·dz, dw2 = x2·dz, db = dz

        The engine's numbers, the lecture's formulas, and finite differences
        (L(θ + h) − L(θ − h)) / 2h computed in plain Python all agree:
        """),
        code(r"""
        z = a.inputs[0]                       # the neuron's weighted sum: a = sigmoid(z)
        w1, w2 = neuron.w
        b = neuron.b
        print(f"engine: dL/da = {a.grad:.10f}   formula -y/a + (1-y)/(1-a) = {-y0 / a.data + (1 - y0) / (1 - a.data):.10f}")
        print(f"engine: dL/dz = {z.grad:.10f}   formula a - y                = {a.data - y0:.10f}")
        assert math.isclose(z.grad, a.data - y0, rel_tol=1e-12, abs_tol=1e-15)
        assert math.isclose(a.grad, -y0 / a.data + (1 - y0) / (1 - a.data), rel_tol=1e-12)


        def loss_plain(w1_, w2_, b_, x=x0, y=y0):
            # The same loss in plain Python floats: no engine involved.
            a_ = 1 / (1 + math.exp(-(w1_ * x[0] + w2_ * x[1] + b_)))
            return -(y * math.log(a_) + (1 - y) * math.log(1 - a_))


        h = 1e-6
        params = [w1.data, w2.data, b.data]
        for k, (p, formula) in enumerate([(w1, x0[0] * z.grad), (w2, x0[1] * z.grad), (b, z.grad)]):
            up, down = list(params), list(params)
            up[k] += h
            down[k] -= h
            numeric = (loss_plain(*up) - loss_plain(*down)) / (2 * h)
            print(f"dL/d{p.label}: engine {p.grad:+.8f}   formula {formula:+.8f}   finite difference {numeric:+.8f}")
            assert math.isclose(p.grad, formula, rel_tol=1e-12)
            assert abs(p.grad - numeric) < 1e-7
        """),
        md(r"""
        ## 4. Gradient descent on the cost J(w, b)

        The cost is the mean loss over all m examples, J(w, b) = (1/m) Σ L(a⁽ⁱ⁾, y⁽ⁱ⁾)
        (`nn.binary_cross_entropy` of lists takes that mean). Each iteration: forward over all
        examples, J.backward(), then w := w − α·dJ/dw for every parameter. The lecture writes the
        gradient of the cost as dw = (1/m) Σ x⁽ⁱ⁾(a⁽ⁱ⁾ − y⁽ⁱ⁾); the first iteration checks the
        engine against that formula.
        """),
        code(r"""
        neuron = nn.Neuron(2, activation="sigmoid", seed=SEED)
        alpha = 0.5                             # learning rate (학습률)
        costs = []
        for iteration in range(100):
            neuron.zero_grad()
            A = [neuron(x) for x in X]          # forward pass over all m examples
            J = nn.binary_cross_entropy(A, Y)   # J(w, b): the mean loss
            J.backward()
            if iteration == 0:
                m = len(X)
                dw1 = sum(x[0] * (a_.data - y) for x, a_, y in zip(X, A, Y)) / m
                db = sum(a_.data - y for a_, y in zip(A, Y)) / m
                print(f"iteration 0: dJ/dw1 engine {neuron.w[0].grad:.10f}, formula {dw1:.10f}")
                print(f"iteration 0: dJ/db  engine {neuron.b.grad:.10f}, formula {db:.10f}")
                assert math.isclose(neuron.w[0].grad, dw1, rel_tol=1e-12)
                assert math.isclose(neuron.b.grad, db, rel_tol=1e-12)
            for p in neuron.parameters():
                p.data -= alpha * p.grad        # w := w - alpha * dJ/dw
            costs.append(J.data)

        accuracy = nn.accuracy(neuron.predict(X), Y)
        w1, w2 = (w.data for w in neuron.w)
        print(f"cost: {costs[0]:.4f} -> {costs[-1]:.4f};  accuracy {accuracy:.0%}")
        print(f"learned: w1 = {w1:.3f}, w2 = {w2:.3f}, b = {neuron.b.data:.3f}")
        assert costs[-1] < costs[0] and accuracy >= 0.85
        """),
        code(r"""
        fig, ax = plt.subplots(figsize=(5, 2.8))
        ax.plot(range(1, len(costs) + 1), costs)
        ax.set_xlabel("iteration")
        ax.set_ylabel("cost J(w, b)")
        ax.set_title("gradient descent on the cross-entropy cost")
        plt.show()
        """),
        md(r"""
        The neuron separates the plane with a straight line, w1·x1 + w2·x2 + b = 0, where
        a = 0.5; the shading is the predicted probability of class 1.
        """),
        code(r"""
        viz.plots.plot_decision_boundary(neuron, X, Y, resolution=80, title="logistic regression: one neuron")
        """),
        md(r"""
        `nn.fit` runs exactly this loop (full batch, plain gradient descent) and returns the cost
        of every iteration; from the same starting weights it gives the same costs.
        """),
        code(r"""
        same_start = nn.Neuron(2, activation="sigmoid", seed=SEED)
        history = nn.fit(same_start, X, Y, loss="bce", optimizer="sgd", lr=alpha, epochs=100,
                         batch_size=None, verbose=False)
        print(history)
        assert max(abs(h1 - h2) for h1, h2 in zip(history.loss, costs)) < 1e-9
        print("nn.fit's costs equal the hand-written loop's (within 1e-9)")
        """),
        md(r"""
        ## 5. From pixels to parameters

        Lecture 004's cat classifier reads a 64×64 RGB image as one vector of 64·64·3 = 12288
        numbers. Logistic regression on it is still one neuron, with 12288 weights and one bias.
        """),
        code(r"""
        cat_neuron = nn.Neuron(64 * 64 * 3, activation="sigmoid", seed=SEED)
        print("features:", 64 * 64 * 3, " parameters:", len(cat_neuron.parameters()))
        assert len(cat_neuron.parameters()) == 12288 + 1
        """),
    ]


# ---------------------------------------------------------------------------------------------
# 03: the wikidocs 2-2-2 backprop example
# ---------------------------------------------------------------------------------------------
def notebook_03() -> list:
    return [
        md(r"""
        # 03 · Backpropagation by hand, reproduced by the engine

        **What this notebook teaches:** every number of the classic hand-worked backpropagation
        example (오차 역전파): a 2-2-2 network with sigmoid everywhere, its forward pass, the total
        error, all eight weight gradients by the chain rule (연쇄법칙), and one step of gradient
        descent (경사 하강법) with learning rate 0.5. The engine computes them; the hand formulas,
        evaluated in plain Python, check them.

        **Lecture notes followed:** `001` (the wikidocs 07-05 worked example: inputs 0.1 and 0.2,
        targets 0.4 and 0.6, outputs "about 0.609 and 0.663"; 순전파 → 역전파 → parameter update),
        with `000` (forward then backward propagation through layers) and `002` (upstream × local).
        """),
        code(SETUP),
        md(r"""
        ## 1. The network

        Inputs x1 = 0.1, x2 = 0.2. Hidden layer: h1 = σ(w1·x1 + w2·x2), h2 = σ(w3·x1 + w4·x2).
        Output layer: o1 = σ(w5·h1 + w6·h2), o2 = σ(w7·h1 + w8·h2). No biases.
        Weights: w1 = 0.3, w2 = 0.25, w3 = 0.4, w4 = 0.35, w5 = 0.45, w6 = 0.4, w7 = 0.7, w8 = 0.6.

        `nn.MLP(2, [2, 2])` has exactly these weights (labelled L{layer}.N{neuron}.w{k}) plus a bias per
        neuron; we set the biases to 0 and leave them out of the update, so the network is the
        lecture's.
        """),
        code(r"""
        x1, x2 = 0.1, 0.2
        t1, t2 = 0.4, 0.6
        lecture_weights = {"w1": 0.30, "w2": 0.25, "w3": 0.40, "w4": 0.35,
                           "w5": 0.45, "w6": 0.40, "w7": 0.70, "w8": 0.60}
        where = {"w1": "L1.N1.w1", "w2": "L1.N1.w2", "w3": "L1.N2.w1", "w4": "L1.N2.w2",
                 "w5": "L2.N1.w1", "w6": "L2.N1.w2", "w7": "L2.N2.w1", "w8": "L2.N2.w2"}

        model = nn.MLP(2, [2, 2], activation="sigmoid", output_activation="sigmoid")
        state = {p.label: 0.0 for p in model.parameters()}            # biases 0
        state.update({where[k]: v for k, v in lecture_weights.items()})
        model.load_state_dict(state)
        W = {k: next(p for p in model.parameters() if p.label == where[k]) for k in lecture_weights}
        print(model)
        for k, p in W.items():
            print(f"{k} is {p.label} = {p.data}")
        """),
        md(r"""
        ## 2. Forward pass (순전파)

        The hidden layer first, then the output layer. z is a neuron's weighted sum (the input
        of its sigmoid). The error is the lecture's E_total = ½ Σ (target − output)²,
        labelled **전체 오차 E_total**.
        """),
        code(r"""
        h1, h2 = model.layers[0]([x1, x2])
        o1, o2 = model.layers[1]([h1, h2])
        z1, z2, z3, z4 = (n.inputs[0] for n in (h1, h2, o1, o2))    # a = sigmoid(z)
        E = 0.5 * ((t1 - o1) ** 2 + (t2 - o2) ** 2)
        E.label = "전체 오차 E_total"

        # The lecture's numbers (wikidocs 07-05, to 8 decimals):
        check("z1", z1.data, 0.08, tol=5e-9, source="wikidocs")
        check("z2", z2.data, 0.11, tol=5e-9, source="wikidocs")
        check("h1", h1.data, 0.51998934, tol=5e-9, source="wikidocs")
        check("h2", h2.data, 0.52747230, tol=5e-9, source="wikidocs")
        check("z3", z3.data, 0.44498412, tol=5e-9, source="wikidocs")
        check("z4", z4.data, 0.68047592, tol=5e-9, source="wikidocs")
        check("o1", o1.data, 0.60944600, tol=5e-9, source="wikidocs")
        check("o2", o2.data, 0.66384491, tol=5e-9, source="wikidocs")
        check("E_total", E.data, 0.02397190, tol=5e-9, source="wikidocs")
        print("lecture 001 rounds the outputs down to 0.609 and 0.663:", math.floor(o1.data * 1000) / 1000, math.floor(o2.data * 1000) / 1000)
        assert (math.floor(o1.data * 1000), math.floor(o2.data * 1000)) == (609, 663)
        """),
        md(r"""
        The same numbers from the forward formulas in plain Python floats (no engine), so the checks
        above are not the engine checking itself:
        """),
        code(r"""
        def sigmoid(t):
            return 1 / (1 + math.exp(-t))

        w = dict(lecture_weights)
        H1 = sigmoid(w["w1"] * x1 + w["w2"] * x2)
        H2 = sigmoid(w["w3"] * x1 + w["w4"] * x2)
        O1 = sigmoid(w["w5"] * H1 + w["w6"] * H2)
        O2 = sigmoid(w["w7"] * H1 + w["w8"] * H2)
        E_plain = 0.5 * ((t1 - O1) ** 2 + (t2 - O2) ** 2)
        for name_, engine, plain in [("h1", h1, H1), ("h2", h2, H2), ("o1", o1, O1), ("o2", o2, O2), ("E_total", E, E_plain)]:
            print(f"{name_:>8}: engine {engine.data:.12f}   plain Python {plain:.12f}")
            assert math.isclose(engine.data, plain, rel_tol=1e-14)
        """),
        md(r"""
        The whole computation as a graph: inputs, the eight weights (and the zero biases) as shaded
        parameters, each neuron boxed.
        """),
        code(r"""
        viz.draw(E, params=model.parameters(), precision=5)
        """),
        md(r"""
        ## 3. Backward pass (역전파)

        **Step 1, output layer.** For w5 the chain rule has three factors (the lecture's "우변 1항,
        2항, 3항"):

        ∂E/∂w5 = ∂E/∂o1 · ∂o1/∂z3 · ∂z3/∂w5 = (o1 − t1) · o1(1 − o1) · h1

        and likewise w6 (· h2), w7 and w8 (with o2, t2). Write δ1 = (o1 − t1)·o1(1 − o1) and
        δ2 = (o2 − t2)·o2(1 − o2).

        **Step 2, hidden layer.** h1 reaches E through both outputs, so its gradient is a sum:
        ∂E/∂h1 = δ1·w5 + δ2·w7, and ∂E/∂w1 = ∂E/∂h1 · h1(1 − h1) · x1 (w2: · x2);
        ∂E/∂h2 = δ1·w6 + δ2·w8, and ∂E/∂w3 = ∂E/∂h2 · h2(1 − h2) · x1 (w4: · x2).
        """),
        code(r"""
        E.backward()

        d1 = (O1 - t1) * O1 * (1 - O1)
        d2 = (O2 - t2) * O2 * (1 - O2)
        dH1 = d1 * w["w5"] + d2 * w["w7"]
        dH2 = d1 * w["w6"] + d2 * w["w8"]
        by_hand = {
            "w5": d1 * H1, "w6": d1 * H2, "w7": d2 * H1, "w8": d2 * H2,
            "w1": dH1 * H1 * (1 - H1) * x1, "w2": dH1 * H1 * (1 - H1) * x2,
            "w3": dH2 * H2 * (1 - H2) * x1, "w4": dH2 * H2 * (1 - H2) * x2,
        }
        print("weight   engine dE/dw      hand formula")
        for k in ["w5", "w6", "w7", "w8", "w1", "w2", "w3", "w4"]:
            print(f"{k:>6}   {W[k].grad:.10f}    {by_hand[k]:.10f}")
            assert math.isclose(W[k].grad, by_hand[k], rel_tol=1e-12)
        check("dE/dw5", W["w5"].grad, 0.02592286, tol=5e-9, source="wikidocs")
        check("dE/dh1", h1.grad, dH1, tol=1e-15, source="hand formula")
        """),
        md(r"""
        The drawing after the backward pass: every edge reads `upstream × local = gradient`.
        The network view below shows the same gradients one box per neuron.
        """),
        code(r"""
        viz.draw(E, params=model.parameters(), precision=5)
        """),
        code(r"""
        viz.draw_network(model, x=[x1, x2], title="2-2-2 sigmoid network after backward", precision=5)
        """),
        md(r"""
        ## 4. One step of gradient descent (가중치 업데이트)

        New weight = old weight − α · ∂E/∂w with α = 0.5, for all eight weights at once (the hidden
        layer's gradients were computed with the *old* w5..w8). `nn.SGD` does exactly that; it gets
        the weights only (`model.weights()`), so the zero biases stay zero.
        """),
        code(r"""
        old = {k: p.data for k, p in W.items()}
        optimizer = nn.SGD(model.weights(), lr=0.5)
        optimizer.step()

        # The output layer's new weights as wikidocs 07-05 prints them (8 decimals):
        published = {"w5": 0.43703857, "w6": 0.38685205, "w7": 0.69629578, "w8": 0.59624247}
        print("weight    old     new (engine)    old - 0.5 * grad by hand    lecture")
        for k in ["w5", "w6", "w7", "w8", "w1", "w2", "w3", "w4"]:
            hand = old[k] - 0.5 * by_hand[k]
            shown = f"{published[k]:.8f}" if k in published else ""
            print(f"{k:>6}   {old[k]:.2f}    {W[k].data:.8f}      {hand:.8f}                {shown}")
            assert math.isclose(W[k].data, hand, rel_tol=1e-12)
            if k in published:
                assert abs(W[k].data - published[k]) < 5e-9
        assert all(p.data == 0.0 for p in model.parameters() if p.label.endswith(".b"))
        """),
        md(r"""
        The same forward pass with the new weights: the error went down.
        """),
        code(r"""
        o1_new, o2_new = model([x1, x2])
        E_new = 0.5 * ((t1 - o1_new) ** 2 + (t2 - o2_new) ** 2)
        print(f"outputs {o1.data:.6f}, {o2.data:.6f}  ->  {o1_new.data:.6f}, {o2_new.data:.6f}   (targets {t1}, {t2})")
        print(f"E_total {E.data:.8f}  ->  {E_new.data:.8f}")
        assert E_new.data < E.data
        """),
        md(r"""
        **Summary.** Forward: z, h, o and E. Backward, output layer first: δ = (o − t)·o(1 − o),
        ∂E/∂w = δ · (the input on that weight); hidden layer: the δ's of both outputs, weighted and
        summed, times h(1 − h) times the input. Then one update. The engine does the same
        multiplications, and its drawing shows each one on an edge.
        """),
    ]


# ---------------------------------------------------------------------------------------------
# 04: XOR
# ---------------------------------------------------------------------------------------------
def notebook_04() -> list:
    return [
        md(r"""
        # 04 · XOR: why one neuron is not enough, and an MLP that learns it

        **What this notebook teaches:** the perceptron (퍼셉트론) with a step function; the OR,
        NAND and AND gates as single perceptrons; why no single neuron can compute XOR (its decision
        boundary is one straight line); XOR = AND(OR, NAND) wired as a two-layer network (다층
        퍼셉트론, MLP); an MLP trained on XOR with its loss curve, decision boundary and neuron-level
        drawing; and counting parameters (3-4-1 has 21).

        **Lecture notes followed:** `001` (perceptron, step function, XOR from OR / NAND / AND,
        MLP), `003` (limits of linear classifiers, a hidden layer transforming the data until it is
        linearly separable) and `000` (3 features, 4 hidden, 1 output: 16 + 5 = 21 parameters).
        """),
        code(SETUP),
        md(r"""
        ## 1. Perceptrons and logic gates

        A perceptron: weighted sum, then a step function (threshold, 임계값):
        output 1 if w1·x1 + w2·x2 + b > 0, else 0. Three gates, each one perceptron; the truth
        tables come from `nn.datasets.truth_table`.
        """),
        code(r"""
        def step(t):
            return 1 if t > 0 else 0


        def perceptron(w1, w2, b):
            return lambda x: step(w1 * x[0] + w2 * x[1] + b)


        OR = perceptron(0.5, 0.5, -0.2)
        NAND = perceptron(-0.5, -0.5, 0.7)
        AND = perceptron(0.5, 0.5, -0.7)

        for gate_name, gate in [("or", OR), ("nand", NAND), ("and", AND)]:
            inputs, expected = nn.datasets.truth_table(gate_name)
            outputs = [gate(x) for x in inputs]
            print(f"{gate_name.upper():>4}: " + "  ".join(f"{int(a)}{int(b)}->{o}" for (a, b), o in zip(inputs, outputs)))
            assert outputs == expected
        """),
        md(r"""
        XOR (1 when exactly one input is 1) is not in that list: the first neural networks could not
        learn it. It *can* be built from the three gates: XOR(x) = AND(OR(x), NAND(x)), the output
        of two perceptrons becoming the input of a third (the idea of the multi-layer perceptron).
        """),
        code(r"""
        XOR = lambda x: AND([OR(x), NAND(x)])
        X, Y = nn.datasets.xor()
        print(" x1 x2 | OR NAND | AND = XOR")
        for x, y in zip(X, Y):
            print(f"  {int(x[0])}  {int(x[1])} |  {OR(x)}   {NAND(x)}  |  {XOR(x)}")
            assert XOR(x) == y
        """),
        md(r"""
        ## 2. Why one neuron cannot solve XOR

        One neuron (step or sigmoid) outputs class 1 on one side of the line w1·x1 + w2·x2 + b = 0.
        XOR would need b ≤ 0 (for 00), w2 + b > 0 (01), w1 + b > 0 (10) and w1 + w2 + b ≤ 0 (11).
        Adding the middle two: w1 + w2 + 2b > 0, so w1 + w2 + b > −b ≥ 0, contradicting the last.
        No line separates the two classes. Trying 9261 lines on a grid, the best gets 3 of 4 right:
        """),
        code(r"""
        grid = [i / 10 for i in range(-10, 11)]
        lines = [(w1, w2, b) for w1 in grid for w2 in grid for b in grid]
        def line_accuracy(w1, w2, b):
            return sum(perceptron(w1, w2, b)(x) == y for x, y in zip(X, Y)) / len(X)
        best = max(line_accuracy(*line) for line in lines)
        print(f"{len(lines)} lines tried, best accuracy on XOR: {best:.0%}")
        print(f"the OR line: {line_accuracy(0.5, 0.5, -0.2):.0%}, the NAND line: {line_accuracy(-0.5, -0.5, 0.7):.0%}")
        assert best == 0.75

        fig, ax = plt.subplots(figsize=(4, 4))
        t = [-0.5, 1.5]
        ax.plot(t, [(0.2 - 0.5 * v) / 0.5 for v in t], color="#0072B2", label="OR line: 75%")
        ax.plot(t, [(0.7 - 0.5 * v) / 0.5 for v in t], color="#E69F00", linestyle="--", label="NAND line: 75%")
        for (a_, b_), y in zip(X, Y):
            ax.scatter(a_, b_, s=160, marker="s" if y else "o", color="#B2182B" if y else "#2166AC",
                       edgecolors="black", zorder=3)
        ax.set_xlim(-0.5, 1.5); ax.set_ylim(-0.5, 1.5); ax.set_aspect("equal")
        ax.set_xlabel("x1"); ax.set_ylabel("x2")
        ax.set_title("XOR: class 1 (squares) lies between two lines")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2, fontsize="small", frameon=False)
        plt.show()
        """),
        md(r"""
        Each line gets 3 of 4 points right; XOR's class 1 lies *between* the OR line and the NAND
        line, which takes two neurons. Training a single sigmoid neuron shows the same limit: its
        cross-entropy is convex in (w, b), and on XOR's symmetric corners the best it can do is
        w = 0, b = 0, "probability 0.5 everywhere" (loss log 2 ≈ 0.693, accuracy 50%: every point
        on the boundary). Its output surface is flat, so there is no line at all to draw.
        """),
        code(r"""
        single = nn.Neuron(2, activation="sigmoid", seed=SEED)
        history_single = nn.fit(single, X, Y, loss="bce", optimizer="adam", lr=0.1, epochs=300, verbose=False)
        predictions = single.predict(X)
        print("outputs:", [round(p, 3) for p in predictions], " targets:", Y)
        print("learned w1, w2, b =", [round(p.data, 4) + 0.0 for p in single.parameters()])   # + 0.0: no "-0.0"
        print(f"accuracy {history_single.accuracy[-1]:.0%}, loss {history_single.epoch_loss[-1]:.4f} (log 2 = {math.log(2):.4f})")
        assert history_single.accuracy[-1] <= 0.75
        """),
        md(r"""
        ## 3. XOR as a network of sigmoid neurons, wired by hand

        Replace each step by a steep sigmoid (weights ±20, each bias putting the threshold between
        the corners, as in Andrew Ng's lecture): hidden neuron 1 is OR, hidden neuron 2 is NAND, the
        output neuron is AND of the two. This is `nn.MLP(2, [2, 1])` with weights we choose.
        The drawing shows one box per neuron, the weight on each edge, and each neuron's output for
        the input (1, 0).
        """),
        code(r"""
        wired = nn.MLP(2, [2, 1], activation="sigmoid", output_activation="sigmoid")
        wired.load_state_dict({
            "L1.N1.w1": 20.0, "L1.N1.w2": 20.0, "L1.N1.b": -10.0,    # OR
            "L1.N2.w1": -20.0, "L1.N2.w2": -20.0, "L1.N2.b": 30.0,   # NAND
            "L2.N1.w1": 20.0, "L2.N1.w2": 20.0, "L2.N1.b": -30.0,    # AND
        })
        print("outputs:", [round(p, 4) for p in wired.predict(X)], " rounded:", [round(p) for p in wired.predict(X)])
        assert [round(p) for p in wired.predict(X)] == Y
        viz.draw_network(wired, x=[1.0, 0.0], title="XOR = AND(OR, NAND)")
        """),
        md(r"""
        **What the hidden layer does** (lecture 003: a feature transform makes the data linearly
        separable). In the hidden layer's coordinates (h1, h2) = (OR, NAND) the four points become
        (0, 1), (1, 1), (1, 1), (1, 0): class 1 sits alone at (1, 1), and one line (the AND neuron)
        now separates it.
        """),
        code(r"""
        for x, y in zip(X, Y):
            h = [v.data for v in wired.layers[0](x)]
            print(f"x = {[int(v) for v in x]}  ->  (h1, h2) = ({h[0]:.3f}, {h[1]:.3f})   class {y}")
        """),
        md(r"""
        ## 4. Training an MLP on XOR

        A hidden layer of 4 tanh neurons and a sigmoid output, trained with binary cross-entropy:
        `nn.fit` does forward pass, loss, backward pass and an Adam step per batch of 2 examples
        (2 iterations per epoch).
        """),
        code(r"""
        model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=SEED)
        history = nn.fit(model, X, Y, loss="bce", optimizer="adam", lr=0.1, epochs=200, batch_size=2,
                         seed=SEED, verbose=False)
        print(history)
        print("outputs:", [round(p, 3) for p in model.predict(X)], " targets:", Y)
        assert history.accuracy[-1] == 1.0
        """),
        code(r"""
        viz.plots.plot_loss(history, title="XOR: 손실 (loss) while training")
        """),
        code(r"""
        viz.plots.plot_decision_boundary(model, X, Y, resolution=80, title="MLP 2-4-1 on XOR: a curved boundary")
        """),
        md(r"""
        The trained network, one box per neuron: green solid edges are positive weights, purple
        dashed ones negative, thicker means larger |w|; each box shows the neuron's output for the
        input (1, 0).
        """),
        code(r"""
        viz.draw_network(model, x=[1.0, 0.0], show_grads=False, title="trained 2-4-1 network, input (1, 0)")
        """),
        md(r"""
        The same network as the engine sees it: the scalar graph of one example's loss, each
        neuron's nodes boxed (L1.N1 ... L2.N1), after a backward pass. Every number the optimizer
        used is on an edge.
        """),
        code(r"""
        model.zero_grad()
        loss = nn.binary_cross_entropy(model([1.0, 0.0]), 1)
        loss.label = "손실 L"
        loss.backward()
        viz.draw(loss, params=model.parameters(), precision=3, direction="LR")
        """),
        md(r"""
        ## 5. Counting parameters

        Lecture 000: 3 features, 4 hidden neurons, 1 output. Each hidden neuron has 3 weights and a
        bias: 4 · 4 = 16; the output neuron has 4 weights and a bias: 5. In all **21**
        (logistic regression on the same 3 features has 4).
        """),
        code(r"""
        net = nn.MLP(3, [4, 1], activation="relu", output_activation="sigmoid", seed=SEED)
        per_layer = [len(layer.parameters()) for layer in net.layers]
        print(net)
        print("parameters per layer:", per_layer, " total:", len(net.parameters()))
        assert per_layer == [4 * (3 + 1), 1 * (4 + 1)] and len(net.parameters()) == 21
        assert len(nn.Neuron(3, activation="sigmoid").parameters()) == 4
        """),
    ]


# ---------------------------------------------------------------------------------------------
# 05: activations, losses, regularization, epochs / batches / iterations
# ---------------------------------------------------------------------------------------------
def notebook_05() -> list:
    return [
        md(r"""
        # 05 · Activations, losses, regularization, and how training is counted

        **What this notebook teaches:** the activation functions (활성화 함수) sigmoid, tanh,
        ReLU and leaky ReLU with their derivatives, and why sigmoid in hidden layers makes gradients
        vanish (기울기 소실); MSE versus cross-entropy (교차 엔트로피) for a confident wrong
        prediction; softmax and its numerically stable form; L1 versus L2 regularization (규제) and
        what each does to the weights; epochs, batch size and iterations on the moons data.

        **Lecture notes followed:** `000` (sigmoid at the output, ReLU inside, tanh, leaky ReLU; sigmoid's
        derivative near 0 stalls backpropagation), `001` (sigmoid / softmax outputs; MSE, binary and
        categorical cross-entropy; epoch, batch size, iteration = total / batch), `002` (ReLU
        because other activations' gradients vanish) and `003` (leaky ReLU; L1 makes weights
        exactly 0, L2 makes them small).
        """),
        code(SETUP),
        md(r"""
        ## 1. Activation functions and their derivatives

        Each point below is the engine's own number: `Value(x).sigmoid()` gives the forward value
        in `.data` and the local gradient d(out)/dx, recorded in the forward pass, in
        `.local_grads[0]`, the very number `backward()` multiplies by.
        """),
        code(r"""
        xs = [i / 20 for i in range(-120, 121)]
        activations = {
            "sigmoid": lambda v: v.sigmoid(),
            "tanh": lambda v: v.tanh(),
            "ReLU": lambda v: v.relu(),
            "leaky ReLU (0.1)": lambda v: v.leaky_relu(0.1),
        }
        curves = {}
        for act_name, f in activations.items():
            outs = [f(Value(x)) for x in xs]
            curves[act_name] = ([o.data for o in outs], [o.local_grads[0] for o in outs])

        fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.2))
        for act_name, (values, grads) in curves.items():
            left.plot(xs, values, label=act_name)
            right.plot(xs, grads, label=act_name)
        left.set_title("activation g(z)"); right.set_title("derivative g'(z) (engine's local gradient)")
        left.set_ylim(-1.5, 3); right.set_ylim(-0.1, 1.15)
        for ax in (left, right):
            ax.set_xlabel("z"); ax.grid(alpha=0.3)
        right.legend(fontsize="small")
        plt.tight_layout(); plt.show()

        sig_grads = curves["sigmoid"][1]
        print(f"largest sigmoid'(z) = {max(sig_grads)} at z = {xs[sig_grads.index(max(sig_grads))]}")
        print(f"sigmoid'(5) = {Value(5.0).sigmoid().local_grads[0]:.4f}   tanh'(5) = {Value(5.0).tanh().local_grads[0]:.6f}")
        print(f"ReLU'(2) = {Value(2.0).relu().local_grads[0]}   ReLU'(-2) = {Value(-2.0).relu().local_grads[0]}   leaky'(-2) = {Value(-2.0).leaky_relu(0.1).local_grads[0]}")
        assert max(sig_grads) == 0.25 and all(g <= 0.25 for g in sig_grads)
        """),
        md(r"""
        ## 2. Vanishing gradients (기울기 소실)

        Backward through a chain multiplies the local gradients. sigmoid' is at most 0.25, so ten
        sigmoids in a row multiply the gradient by at most 0.25¹⁰ ≈ 1e−6: the first layers hardly
        learn. ReLU's local gradient is 1 wherever it is active, so the product stays 1.
        """),
        code(r"""
        print("depth   d out/dx through sigmoids   0.25**depth    through ReLUs")
        for depth in (1, 2, 5, 10):
            xs_, xr = Value(0.0, label="x"), Value(1.0, label="x")
            s, r = xs_, xr
            for _ in range(depth):
                s, r = s.sigmoid(), r.relu()
            s.backward(); r.backward()
            print(f"{depth:>5}   {xs_.grad:<28.3e}{0.25 ** depth:<14.3e}{xr.grad}")
            assert xs_.grad <= 0.25 ** depth and xr.grad == 1.0
        """),
        md(r"""
        The same in a real network: 8 hidden layers of 8 neurons, one example, the mean |gradient|
        of each layer's weights. With sigmoid hidden units the gradient shrinks layer by layer on its
        way back to the input; with ReLU it does not.
        """),
        code(r"""
        def layer_grads(activation):
            deep = nn.MLP(2, [8] * 8 + [1], activation=activation, output_activation="sigmoid", seed=SEED)
            nn.binary_cross_entropy(deep([0.5, -0.5]), 1).backward()
            return [sum(abs(w.grad) for w in layer.weights()) / len(layer.weights()) for layer in deep.layers]

        sig, rel = layer_grads("sigmoid"), layer_grads("relu")
        print("layer   mean |dL/dw| sigmoid   mean |dL/dw| ReLU")
        for k, (s_, r_) in enumerate(zip(sig, rel), 1):
            print(f"{k:>5}   {s_:<22.2e}{r_:.2e}")
        assert sig[0] < sig[-1] / 100      # vanished by the first layer
        """),
        md(r"""
        ## 3. MSE versus cross-entropy

        Lecture 001: MSE for continuous targets, (binary / categorical) cross-entropy for classes.
        One reason shows in the gradient. A sigmoid neuron that is confidently wrong: z = −6, so
        a = σ(−6) ≈ 0.0025, but y = 1. The gradient that reaches z:

        - MSE (a − y)²: dL/dz = 2(a − y)·a(1 − a), tiny, because σ' is almost 0 there;
        - BCE: dL/dz = a − y ≈ −1, as large as the mistake.
        """),
        code(r"""
        for loss_name, loss_fn in [("MSE", nn.mse), ("BCE", nn.binary_cross_entropy)]:
            z = Value(-6.0, label="z")
            a = z.sigmoid()
            loss_fn(a, 1.0).backward()
            print(f"{loss_name}: a = {a.data:.4f}, dL/dz = {z.grad:+.6f}")
            if loss_name == "MSE":
                mse_grad = z.grad
                assert math.isclose(z.grad, 2 * (a.data - 1) * a.data * (1 - a.data), rel_tol=1e-12)
            else:
                bce_grad = z.grad
                assert math.isclose(z.grad, a.data - 1, rel_tol=1e-12)
        print(f"cross-entropy's gradient is {bce_grad / mse_grad:.0f} times larger: the wrong neuron learns fast")
        assert abs(bce_grad) > 100 * abs(mse_grad)
        """),
        md(r"""
        ## 4. Softmax and categorical cross-entropy

        For several classes the output layer gives scores (logits) z; softmax turns them into
        probabilities, exp(z_i) / Σ_j exp(z_j), that sum to 1. Computed naively, e^1000 overflows;
        subtracting the largest logit first gives the same probabilities and never overflows.
        `nn.softmax` and `nn.cross_entropy` do that.
        """),
        code(r"""
        logits = [Value(2.0), Value(1.0), Value(0.1)]
        probs = nn.softmax(logits)
        print("softmax([2, 1, 0.1]) =", [round(p.data, 4) for p in probs], " sum =", sum(p.data for p in probs))
        assert abs(sum(p.data for p in probs) - 1) < 1e-12

        try:
            Value(1000.0).exp()
        except OverflowError as error:
            print("naive e^1000:", error)
        big = nn.softmax([Value(1000.0), Value(-1000.0), Value(0.0)])
        print("softmax([1000, -1000, 0]) =", [p.data for p in big])
        assert [p.data for p in big] == [1.0, 0.0, 0.0]
        """),
        md(r"""
        Categorical cross-entropy of the logits for the true class t is −log softmax(z)_t, and its
        gradient is as simple as the binary one: dL/dz_i = softmax(z)_i − [i = t].
        """),
        code(r"""
        logits = [Value(2.0, label="z1"), Value(1.0, label="z2"), Value(0.1, label="z3")]
        L = nn.cross_entropy(logits, 0)
        L.backward()
        p = [q.data for q in nn.softmax(logits)]
        print(f"loss = {L.data:.4f} = -log {p[0]:.4f}")
        for i, z in enumerate(logits):
            print(f"dL/d{z.label} = {z.grad:+.6f}   softmax - onehot = {p[i] - (i == 0):+.6f}")
            assert math.isclose(z.grad, p[i] - (i == 0), rel_tol=1e-9, abs_tol=1e-12)
        """),
        md(r"""
        ## 5. L1 versus L2 regularization

        Regularization adds a penalty on the weights to the loss: L1 adds λ·Σ|w|, L2 adds λ·Σw².
        Lecture 003: L1 pushes most weights to (almost exactly) 0, a sparse model; L2 makes weights
        small but rarely zero. Train the same 2-16-16-1 network on the moons data three times, from
        the same start, and count the weights that end near zero.
        """),
        code(r"""
        X, Y = nn.datasets.moons(100, noise=0.1, seed=SEED)
        lam = 0.003
        trained = {}
        for penalty in ("none", "L1", "L2"):
            reg_model = nn.MLP(2, [16, 16, 1], activation="relu", output_activation="sigmoid", seed=SEED)
            h = nn.fit(reg_model, X, Y, loss="bce", optimizer="adam", lr=0.02, epochs=150, batch_size=None,
                       l1_penalty=lam if penalty == "L1" else 0.0, l2_penalty=lam if penalty == "L2" else 0.0,
                       seed=SEED, verbose=False)
            trained[penalty] = ([w.data for w in reg_model.weights()], h.accuracy[-1])

        print(f"penalty   weights   |w| < 0.01   sum |w|   largest |w|   accuracy")
        for penalty, (weights, acc) in trained.items():
            near_zero = sum(abs(w_) < 0.01 for w_ in weights)
            print(f"{penalty:>7}   {len(weights):>7}   {near_zero:>10}   {sum(map(abs, weights)):7.1f}   {max(map(abs, weights)):11.2f}   {acc:.0%}")
        count = {k: sum(abs(w_) < 0.01 for w_ in ws) for k, (ws, _) in trained.items()}
        assert count["L1"] > 2 * count["L2"] > 0 and count["L2"] > count["none"]
        """),
        code(r"""
        fig, axes = plt.subplots(1, 3, figsize=(9, 2.6), sharey=True)
        for ax, (penalty, (weights, _)) in zip(axes, trained.items()):
            ax.hist(weights, bins=40, range=(-2.5, 2.5))
            ax.set_title(f"{penalty}: weights")
            ax.set_xlabel("w")
        axes[0].set_ylabel("count")
        plt.tight_layout(); plt.show()
        """),
        md(r"""
        ## 6. Epochs, batch size and iterations

        Lecture 001's terms: an **epoch** is one pass over all N training examples; the **batch
        size** is how many examples give one gradient; an **iteration** (step) is one parameter
        update, so one epoch has ⌈N / batch size⌉ iterations and training has
        iterations = epochs · ⌈N / batch size⌉. Smaller batches update more often (more, noisier
        steps); full batch updates once per epoch. The same model, 20 epochs each, on 100 moons points:
        """),
        code(r"""
        N, epochs = len(X), 20
        runs = {}
        print("batch size   iterations per epoch   iterations (history)   epochs * ceil(N / batch)   final loss   accuracy")
        for batch_size in (100, 32, 10, 1):
            m_ = nn.MLP(2, [8, 1], activation="tanh", output_activation="sigmoid", seed=SEED)
            h = nn.fit(m_, X, Y, loss="bce", optimizer="sgd", lr=0.5, epochs=epochs, batch_size=batch_size,
                       seed=SEED, verbose=False)
            expected = epochs * math.ceil(N / batch_size)
            print(f"{batch_size:>10}   {math.ceil(N / batch_size):>20}   {h.iterations:>20}   {expected:>24}   {h.epoch_loss[-1]:10.4f}   {h.accuracy[-1]:.0%}")
            assert h.iterations == len(h.loss) == expected and h.epochs == epochs
            runs[batch_size] = h
        """),
        code(r"""
        fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3))
        colours = {100: "#0072B2", 32: "#E69F00", 10: "#009E73", 1: "#CC79A7"}
        for batch_size in (1, 10, 32, 100):   # the noisiest first, so it stays in the background
            h = runs[batch_size]
            per_epoch = h.iterations / h.epochs
            left.plot([(i + 1) / per_epoch for i in range(h.iterations)], h.loss, linewidth=0.8 if batch_size > 1 else 0.4,
                      color=colours[batch_size], alpha=1.0 if batch_size > 1 else 0.5,
                      label=f"batch {batch_size}: {h.iterations} iterations")
        for batch_size, h in runs.items():
            right.plot(range(1, h.epochs + 1), h.epoch_loss, marker=".", color=colours[batch_size], label=f"batch {batch_size}")
        left.set_title("loss of every iteration (one batch)"); left.set_xlabel("epoch"); left.set_ylim(0, 1.5)
        right.set_title("mean loss per epoch"); right.set_xlabel("epoch")
        left.legend(fontsize="small", loc="upper right")
        for ax in (left, right):
            ax.set_ylabel("BCE loss"); ax.grid(alpha=0.3)
        plt.tight_layout(); plt.show()
        """),
        code(r"""
        best = nn.MLP(2, [8, 1], activation="tanh", output_activation="sigmoid", seed=SEED)
        nn.fit(best, X, Y, loss="bce", optimizer="sgd", lr=0.5, epochs=epochs, batch_size=1, seed=SEED, verbose=False)
        viz.plots.plot_decision_boundary(best, X, Y, resolution=80, title="moons, batch size 1, 20 epochs (2000 iterations)")
        """),
    ]


BUILDERS = {
    "01_computation_graph": notebook_01,
    "02_logistic_regression": notebook_02,
    "03_backprop_by_hand": notebook_03,
    "04_xor_mlp": notebook_04,
    "05_activations_losses_regularization": notebook_05,
}


def build(name: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = BUILDERS[name]()
    for k, cell in enumerate(nb.cells):
        cell.id = f"cell-{k:02d}"  # stable ids: a rebuild changes only what really changed
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def _stable_text(nb: nbformat.NotebookNode) -> None:
    """Same run, same file: one stream output per run of prints (the kernel splits them by timing),
    and no memory addresses in text fallbacks ("<viz.draw.Drawing at 0x7f...>")."""
    for cell in nb.cells:
        merged: list = []
        for output in cell.get("outputs", []):
            previous = merged[-1] if merged else None
            if (output["output_type"] == "stream" and previous is not None
                    and previous["output_type"] == "stream" and previous["name"] == output["name"]):
                previous["text"] += output["text"]
            else:
                merged.append(output)
        if "outputs" in cell:
            cell["outputs"] = merged
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/plain")
            if text is not None:
                output["data"]["text/plain"] = ADDRESS.sub("", text)


def execute(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Run every cell top to bottom in notebooks/; raises on the first failing cell."""
    client = NotebookClient(nb, kernel_name="python3", timeout=CELL_TIMEOUT, record_timing=False,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    nb.metadata.pop("widgets", None)
    nb.metadata["language_info"] = {"name": "python"}  # no interpreter version: stable across machines
    _stable_text(nb)
    return nb


def main(argv: list[str]) -> int:
    wanted = [n for n in BUILDERS if not argv or any(n.startswith(a) for a in argv)]
    if not wanted:
        print(f"no notebook matches {argv}; choose from {', '.join(BUILDERS)}", file=sys.stderr)
        return 2
    NOTEBOOKS.mkdir(exist_ok=True)
    for name in wanted:
        nb = execute(build(name))
        nbformat.validate(nb)
        path = NOTEBOOKS / f"{name}.ipynb"
        nbformat.write(nb, path)
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
