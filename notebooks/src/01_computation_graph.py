# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] lang="en"
# # 01 · The computation graph: J = 3(a + bc)
#
# **What this notebook teaches:** how a computation graph (계산 그래프) computes a value in the
# forward pass (순전파, forward propagation) and its derivatives in the backward pass
# (역전파, backpropagation): each node multiplies the *upstream* gradient by its *local*
# gradient (연쇄법칙, the chain rule); derivatives multiply along a path and add where paths
# meet. Then CS231n's gate patterns: add distributes, multiply swaps, max routes, a copy adds.
#
# **Lecture notes followed:** `004` (the computation graph J(a, b, c) = 3(a + bc) with
# u = bc, v = a + u, and "multiply along a path, add where paths meet") and `002`
# (CS231n lecture 4: upstream gradient × local gradient; forward stores values for backward).

# %% [markdown] lang="ko"
# # 01 · 계산 그래프: J = 3(a + bc)
#
# **이 노트북에서 배우는 것:** 계산 그래프가 순전파로 값을 계산하고 역전파로 미분을 계산하는 방법:
# 각 노드는 *상류 기울기*에 *국소 기울기*를 곱합니다(연쇄법칙). 미분은 경로를 따라 곱하고, 경로가
# 만나는 곳에서 더합니다. 이어서 CS231n의 게이트 패턴: 덧셈은 분배하고, 곱셈은 맞바꾸고, max는 길을
# 골라 보내고, 복사는 더합니다.
#
# **따라가는 강의 노트:** `004` (계산 그래프 J(a, b, c) = 3(a + bc), u = bc, v = a + u, 그리고
# "경로를 따라 곱하고, 경로가 만나는 곳에서 더한다")와 `002` (CS231n 4강: 상류 기울기 × 국소 기울기,
# 순전파는 역전파에 쓸 값을 저장한다).

# %%
# %matplotlib inline
import math
import os
import random
from pathlib import Path

import matplotlib.pyplot as plt
from IPython.display import display
from matplotlib import font_manager

import nn
import viz
import viz.plots
from autograd import Value

# en: The language of the words below; viz draws its own words in it too. (notebooks/ko/ has LANG = "ko".)
# ko: 아래 글의 언어이며, viz도 그림 속 글자를 이 언어로 씁니다. (영어 노트북은 LANG = "en")
LANG = "en"
os.environ["CHAINRULE_LANG"] = LANG
# en: Every random choice below starts from this seed.
# ko: 아래의 무작위 선택은 모두 이 시드에서 시작합니다.
SEED = 0
# en: Generated files go here (git ignores out/).
# ko: 만든 파일은 여기에 저장됩니다 (git은 out/을 무시합니다).
OUT = Path("out")
OUT.mkdir(exist_ok=True)
plt.rcParams["figure.dpi"] = 80
# en: Korean text in the plots below, when the Noto Sans CJK KR font is installed.
# ko: Noto Sans CJK KR 글꼴이 설치되어 있으면 아래 그래프에서 한글이 보입니다.
installed_fonts = {font.name for font in font_manager.fontManager.ttflist}
plt.rcParams["font.family"] = ["DejaVu Sans"] + [f for f in ["Noto Sans CJK KR"] if f in installed_fonts]


def words(en, ko):
    # en: The same sentence in the notebook's language.
    # ko: 같은 문장을 노트북의 언어로 고릅니다.
    return ko if LANG == "ko" else en


def check(name, got, expected, tol=1e-9, source=None):
    # en: Print a number next to the expected one (the lecture's), and stop the notebook if they differ.
    # ko: 계산한 수를 기대한 수(강의 노트의 수) 옆에 출력하고, 다르면 노트북을 멈춥니다.
    source = source or words("lecture", "강의 노트")
    print(f"{name:>14} = {got:.8g}   ({source}: {expected:.8g})")
    assert abs(got - expected) <= tol, f"{name}: got {got}, the {source} says {expected}"


print(words(f"seed {SEED}; generated files go to {OUT}/", f"시드 {SEED}; 만든 파일은 {OUT}/ 폴더에 저장됩니다"))

