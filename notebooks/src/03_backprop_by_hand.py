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
# # 03 · Backpropagation by hand, reproduced by the engine
#
# **What this notebook teaches:** every number of the classic hand-worked backpropagation
# example (오차 역전파): a 2-2-2 network with sigmoid everywhere, its forward pass, the total
# error, all eight weight gradients by the chain rule (연쇄법칙), and one step of gradient
# descent (경사 하강법) with learning rate 0.5. The engine computes them; the hand formulas,
# evaluated in plain Python, check them.
#
# **Lecture notes followed:** `001` (the wikidocs 07-05 worked example: inputs 0.1 and 0.2,
# targets 0.4 and 0.6, outputs "about 0.609 and 0.663"; 순전파 → 역전파 → parameter update),
# with `000` (forward then backward propagation through layers) and `002` (upstream × local).

# %% [markdown] lang="ko"
# # 03 · 손으로 푸는 역전파, 엔진으로 다시 계산하기
#
# **이 노트북에서 배우는 것:** 손으로 풀어 보는 고전적인 오차 역전파 예제의 모든 수: 모든 뉴런이
# 시그모이드인 2-2-2 신경망, 그 순전파, 전체 오차, 연쇄법칙으로 구하는 여덟 가중치의 기울기, 그리고
# 학습률 0.5로 하는 경사 하강법 한 단계. 엔진이 계산하고, 순수 파이썬으로 계산한 손 계산식이 확인합니다.
#
# **따라가는 강의 노트:** `001` (wikidocs 07-05 예제: 입력 0.1과 0.2, 목표값 0.4와 0.6, 출력 "약 0.609와
# 0.663"; 순전파 → 역전파 → 가중치 업데이트), 그리고 `000` (층을 지나는 순전파와 역전파)과 `002`
# (상류 기울기 × 국소 기울기).

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
# ## 1. The network
#
# Inputs x1 = 0.1, x2 = 0.2. Hidden layer: h1 = σ(w1·x1 + w2·x2), h2 = σ(w3·x1 + w4·x2).
# Output layer: o1 = σ(w5·h1 + w6·h2), o2 = σ(w7·h1 + w8·h2). No biases.
# Weights: w1 = 0.3, w2 = 0.25, w3 = 0.4, w4 = 0.35, w5 = 0.45, w6 = 0.4, w7 = 0.7, w8 = 0.6.
#
# `nn.MLP(2, [2, 2], bias=False)` is this network: exactly these eight weights (labelled
# L{layer}.N{neuron}.w{k}) and no biases. We load the lecture's numbers and then relabel each weight
# with the lecture's own name, w1 … w8: drawings box a weight with its neuron by where it is used,
# whatever its label says.

# %% [markdown] lang="ko"
# ## 1. 신경망
#
# 입력 x1 = 0.1, x2 = 0.2. 은닉층: h1 = σ(w1·x1 + w2·x2), h2 = σ(w3·x1 + w4·x2).
# 출력층: o1 = σ(w5·h1 + w6·h2), o2 = σ(w7·h1 + w8·h2). 편향은 없습니다.
# 가중치: w1 = 0.3, w2 = 0.25, w3 = 0.4, w4 = 0.35, w5 = 0.45, w6 = 0.4, w7 = 0.7, w8 = 0.6.
#
# `nn.MLP(2, [2, 2], bias=False)`가 바로 이 신경망입니다: 정확히 이 여덟 가중치(이름표 L{층}.N{뉴런}.w{k})만
# 있고 편향은 없습니다. 강의 노트의 수를 넣은 다음 가중치마다 강의 노트의 이름 w1 … w8을 붙입니다:
# 그림은 가중치를 이름표가 아니라 쓰이는 곳을 보고 그 뉴런의 상자에 넣습니다.

# %%
x1, x2 = 0.1, 0.2
t1, t2 = 0.4, 0.6
lecture_weights = {"w1": 0.30, "w2": 0.25, "w3": 0.40, "w4": 0.35, "w5": 0.45, "w6": 0.40, "w7": 0.70, "w8": 0.60}
where = {
    "w1": "L1.N1.w1",
    "w2": "L1.N1.w2",
    "w3": "L1.N2.w1",
    "w4": "L1.N2.w2",
    "w5": "L2.N1.w1",
    "w6": "L2.N1.w2",
    "w7": "L2.N2.w1",
    "w8": "L2.N2.w2",
}

model = nn.MLP(2, [2, 2], activation="sigmoid", output_activation="sigmoid", bias=False)
model.load_state_dict({where[k]: v for k, v in lecture_weights.items()})
W = {k: next(p for p in model.parameters() if p.label == where[k]) for k in lecture_weights}
print(model)
for k, p in W.items():
    print(words(f"{k} is {p.label} = {p.data}", f"{k}: {p.label} = {p.data}"))
    p.label = k

