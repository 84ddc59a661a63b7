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
# # 02 · Logistic regression: one sigmoid neuron
#
# **What this notebook teaches:** logistic regression (로지스틱 회귀) as one neuron,
# ŷ = a = σ(w·x + b); the binary cross-entropy loss; the cost J(w, b) as the mean loss over
# m examples; gradient descent w := w − α·dJ/dw (경사 하강법); and the lecture's key result
# **dz = a − y**, checked against the engine and against finite differences (수치 미분).
#
# **Lecture notes followed:** `004` (logistic regression, cross-entropy cost J(w, b), gradient
# descent, dz = a − y, da = −y/a + (1−y)/(1−a)) and `000` (one node of a network is logistic
# regression; a 64×64×3 image is a vector of 12288 features).

# %% [markdown] lang="ko"
# # 02 · 로지스틱 회귀: 시그모이드 뉴런 하나
#
# **이 노트북에서 배우는 것:** 뉴런 하나로 보는 로지스틱 회귀 ŷ = a = σ(w·x + b); 이진 교차 엔트로피 손실;
# m개 샘플에 대한 손실의 평균인 비용 J(w, b); 경사 하강법 w := w − α·dJ/dw; 그리고 강의 노트의 핵심 결과
# **dz = a − y**를 엔진과 수치 미분으로 확인합니다.
#
# **따라가는 강의 노트:** `004` (로지스틱 회귀, 교차 엔트로피 비용 J(w, b), 경사 하강법, dz = a − y,
# da = −y/a + (1−y)/(1−a))와 `000` (신경망의 노드 하나는 로지스틱 회귀이고, 64×64×3 이미지는 특성
# 12288개짜리 벡터이다).

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
# ## 1. A small data set
#
# 40 points in the plane, two classes (0 and 1), drawn from two Gaussian clouds that overlap
# a little. Generated from `random.Random(SEED)`, so every run gives the same data.

# %% [markdown] lang="ko"
# ## 1. 작은 데이터셋
#
# 평면 위의 점 40개, 두 클래스(0과 1). 조금 겹치는 두 가우스 분포 구름에서 뽑습니다.
# `random.Random(SEED)`로 만들기 때문에 매번 같은 데이터가 나옵니다.

# %%
rng = random.Random(SEED)
X, Y = [], []
for i in range(40):
    label = i % 2
    centre = (1.5, 1.5) if label == 1 else (-1.0, -0.5)
    X.append([centre[0] + rng.gauss(0, 1.0), centre[1] + rng.gauss(0, 1.0)])
    Y.append(label)
print(len(X), words("examples, first three:", "개 샘플, 처음 세 개:"), [[round(v, 2) for v in x] for x in X[:3]], Y[:3])

# %% [markdown] lang="en"
# ## 2. One neuron, one example
#
# `nn.Neuron(2, activation="sigmoid")` is logistic regression: z = w1·x1 + w2·x2 + b,
# a = σ(z). For one example the loss is the binary cross-entropy
#
# L(a, y) = −( y·log a + (1 − y)·log(1 − a) ).
#
# The graph below is one example's loss, labelled **손실 L** (loss L); parameters are shaded.
# (`nn.binary_cross_entropy` clamps log at −100 with a `max` node, as PyTorch does, so a
# probability of exactly 0 or 1 gives a large finite loss instead of log 0.)

# %% [markdown] lang="ko"
# ## 2. 뉴런 하나, 샘플 하나
#
# `nn.Neuron(2, activation="sigmoid")`가 곧 로지스틱 회귀입니다: z = w1·x1 + w2·x2 + b,
# a = σ(z). 샘플 하나의 손실은 이진 교차 엔트로피입니다.
#
# L(a, y) = −( y·log a + (1 − y)·log(1 − a) ).
#
# 아래 그래프는 샘플 하나의 손실로, 이름표는 **손실 L**이고 매개변수는 음영으로 표시됩니다.
# (`nn.binary_cross_entropy`는 PyTorch처럼 `max` 노드로 log를 −100에서 잘라 내므로, 확률이 정확히
# 0이나 1이어도 log 0 대신 크지만 유한한 손실이 나옵니다.)

