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
# # 06 · The perceptron, its step function, and a recurrent network unrolled in time
#
# **What this notebook teaches:** the perceptron (퍼셉트론: the smallest unit of a neural network: a
# weighted sum, then a step function with a threshold), learning OR with the perceptron rule,
# why backpropagation needs a smooth step (the sigmoid) instead; then the two kinds of network of
# the note, the feed-forward network (FFNN: input to output, once) and the recurrent network
# (RNN: the hidden state comes back as an input), with one `nn.RNNCell` unrolled over two time
# steps: the same weight is used at every step, and its gradient is the sum of one gradient per
# step.
#
# **Lecture notes followed:** `001` (perceptron, step function, threshold, FFNN vs RNN).

# %% [markdown] lang="ko"
# # 06 · 퍼셉트론과 계단 함수, 그리고 시간에 따라 펼친 순환 신경망
#
# **이 노트북에서 배우는 것:** 퍼셉트론(신경망의 최소 단위: 가중합 다음에 임계값이 있는 계단 함수),
# 퍼셉트론 규칙으로 OR 배우기, 역전파에는 계단 대신 매끄러운 계단(시그모이드)이 필요한 이유; 이어서
# 노트의 두 가지 신경망, 순방향 신경망(FFNN: 입력에서 출력으로 한 번)과 순환 신경망(RNN: 은닉층
# 출력값이 다시 입력으로 쓰임)을 보고, `nn.RNNCell` 하나를 두 시간 단계로 펼칩니다. 같은 가중치가
# 모든 단계에서 쓰이고, 그 기울기는 단계마다 하나씩 생긴 기울기의 합입니다.
#
# **따라가는 강의 노트:** `001` (퍼셉트론, 계단 함수, 임계값, FFNN과 RNN).

# %%
# %matplotlib inline
import math
import os
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
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
# ## 1. A perceptron: weighted sum -> step function -> output
#
# The note: `sum(node * weight) -> step function -> output`. The step function fires (outputs 1)
# when the weighted sum passes the threshold, like a neuron passing on a stimulus above its
# threshold. With threshold θ written as a bias b = -θ: output = 1 if w·x + b > 0, else 0.

# %% [markdown] lang="ko"
# ## 1. 퍼셉트론: 가중합 -> 계단 함수 -> 출력
#
# 노트의 식: `sum(노드 * 가중치) -> step function -> output`. 계단 함수는 가중합이 임계값을 넘으면
# 1을 출력합니다. 역치를 넘는 자극만 전달하는 뉴런과 같습니다. 임계값 θ를 바이어스 b = -θ로 쓰면:
# w·x + b > 0이면 1, 아니면 0.


# %%
def step(z):
    return 1 if z > 0 else 0


def perceptron(w, b, x):
    return step(sum(wi * xi for wi, xi in zip(w, x)) + b)


# en: The perceptron rule (Rosenblatt): after each example, w += lr * (target - output) * x.
# ko: 퍼셉트론 학습 규칙(로젠블랫): 예시 하나마다 w += lr * (정답 - 출력) * x.
X, y = nn.datasets.truth_table("or")
w, b, lr = [0.0, 0.0], 0.0, 0.1
epochs = 0
while epochs < 10:
    epochs, mistakes = epochs + 1, 0
    for x, t in zip(X, y):
        error = t - perceptron(w, b, x)
        mistakes += error != 0
        w = [wi + lr * error * xi for wi, xi in zip(w, x)]
        b += lr * error
    if mistakes == 0:
        break
print(words(f"OR learned after {epochs} epochs:", f"{epochs} 에포크 뒤 OR 학습 완료:"), f"w = {w}, b = {b:.1f}")
assert [perceptron(w, b, x) for x in X] == [0, 1, 1, 1]

# %% [markdown] lang="en"
# The perceptron rule works for one neuron, but it does not tell a hidden neuron how to change:
# for that we need the chain rule, and the chain rule needs slopes. The step function has slope 0
# everywhere (and none at 0): no gradient flows through it. The sigmoid σ(z) = 1 / (1 + e^-z) is
# a smooth step; σ(k z) tends to the step as k grows, and its slope σ(1 - σ) is never 0.

# %% [markdown] lang="ko"
# 퍼셉트론 규칙은 뉴런 하나에는 통하지만, 은닉 뉴런을 어떻게 바꿀지는 알려 주지 못합니다. 그러려면
# 연쇄법칙이 필요하고, 연쇄법칙에는 기울기가 필요합니다. 계단 함수의 기울기는 어디서나 0이고(0에서는
# 정의되지 않음) 그래서 기울기가 흐르지 못합니다. 시그모이드 σ(z) = 1 / (1 + e^-z)는 매끄러운 계단입니다.
# k가 커질수록 σ(k z)는 계단에 가까워지고, 그 기울기 σ(1 - σ)는 0이 되지 않습니다.

# %%
zs = np.linspace(-3, 3, 601)
fig, ax = plt.subplots(figsize=(6.5, 3.2))
ax.step(zs, [step(z) for z in zs], where="post", color="black", linewidth=2, label=words("step function", "계단 함수"))
for k in (1, 3, 10):
    ax.plot(zs, 1 / (1 + np.exp(-k * zs)), label=f"σ({k} z)")