# %% [markdown] lang="en"
# ## 2. Forward pass (순전파)
#
# The hidden layer first, then the output layer. z is a neuron's weighted sum (the input
# of its sigmoid). The error is the lecture's E_total = ½ Σ (target − output)²,
# labelled **전체 오차 E_total**.

# %% [markdown] lang="ko"
# ## 2. 순전파
#
# 은닉층 먼저, 그다음 출력층. z는 뉴런의 가중합(시그모이드의 입력)입니다. 오차는 강의 노트의
# E_total = ½ Σ (목표값 − 출력)²이고, 이름표는 **전체 오차 E_total**입니다.

# %%
from autograd import scope  # noqa: E402 (a notebook imports where it first needs a name)

h1, h2 = model.layers[0]([x1, x2])
o1, o2 = model.layers[1]([h1, h2])
z1, z2, z3, z4 = (n.inputs[0] for n in (h1, h2, o1, o2))  # a = sigmoid(z)
# en: The error in a scope of its own, as nn's losses are: drawings box it and can collapse it.
# ko: nn의 손실 함수들처럼 오차도 자기 scope 안에서 만듭니다: 그림이 상자로 묶고 한 노드로 접을 수 있습니다.
with scope("E_total", kind="loss"):
    E = 0.5 * ((t1 - o1) ** 2 + (t2 - o2) ** 2)
E.label = "전체 오차 E_total"

# en: The lecture's numbers (wikidocs 07-05, to 8 decimals):
# ko: 강의 노트의 수 (wikidocs 07-05, 소수점 아래 8자리):
check("z1", z1.data, 0.08, tol=5e-9, source="wikidocs")
check("z2", z2.data, 0.11, tol=5e-9, source="wikidocs")
check("h1", h1.data, 0.51998934, tol=5e-9, source="wikidocs")
check("h2", h2.data, 0.52747230, tol=5e-9, source="wikidocs")
check("z3", z3.data, 0.44498412, tol=5e-9, source="wikidocs")
check("z4", z4.data, 0.68047592, tol=5e-9, source="wikidocs")
check("o1", o1.data, 0.60944600, tol=5e-9, source="wikidocs")
check("o2", o2.data, 0.66384491, tol=5e-9, source="wikidocs")
check("E_total", E.data, 0.02397190, tol=5e-9, source="wikidocs")
print(
    words(
        "lecture 001 rounds the outputs down to 0.609 and 0.663:",
        "강의 노트 001은 출력을 0.609와 0.663으로 내림합니다:",
    ),
    math.floor(o1.data * 1000) / 1000,
    math.floor(o2.data * 1000) / 1000,
)
assert (math.floor(o1.data * 1000), math.floor(o2.data * 1000)) == (609, 663)


# %% [markdown] lang="en"
# The same numbers from the forward formulas in plain Python floats (no engine), so the checks
# above are not the engine checking itself:

# %% [markdown] lang="ko"
# 같은 수를 순전파 식으로 순수 파이썬 실수만 써서(엔진 없이) 계산합니다. 그래서 위의 확인은 엔진이
# 자기 자신을 확인하는 것이 아닙니다:


# %%
def sigmoid(t):
    return 1 / (1 + math.exp(-t))


w = dict(lecture_weights)
H1 = sigmoid(w["w1"] * x1 + w["w2"] * x2)
H2 = sigmoid(w["w3"] * x1 + w["w4"] * x2)
O1 = sigmoid(w["w5"] * H1 + w["w6"] * H2)
O2 = sigmoid(w["w7"] * H1 + w["w8"] * H2)
E_plain = 0.5 * ((t1 - O1) ** 2 + (t2 - O2) ** 2)
engine_word, plain_word = words("engine", "엔진"), words("plain Python", "순수 파이썬")
for name_, engine, plain in [("h1", h1, H1), ("h2", h2, H2), ("o1", o1, O1), ("o2", o2, O2), ("E_total", E, E_plain)]:
    print(f"{name_:>8}: {engine_word} {engine.data:.12f}   {plain_word} {plain:.12f}")
    assert math.isclose(engine.data, plain, rel_tol=1e-14)

# %% [markdown] lang="en"
# The whole computation as a graph: inputs, the eight weights as shaded parameters, each neuron
# boxed, the error at the far right.

# %% [markdown] lang="ko"
# 계산 전체를 그래프로: 입력, 음영으로 표시한 매개변수인 여덟 가중치, 상자로 묶은 뉴런들, 그리고
# 오른쪽 끝의 오차.

