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
# # 04 · XOR: why one neuron is not enough, and an MLP that learns it
#
# **What this notebook teaches:** the perceptron (퍼셉트론) with a step function; the OR,
# NAND and AND gates as single perceptrons; why no single neuron can compute XOR (its decision
# boundary is one straight line); XOR = AND(OR, NAND) wired as a two-layer network (다층
# 퍼셉트론, MLP); an MLP trained on XOR with its loss curve, decision boundary and neuron-level
# drawing; and counting parameters (3-4-1 has 21).
#
# **Lecture notes followed:** `001` (perceptron, step function, XOR from OR / NAND / AND,
# MLP), `003` (limits of linear classifiers, a hidden layer transforming the data until it is
# linearly separable) and `000` (3 features, 4 hidden, 1 output: 16 + 5 = 21 parameters).

# %% [markdown] lang="ko"
# # 04 · XOR: 뉴런 하나로는 부족한 이유와 XOR을 배우는 MLP
#
# **이 노트북에서 배우는 것:** 계단 함수를 쓰는 퍼셉트론; 퍼셉트론 하나씩으로 만드는 OR, NAND, AND 게이트;
# 어떤 뉴런 하나도 XOR을 계산할 수 없는 이유(결정 경계가 직선 하나이므로); 두 층짜리 신경망(다층
# 퍼셉트론, MLP)으로 엮은 XOR = AND(OR, NAND); XOR로 학습한 MLP의 손실 곡선, 결정 경계, 뉴런 단위의
# 그림; 그리고 매개변수 세기(3-4-1에는 21개).
#
# **따라가는 강의 노트:** `001` (퍼셉트론, 계단 함수, OR / NAND / AND로 만드는 XOR, MLP), `003` (선형
# 분류기의 한계, 데이터를 선형 분리가 가능해질 때까지 바꾸는 은닉층), `000` (특성 3개, 은닉 뉴런 4개,
# 출력 1개: 매개변수 16 + 5 = 21개).

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
# ## 1. Perceptrons and logic gates
#
# A perceptron: weighted sum, then a step function (threshold, 임계값):
# output 1 if w1·x1 + w2·x2 + b > 0, else 0. Three gates, each one perceptron; the truth
# tables come from `nn.datasets.truth_table`.

# %% [markdown] lang="ko"
# ## 1. 퍼셉트론과 논리 게이트
#
# 퍼셉트론: 가중합을 구한 뒤 계단 함수(임계값)를 적용합니다:
# w1·x1 + w2·x2 + b > 0이면 1, 아니면 0을 출력합니다. 게이트 세 개, 각각 퍼셉트론 하나입니다.
# 진리표는 `nn.datasets.truth_table`에서 가져옵니다.


# %%
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

# %% [markdown] lang="en"
# XOR (1 when exactly one input is 1) is not in that list: the first neural networks could not
# learn it. It *can* be built from the three gates: XOR(x) = AND(OR(x), NAND(x)), the output
# of two perceptrons becoming the input of a third (the idea of the multi-layer perceptron).

# %% [markdown] lang="ko"
# XOR(입력 중 정확히 하나가 1일 때 1)은 이 목록에 없습니다: 초기의 신경망은 XOR을 배우지 못했습니다.
# 하지만 세 게이트로 *만들* 수는 있습니다: XOR(x) = AND(OR(x), NAND(x)). 퍼셉트론 두 개의 출력이 세 번째
# 퍼셉트론의 입력이 됩니다(다층 퍼셉트론의 아이디어).

# %%
XOR = lambda x: AND([OR(x), NAND(x)])
X, Y = nn.datasets.xor()
print(" x1 x2 | OR NAND | AND = XOR")
for x, y in zip(X, Y):
    print(f"  {int(x[0])}  {int(x[1])} |  {OR(x)}   {NAND(x)}  |  {XOR(x)}")
    assert XOR(x) == y

# %% [markdown] lang="en"
# The same wiring as a network of named neurons: `nn.MLP(2, [2, 1])` whose hidden neurons are
# called OR and NAND and whose output neuron is AND. A sigmoid with the perceptrons' weights
# times 20 is almost the step function, so it computes XOR too. Drawn one node per neuron
# (`collapse="neurons"`), the graph is the lecture's picture: two gates feeding a third.