# %% [markdown] lang="en"
# ## 1. Forward pass (순전파)
#
# The lecture computes J(a, b, c) = 3(a + bc) at a = 5, b = 3, c = 2 in three steps:
# u = bc, v = a + u, J = 3v. Every `Value` records the op that made it and its inputs.
# The cost is labelled in Korean, **비용 J** (cost J), as the lecture writes it.

# %% [markdown] lang="ko"
# ## 1. 순전파
#
# 강의 노트는 J(a, b, c) = 3(a + bc)를 a = 5, b = 3, c = 2에서 세 단계로 계산합니다:
# u = bc, v = a + u, J = 3v. 모든 `Value`는 자신을 만든 연산(op)과 그 입력을 기록합니다.
# 비용에는 강의 노트처럼 **비용 J**라는 한글 이름표를 붙입니다.

# %%
a = Value(5.0, label="a")
b = Value(3.0, label="b")
c = Value(2.0, label="c")
u = b * c
u.label = "u"
v = a + u
v.label = "v"
J = 3 * v
J.label = "비용 J"

check("u = bc", u.data, 6)
check("v = a + u", v.data, 11)
check("J = 3v", J.data, 33)

# %% [markdown] lang="en"
# The forward pass also **stores what the backward pass will need** (lecture 002): each node
# keeps the local gradient of its op with respect to each input, computed right now from the
# forward values. For u = bc that is ∂u/∂b = c = 2 and ∂u/∂c = b = 3.
# Before any backward pass, the drawing shows every gradient as `grad ?` (not computed yet).

# %% [markdown] lang="ko"
# 순전파는 **역전파에 필요한 것을 저장**하기도 합니다 (강의 노트 002): 각 노드는 입력마다
# 자기 연산의 국소 기울기를 순전파 값으로 지금 바로 계산해 간직합니다.
# u = bc라면 ∂u/∂b = c = 2, ∂u/∂c = b = 3입니다.
# 역전파를 하기 전에는 그림이 모든 기울기를 `?`(아직 계산하지 않음)로 보여 줍니다.

# %%
print("u.inputs      =", [x.label for x in u.inputs])
print("u.local_grads =", u.local_grads, "  (du/db = c, du/dc = b)")
print(
    "J.inputs      =",
    [x.label or x.data for x in J.inputs],
    words("  (the 3 is a constant leaf)", "  (3은 상수 잎 노드)"),
)
viz.draw(J)

# %% [markdown] lang="en"
# ## 2. The backward pass, node by node (역전파)
#
# `J.backward_steps()` lists what `J.backward()` will do, one node at a time, from the output
# back to the inputs: the node's **upstream** gradient dJ/d(node), its **local** gradients,
# and their products, which flow to its inputs. It changes nothing yet.

# %% [markdown] lang="ko"
# ## 2. 노드 하나씩 보는 역전파
#
# `J.backward_steps()`는 `J.backward()`가 할 일을 출력에서 입력 쪽으로 노드 하나씩 나열합니다:
# 그 노드의 **상류 기울기** dJ/d(노드), **국소 기울기**들, 그리고 둘의 곱(입력으로 흘러가는 기울기).
# 아직 아무것도 바꾸지 않습니다.

# %%
steps = J.backward_steps()
for k, s in enumerate(steps, 1):
    flows = ", ".join(
        words("to {x}: ", "{x}(으)로: ").format(x=x.label or x.data) + f"{s.upstream:g} × {lg:g} = {p:g}"
        for x, lg, p in zip(s.inputs, s.local_grads, s.products)
    )
    flows = flows or words("(a leaf: nothing to pass on)", "(잎 노드: 더 전달할 것이 없음)")
    node = s.node.label or s.node.data
    print(
        words(f"step {k}: {node}  upstream {s.upstream:g}   {flows}", f"{k}단계: {node}  상류 {s.upstream:g}   {flows}")
    )

# %% [markdown] lang="en"
# The same steps drawn: after step *k* the node just processed is highlighted, every edge
# it feeds reads `upstream × local = gradient to input`, and nodes not reached yet still say
# `grad ?`. (Step 0 is the state before the pass: nothing is computed yet. The pass starts
# by giving the root its gradient dJ/dJ = 1, which step 1 shows.)

