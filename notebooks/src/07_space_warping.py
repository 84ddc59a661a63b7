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
# # 07 · Space warping: why a hidden layer needs its max(0, ·), and what regularization prefers
#
# **What this notebook teaches:** the limits of a linear classifier, and a feature transform that
# makes the data linearly separable; without the non-linearity, two layers collapse into one
# linear map (W2 W1); ReLU "space warping" (공간 변형): the hidden layer moves the data until one line
# separates it (drawn with `viz.plots.hidden_space`); the 3-layer network
# f = W3 max(0, W2 max(0, W1 x)) computed by hand and by `nn.MLP(..., bias=False)`; the L1 vs L2
# example (w1 = [1, 0, 0, 0] and w2 = [0.25] * 4 give the same data loss, not the same penalty),
# and why a loss of 0 does not make W unique (2W has loss 0 too).
#
# **Lecture notes followed:** `003` (linear classifiers, feature transforms, space warping, the
# 3-layer formula, L1 vs L2, regularization) and `002` (max(0, Wx) is the non-linear part).

# %% [markdown] lang="ko"
# # 07 · 공간 변형: 은닉층에 max(0, ·)가 필요한 이유와 정규화가 고르는 가중치
#
# **이 노트북에서 배우는 것:** 선형 분류기의 한계와 데이터를 선형 분리 가능하게 만드는 특징 변환;
# 비선형 함수가 없으면 두 층이 선형 변환 하나(W2 W1)로 합쳐지는 것; ReLU의 "공간 변형": 은닉층이
# 데이터를 옮겨 직선 하나로 나눌 수 있게 만드는 모습(`viz.plots.hidden_space`로 그림); 3층 신경망
# f = W3 max(0, W2 max(0, W1 x))를 손으로, 그리고 `nn.MLP(..., bias=False)`로 계산하기; L1과 L2의 예
# (w1 = [1, 0, 0, 0]과 w2 = [0.25] * 4는 데이터 손실은 같지만 패널티는 다름); 손실이 0이어도 W가
# 하나로 정해지지 않는 이유(2W의 손실도 0).
#
# **따라가는 강의 노트:** `003` (선형 분류기, 특징 변환, 공간 변형, 3층 식, L1과 L2, 정규화),
# `002` (max(0, Wx)가 비선형 부분).

# %%
# %matplotlib inline
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
# ## 1. The limit of a linear classifier, and a feature transform
#
# Two circles, one inside the other: no straight line separates them, so logistic regression
# (one sigmoid neuron, its boundary a line) stays near chance. Transformed to the feature
# r² = x1² + x2² (the distance from the centre, squared), one threshold separates them: the
# "feature transform" of note 003.

# %% [markdown] lang="ko"
# ## 1. 선형 분류기의 한계와 특징 변환
#
# 원 두 개가 하나 안에 다른 하나가 있습니다. 어떤 직선으로도 나눌 수 없으므로 로지스틱 회귀(시그모이드
# 뉴런 하나, 결정 경계는 직선)는 우연 수준에 머뭅니다. 특징 r² = x1² + x2²(중심에서의 거리의 제곱)로
# 바꾸면 임계값 하나로 나뉩니다. 노트 003의 "특징 변환"입니다.

# %%
X, y = nn.datasets.circles(100, noise=0.05, seed=SEED)
line = nn.Neuron(2, activation="sigmoid", seed=SEED)
nn.fit(line, X, y, loss="bce", optimizer="adam", lr=0.05, epochs=100, verbose=False)
linear_accuracy = nn.accuracy(line.predict(X), y)

R = [[x1 * x1 + x2 * x2] for x1, x2 in X]
on_r = nn.Neuron(1, activation="sigmoid", seed=SEED)
nn.fit(on_r, R, y, loss="bce", optimizer="adam", lr=0.1, epochs=150, verbose=False)
transformed_accuracy = nn.accuracy(on_r.predict(R), y)
print(words("accuracy with a line in (x1, x2):", "(x1, x2)에서 직선 하나의 정확도:"), linear_accuracy)
print(words("accuracy with a threshold on r²:", "r²에 임계값 하나를 둔 정확도:"), transformed_accuracy)
assert linear_accuracy < 0.75 and transformed_accuracy == 1.0
viz.plots.plot_decision_boundary(line, X, y, resolution=80)

# %% [markdown] lang="en"
# ## 2. Without max(0, ·), two layers are one
#
# Two linear layers: W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2): one matrix, one bias, a
# linear classifier again. The model's outputs equal that single map at any point:

# %% [markdown] lang="ko"
# ## 2. max(0, ·)가 없으면 두 층은 한 층
#
# 선형 층 두 개: W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2). 행렬 하나, 바이어스 하나, 다시 선형
# 분류기입니다. 어느 점에서나 모델의 출력이 이 변환 하나와 같습니다:

# %%
two_linear = nn.MLP(2, [3, 1], activation="linear", seed=SEED)
for k, neuron in enumerate(two_linear.layers[0].neurons + two_linear.layers[1].neurons):
    neuron.b.data = 0.5 - 0.25 * k  # biases that are not 0, so that W2 b1 + b2 shows
W1 = np.array([[w.data for w in n.w] for n in two_linear.layers[0].neurons])
b1 = np.array([n.b.data for n in two_linear.layers[0].neurons])
W2 = np.array([[w.data for w in n.w] for n in two_linear.layers[1].neurons])
b2 = np.array([n.b.data for n in two_linear.layers[1].neurons])
W, b = W2 @ W1, W2 @ b1 + b2
print("W2 W1 =", W.round(4), "  W2 b1 + b2 =", b.round(4))
points = np.random.default_rng(SEED).uniform(-3, 3, size=(50, 2))
gap = max(abs(two_linear(p.tolist()).data - float((W @ p + b)[0])) for p in points)
# en: The gap is float rounding (its last digits depend on the CPU numpy runs on), so it is shown as its bound.
# ko: 차이는 부동소수점 반올림 오차이므로(끝자리는 numpy가 도는 CPU에 따라 다름) 그 상한으로 보입니다.
print(words("largest difference over 50 points:", "점 50개에서 가장 큰 차이:"), "< 1e-12" if gap < 1e-12 else gap)
assert gap < 1e-12

# %% [markdown] lang="en"
# ## 3. Space warping with ReLU
#
# A hidden layer of two ReLU neurons first maps the plane linearly, z = W x + b, then folds every
# negative coordinate onto 0. On XOR, with z1 = x1 - x2 and z2 = x2 - x1 (weights chosen by hand),
# class 0's two corners both land on (0, 0), class 1's on the two axes: in the hidden space
# (a1, a2) one line, a1 + a2 = 0.5, separates what no line separated in the input plane. The grey
# grid lines show how the plane itself is carried along.

# %% [markdown] lang="ko"
# ## 3. ReLU로 공간 변형하기
#
# ReLU 뉴런 두 개의 은닉층은 먼저 평면을 선형으로 옮기고(z = W x + b), 음수 좌표를 모두 0으로 접습니다.
# XOR에서 손으로 고른 가중치 z1 = x1 - x2, z2 = x2 - x1을 쓰면, 클래스 0의 두 꼭짓점은 모두 (0, 0)에,
# 클래스 1의 두 점은 두 축 위에 놓입니다. 입력 평면에서는 어떤 직선으로도 나눌 수 없던 것이 은닉
# 공간 (a1, a2)에서는 직선 a1 + a2 = 0.5 하나로 나뉩니다. 회색 격자선은 평면 자체가 옮겨지는 모습입니다.

# %%
X, y = nn.datasets.xor()
warp = nn.MLP(2, [2, 1], activation="relu", output_activation="sigmoid", seed=SEED)
hand = {"L1.N1.w1": 1.0, "L1.N1.w2": -1.0, "L1.N1.b": 0.0, "L1.N2.w1": -1.0, "L1.N2.w2": 1.0, "L1.N2.b": 0.0}
warp.load_state_dict(hand | {"L2.N1.w1": 10.0, "L2.N1.w2": 10.0, "L2.N1.b": -5.0})
hidden = [[a.data for a in warp.layers[0](x)] for x in X]
print("a =", hidden)
assert hidden == [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 0.0]]
assert [round(p) for p in warp.predict(X)] == y
viz.plots.hidden_space(warp, X, y)

# %% [markdown] lang="en"
# On XOR, z2 = -z1: the linear map squashes the whole plane onto one line, and ReLU bends that
# line into an L. Trained rather than chosen, on the two moons, two ReLU neurons warp a whole
# plane: z = W x + b shears the grid, and max(0, ·) folds every point with a negative
# coordinate onto an axis. The output neuron's line in (a1, a2) then separates most of the data
# (two ReLUs are few: not all of it).