# %% [markdown] lang="ko"
# 같은 배선을 이름 붙인 뉴런들의 신경망으로: 은닉 뉴런의 이름이 OR과 NAND, 출력 뉴런의 이름이 AND인
# `nn.MLP(2, [2, 1])`입니다. 퍼셉트론의 가중치에 20을 곱한 시그모이드는 계단 함수와 거의 같아서 이것도
# XOR을 계산합니다. 뉴런마다 노드 하나로 그리면(`collapse="neurons"`) 강의 노트의 그림, 곧 두 게이트가 세 번째
# 게이트로 들어가는 모습이 됩니다.

# %%
gates = nn.MLP(2, [2, 1], activation="sigmoid", output_activation="sigmoid")
hidden, output = gates.layers
hidden.neurons[0].name, hidden.neurons[1].name, output.neurons[0].name = "OR", "NAND", "AND"
weights = {"OR": (0.5, 0.5, -0.2), "NAND": (-0.5, -0.5, 0.7), "AND": (0.5, 0.5, -0.7)}
state = {}
for layer in gates.layers:
    for neuron in layer.neurons:
        w1, w2, b = (20 * v for v in weights[neuron.name])
        state.update({neuron.w[0].label: w1, neuron.w[1].label: w2, neuron.b.label: b})
gates.load_state_dict(state)
print(sorted(state))
for x, y in zip(X, Y):
    assert round(gates(x).data) == y
viz.draw(gates([1.0, 0.0]), params=gates.parameters(), collapse="neurons")

# %% [markdown] lang="en"
# ## 2. Why one neuron cannot solve XOR
#
# One neuron (step or sigmoid) outputs class 1 on one side of the line w1·x1 + w2·x2 + b = 0.
# XOR would need b ≤ 0 (for 00), w2 + b > 0 (01), w1 + b > 0 (10) and w1 + w2 + b ≤ 0 (11).
# Adding the middle two: w1 + w2 + 2b > 0, so w1 + w2 + b > −b ≥ 0, contradicting the last.
# No line separates the two classes. Trying 9261 lines on a grid, the best gets 3 of 4 right:

# %% [markdown] lang="ko"
# ## 2. 뉴런 하나로는 XOR을 풀 수 없는 이유
#
# 뉴런 하나(계단 함수든 시그모이드든)는 직선 w1·x1 + w2·x2 + b = 0의 한쪽에서 클래스 1을 출력합니다.
# XOR이 되려면 b ≤ 0 (00), w2 + b > 0 (01), w1 + b > 0 (10), w1 + w2 + b ≤ 0 (11)이어야 합니다.
# 가운데 두 식을 더하면 w1 + w2 + 2b > 0이므로 w1 + w2 + b > −b ≥ 0이 되어 마지막 식과 모순입니다.
# 어떤 직선도 두 클래스를 나누지 못합니다. 격자 위의 직선 9261개를 시험해 보면 가장 좋은 것도 4개 중 3개만
# 맞힙니다:

# %%
grid = [i / 10 for i in range(-10, 11)]
lines = [(w1, w2, b) for w1 in grid for w2 in grid for b in grid]


def line_accuracy(w1, w2, b):
    return sum(perceptron(w1, w2, b)(x) == y for x, y in zip(X, Y)) / len(X)


best = max(line_accuracy(*line) for line in lines)
print(
    words(
        f"{len(lines)} lines tried, best accuracy on XOR: {best:.0%}",
        f"직선 {len(lines)}개를 시험함, XOR에서 가장 좋은 정확도: {best:.0%}",
    )
)
or_line, nand_line = line_accuracy(0.5, 0.5, -0.2), line_accuracy(-0.5, -0.5, 0.7)
print(
    words(
        f"the OR line: {or_line:.0%}, the NAND line: {nand_line:.0%}",
        f"OR 직선: {or_line:.0%}, NAND 직선: {nand_line:.0%}",
    )
)
assert best == 0.75

fig, ax = plt.subplots(figsize=(4, 4))
t = [-0.5, 1.5]
ax.plot(t, [(0.2 - 0.5 * v) / 0.5 for v in t], color="#0072B2", label=words("OR line: 75%", "OR 직선: 75%"))
ax.plot(
    t,
    [(0.7 - 0.5 * v) / 0.5 for v in t],
    color="#E69F00",
    linestyle="--",
    label=words("NAND line: 75%", "NAND 직선: 75%"),
)
for (a_, b_), y in zip(X, Y):
    ax.scatter(
        a_, b_, s=160, marker="s" if y else "o", color="#B2182B" if y else "#2166AC", edgecolors="black", zorder=3
    )