# %% [markdown] lang="ko"
# 같은 단계를 그림으로: *k*단계 뒤에는 방금 처리한 노드가 강조되고, 그 노드에서 나가는 모든 간선에
# `상류 기울기 × 국소 기울기 = 입력의 기울기`가 적히며, 아직 닿지 않은 노드의 기울기는 여전히 `?`입니다.
# (0단계는 역전파 전의 상태로, 아직 아무것도 계산되지 않았습니다. 역전파는 뿌리 노드에 기울기
# dJ/dJ = 1을 주는 것으로 시작하며, 1단계가 그것을 보여 줍니다.)

# %%
for k in range(len(steps) + 1):
    display(viz.draw(J, step=k, legend=(k == 0)))

# %% [markdown] lang="en"
# The same walk as one HTML page with Prev/Next buttons, a slider and the arrow keys
# (self-contained: open it in a browser, offline): `viz.stepper_html`.

# %% [markdown] lang="ko"
# 같은 과정을 이전/다음 버튼, 슬라이더, 화살표 키로 넘겨 보는 HTML 페이지 하나로 만들 수도 있습니다
# (파일 하나에 다 들어 있어 인터넷 없이 브라우저에서 열립니다): `viz.stepper_html`.

# %%
page = viz.stepper_html(J, OUT / "J_stepper.html", title=words("J = 3(a + bc): backward pass", "J = 3(a + bc): 역전파"))
print(
    words("wrote", "저장:"),
    page.as_posix(),
    words(
        "- open it in a browser and step with the arrow keys", "- 브라우저에서 열고 화살표 키로 한 단계씩 넘겨 보세요"
    ),
)

# %% [markdown] lang="en"
# Now the real pass. `backward()` adds each node's gradient into `.grad`. The numbers are the
# lecture's: dJ/dv = 3, dJ/du = 3, dJ/da = 3, dJ/db = 6, dJ/dc = 9.

# %% [markdown] lang="ko"
# 이제 진짜 역전파입니다. `backward()`는 각 노드의 기울기를 `.grad`에 더합니다. 수는 강의 노트와 같습니다:
# dJ/dv = 3, dJ/du = 3, dJ/da = 3, dJ/db = 6, dJ/dc = 9.

# %%
J.backward()
check("dJ/dv", v.grad, 3)
check("dJ/du", u.grad, 3)
check("dJ/da", a.grad, 3)
check("dJ/db", b.grad, 6)
check("dJ/dc", c.grad, 9)
viz.draw(J)


# %% [markdown] lang="en"
# ## 3. Multiply along a path, add where paths meet
#
# Lecture 004: to get dJ/db, multiply the derivatives along the path from J down to b:
# dJ/db = dJ/dv · dv/du · du/db = 3 · 1 · c = 6. The helper below finds every path from a node
# down to a leaf in the recorded graph and multiplies the local gradients along it; the
# derivative is the **sum over all paths**.

# %% [markdown] lang="ko"
# ## 3. 경로를 따라 곱하고, 경로가 만나는 곳에서 더한다
#
# 강의 노트 004: dJ/db를 구하려면 J에서 b까지 내려가는 경로를 따라 미분을 곱합니다:
# dJ/db = dJ/dv · dv/du · du/db = 3 · 1 · c = 6. 아래 함수는 기록된 그래프에서 한 노드로부터 잎 노드까지
# 가는 모든 경로를 찾아 경로 위의 국소 기울기를 곱합니다. 미분은 **모든 경로에 대한 합**입니다.


# %%
def name(node):
    return node.label or f"{node.data:g}"


def paths(node, leaf):
    # en: Every path from node down to leaf, as a list of (consumer, input, local gradient) hops.
    # ko: node에서 leaf까지 내려가는 모든 경로: (받는 노드, 입력, 국소 기울기) 단계들의 목록.
    if node is leaf:
        return [[]]
    return [[(node, x, local)] + rest for x, local in zip(node.inputs, node.local_grads) for rest in paths(x, leaf)]


