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
# # 10 · The matrix view of a layer, Jacobians, and why the gradients come out transposed
#
# **What this notebook teaches:** the 3-4-1 network of note 000 with its 21 parameters; a layer
# seen neuron by neuron (a1[1] = g(w1·x + b1), ...) and as one matrix product,
# z[1] = W[1] x + b[1]; CS231n's row form h = x W1 + b; the gradient of a whole layer's weights
# as one product, dW = xᵀ δ (why it comes out "transposed": it has the shape of W); Jacobians
# (자코비안), the local gradients of vector functions (`autograd.jacobian`), and the upstream gradient times
# the Jacobian; and the naming: a "2-layer network" has 1 hidden layer.
#
# **Lecture notes followed:** `000` (z[1] = W[1] x + b[1], 3 features, 4 hidden, 1 output:
# 16 + 5 = 21 parameters) and `002` (Jacobians for vectors, the order of the matrix product,
# h = x W1 + b, 2-layer and 3-layer networks).

# %% [markdown] lang="ko"
# # 10 · 층을 행렬로 보기, 자코비안, 그리고 기울기가 전치되어 나오는 이유
#
# **이 노트북에서 배우는 것:** 노트 000의 3-4-1 신경망과 매개변수 21개; 층을 뉴런 하나씩
# (a1[1] = g(w1·x + b1), ...) 그리고 행렬 곱 하나 z[1] = W[1] x + b[1]로 보기; CS231n의 행 형태
# h = x W1 + b; 층 전체 가중치의 기울기를 곱 하나로: dW = xᵀ δ("전치되어" 나오는 이유: W와 같은 모양);
# 벡터 함수의 국소 기울기인 자코비안(`autograd.jacobian`)과 상류 기울기 곱하기 자코비안; 그리고 이름:
# "2층 신경망"에는 은닉층이 1개.
#
# **따라가는 강의 노트:** `000` (z[1] = W[1] x + b[1], 특성 3개, 은닉 4개, 출력 1개: 16 + 5 = 21개의
# 매개변수), `002` (벡터의 자코비안, 행렬 곱의 순서, h = x W1 + b, 2층과 3층 신경망).

# %%
# %matplotlib inline
import os
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager

import nn
import viz  # noqa: F401  (drawings, as in every notebook)
import viz.plots  # noqa: F401
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
# ## 1. The 3-4-1 network: 21 parameters, and "2 layers, 1 hidden"
#
# Note 000: 3 features, 4 hidden nodes, 1 output. Each hidden node has its own 3 weights and a
# bias: 4 · 4 = 16; the output node has 4 weights and a bias: 5. In all 21 (logistic regression
# on the same 3 features has 4). Note 002: the layers counted are those with weights, so this
# input-hidden-output network is a "2-layer neural net", or a "1-hidden-layer neural net".

# %% [markdown] lang="ko"
# ## 1. 3-4-1 신경망: 매개변수 21개, 그리고 "2층, 은닉 1개"
#
# 노트 000: 특성 3개, 은닉 노드 4개, 출력 1개. 은닉 노드마다 가중치 3개와 바이어스 하나: 4 · 4 = 16;
# 출력 노드는 가중치 4개와 바이어스 하나: 5. 모두 21개입니다(같은 특성 3개의 로지스틱 회귀는 4개).
# 노트 002: 가중치가 있는 층을 세므로, 입력-은닉-출력 신경망은 "2층 신경망" 또는 "은닉층 1개 신경망"입니다.

# %%
model = nn.MLP(3, [4, 1], activation="relu", output_activation="sigmoid", seed=SEED)
print(model)
check(words("parameters", "매개변수"), len(model.parameters()), 4 * (3 + 1) + 1 * (4 + 1), tol=0)
check(words("logistic reg.", "로지스틱 회귀"), len(nn.Neuron(3, activation="sigmoid").parameters()), 4, tol=0)
hidden_layers = len(model.layers) - 1
print(
    words(
        f"{len(model.layers)} layers of weights, {hidden_layers} hidden",
        f"가중치 층 {len(model.layers)}개, 은닉층 {hidden_layers}개",
    )
)
assert (len(model.layers), hidden_layers) == (2, 1)
# en: A 3-layer net, 2 hidden layers.
# ko: 3층 신경망, 은닉층 2개.
assert len(nn.MLP(3, [4, 4, 1], seed=SEED).layers) == 3