ax.set_xlim(-0.5, 1.5)
ax.set_ylim(-0.5, 1.5)
ax.set_aspect("equal")
ax.set_xlabel("x1")
ax.set_ylabel("x2")
ax.set_title(words("XOR: class 1 (squares) lies between two lines", "XOR: 클래스 1(사각형)은 두 직선 사이에 있다"))
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2, fontsize="small", frameon=False)
plt.show()

# %% [markdown] lang="en"
# Each line gets 3 of 4 points right; XOR's class 1 lies *between* the OR line and the NAND
# line, which takes two neurons. Training a single sigmoid neuron shows the same limit: its
# cross-entropy is convex in (w, b), and on XOR's symmetric corners the best it can do is
# w = 0, b = 0, "probability 0.5 everywhere" (loss log 2 ≈ 0.693, accuracy 50%: every point
# on the boundary). Its output surface is flat, so there is no line at all to draw.

# %% [markdown] lang="ko"
# 직선마다 점 4개 중 3개를 맞힙니다. XOR의 클래스 1은 OR 직선과 NAND 직선 *사이*에 있고, 그러려면 뉴런이
# 두 개 필요합니다. 시그모이드 뉴런 하나를 학습해 봐도 같은 한계가 보입니다: 교차 엔트로피는 (w, b)에 대해
# 볼록하고, XOR의 대칭인 네 꼭짓점에서 최선은 w = 0, b = 0, 즉 "어디서나 확률 0.5"입니다(손실
# log 2 ≈ 0.693, 정확도 50%: 모든 점이 경계 위). 출력 곡면이 평평하므로 그릴 직선조차 없습니다.

# %%
single = nn.Neuron(2, activation="sigmoid", seed=SEED)
history_single = nn.fit(single, X, Y, loss="bce", optimizer="adam", lr=0.1, epochs=300, verbose=False)
predictions = single.predict(X)
print(words("outputs:", "출력:"), [round(p, 3) for p in predictions], words(" targets:", " 목표값:"), Y)
# en: + 0.0: no "-0.0"
# ko: + 0.0: "-0.0"이 나오지 않게
print(words("learned w1, w2, b =", "학습된 w1, w2, b ="), [round(p.data, 4) + 0.0 for p in single.parameters()])
accuracy, loss = history_single.accuracy[-1], history_single.epoch_loss[-1]
print(
    words(
        f"accuracy {accuracy:.0%}, loss {loss:.4f} (log 2 = {math.log(2):.4f})",
        f"정확도 {accuracy:.0%}, 손실 {loss:.4f} (log 2 = {math.log(2):.4f})",
    )
)
assert history_single.accuracy[-1] <= 0.75

# %% [markdown] lang="en"
# ## 3. XOR as a network of sigmoid neurons, wired by hand
#
# Replace each step by a steep sigmoid (weights ±20, each bias putting the threshold between
# the corners, as in Andrew Ng's lecture): hidden neuron 1 is OR, hidden neuron 2 is NAND, the
# output neuron is AND of the two. This is `nn.MLP(2, [2, 1])` with weights we choose.
# The drawing shows one box per neuron, the weight on each edge, and each neuron's output for
# the input (1, 0).

# %% [markdown] lang="ko"
# ## 3. 손으로 엮은 시그모이드 뉴런 신경망으로 XOR 만들기
#
# 계단 함수를 가파른 시그모이드로 바꿉니다(Andrew Ng의 강의처럼 가중치는 ±20, 편향은 임계값을 꼭짓점들
# 사이에 둡니다): 은닉 뉴런 1은 OR, 은닉 뉴런 2는 NAND, 출력 뉴런은 둘의 AND입니다. 가중치를 직접 정한
# `nn.MLP(2, [2, 1])`입니다. 그림은 뉴런마다 상자 하나, 간선마다 가중치, 그리고 입력 (1, 0)에 대한 각
# 뉴런의 출력을 보여 줍니다.

# %%
wired = nn.MLP(2, [2, 1], activation="sigmoid", output_activation="sigmoid")
wired.load_state_dict(
    {
        "L1.N1.w1": 20.0,
        "L1.N1.w2": 20.0,
        "L1.N1.b": -10.0,  # OR
        "L1.N2.w1": -20.0,
        "L1.N2.w2": -20.0,
        "L1.N2.b": 30.0,  # NAND
        "L2.N1.w1": 20.0,
        "L2.N1.w2": 20.0,
        "L2.N1.b": -30.0,  # AND
    }
)
outputs = wired.predict(X)
print(
    words("outputs:", "출력:"),
    [round(p, 4) for p in outputs],
    words(" rounded:", " 반올림:"),
    [round(p) for p in outputs],
)
assert [round(p) for p in wired.predict(X)] == Y
viz.draw_network(wired, x=[1.0, 0.0], title="XOR = AND(OR, NAND)")