def derivative_by_paths(root, leaf):
    total = 0.0
    for path in paths(root, leaf):
        product = math.prod(local for _, _, local in path)
        hops = " → ".join([name(root)] + [name(x) for _, x, _ in path])
        factors = " × ".join(f"{local:g}" for _, _, local in path)
        print(f"   {words('path', '경로')} {hops}:  {factors} = {product:g}")
        total += product
    return total


for leaf in (a, b, c):
    print(f"dJ/d{leaf.label}:")
    total = derivative_by_paths(J, leaf)
    assert total == leaf.grad
    print(f"   {words('sum over paths', '경로들의 합')} = {total:g} = {leaf.label}.grad")

# %% [markdown] lang="en"
# In J every leaf has one path. When a value is used twice, paths split and meet again, and
# their products **add**. Take K = 3x + x·x at x = 2: x reaches K along three paths
# (through 3x, and through each of the two inputs of x·x), so
# dK/dx = 3 + 2 + 2 = 7, which is the calculus answer 3 + 2x.

# %% [markdown] lang="ko"
# J에서는 잎 노드마다 경로가 하나뿐입니다. 한 값이 두 번 쓰이면 경로가 갈라졌다가 다시 만나고, 그 곱들이
# **더해집니다**. x = 2에서 K = 3x + x·x를 보면: x는 세 경로로 K에 닿으므로(3x를 거쳐, 그리고 x·x의 두
# 입력 각각을 거쳐) dK/dx = 3 + 2 + 2 = 7이고, 이는 미적분의 답 3 + 2x와 같습니다.

# %%
x = Value(2.0, label="x")
p = 3 * x
p.label = "p = 3x"
q = x * x
q.label = "q = x·x"
K = p + q
K.label = "K"
K.backward()
print("dK/dx:")
total = derivative_by_paths(K, x)
check("dK/dx", x.grad, 3 + 2 * x.data, source="3 + 2x")
assert total == x.grad
viz.draw(K)

# %% [markdown] lang="en"
# ## 4. CS231n: f = (x + y) · z
#
# Lecture 002's first example, at x = −2, y = 5, z = −4: q = x + y = 3, f = q·z = −12.
# Backward: df/dz = q = 3, df/dq = z = −4, and the add node passes −4 on to both x and y.

# %% [markdown] lang="ko"
# ## 4. CS231n: f = (x + y) · z
#
# 강의 노트 002의 첫 예제, x = −2, y = 5, z = −4에서: q = x + y = 3, f = q·z = −12.
# 역전파: df/dz = q = 3, df/dq = z = −4이고, 덧셈 노드는 −4를 x와 y 모두에 그대로 넘깁니다.

# %%
x = Value(-2.0, label="x")
y = Value(5.0, label="y")
z = Value(-4.0, label="z")
q = x + y
q.label = "q"
f = q * z
f.label = "f"
f.backward()
check("q", q.data, 3)
check("f", f.data, -12)
check("df/dx", x.grad, -4)
check("df/dy", y.grad, -4)
check("df/dz", z.grad, 3)
viz.draw(f)


# %% [markdown] lang="en"
# ## 5. Gate patterns
#
# Each gate below gets the same upstream gradient, 2 (its output is multiplied by 2), at
# x = 3, y = −1. What each gate does with it:
#
# | gate | local gradients | what happens to the upstream gradient |
# | --- | --- | --- |
# | add `x + y` | 1, 1 | **distributes**: both inputs get it unchanged |
# | multiply `x * y` | y, x | **swaps**: each input gets it times the *other* input |
# | max `x.max(y)` | 1 for the larger, 0 for the other | **routes**: all of it goes to the larger input |
# | copy (x used twice) | | **adds**: the gradients from both uses are summed |