# %% [markdown] lang="en"
# ## 2. Neuron by neuron, or one matrix product
#
# Neuron j of layer 1 computes z_j = w_j1 x1 + w_j2 x2 + w_j3 x3 + b_j. Stacking the four
# neurons' weights as the rows of a 4 x 3 matrix W[1] gives all four at once:
# z[1] = W[1] x + b[1], a[1] = relu(z[1]); then z[2] = W[2] a[1] + b[2] (W[2] is 1 x 4) and
# ŷ = a[2] = σ(z[2]). CS231n writes the same with x as a row: h = x W1 + b, where W1 = W[1]ᵀ is
# 3 x 4.

# %% [markdown] lang="ko"
# ## 2. 뉴런 하나씩, 또는 행렬 곱 하나
#
# 1층의 뉴런 j는 z_j = w_j1 x1 + w_j2 x2 + w_j3 x3 + b_j를 계산합니다. 네 뉴런의 가중치를 4 x 3 행렬
# W[1]의 행으로 쌓으면 넷을 한 번에 구합니다: z[1] = W[1] x + b[1], a[1] = relu(z[1]); 이어서
# z[2] = W[2] a[1] + b[2](W[2]는 1 x 4), ŷ = a[2] = σ(z[2]). CS231n은 x를 행으로 써서 같은 것을
# h = x W1 + b로 씁니다. 여기서 W1 = W[1]ᵀ는 3 x 4입니다.


# %%
def matrices(layer):
    W = np.array([[w.data for w in n.w] for n in layer.neurons])
    return W, np.array([n.b.data for n in layer.neurons])


W_1, b_1 = matrices(model.layers[0])
W_2, b_2 = matrices(model.layers[1])
x = np.array([1.0, 2.0, 3.0])
z1 = W_1 @ x + b_1
a1 = np.maximum(0, z1)
y_hat = 1 / (1 + np.exp(-(W_2 @ a1 + b_2)))
print("W[1]", W_1.shape, " z[1] =", z1.round(4), " a[1] =", a1.round(4))
neuron_view = [neuron(x.tolist()) for neuron in model.layers[0].neurons]
for j, a in enumerate(neuron_view, 1):
    # en: Relu's input: the neuron's weighted sum z_j.
    # ko: relu의 입력: 뉴런의 가중합 z_j.
    z_j = a.inputs[0].data
    check(words(f"z{j} (neuron {j})", f"z{j} (뉴런 {j})"), z_j, z1[j - 1], tol=1e-12, source="W[1] x + b[1]")
check("ŷ", model(x.tolist()).data, float(y_hat[0]), tol=1e-12, source="σ(W[2] a[1] + b[2])")
# en: CS231n's row form, h = x W1 + b with W1 = W[1]ᵀ.
# ko: CS231n의 행 형태, W1 = W[1]ᵀ로 h = x W1 + b.
h = x[None, :] @ W_1.T + b_1
assert np.allclose(h[0], z1, rtol=0, atol=1e-15)

# %% [markdown] lang="en"
# ## 3. The gradient of a whole layer: dW = xᵀ δ
#
# For a batch X (m rows) and the row form H = X W1 + b, let δ = dJ/dH (m x 4, one row of
# upstream gradients per sample). Each weight W1[i, j] multiplies x_i into h_j, so
# dJ/dW1[i, j] = Σ over samples of x_i δ_j: dW1 = Xᵀ δ, a 3 x 4 matrix, the shape of W1. The
# order is forced by the shapes (note 002: swap the factors until the product is defined).
# Backward, layer by layer: δ2 = (a[2] - y) / m, dW2 = A1ᵀ δ2, δ1 = (δ2 W2ᵀ) ⊙ relu'(Z1),
# dW1 = Xᵀ δ1. The engine's `.grad`s, arranged the same way, agree:

# %% [markdown] lang="ko"
# ## 3. 층 전체의 기울기: dW = xᵀ δ
#
# 배치 X(m행)와 행 형태 H = X W1 + b에서 δ = dJ/dH(m x 4, 샘플마다 상류 기울기 한 행)라고 합시다. 가중치
# W1[i, j]는 x_i를 h_j로 곱해 보내므로 dJ/dW1[i, j] = 샘플에 대한 x_i δ_j의 합: dW1 = Xᵀ δ, W1과
# 같은 3 x 4 모양입니다. 곱의 순서는 모양이 정합니다(노트 002: 곱이 성립하도록 순서를 바꿈). 층별로
# 거슬러 가면: δ2 = (a[2] - y) / m, dW2 = A1ᵀ δ2, δ1 = (δ2 W2ᵀ) ⊙ relu'(Z1), dW1 = Xᵀ δ1.
# 같은 배치로 엔진이 구한 `.grad`를 같은 모양으로 놓으면 일치합니다:

# %%
X = np.random.default_rng(SEED).normal(size=(5, 3))
Y = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
model.zero_grad()
J = nn.binary_cross_entropy([model(row) for row in X.tolist()], Y.tolist())
J.backward()

# en: The row form: W1 is 3 x 4, W2 is 4 x 1.
# ko: 행 형태: W1은 3 x 4, W2는 4 x 1.
W1, W2 = W_1.T, W_2.T
Z1 = X @ W1 + b_1
A1 = np.maximum(0, Z1)
A2 = 1 / (1 + np.exp(-(A1 @ W2 + b_2)))
delta2 = (A2 - Y[:, None]) / len(X)
dW2 = A1.T @ delta2
delta1 = (delta2 @ W2.T) * (Z1 > 0)
dW1 = X.T @ delta1
engine_dW1 = np.array([[w.grad for w in n.w] for n in model.layers[0].neurons]).T
engine_dW2 = np.array([[w.grad for w in n.w] for n in model.layers[1].neurons]).T
print("dW1 = Xᵀ δ1:", dW1.shape, "  dW2 = A1ᵀ δ2:", dW2.shape)
# en: The gap is float rounding (its last digits depend on the CPU numpy runs on), so it is shown as its bound.
# ko: 차이는 부동소수점 반올림 오차이므로(끝자리는 numpy가 도는 CPU에 따라 다름) 그 상한으로 보입니다.
gap = max(abs(dW1 - engine_dW1).max(), abs(dW2 - engine_dW2).max())
print(words("largest difference to the engine:", "엔진과의 가장 큰 차이:"), "< 1e-12" if gap < 1e-12 else gap)
assert dW1.shape == W1.shape and np.allclose(dW1, engine_dW1, rtol=1e-12, atol=1e-15)
assert np.allclose(dW2, engine_dW2, rtol=1e-12, atol=1e-15)

# %% [markdown] lang="en"
# ## 4. Jacobians: the local gradient of a vector function
#
# With vectors, a node's local gradient is a matrix, the Jacobian: row i holds the derivatives of
# output i with respect to every input. For the hidden layer h = relu(W[1] x + b[1]) it is
# diag(relu'(z)) · W[1]: the rows of W[1], zeroed where a neuron is off. `autograd.jacobian`
# computes it from the graph (one backward walk per output, no `.grad` changed), and the upstream
# gradient times the Jacobian is what flows back to x.

# %% [markdown] lang="ko"
# ## 4. 자코비안: 벡터 함수의 국소 기울기
#
# 벡터에서는 노드의 국소 기울기가 행렬, 곧 자코비안입니다. i행에는 출력 i를 각 입력으로 미분한 값이
# 들어 있습니다. 은닉층 h = relu(W[1] x + b[1])에서는 diag(relu'(z)) · W[1]입니다: W[1]의 행들인데,
# 꺼진 뉴런의 행은 0입니다. `autograd.jacobian`은 그래프에서 이를 구하고(출력마다 역전파 한 번,
# `.grad`는 바꾸지 않음), 상류 기울기 곱하기 자코비안이 x로 흘러가는 기울기입니다.

# %%
from autograd import jacobian  # noqa: E402

xs = [Value(v, label=f"x{i}") for i, v in enumerate([1.0, 2.0, 3.0], 1)]
hs = model.layers[0](xs)
Jac = np.array(jacobian(hs, xs))
z = W_1 @ np.array([1.0, 2.0, 3.0]) + b_1
expected = np.diag((z > 0).astype(float)) @ W_1
print(words("Jacobian dh/dx (4 x 3):", "자코비안 dh/dx (4 x 3):"))
print(Jac.round(4))
assert Jac.shape == (4, 3) and np.allclose(Jac, expected, rtol=0, atol=1e-15)
out = model.layers[1](hs)[0]
out.backward()
# en: Dŷ/dh, arriving from the output layer.
# ko: 출력층에서 오는 dŷ/dh.
upstream = np.array([h.grad for h in hs])
check(
    "dŷ/dx1", xs[0].grad, float(upstream @ Jac[:, 0]), tol=1e-12, source=words("upstream · Jacobian", "상류 · 자코비안")
)
assert np.allclose([v.grad for v in xs], upstream @ Jac, rtol=1e-12, atol=1e-15)