# %%
neuron = nn.Neuron(2, activation="sigmoid", seed=SEED)
x0, y0 = X[0], Y[0]
a = neuron(x0)
L = nn.binary_cross_entropy(a, y0)
L.label = "손실 L"
L.backward()
print(f"x = {[round(v, 3) for v in x0]}, y = {y0}, a = {a.data:.4f}, L = {L.data:.4f}")
viz.draw(L, params=neuron.parameters())

# %% [markdown] lang="en"
# ## 3. dz = a − y
#
# The lecture derives, with the chain rule,
#
# - da = dL/da = −y/a + (1 − y)/(1 − a)
# - dz = dL/dz = da · a(1 − a) = **a − y** (σ'(z) = a(1 − a))
# - dw1 = x1·dz, dw2 = x2·dz, db = dz
#
# The engine's numbers, the lecture's formulas, and finite differences
# (L(θ + h) − L(θ − h)) / 2h computed in plain Python all agree:

# %% [markdown] lang="ko"
# ## 3. dz = a − y
#
# 강의 노트는 연쇄법칙으로 다음을 유도합니다.
#
# - da = dL/da = −y/a + (1 − y)/(1 − a)
# - dz = dL/dz = da · a(1 − a) = **a − y** (σ'(z) = a(1 − a))
# - dw1 = x1·dz, dw2 = x2·dz, db = dz
#
# 엔진의 수, 강의 노트의 식, 그리고 순수 파이썬으로 계산한 수치 미분
# (L(θ + h) − L(θ − h)) / 2h가 모두 일치합니다:

# %%
# en: the neuron's weighted sum: a = sigmoid(z)
# ko: 뉴런의 가중합: a = sigmoid(z)
z = a.inputs[0]
w1, w2 = neuron.w
b = neuron.b
engine, formula = words("engine", "엔진"), words("formula", "식")
print(f"{engine}: dL/da = {a.grad:.10f}   {formula} -y/a + (1-y)/(1-a) = {-y0 / a.data + (1 - y0) / (1 - a.data):.10f}")
print(f"{engine}: dL/dz = {z.grad:.10f}   {formula} a - y                = {a.data - y0:.10f}")
assert math.isclose(z.grad, a.data - y0, rel_tol=1e-12, abs_tol=1e-15)
assert math.isclose(a.grad, -y0 / a.data + (1 - y0) / (1 - a.data), rel_tol=1e-12)


def loss_plain(w1_, w2_, b_, x=x0, y=y0):
    # en: The same loss in plain Python floats: no engine involved.
    # ko: 같은 손실을 순수 파이썬 실수로 계산합니다: 엔진은 쓰지 않습니다.
    a_ = 1 / (1 + math.exp(-(w1_ * x[0] + w2_ * x[1] + b_)))
    return -(y * math.log(a_) + (1 - y) * math.log(1 - a_))


h = 1e-6
params = [w1.data, w2.data, b.data]
finite = words("finite difference", "수치 미분")
for k, (p, by_formula) in enumerate([(w1, x0[0] * z.grad), (w2, x0[1] * z.grad), (b, z.grad)]):
    up, down = list(params), list(params)
    up[k] += h
    down[k] -= h
    numeric = (loss_plain(*up) - loss_plain(*down)) / (2 * h)
    print(f"dL/d{p.label}: {engine} {p.grad:+.8f}   {formula} {by_formula:+.8f}   {finite} {numeric:+.8f}")
    assert math.isclose(p.grad, by_formula, rel_tol=1e-12)
    assert abs(p.grad - numeric) < 1e-7