# %%
viz.draw(E, params=model.parameters(), precision=5)

# %% [markdown] lang="en"
# ## 3. Backward pass (역전파)
#
# **Step 1, output layer.** For w5 the chain rule has three factors (the lecture's "우변 1항,
# 2항, 3항"):
#
# ∂E/∂w5 = ∂E/∂o1 · ∂o1/∂z3 · ∂z3/∂w5 = (o1 − t1) · o1(1 − o1) · h1
#
# and likewise w6 (· h2), w7 and w8 (with o2, t2). Write δ1 = (o1 − t1)·o1(1 − o1) and
# δ2 = (o2 − t2)·o2(1 − o2).
#
# **Step 2, hidden layer.** h1 reaches E through both outputs, so its gradient is a sum:
# ∂E/∂h1 = δ1·w5 + δ2·w7, and ∂E/∂w1 = ∂E/∂h1 · h1(1 − h1) · x1 (w2: · x2);
# ∂E/∂h2 = δ1·w6 + δ2·w8, and ∂E/∂w3 = ∂E/∂h2 · h2(1 − h2) · x1 (w4: · x2).

# %% [markdown] lang="ko"
# ## 3. 역전파
#
# **1단계, 출력층.** w5에 대해 연쇄법칙은 세 인수로 이루어집니다(강의 노트의 "우변 1항, 2항, 3항"):
#
# ∂E/∂w5 = ∂E/∂o1 · ∂o1/∂z3 · ∂z3/∂w5 = (o1 − t1) · o1(1 − o1) · h1
#
# w6(· h2), w7과 w8(o2, t2 사용)도 마찬가지입니다. δ1 = (o1 − t1)·o1(1 − o1),
# δ2 = (o2 − t2)·o2(1 − o2)로 씁니다.
#
# **2단계, 은닉층.** h1은 두 출력을 모두 거쳐 E에 닿으므로 그 기울기는 합입니다:
# ∂E/∂h1 = δ1·w5 + δ2·w7이고, ∂E/∂w1 = ∂E/∂h1 · h1(1 − h1) · x1 (w2: · x2);
# ∂E/∂h2 = δ1·w6 + δ2·w8이고, ∂E/∂w3 = ∂E/∂h2 · h2(1 − h2) · x1 (w4: · x2).

# %%
E.backward()

d1 = (O1 - t1) * O1 * (1 - O1)
d2 = (O2 - t2) * O2 * (1 - O2)
dH1 = d1 * w["w5"] + d2 * w["w7"]
dH2 = d1 * w["w6"] + d2 * w["w8"]
by_hand = {
    "w5": d1 * H1,
    "w6": d1 * H2,
    "w7": d2 * H1,
    "w8": d2 * H2,
    "w1": dH1 * H1 * (1 - H1) * x1,
    "w2": dH1 * H1 * (1 - H1) * x2,
    "w3": dH2 * H2 * (1 - H2) * x1,
    "w4": dH2 * H2 * (1 - H2) * x2,
}
print(words("weight   engine dE/dw      hand formula", "가중치   엔진 dE/dw        손 계산식"))
for k in ["w5", "w6", "w7", "w8", "w1", "w2", "w3", "w4"]:
    print(f"{k:>6}   {W[k].grad:.10f}    {by_hand[k]:.10f}")
    assert math.isclose(W[k].grad, by_hand[k], rel_tol=1e-12)
check("dE/dw5", W["w5"].grad, 0.02592286, tol=5e-9, source="wikidocs")
check("dE/dh1", h1.grad, dH1, tol=1e-15, source=words("hand formula", "손 계산식"))

# %% [markdown] lang="en"
# The drawing after the backward pass: every edge reads `upstream × local = gradient`.
# The network view below shows the same gradients one box per neuron.

# %% [markdown] lang="ko"
# 역전파 뒤의 그림: 모든 간선에 `상류 기울기 × 국소 기울기 = 기울기`가 적혀 있습니다.
# 아래의 신경망 그림은 같은 기울기를 뉴런마다 상자 하나로 보여 줍니다.

# %%
viz.draw(E, params=model.parameters(), precision=5)

# %%
viz.draw_network(
    model,
    x=[x1, x2],
    title=words("2-2-2 sigmoid network after backward", "역전파 뒤의 2-2-2 시그모이드 신경망"),
    precision=5,
)

