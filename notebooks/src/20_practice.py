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
# # 20 · Practice: compute the backward pass yourself
#
# **What this notebook teaches:** backpropagation (역전파) by doing it. Each graph below is a
# practice stepper: before a step is shown, you type the gradient that flows along each of its
# edges, the upstream gradient (상류 기울기) times the local gradient (국소 기울기); the page says
# right or wrong, shows the step when all are right, and keeps a score. "Hint" gives the op's
# rule with the step's numbers, "Show me" shows the step without a point. Four graphs, from
# the smallest to one neuron with its loss: J = 3(a + bc), the CS231n circuit (x + y)z, the
# sigmoid neuron, and logistic regression with binary cross-entropy, where dL/dz = a - y.
#
# **Lecture notes followed:** `004` (the computation graph J = 3(a + bc) with u = bc and
# v = a + u; multiply along a path, add where paths meet; logistic regression, dz = a - y) and
# `002` (CS231n lecture 4: upstream gradient × local gradient, node by node).
#
# Run the cells, then click into a stepper: type a number (`6`, `-0.5`, `1e-3`, or `3*2`) in each
# box and press Check (or Enter). The arrow keys step back through what you have solved.

# %% [markdown] lang="ko"
# # 20 · 연습: 역전파를 직접 계산하기
#
# **이 노트북에서 배우는 것:** 직접 해 보면서 익히는 역전파. 아래의 그래프는 모두 연습용 단계 보기입니다:
# 한 단계가 보이기 전에, 그 단계의 각 간선을 따라 흐르는 기울기, 즉 상류 기울기 × 국소 기울기를 직접
# 입력합니다. 페이지는 맞았는지 틀렸는지 알려 주고, 모두 맞으면 그 단계를 보여 주며, 점수를 셉니다.
# "힌트"는 그 연산의 미분 규칙을 이 단계의 수와 함께 보여 주고, "정답 보기"는 점수 없이 단계를 보여
# 줍니다. 가장 작은 그래프에서 손실까지 붙은 뉴런 하나까지 네 개의 그래프: J = 3(a + bc), CS231n의
# 회로 (x + y)z, 시그모이드 뉴런, 그리고 이진 교차 엔트로피를 쓰는 로지스틱 회귀 (dL/dz = a - y).
#
# **따라가는 강의 노트:** `004` (계산 그래프 J = 3(a + bc), u = bc, v = a + u; 경로를 따라 곱하고
# 경로가 모이는 곳에서 더한다; 로지스틱 회귀의 dz = a - y)와 `002` (CS231n 4강: 노드마다 상류 기울기 ×
# 국소 기울기).
#
# 셀을 실행한 뒤 단계 보기를 클릭하세요: 각 칸에 수(`6`, `-0.5`, `1e-3`, `3*2`)를 입력하고 확인(또는
# Enter)을 누릅니다. 화살표 키로 이미 푼 단계를 다시 볼 수 있습니다.

# %%
import math
import os

import nn
import viz
from autograd import Value

# en: The language of the words below; viz writes its own words in it too. (notebooks/ko/ has LANG = "ko".)
# ko: 아래 글의 언어이며, viz도 자기 글자를 이 언어로 씁니다. (영어 노트북은 LANG = "en")
LANG = "en"
os.environ["CHAINRULE_LANG"] = LANG
# en: Nothing below is random; the seed is here for the models of the other notebooks.
# ko: 아래에는 무작위가 없습니다; 시드는 다른 노트북의 모델과 맞추려고 둡니다.
SEED = 0


def words(en, ko):
    # en: The same sentence in the notebook's language.
    # ko: 같은 문장을 노트북의 언어로 고릅니다.
    return ko if LANG == "ko" else en


def check(name, got, expected, tol=1e-9):
    # en: Print a number next to the expected one (the lecture's), and stop the notebook if they differ.
    # ko: 계산한 수를 기대한 수(강의 노트의 수) 옆에 출력하고, 다르면 노트북을 멈춥니다.
    print(f"{name:>8} = {got:.6g}   ({words('lecture', '강의 노트')}: {expected:.6g})")
    assert abs(got - expected) <= tol, f"{name}: got {got}, expected {expected}"


print(words("Ready: autograd, nn and viz are imported.", "준비 완료: 엔진, 신경망, 그림 모듈을 불러왔습니다."))


# %% [markdown] lang="en"
# ## 1 · J = 3(a + bc)
#
# Note `004` computes the cost J(a, b, c) = 3(a + bc) in three steps: u = bc, v = a + u, J = 3v
# (the forward pass, 순전파). The backward pass starts at J with dJ/dJ = 1 and goes right to left.
# At each node the rule is the same: the gradient that flows to an input is the upstream
# gradient times the node's local gradient. For J = 3v the local gradient dJ/dv is 3; for
# v = a + u both local gradients are 1 (addition hands the gradient on); for u = bc,
# du/db = c and du/dc = b (multiplication swaps its inputs). Along a path the local gradients
# multiply: dJ/db = 3 · 1 · c = 6.
#
# Your turn: the stepper starts before backward. For step 1 (node J) type what flows to 3 and
# to v; then step 2 (node v), then step 3 (node u). The leaves' steps need no typing.