# %% [markdown] lang="ko"
# XOR에서는 z2 = -z1이어서 선형 변환이 평면 전체를 직선 하나로 눌러 버리고, ReLU가 그 직선을 L자로
# 꺾습니다. 손으로 고르지 않고 두 반달 데이터로 학습하면, ReLU 뉴런 두 개가 평면 전체를 변형합니다.
# z = W x + b가 격자를 비스듬히 밀고, max(0, ·)가 음수 좌표가 있는 점을 모두 축 위로 접습니다. 그러면
# (a1, a2)에서 출력 뉴런의 직선이 데이터 대부분을 나눕니다(ReLU 두 개로는 전부는 아님).

# %%
X, y = nn.datasets.moons(100, noise=0.1, seed=SEED)
learned = nn.MLP(2, [2, 1], activation="relu", output_activation="sigmoid", seed=SEED)
history = nn.fit(learned, X, y, loss="bce", optimizer="adam", lr=0.05, epochs=300, verbose=False)
print(words("accuracy:", "정확도:"), history.accuracy[-1])
assert history.accuracy[-1] >= 0.85
viz.plots.hidden_space(learned, X, y)

# %% [markdown] lang="en"
# ## 4. f = W3 max(0, W2 max(0, W1 x))
#
# Note 003's 3-layer network, without biases exactly as written: `nn.MLP(3, [8, 8, 1],
# bias=False)`. (Without any bias, f(2x) = 2 f(x): every ray from the origin gets one sign, and
# no circle can be drawn. So x gets the constant feature x0 = 1 of note 000, "x0 or b": the first
# layer's bias as a weight.) Its output is the formula, computed here with numpy from the same
# weights:

# %% [markdown] lang="ko"
# ## 4. f = W3 max(0, W2 max(0, W1 x))
#
# 노트 003의 3층 신경망을 식 그대로 바이어스 없이: `nn.MLP(3, [8, 8, 1], bias=False)`. (바이어스가
# 전혀 없으면 f(2x) = 2 f(x)이므로 원점에서 나가는 반직선마다 부호가 하나뿐이고 원을 그릴 수 없습니다.
# 그래서 x에 노트 000의 상수 특성 x0 = 1("x0 또는 b")을 붙입니다. 첫 층의 바이어스를 가중치로 둔 것입니다.)
# 출력은 같은 가중치로 numpy에서 계산한 식과 같습니다:

# %%
X, y = nn.datasets.circles(100, noise=0.05, seed=SEED)
X0 = [[1.0, *x] for x in X]
f = nn.MLP(3, [8, 8, 1], activation="relu", bias=False, seed=SEED)
history = nn.fit(f, X0, y, loss="bce_with_logits", optimizer="adam", lr=0.05, epochs=150, verbose=False)
W1, W2, W3 = [np.array([[w.data for w in n.w] for n in layer.neurons]) for layer in f.layers]
by_formula = [float((W3 @ np.maximum(0, W2 @ np.maximum(0, W1 @ np.array(x))))[0]) for x in X0]
gap = max(abs(a - b) for a, b in zip(by_formula, f.predict(X0)))
print("W1", W1.shape, "W2", W2.shape, "W3", W3.shape)
print(words("largest difference:", "가장 큰 차이:"), "< 1e-12" if gap < 1e-12 else gap)
print(words("accuracy on the circles:", "원 데이터의 정확도:"), history.accuracy[-1])
assert gap < 1e-12 and history.accuracy[-1] >= 0.95
viz.plots.plot_decision_boundary(lambda p: f([1.0, *p]), X, y, threshold=0.0, resolution=40)

# %% [markdown] lang="en"
# ## 5. L1 vs L2: same data loss, different penalty
#
# Note 003's example: x = [1, 1, 1, 1], w1 = [1, 0, 0, 0], w2 = [0.25, 0.25, 0.25, 0.25]. Both
# give the score w·x = 1, so the data loss cannot choose between them. The penalty can:
# L2 = Σ w² is 1 for w1 and 0.25 for w2 (L2 prefers the weights spread out), while L1 = Σ |w| is
# 1 for both: with L1, the sparse w1 costs nothing more, and training with L1 drives weights
# that do not help to exactly 0.