# %% [markdown] lang="en"
# The lecture reasons one level up: the neuron and its loss as blocks. `collapse=` draws a scope
# (a neuron, a loss) as one node; each edge into it carries the block's own local gradient,
# computed exactly through the block, times the upstream. With the loss collapsed, the edge from
# z into σ carries dL/dz = a − y; with the neuron collapsed too, the edge from b carries
# dL/db = dz = a − y and the edge from w1 carries x1·(a − y).

# %% [markdown] lang="ko"
# 강의 노트는 한 단계 위에서 생각합니다: 뉴런과 그 손실을 하나의 덩어리로 봅니다. `collapse=`는 scope 하나
# (뉴런 하나, 손실 하나)를 노드 하나로 그리고, 그리로 들어가는 간선마다 그 덩어리 전체를 지나는 국소 기울기에
# 상류 기울기를 곱한 값을 적습니다. 손실을 접으면 z에서 σ로 가는 간선에 dL/dz = a − y가 적히고, 뉴런까지
# 접으면 b의 간선에 dL/db = dz = a − y, w1의 간선에 x1·(a − y)가 적힙니다.

# %%
print(f"a - y = {a.data - y0:.4g}")
assert f"{a.data - y0:.4g}" in viz.to_dot(L, params=neuron.parameters(), collapse=["neuron", "BCE"])
viz.draw(L, params=neuron.parameters(), collapse=["BCE"])

# %%
viz.draw(L, params=neuron.parameters(), collapse=["neuron", "BCE"])

# %% [markdown] lang="en"
# ## 4. Gradient descent on the cost J(w, b)
#
# The cost is the mean loss over all m examples, J(w, b) = (1/m) Σ L(a⁽ⁱ⁾, y⁽ⁱ⁾)
# (`nn.binary_cross_entropy` of lists takes that mean). Each iteration: forward over all
# examples, J.backward(), then w := w − α·dJ/dw for every parameter. The lecture writes the
# gradient of the cost as dw = (1/m) Σ x⁽ⁱ⁾(a⁽ⁱ⁾ − y⁽ⁱ⁾); the first iteration checks the
# engine against that formula.

# %% [markdown] lang="ko"
# ## 4. 비용 J(w, b)에 대한 경사 하강법
#
# 비용은 m개 샘플 전체의 손실 평균 J(w, b) = (1/m) Σ L(a⁽ⁱ⁾, y⁽ⁱ⁾)입니다
# (`nn.binary_cross_entropy`에 리스트를 주면 그 평균을 냅니다). 반복마다: 모든 샘플로 순전파,
# J.backward(), 그다음 모든 매개변수에 대해 w := w − α·dJ/dw. 강의 노트는 비용의 기울기를
# dw = (1/m) Σ x⁽ⁱ⁾(a⁽ⁱ⁾ − y⁽ⁱ⁾)로 씁니다. 첫 반복에서 엔진을 이 식과 비교합니다.

# %%
neuron = nn.Neuron(2, activation="sigmoid", seed=SEED)
# en: learning rate (학습률)
# ko: 학습률
alpha = 0.5
costs = []
for iteration in range(100):
    neuron.zero_grad()
    # en: forward pass over all m examples, then J(w, b): the mean loss
    # ko: m개 샘플 전체로 순전파, 그다음 J(w, b): 손실의 평균
    A = [neuron(x) for x in X]
    J = nn.binary_cross_entropy(A, Y)
    J.backward()
    if iteration == 0:
        m = len(X)
        dw1 = sum(x[0] * (a_.data - y) for x, a_, y in zip(X, A, Y)) / m
        db = sum(a_.data - y for a_, y in zip(A, Y)) / m
        first = words("iteration 0", "반복 0")
        print(f"{first}: dJ/dw1 {engine} {neuron.w[0].grad:.10f}, {formula} {dw1:.10f}")
        print(f"{first}: dJ/db  {engine} {neuron.b.grad:.10f}, {formula} {db:.10f}")
        assert math.isclose(neuron.w[0].grad, dw1, rel_tol=1e-12)
        assert math.isclose(neuron.b.grad, db, rel_tol=1e-12)
    for p in neuron.parameters():
        p.data -= alpha * p.grad  # w := w - alpha * dJ/dw
    costs.append(J.data)