# %% [markdown] lang="ko"
# ## 1 · J = 3(a + bc)
#
# 노트 `004`는 비용 J(a, b, c) = 3(a + bc)를 세 단계로 계산합니다: u = bc, v = a + u, J = 3v (순전파).
# 역전파는 J에서 dJ/dJ = 1로 시작해 오른쪽에서 왼쪽으로 갑니다. 노드마다 규칙은 같습니다: 입력으로
# 흐르는 기울기는 상류 기울기 × 그 노드의 국소 기울기입니다. J = 3v에서 국소 기울기 dJ/dv는 3이고,
# v = a + u에서는 두 국소 기울기가 모두 1이며 (덧셈은 기울기를 그대로 넘겨 줍니다), u = bc에서는
# du/db = c, du/dc = b입니다 (곱셈은 입력을 서로 바꿉니다). 경로를 따라 국소 기울기를 곱합니다:
# dJ/db = 3 · 1 · c = 6.
#
# 이제 직접 해 보세요: 단계 보기는 역전파 전에서 시작합니다. 1단계(노드 J)에서 3과 v로 흐르는 기울기를,
# 이어서 2단계(노드 v), 3단계(노드 u)를 입력하세요. 잎 노드의 단계는 입력할 것이 없습니다.

# %%
a, b, c = Value(5.0, label="a"), Value(3.0, label="b"), Value(2.0, label="c")
u = b * c
u.label = "u"
v = a + u
v.label = "v"
J = 3 * v
J.label = "J"
viz.Stepper(J, practice=True, title="J = 3(a + bc)")

# %% [markdown] lang="en"
# The engine's answers, to compare with yours (backward() adds them into `.grad`):

# %% [markdown] lang="ko"
# 엔진의 답입니다. 직접 구한 값과 비교해 보세요 (backward()가 `.grad`에 더해 줍니다):

# %%
J.backward()
check("dJ/da", a.grad, 3.0)
check("dJ/db", b.grad, 6.0)
check("dJ/dc", c.grad, 9.0)

# %% [markdown] lang="en"
# ## 2 · The CS231n circuit f = (x + y) z
#
# Note `002` follows CS231n lecture 4 with x = -2, y = 5, z = -4: q = x + y = 3 and f = qz = -12.
# Its recipe for every node: (1) take the upstream gradient coming from the right, (2)
# differentiate the node's own function, which gives the local gradient, (3) put the stored
# forward values into it and multiply. So df/dz = q = 3, df/dq = z = -4, and the + node hands
# -4 to both x and y. The forward pass must store the values (q, z) because the backward pass
# needs them.

# %% [markdown] lang="ko"
# ## 2 · CS231n의 회로 f = (x + y) z
#
# 노트 `002`는 CS231n 4강을 따라 x = -2, y = 5, z = -4로 계산합니다: q = x + y = 3, f = qz = -12.
# 모든 노드에서의 계산 방법: (1) 오른쪽에서 오는 상류 기울기를 그대로 곱하고, (2) 노드의 함수를 미분하면
# 그것이 국소 기울기이며, (3) 순전파에서 저장한 값을 넣어 계산합니다. 그래서 df/dz = q = 3,
# df/dq = z = -4이고, + 노드는 x와 y 모두에 -4를 넘겨 줍니다. 역전파에 필요하므로 순전파는 값(q, z)을
# 저장해 두어야 합니다.

# %%
x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
q = x + y
q.label = "q"
f = q * z
f.label = "f"
viz.Stepper(f, practice=True, title="f = (x + y) z")

# %%
f.backward()
check("df/dx", x.grad, -4.0)
check("df/dy", y.grad, -4.0)
check("df/dz", z.grad, 3.0)

# %% [markdown] lang="en"
# ## 3 · The sigmoid neuron
#
# The same lecture's second example is a neuron: f = σ(w0·x0 + w1·x1 + w2) with w0 = 2, x0 = -1,
# w1 = -3, x1 = -2, w2 = -3, so the weighted sum is 1 and f = σ(1) ≈ 0.73. The sigmoid's local
# gradient needs only its output: dσ/dz = σ(1 - σ) ≈ 0.73 · 0.27 ≈ 0.20 (note `004`: "if a is
# the sigmoid, its derivative is a(1 - a)"). From there the + nodes hand 0.20 on and each
# multiplication swaps its inputs: dw0 = x0 · 0.20 ≈ -0.20, dx0 = w0 · 0.20 ≈ 0.39.