# %% [markdown] lang="en"
# **What the hidden layer does** (lecture 003: a feature transform makes the data linearly
# separable). In the hidden layer's coordinates (h1, h2) = (OR, NAND) the four points become
# (0, 1), (1, 1), (1, 1), (1, 0): class 1 sits alone at (1, 1), and one line (the AND neuron)
# now separates it.

# %% [markdown] lang="ko"
# **은닉층이 하는 일** (강의 노트 003: 특성 변환이 데이터를 선형 분리 가능하게 만든다). 은닉층의 좌표
# (h1, h2) = (OR, NAND)에서 네 점은 (0, 1), (1, 1), (1, 1), (1, 0)이 됩니다: 클래스 1만 (1, 1)에 모이고,
# 이제 직선 하나(AND 뉴런)가 그것을 나눕니다.

# %%
for x, y in zip(X, Y):
    h = [v.data for v in wired.layers[0](x)]
    print(f"x = {[int(v) for v in x]}  ->  (h1, h2) = ({h[0]:.3f}, {h[1]:.3f})   {words('class', '클래스')} {y}")

# %% [markdown] lang="en"
# ## 4. Training an MLP on XOR
#
# A hidden layer of 4 tanh neurons and a sigmoid output, trained with binary cross-entropy:
# `nn.fit` does forward pass, loss, backward pass and an Adam step per batch of 2 examples
# (2 iterations per epoch).

# %% [markdown] lang="ko"
# ## 4. XOR로 MLP 학습하기
#
# tanh 뉴런 4개짜리 은닉층과 시그모이드 출력을 이진 교차 엔트로피로 학습합니다: `nn.fit`은 샘플 2개짜리
# 배치마다 순전파, 손실, 역전파, Adam 한 단계를 합니다(에포크마다 반복 2번).

# %%
model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=SEED)
history = nn.fit(model, X, Y, loss="bce", optimizer="adam", lr=0.1, epochs=200, batch_size=2, seed=SEED, verbose=False)
print(history)
print(words("outputs:", "출력:"), [round(p, 3) for p in model.predict(X)], words(" targets:", " 목표값:"), Y)
assert history.accuracy[-1] == 1.0

# %%
viz.plots.plot_loss(history, title=words("XOR: 손실 (loss) while training", "XOR: 학습 중의 손실"))

# %%
viz.plots.plot_decision_boundary(
    model, X, Y, resolution=80, title=words("MLP 2-4-1 on XOR: a curved boundary", "XOR을 배운 MLP 2-4-1: 휘어진 경계")
)

# %% [markdown] lang="en"
# The trained network, one box per neuron: green solid edges are positive weights, purple
# dashed ones negative, thicker means larger |w|; each box shows the neuron's output for the
# input (1, 0).

# %% [markdown] lang="ko"
# 학습된 신경망, 뉴런마다 상자 하나: 초록 실선은 양의 가중치, 보라 점선은 음의 가중치이고, 굵을수록 |w|가
# 큽니다. 상자마다 입력 (1, 0)에 대한 뉴런의 출력이 적혀 있습니다.

# %%
viz.draw_network(
    model,
    x=[1.0, 0.0],
    show_grads=False,
    title=words("trained 2-4-1 network, input (1, 0)", "학습된 2-4-1 신경망, 입력 (1, 0)"),
)

# %% [markdown] lang="en"
# The same network as the engine sees it: the scalar graph of one example's loss, each
# neuron's nodes boxed (L1.N1 ... L2.N1), after a backward pass. Every number the optimizer
# used is on an edge.

# %% [markdown] lang="ko"
# 같은 신경망을 엔진이 보는 대로: 역전파를 마친 샘플 하나의 손실의 스칼라 그래프로, 뉴런마다 노드들이
# 상자로 묶여 있습니다(L1.N1 ... L2.N1). 옵티마이저가 쓴 모든 수가 간선 위에 있습니다.