# %% [markdown] lang="ko"
# ## 5. L1과 L2: 같은 데이터 손실, 다른 패널티
#
# 노트 003의 예: x = [1, 1, 1, 1], w1 = [1, 0, 0, 0], w2 = [0.25, 0.25, 0.25, 0.25]. 둘 다 점수
# w·x = 1을 주므로 데이터 손실로는 고를 수 없습니다. 패널티는 고를 수 있습니다. L2 = Σ w²는 w1이 1,
# w2가 0.25입니다(L2는 고르게 퍼진 가중치를 좋아함). L1 = Σ |w|는 둘 다 1입니다. L1에서는 희소한 w1이
# 더 비싸지 않고, L1로 학습하면 도움이 안 되는 가중치가 정확히 0이 됩니다.

# %%
x = [1.0, 1.0, 1.0, 1.0]
w1 = [Value(v) for v in (1.0, 0.0, 0.0, 0.0)]
w2 = [Value(0.25) for _ in range(4)]
for name, w in (("w1", w1), ("w2", w2)):
    score = sum(wi.data * xi for wi, xi in zip(w, x))
    print(f"{name}: w·x = {score}   L1 = {nn.l1(w).data}   L2 = {nn.l2(w).data}")
check("L2(w1)", nn.l2(w1).data, 1.0)
check("L2(w2)", nn.l2(w2).data, 0.25)
check("L1(w1) = L1(w2)", nn.l1(w1).data, nn.l1(w2).data)

# %% [markdown] lang="en"
# Trained: y depends on x1 only, x2..x4 are noise. With an L1 penalty the three useless weights
# end at (almost exactly) 0; with L2 they are small but not 0.

# %% [markdown] lang="ko"
# 학습해 보면: y는 x1에만 달려 있고 x2..x4는 잡음입니다. L1 패널티를 주면 쓸모없는 가중치 세 개가
# (거의 정확히) 0이 되고, L2를 주면 작지만 0은 아닙니다.

# %%
rng = np.random.default_rng(SEED)
X4 = rng.normal(size=(60, 4))
y4 = (X4[:, 0] + 0.1 * rng.normal(size=60)).tolist()
weights = {}
for name, penalty in (("L1", {"l1_penalty": 0.05}), ("L2", {"l2_penalty": 0.05})):
    model = nn.Neuron(4, seed=SEED)
    nn.fit(model, X4, y4, loss="mse", optimizer="sgd", lr=0.05, epochs=300, verbose=False, **penalty)
    weights[name] = [round(w.data, 4) for w in model.w]
    print(name, weights[name])
assert max(abs(w) for w in weights["L1"][1:]) < max(abs(w) for w in weights["L2"][1:])

# %% [markdown] lang="en"
# ## 6. A loss of 0 does not make W unique
#
# Note 003 asks: if the loss is 0, is W unique? No. With the multiclass SVM (hinge) loss
# L = Σ_(j ≠ y) max(0, s_j - s_y + 1) and scores s = W x, a W whose correct class wins by at least
# 1 has loss 0, and so has 2W (every margin doubles). Only the penalty tells them apart.

# %% [markdown] lang="ko"
# ## 6. 손실이 0이어도 W는 하나가 아니다
#
# 노트 003의 질문: 손실이 0이면 W가 유일할까? 아닙니다. 다중 클래스 SVM(힌지) 손실
# L = Σ_(j ≠ y) max(0, s_j - s_y + 1)과 점수 s = W x에서, 정답 클래스가 1 이상 차이로 이기는 W의 손실은
# 0이고, 2W도 마찬가지입니다(모든 차이가 두 배). 둘을 구별하는 것은 패널티뿐입니다.


# %%
def hinge(W, x, target):
    scores = [sum(wi * xi for wi, xi in zip(row, x)) for row in W]
    return sum((s - scores[target] + 1).relu() for j, s in enumerate(scores) if j != target)


x, target = [1.0, 1.0], 1
W = [[Value(1.0), Value(0.3)], [Value(2.9), Value(2.0)], [Value(1.5), Value(0.5)]]  # scores 1.3, 4.9, 2.0
W2x = [[2 * w for w in row] for row in W]
for name, M in (("W", W), ("2W", W2x)):
    scores = [round(sum(w.data * xi for w, xi in zip(row, x)), 4) for row in M]
    loss = hinge(M, x, target)
    penalty = nn.l2([w for row in M for w in row])
    print(
        f"{name}:",
        words("scores", "점수"),
        scores,
        words(" hinge loss", " 힌지 손실"),
        loss.data,
        f" L2 {penalty.data:.2f}",
    )
    assert loss.data == 0.0
check("L2(2W) / L2(W)", nn.l2([w for r in W2x for w in r]).data / nn.l2([w for r in W for w in r]).data, 4.0)