# %% [markdown] lang="ko"
# ## 3 · 시그모이드 뉴런
#
# 같은 강의의 두 번째 예제는 뉴런 하나입니다: f = σ(w0·x0 + w1·x1 + w2), w0 = 2, x0 = -1, w1 = -3,
# x1 = -2, w2 = -3이면 가중합은 1이고 f = σ(1) ≈ 0.73입니다. 시그모이드의 국소 기울기는 출력만 있으면
# 됩니다: dσ/dz = σ(1 - σ) ≈ 0.73 · 0.27 ≈ 0.20 (노트 `004`: "sigmoid 함수를 a라고 했을 때 미분하면
# a(1 - a)"). 그다음 + 노드는 0.20을 그대로 넘기고, 곱셈은 입력을 서로 바꿉니다: dw0 = x0 · 0.20 ≈ -0.20,
# dx0 = w0 · 0.20 ≈ 0.39.

# %%
w0, x0 = Value(2.0, label="w0"), Value(-1.0, label="x0")
w1, x1 = Value(-3.0, label="w1"), Value(-2.0, label="x1")
w2 = Value(-3.0, label="w2")
s = w0 * x0 + w1 * x1 + w2
s.label = "s"
neuron = s.sigmoid()
neuron.label = "f"
viz.Stepper(neuron, practice=True, title="f = σ(w0 x0 + w1 x1 + w2)")

# %%
neuron.backward()
sigma = 1 / (1 + math.exp(-1.0))
check("dσ/ds", s.grad, sigma * (1 - sigma))
check("df/dw0", w0.grad, -1.0 * sigma * (1 - sigma))
check("df/dx0", x0.grad, 2.0 * sigma * (1 - sigma))
check("df/dw2", w2.grad, sigma * (1 - sigma))

# %% [markdown] lang="en"
# ## 4 · One neuron with its loss: logistic regression
#
# Note `004` treats logistic regression as one neuron: z = w1·x1 + w2·x2 + b, a = σ(z), and the
# loss (손실) L(a, y) = -(y log a + (1 - y) log(1 - a)). Going backward: da = dL/da =
# -y/a + (1 - y)/(1 - a), then dz = da · a(1 - a), which simplifies to dz = a - y, then
# dw1 = x1·dz, dw2 = x2·dz, db = dz. Here x = (1, 2), w = (0.5, -0.3), b = 0.1 and the label
# y = 1, so z = 0, a = 0.5, da = -2 and dz = -0.5. The stepper walks through the loss node by
# node: the logs, the 1 - a, the products with y, the sum and the minus sign.

# %% [markdown] lang="ko"
# ## 4 · 손실이 붙은 뉴런 하나: 로지스틱 회귀
#
# 노트 `004`는 로지스틱 회귀를 뉴런 하나로 봅니다: z = w1·x1 + w2·x2 + b, a = σ(z), 손실
# L(a, y) = -(y log a + (1 - y) log(1 - a)). 거꾸로 가면: da = dL/da = -y/a + (1 - y)/(1 - a),
# 그다음 dz = da · a(1 - a)이고 이것은 dz = a - y로 간단해지며, dw1 = x1·dz, dw2 = x2·dz, db = dz입니다.
# 여기서는 x = (1, 2), w = (0.5, -0.3), b = 0.1, 정답 y = 1이므로 z = 0, a = 0.5, da = -2,
# dz = -0.5입니다. 단계 보기는 손실을 노드 하나씩 따라갑니다: 로그, 1 - a, y와의 곱, 합, 그리고 부호.

# %%
x1, x2, label = 1.0, 2.0, 1.0
w1, w2, bias = Value(0.5, label="w1"), Value(-0.3, label="w2"), Value(0.1, label="b")
z = w1 * x1 + w2 * x2 + bias
z.label = "z"
p = z.sigmoid()
p.label = "a"
loss = -(label * p.log() + (1 - label) * (1 - p).log())
loss.label = "L"
viz.Stepper(loss, practice=True, title="L = -(y log a + (1 - y) log(1 - a))", params=[w1, w2, bias])

# %%
loss.backward()
check("dL/da", p.grad, -label / p.data + (1 - label) / (1 - p.data))
check("dL/dz", z.grad, p.data - label)
check("dL/dw1", w1.grad, x1 * (p.data - label))
check("dL/dw2", w2.grad, x2 * (p.data - label))
check("dL/db", bias.grad, p.data - label)

# %% [markdown] lang="en"
# `nn` builds the same neuron and loss; its gradients are the ones you just computed by hand:

# %% [markdown] lang="ko"
# `nn`도 같은 뉴런과 손실을 만듭니다. 기울기는 방금 손으로 구한 값과 같습니다:

# %%
model = nn.Neuron(2, activation="sigmoid")
for parameter, value in zip(model.parameters(), [0.5, -0.3, 0.1]):
    parameter.data = value
same = nn.binary_cross_entropy([model([x1, x2])], [label])
same.backward()
check("dL/dw1", model.parameters()[0].grad, w1.grad)
check("dL/db", model.parameters()[2].grad, bias.grad)
print(
    words(
        "Every gradient above is upstream × local, one edge at a time.",
        "위의 모든 기울기는 간선 하나씩, 상류 기울기 × 국소 기울기입니다.",
    )
)