# %%
model.zero_grad()
loss = nn.binary_cross_entropy(model([1.0, 0.0]), 1)
loss.label = "손실 L"
loss.backward()
viz.draw(loss, params=model.parameters(), precision=3, direction="LR")

# %% [markdown] lang="en"
# ## 5. Counting parameters
#
# Lecture 000: 3 features, 4 hidden neurons, 1 output. Each hidden neuron has 3 weights and a
# bias: 4 · 4 = 16; the output neuron has 4 weights and a bias: 5. In all **21**
# (logistic regression on the same 3 features has 4).

# %% [markdown] lang="ko"
# ## 5. 매개변수 세기
#
# 강의 노트 000: 특성 3개, 은닉 뉴런 4개, 출력 1개. 은닉 뉴런마다 가중치 3개와 편향 하나: 4 · 4 = 16;
# 출력 뉴런은 가중치 4개와 편향 하나: 5. 모두 **21**개입니다(같은 특성 3개에 대한 로지스틱 회귀는 4개).

# %%
net = nn.MLP(3, [4, 1], activation="relu", output_activation="sigmoid", seed=SEED)
per_layer = [len(layer.parameters()) for layer in net.layers]
print(net)
print(words("parameters per layer:", "층별 매개변수:"), per_layer, words(" total:", " 합계:"), len(net.parameters()))
assert per_layer == [4 * (3 + 1), 1 * (4 + 1)] and len(net.parameters()) == 21
assert len(nn.Neuron(3, activation="sigmoid").parameters()) == 4

# %% [markdown] lang="en"
# ## 6. From chainrule to PyTorch
#
# A learner who outgrows scalars takes the model along: `nn.to_torch(model)` is a float64
# `torch.nn.Sequential` with the same weights (a `Linear` per layer, then its activation), and
# `nn.from_torch(module)` reads one back. Below, the same 2-4-1 XOR network is trained in both,
# 100 steps of full-batch gradient descent with the same learning rate, and the two losses are
# compared step by step.

# %% [markdown] lang="ko"
# ## 6. chainrule에서 PyTorch로
#
# 스칼라를 넘어서는 학습자는 모델을 그대로 가져갈 수 있습니다: `nn.to_torch(model)`은 같은 가중치를 가진
# float64 `torch.nn.Sequential`(층마다 `Linear` 하나, 그 뒤에 활성화 함수)이고, `nn.from_torch(module)`은
# 그것을 다시 읽어 옵니다. 아래에서는 같은 2-4-1 XOR 신경망을 양쪽에서 같은 학습률로 전체 배치 경사 하강법
# 100단계 학습하고, 두 손실을 단계마다 비교합니다.

# %%
import torch  # noqa: E402 (torch is optional for chainrule; this section needs it)

ours = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=SEED)
theirs = nn.to_torch(ours)
print(theirs)
X_xor, y_xor = nn.datasets.xor()
inputs = torch.tensor(X_xor, dtype=torch.float64)
targets = torch.tensor(y_xor, dtype=torch.float64).reshape(-1, 1)
optimizer_ours = nn.SGD(ours.parameters(), lr=0.5)
optimizer_theirs = torch.optim.SGD(theirs.parameters(), lr=0.5)
gap = 0.0
for k in range(100):
    loss_ours = nn.binary_cross_entropy([ours(x) for x in X_xor], y_xor)
    optimizer_ours.zero_grad()
    loss_ours.backward()
    optimizer_ours.step()
    loss_theirs = torch.nn.functional.binary_cross_entropy(theirs(inputs), targets)
    optimizer_theirs.zero_grad()
    loss_theirs.backward()
    optimizer_theirs.step()
    gap = max(gap, abs(loss_ours.data - loss_theirs.item()))
    if k in (0, 9, 99):
        print(
            f"{words('step', '단계')} {k + 1:>3}: chainrule {loss_ours.data:.10f}   PyTorch {loss_theirs.item():.10f}"
        )
# en: The two engines differ only by float rounding (summed in other orders), so the gap is shown as its bound.
# ko: 두 엔진의 차이는 (더하는 순서가 달라 생기는) 부동소수점 반올림 오차뿐이므로 그 상한으로 보입니다.
print(words("largest difference over 100 steps:", "100단계 동안 가장 큰 차이:"), "< 1e-12" if gap < 1e-12 else gap)
assert gap < 1e-12
back = nn.from_torch(theirs)
assert max(abs(a.data - b.data) for a, b in zip(back.parameters(), ours.parameters())) < 1e-9