# %% [markdown] lang="en"
# The same graph at the level the wikidocs figure draws it: `collapse="neurons"` draws each neuron
# (and the error) as one node, inputs on the left, layer 1, layer 2, E_total on the right. An edge
# into a collapsed neuron carries upstream × the neuron's own local gradient, computed through the
# whole neuron at once: on w5's edge that is ∂E/∂w5 = 0.02592286, the number found above.

# %% [markdown] lang="ko"
# 같은 그래프를 wikidocs 그림과 같은 수준으로: `collapse="neurons"`는 뉴런 하나하나(와 오차)를 노드 하나로
# 그립니다. 왼쪽에 입력, 1층, 2층, 오른쪽에 E_total이 옵니다. 접힌 뉴런으로 들어가는 간선에는 상류 기울기 ×
# 그 뉴런 전체의 국소 기울기가 적힙니다: w5의 간선에는 위에서 구한 ∂E/∂w5 = 0.02592286이 있습니다.

# %%
assert "0.02592286" in viz.to_dot(E, params=model.parameters(), precision=7, collapse="neurons")
viz.draw(E, params=model.parameters(), precision=5, collapse="neurons")

# %% [markdown] lang="en"
# ## 4. One step of gradient descent (가중치 업데이트)
#
# New weight = old weight − α · ∂E/∂w with α = 0.5, for all eight weights at once (the hidden
# layer's gradients were computed with the *old* w5..w8). `nn.SGD` does exactly that.

# %% [markdown] lang="ko"
# ## 4. 경사 하강법 한 단계 (가중치 업데이트)
#
# 새 가중치 = 옛 가중치 − α · ∂E/∂w, α = 0.5, 여덟 가중치를 한꺼번에 업데이트합니다(은닉층의 기울기는
# *옛* w5..w8로 계산했습니다). `nn.SGD`가 바로 이 일을 합니다.

# %%
old = {k: p.data for k, p in W.items()}
optimizer = nn.SGD(model.weights(), lr=0.5)
optimizer.step()

# en: The output layer's new weights as wikidocs 07-05 prints them (8 decimals):
# ko: wikidocs 07-05가 보여 주는 출력층의 새 가중치 (소수점 아래 8자리):
published = {"w5": 0.43703857, "w6": 0.38685205, "w7": 0.69629578, "w8": 0.59624247}
print(
    words(
        "weight    old     new (engine)    old - 0.5 * grad by hand    lecture",
        "가중치    옛 값   새 값 (엔진)    옛 값 - 0.5 * 손 계산 기울기   강의 노트",
    )
)
for k in ["w5", "w6", "w7", "w8", "w1", "w2", "w3", "w4"]:
    hand = old[k] - 0.5 * by_hand[k]
    shown = f"{published[k]:.8f}" if k in published else ""
    print(f"{k:>6}   {old[k]:.2f}    {W[k].data:.8f}      {hand:.8f}                {shown}")
    assert math.isclose(W[k].data, hand, rel_tol=1e-12)
    if k in published:
        assert abs(W[k].data - published[k]) < 5e-9
assert len(model.parameters()) == 8  # the lecture's eight weights, no biases

# %% [markdown] lang="en"
# The same forward pass with the new weights: the error went down.

# %% [markdown] lang="ko"
# 새 가중치로 같은 순전파를 하면 오차가 줄어들었습니다.

# %%
o1_new, o2_new = model([x1, x2])
E_new = 0.5 * ((t1 - o1_new) ** 2 + (t2 - o2_new) ** 2)
outputs, targets = words("outputs", "출력"), words("targets", "목표값")
print(f"{outputs} {o1.data:.6f}, {o2.data:.6f}  ->  {o1_new.data:.6f}, {o2_new.data:.6f}   ({targets} {t1}, {t2})")
print(f"E_total {E.data:.8f}  ->  {E_new.data:.8f}")
assert E_new.data < E.data

# %% [markdown] lang="en"
# **Summary.** Forward: z, h, o and E. Backward, output layer first: δ = (o − t)·o(1 − o),
# ∂E/∂w = δ · (the input on that weight); hidden layer: the δ's of both outputs, weighted and
# summed, times h(1 − h) times the input. Then one update. The engine does the same
# multiplications, and its drawing shows each one on an edge.

# %% [markdown] lang="ko"
# **정리.** 순전파: z, h, o, 그리고 E. 역전파는 출력층부터: δ = (o − t)·o(1 − o),
# ∂E/∂w = δ · (그 가중치에 들어오는 입력). 은닉층: 두 출력의 δ에 가중치를 곱해 더하고, h(1 − h)와 입력을
# 곱합니다. 그다음 업데이트 한 번. 엔진도 똑같은 곱셈을 하고, 그림은 그 곱셈 하나하나를 간선 위에
# 보여 줍니다.