accuracy = nn.accuracy(neuron.predict(X), Y)
w1, w2 = (w.data for w in neuron.w)
print(
    words(
        f"cost: {costs[0]:.4f} -> {costs[-1]:.4f};  accuracy {accuracy:.0%}",
        f"비용: {costs[0]:.4f} -> {costs[-1]:.4f};  정확도 {accuracy:.0%}",
    )
)
print(words("learned:", "학습된 값:"), f"w1 = {w1:.3f}, w2 = {w2:.3f}, b = {neuron.b.data:.3f}")
assert costs[-1] < costs[0] and accuracy >= 0.85

# %%
fig, ax = plt.subplots(figsize=(5, 2.8))
ax.plot(range(1, len(costs) + 1), costs)
ax.set_xlabel(words("iteration", "반복"))
ax.set_ylabel(words("cost J(w, b)", "비용 J(w, b)"))
ax.set_title(words("gradient descent on the cross-entropy cost", "교차 엔트로피 비용에 대한 경사 하강법"))
plt.show()

# %% [markdown] lang="en"
# The neuron separates the plane with a straight line, w1·x1 + w2·x2 + b = 0, where
# a = 0.5; the shading is the predicted probability of class 1.

# %% [markdown] lang="ko"
# 뉴런은 a = 0.5가 되는 직선 w1·x1 + w2·x2 + b = 0으로 평면을 나눕니다.
# 음영은 예측한 클래스 1의 확률입니다.

# %%
viz.plots.plot_decision_boundary(
    neuron, X, Y, resolution=80, title=words("logistic regression: one neuron", "로지스틱 회귀: 뉴런 하나")
)

# %% [markdown] lang="en"
# `nn.fit` runs exactly this loop (full batch, plain gradient descent) and returns the cost
# of every iteration; from the same starting weights it gives the same costs.

# %% [markdown] lang="ko"
# `nn.fit`은 바로 이 반복문(전체 배치, 기본 경사 하강법)을 실행하고 반복마다의 비용을 돌려줍니다.
# 같은 초기 가중치에서 시작하면 같은 비용이 나옵니다.

# %%
same_start = nn.Neuron(2, activation="sigmoid", seed=SEED)
history = nn.fit(same_start, X, Y, loss="bce", optimizer="sgd", lr=alpha, epochs=100, batch_size=None, verbose=False)
print(history)
assert max(abs(h1 - h2) for h1, h2 in zip(history.loss, costs)) < 1e-9
print(
    words(
        "nn.fit's costs equal the hand-written loop's (within 1e-9)",
        "nn.fit의 비용은 직접 쓴 반복문의 비용과 같습니다 (오차 1e-9 이내)",
    )
)

# %% [markdown] lang="en"
# ## 5. From pixels to parameters
#
# Lecture 004's cat classifier reads a 64×64 RGB image as one vector of 64·64·3 = 12288
# numbers. Logistic regression on it is still one neuron, with 12288 weights and one bias.

# %% [markdown] lang="ko"
# ## 5. 픽셀에서 매개변수로
#
# 강의 노트 004의 고양이 분류기는 64×64 RGB 이미지를 64·64·3 = 12288개의 수로 된 벡터 하나로 읽습니다.
# 그 위의 로지스틱 회귀도 여전히 뉴런 하나이고, 가중치 12288개와 편향 하나를 가집니다.

# %%
cat_neuron = nn.Neuron(64 * 64 * 3, activation="sigmoid", seed=SEED)
print(words("features:", "특성:"), 64 * 64 * 3, words(" parameters:", " 매개변수:"), len(cat_neuron.parameters()))
assert len(cat_neuron.parameters()) == 12288 + 1