ax.set_xlabel("z = w·x + b")
ax.legend()
plt.show()

z = Value(0.5, label="z")
a = (10 * z).sigmoid()
a.backward()
check("σ(10·0.5)", a.data, 1 / (1 + math.exp(-5)), source="1 / (1 + e^-5)")
check("dσ(10z)/dz", z.grad, 10 * a.data * (1 - a.data), source=words("10 σ (1 - σ)", "10 σ (1 - σ)"))
assert step(0.5) == 1 and abs(a.data - step(0.5)) < 0.01

# %% [markdown] lang="en"
# ## 2. Feed-forward vs recurrent
#
# An FFNN computes input -> hidden -> output once: `f(x) = f3(f2(f1(x)))`. An RNN also sends the
# hidden layer's output back in as an input at the next time step:
#
# h_t = tanh(Wxh · x_t + Whh · h_(t-1) + b)
#
# with the **same** Wxh, Whh and b at every step. `nn.RNNCell(nin, nhidden)` is one such step;
# `cell.unroll(xs)` runs it over a sequence, each step's nodes inside their own scope t1, t2, ...
# One input, one hidden unit, the numbers chosen by hand: Wxh = 0.5, Whh = -1, b = 0, the inputs
# x1 = 1, x2 = 2 and h0 = 0.

# %% [markdown] lang="ko"
# ## 2. 순방향 신경망과 순환 신경망
#
# FFNN은 입력 -> 은닉 -> 출력을 한 번 계산합니다: `f(x) = f3(f2(f1(x)))`. RNN은 은닉층 출력값을
# 다음 시간 단계의 입력으로 다시 보냅니다:
#
# h_t = tanh(Wxh · x_t + Whh · h_(t-1) + b)
#
# 여기서 Wxh, Whh, b는 모든 단계에서 **같은** 값입니다. `nn.RNNCell(nin, nhidden)`이 이런 한 단계이고,
# `cell.unroll(xs)`는 이를 수열 전체에 적용하며 단계마다 노드를 자기 스코프 t1, t2, ... 안에 만듭니다.
# 입력 하나, 은닉 뉴런 하나, 손으로 고른 수: Wxh = 0.5, Whh = -1, b = 0, 입력 x1 = 1, x2 = 2, h0 = 0.

# %%
cell = nn.RNNCell(1, 1, seed=SEED)
cell.load_state_dict({"Wxh[1,1]": 0.5, "Whh[1,1]": -1.0, "b[1]": 0.0})
states = cell.unroll([[1.0], [2.0]])
h1, h2 = states[0][0], states[1][0]
check("h1", h1.data, math.tanh(0.5), source="tanh(0.5 · 1)")
check("h2", h2.data, math.tanh(0.5 * 2 - 1.0 * math.tanh(0.5)), source="tanh(0.5 · 2 - h1)")
print([h.scope for h in (h1, h2)])
h2.backward()
viz.draw(h2)

# %% [markdown] lang="en"
# The drawing is the unrolled network: step t2 reads h1, the output of step t1, and both steps
# read the one parameter Wxh[1,1]. Backpropagation reaches it along two paths, one per step; where
# paths meet, the gradients add (note 004's rule). The engine's backward steps show both products:

# %% [markdown] lang="ko"
# 그림은 펼친 신경망입니다. 단계 t2는 단계 t1의 출력 h1을 읽고, 두 단계 모두 매개변수 Wxh[1,1]
# 하나를 읽습니다. 역전파는 단계마다 하나씩, 두 경로로 이 매개변수에 도달합니다. 경로가 만나는
# 곳에서는 기울기를 더합니다(노트 004의 규칙). 엔진의 역전파 단계가 두 곱을 모두 보여 줍니다:

# %%
Wxh = cell.Wxh[0][0]
per_step = {}
for s in h2.backward_steps():
    for node, product in zip(s.node.inputs, s.products):
        if node is Wxh:
            per_step[s.node.scope[0]] = product
for t, g in sorted(per_step.items()):
    print(words(f"gradient into Wxh from step {t}: {g:+.4f}", f"단계 {t}에서 Wxh로 가는 기울기: {g:+.4f}"))
slope2 = 1 - h2.data**2
check(words("from t2", "t2에서"), per_step["t2"], slope2 * 2.0, source="(1 - h2²) · x2")
check(
    words("from t1", "t1에서"),
    per_step["t1"],
    slope2 * -1.0 * (1 - h1.data**2) * 1.0,
    source="(1 - h2²) · Whh · (1 - h1²) · x1",
)
check("Wxh.grad", Wxh.grad, per_step["t1"] + per_step["t2"], source=words("sum over steps", "단계별 합"))

# %% [markdown] lang="en"
# `tests/test_nn_rnn.py` checks the same cell against `torch.nn.RNNCell` with the same weights
# (outputs and gradients, float64), and that each shared parameter's gradient equals the sum of
# the gradients of per-step copies.

# %% [markdown] lang="ko"
# `tests/test_nn_rnn.py`는 같은 셀을 같은 가중치의 `torch.nn.RNNCell`과 비교하고(출력과 기울기,
# float64), 공유된 매개변수마다 그 기울기가 단계별 복사본 기울기의 합과 같은지 확인합니다.