# %% [markdown] lang="ko"
# ## 5. 게이트의 패턴
#
# 아래의 게이트는 모두 x = 3, y = −1에서 같은 상류 기울기 2를 받습니다(출력에 2를 곱하므로).
# 각 게이트가 그것을 어떻게 다루는지:
#
# | 게이트 | 국소 기울기 | 상류 기울기는 어떻게 되나 |
# | --- | --- | --- |
# | 덧셈 `x + y` | 1, 1 | **분배**: 두 입력이 그대로 받는다 |
# | 곱셈 `x * y` | y, x | **교환**: 각 입력이 *다른* 입력을 곱한 값을 받는다 |
# | max `x.max(y)` | 큰 쪽 1, 다른 쪽 0 | **길 안내**: 전부 큰 입력으로 간다 |
# | 복사 (x를 두 번 사용) | | **더함**: 두 쓰임에서 온 기울기가 합쳐진다 |


# %%
def gate(build):
    x, y = Value(3.0, label="x"), Value(-1.0, label="y")
    # en: upstream gradient 2 at the gate
    # ko: 게이트의 상류 기울기는 2
    out = 2 * build(x, y)
    out.backward()
    return x.grad, y.grad


print(words("gate       x.grad  y.grad", "게이트     x.grad  y.grad"))
add_g = gate(lambda x, y: x + y)
print(words("add       ", "덧셈      "), *add_g)
mul_g = gate(lambda x, y: x * y)
print(words("multiply  ", "곱셈      "), *mul_g)
max_g = gate(lambda x, y: x.max(y))
print("max       ", *max_g)

# en: add distributes; multiply swaps: x gets 2·y, y gets 2·x; max routes to the larger input (x = 3)
# ko: 덧셈은 분배, 곱셈은 교환(x는 2·y, y는 2·x를 받음), max는 큰 입력(x = 3)으로 보냄
assert add_g == (2.0, 2.0)
assert mul_g == (2 * -1.0, 2 * 3.0)
assert max_g == (2.0, 0.0)

# %% [markdown] lang="en"
# A **copy**: x feeds two nodes, 4x and 5x. Each use sends a gradient back, and x's gradient
# is their sum, 4 + 5 = 9. The drawing keeps both edges out of x.

# %% [markdown] lang="ko"
# **복사**: x가 두 노드 4x와 5x에 들어갑니다. 쓰인 곳마다 기울기를 돌려보내고, x의 기울기는 그 합
# 4 + 5 = 9입니다. 그림에도 x에서 나가는 간선 두 개가 모두 있습니다.

# %%
x = Value(3.0, label="x")
s = x * 4 + x * 5
s.label = "s"
s.backward()
check("ds/dx", x.grad, 4 + 5, source="4 + 5")
viz.draw(s)

# %% [markdown] lang="en"
# The same holds when a value is used twice by *one* node: `x + x` has inputs `(x, x)` and
# two edges, and x's gradient is 1 + 1 = 2. The max gate routes, drawn:

# %% [markdown] lang="ko"
# *한* 노드가 같은 값을 두 번 쓸 때도 마찬가지입니다: `x + x`의 입력은 `(x, x)`이고 간선도 두 개이며,
# x의 기울기는 1 + 1 = 2입니다. max 게이트가 기울기를 한쪽으로 보내는 모습을 그림으로:

# %%
x, y = Value(3.0, label="x"), Value(-1.0, label="y")
twice = x + x
assert twice.inputs == (x, x)
m = x.max(y)
m.label = "max"
g = 2 * m
g.label = "g"
g.backward()
print(
    f"x.grad = {x.grad}, y.grad = {y.grad}",
    words("(the smaller input gets nothing)", "(작은 입력은 아무것도 받지 않음)"),
)
viz.draw(g)

# %% [markdown] lang="en"
# **Summary.** Forward: compute and store values and local gradients. Backward: start with 1
# at the output; at each node multiply the upstream gradient by the local gradient and pass it
# on; a node reached along several paths adds what arrives. Next: `02_logistic_regression`.

# %% [markdown] lang="ko"
# **정리.** 순전파: 값과 국소 기울기를 계산해 저장합니다. 역전파: 출력에서 1로 시작해, 노드마다 상류 기울기에
# 국소 기울기를 곱해 넘기고, 여러 경로로 닿는 노드는 도착한 기울기를 더합니다.
# 다음: `02_logistic_regression`.
