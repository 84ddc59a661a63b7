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
# # 05 · Activations, losses, regularization, and how training is counted
#
# **What this notebook teaches:** the activation functions (활성화 함수) sigmoid, tanh,
# ReLU and leaky ReLU with their derivatives, and why sigmoid in hidden layers makes gradients
# vanish (기울기 소실); MSE versus cross-entropy (교차 엔트로피) for a confident wrong
# prediction; softmax and its numerically stable form; L1 versus L2 regularization (규제) and
# what each does to the weights; epochs, batch size and iterations on the moons data.
#
# **Lecture notes followed:** `000` (sigmoid at the output, ReLU inside, tanh, leaky ReLU; sigmoid's
# derivative near 0 stalls backpropagation), `001` (sigmoid / softmax outputs; MSE, binary and
# categorical cross-entropy; epoch, batch size, iteration = total / batch), `002` (ReLU
# because other activations' gradients vanish) and `003` (leaky ReLU; L1 makes weights
# exactly 0, L2 makes them small).

# %% [markdown] lang="ko"
# # 05 · 활성화 함수, 손실, 규제, 그리고 학습을 세는 법
#
# **이 노트북에서 배우는 것:** 활성화 함수 시그모이드, tanh, ReLU, leaky ReLU와 그 도함수, 그리고 은닉층의
# 시그모이드가 기울기 소실을 일으키는 이유; 자신 있게 틀린 예측에서 MSE와 교차 엔트로피의 차이; 소프트맥스와
# 수치적으로 안정한 계산; L1 규제와 L2 규제가 가중치에 하는 일; moons 데이터로 보는 에포크, 배치 크기, 반복.
#
# **따라가는 강의 노트:** `000` (출력에는 시그모이드, 안쪽에는 ReLU, tanh, leaky ReLU; 0에 가까운 시그모이드의
# 도함수가 역전파를 멈추게 한다), `001` (시그모이드 / 소프트맥스 출력; MSE, 이진 및 범주형 교차 엔트로피;
# 에포크, 배치 크기, 반복 = 전체 / 배치), `002` (다른 활성화 함수의 기울기는 소실되므로 ReLU)와 `003` (leaky
# ReLU; L1은 가중치를 정확히 0으로, L2는 작게 만든다).

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
# ## 1. Activation functions and their derivatives
#
# Each point below is the engine's own number: `Value(x).sigmoid()` gives the forward value
# in `.data` and the local gradient d(out)/dx, recorded in the forward pass, in
# `.local_grads[0]`, the very number `backward()` multiplies by.

# %% [markdown] lang="ko"
# ## 1. 활성화 함수와 그 도함수
#
# 아래의 점은 모두 엔진이 직접 낸 수입니다: `Value(x).sigmoid()`는 순전파 값을 `.data`에, 순전파 때
# 기록한 국소 기울기 d(출력)/dx를 `.local_grads[0]`에 줍니다. 바로 `backward()`가 곱하는 그 수입니다.

# %%
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
left.set_title(words("activation g(z)", "활성화 함수 g(z)"))
right.set_title(words("derivative g'(z) (engine's local gradient)", "도함수 g'(z) (엔진의 국소 기울기)"))
left.set_ylim(-1.5, 3)
right.set_ylim(-0.1, 1.15)
for ax in (left, right):
    ax.set_xlabel("z")
    ax.grid(alpha=0.3)
right.legend(fontsize="small")
plt.tight_layout()
plt.show()

sig_grads = curves["sigmoid"][1]
largest, at = max(sig_grads), xs[sig_grads.index(max(sig_grads))]
print(words(f"largest sigmoid'(z) = {largest} at z = {at}", f"가장 큰 sigmoid'(z) = {largest}, z = {at}에서"))
print(f"sigmoid'(5) = {Value(5.0).sigmoid().local_grads[0]:.4f}   tanh'(5) = {Value(5.0).tanh().local_grads[0]:.6f}")
relu_2, relu_minus_2 = Value(2.0).relu().local_grads[0], Value(-2.0).relu().local_grads[0]
leaky_minus_2 = Value(-2.0).leaky_relu(0.1).local_grads[0]
print(f"ReLU'(2) = {relu_2}   ReLU'(-2) = {relu_minus_2}   leaky'(-2) = {leaky_minus_2}")
assert max(sig_grads) == 0.25 and all(g <= 0.25 for g in sig_grads)

# %% [markdown] lang="en"
# ## 2. Vanishing gradients (기울기 소실)
#
# Backward through a chain multiplies the local gradients. sigmoid' is at most 0.25, so ten
# sigmoids in a row multiply the gradient by at most 0.25¹⁰ ≈ 1e−6: the first layers hardly
# learn. ReLU's local gradient is 1 wherever it is active, so the product stays 1.

# %% [markdown] lang="ko"
# ## 2. 기울기 소실
#
# 사슬을 거슬러 가는 역전파는 국소 기울기들을 곱합니다. sigmoid'는 최대 0.25이므로 시그모이드 열 개가 이어지면
# 기울기에 최대 0.25¹⁰ ≈ 1e−6이 곱해집니다: 앞쪽 층은 거의 배우지 못합니다. ReLU의 국소 기울기는 활성인 곳에서
# 언제나 1이므로 곱도 1로 남습니다.

# %%
print(
    words(
        "depth   d out/dx through sigmoids   0.25**depth    through ReLUs",
        "깊이    시그모이드를 거친 d out/dx   0.25**깊이     ReLU를 거친 값",
    )
)
for depth in (1, 2, 5, 10):
    xs_, xr = Value(0.0, label="x"), Value(1.0, label="x")
    s, r = xs_, xr
    for _ in range(depth):
        s, r = s.sigmoid(), r.relu()
    s.backward()
    r.backward()
    print(f"{depth:>5}   {xs_.grad:<28.3e}{0.25**depth:<14.3e}{xr.grad}")
    assert xs_.grad <= 0.25**depth and xr.grad == 1.0


# %% [markdown] lang="en"
# The same in a real network: 8 hidden layers of 8 neurons, one example, the mean |gradient|
# of each layer's weights. With sigmoid hidden units the gradient shrinks layer by layer on its
# way back to the input; with ReLU it does not.

# %% [markdown] lang="ko"
# 실제 신경망에서도 같습니다: 뉴런 8개짜리 은닉층 8개, 샘플 하나, 층마다 가중치 |기울기|의 평균.
# 은닉층이 시그모이드이면 기울기가 입력 쪽으로 돌아가면서 층마다 작아지고, ReLU이면 그렇지 않습니다.


# %%
def layer_grads(activation):
    deep = nn.MLP(2, [8] * 8 + [1], activation=activation, output_activation="sigmoid", seed=SEED)
    nn.binary_cross_entropy(deep([0.5, -0.5]), 1).backward()
    return [sum(abs(w.grad) for w in layer.weights()) / len(layer.weights()) for layer in deep.layers]


sig, rel = layer_grads("sigmoid"), layer_grads("relu")
print(words("layer   mean |dL/dw| sigmoid   mean |dL/dw| ReLU", "층      평균 |dL/dw| 시그모이드  평균 |dL/dw| ReLU"))
for k, (s_, r_) in enumerate(zip(sig, rel), 1):
    print(f"{k:>5}   {s_:<22.2e}{r_:.2e}")
# en: vanished by the first layer
# ko: 첫 층에 닿을 때쯤 소실됨
assert sig[0] < sig[-1] / 100

# %% [markdown] lang="en"
# ## 3. MSE versus cross-entropy
#
# Lecture 001: MSE for continuous targets, (binary / categorical) cross-entropy for classes.
# One reason shows in the gradient. A sigmoid neuron that is confidently wrong: z = −6, so
# a = σ(−6) ≈ 0.0025, but y = 1. The gradient that reaches z:
#
# - MSE (a − y)²: dL/dz = 2(a − y)·a(1 − a), tiny, because σ' is almost 0 there;
# - BCE: dL/dz = a − y ≈ −1, as large as the mistake.

# %% [markdown] lang="ko"
# ## 3. MSE와 교차 엔트로피
#
# 강의 노트 001: 연속적인 목표값에는 MSE, 클래스에는 (이진 / 범주형) 교차 엔트로피. 그 이유 하나가 기울기에서
# 보입니다. 자신 있게 틀린 시그모이드 뉴런: z = −6이라 a = σ(−6) ≈ 0.0025인데 y = 1입니다. z에 닿는 기울기는:
#
# - MSE (a − y)²: dL/dz = 2(a − y)·a(1 − a). 그곳에서 σ'가 거의 0이라 아주 작습니다;
# - BCE: dL/dz = a − y ≈ −1. 틀린 만큼 큽니다.

# %%
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
ratio = bce_grad / mse_grad
print(
    words(
        f"cross-entropy's gradient is {ratio:.0f} times larger: the wrong neuron learns fast",
        f"교차 엔트로피의 기울기가 {ratio:.0f}배 큽니다: 틀린 뉴런이 빨리 배웁니다",
    )
)
assert abs(bce_grad) > 100 * abs(mse_grad)

# %% [markdown] lang="en"
# ## 4. Softmax and categorical cross-entropy
#
# For several classes the output layer gives scores (logits) z; softmax turns them into
# probabilities, exp(z_i) / Σ_j exp(z_j), that sum to 1. Computed naively, e^1000 overflows;
# subtracting the largest logit first gives the same probabilities and never overflows.
# `nn.softmax` and `nn.cross_entropy` do that.

# %% [markdown] lang="ko"
# ## 4. 소프트맥스와 범주형 교차 엔트로피
#
# 클래스가 여럿이면 출력층은 점수(로짓) z를 냅니다. 소프트맥스는 이를 합이 1인 확률 exp(z_i) / Σ_j exp(z_j)로
# 바꿉니다. 그대로 계산하면 e^1000이 넘칩니다(오버플로). 가장 큰 로짓을 먼저 빼면 확률은 같고 넘치지도 않습니다.
# `nn.softmax`와 `nn.cross_entropy`가 그렇게 합니다.

# %%
logits = [Value(2.0), Value(1.0), Value(0.1)]
probs = nn.softmax(logits)
print("softmax([2, 1, 0.1]) =", [round(p.data, 4) for p in probs], words(" sum =", " 합 ="), sum(p.data for p in probs))
assert abs(sum(p.data for p in probs) - 1) < 1e-12

try:
    Value(1000.0).exp()
except OverflowError as error:
    # en: (chainrule's error messages are English; the Korean notebook says it in Korean)
    # ko: (chainrule의 오류 메시지는 영어이므로, 한국어 노트북은 한국어로 풀어 씁니다)
    print(words(f"naive e^1000: {error}", f"그대로 계산한 e^1000: {type(error).__name__} (float의 범위를 넘습니다)"))
big = nn.softmax([Value(1000.0), Value(-1000.0), Value(0.0)])
print("softmax([1000, -1000, 0]) =", [p.data for p in big])
assert [p.data for p in big] == [1.0, 0.0, 0.0]

# %% [markdown] lang="en"
# Categorical cross-entropy of the logits for the true class t is −log softmax(z)_t, and its
# gradient is as simple as the binary one: dL/dz_i = softmax(z)_i − [i = t].

# %% [markdown] lang="ko"
# 정답 클래스 t에 대한 로짓의 범주형 교차 엔트로피는 −log softmax(z)_t이고, 그 기울기는 이진의 경우만큼
# 간단합니다: dL/dz_i = softmax(z)_i − [i = t].

# %%
logits = [Value(2.0, label="z1"), Value(1.0, label="z2"), Value(0.1, label="z3")]
L = nn.cross_entropy(logits, 0)
L.backward()
p = [q.data for q in nn.softmax(logits)]
print(f"{words('loss', '손실')} = {L.data:.4f} = -log {p[0]:.4f}")
for i, z in enumerate(logits):
    print(f"dL/d{z.label} = {z.grad:+.6f}   softmax - onehot = {p[i] - (i == 0):+.6f}")
    assert math.isclose(z.grad, p[i] - (i == 0), rel_tol=1e-9, abs_tol=1e-12)

# %% [markdown] lang="en"
# ## 5. L1 versus L2 regularization
#
# Regularization adds a penalty on the weights to the loss: L1 adds λ·Σ|w|, L2 adds λ·Σw².
# Lecture 003: L1 pushes most weights to (almost exactly) 0, a sparse model; L2 makes weights
# small but rarely zero. Train the same 2-16-16-1 network on the moons data three times, from
# the same start, and count the weights that end near zero.

# %% [markdown] lang="ko"
# ## 5. L1 규제와 L2 규제
#
# 규제는 손실에 가중치에 대한 벌점을 더합니다: L1은 λ·Σ|w|, L2는 λ·Σw²를 더합니다.
# 강의 노트 003: L1은 대부분의 가중치를 (거의 정확히) 0으로 밀어 희소한 모델을 만들고, L2는 가중치를 작게 하지만
# 0으로 만드는 일은 드뭅니다. 같은 2-16-16-1 신경망을 같은 시작점에서 moons 데이터로 세 번 학습하고, 0 근처에서
# 끝난 가중치를 셉니다.

# %%
X, Y = nn.datasets.moons(100, noise=0.1, seed=SEED)
lam = 0.003
trained = {}
for penalty in ("none", "L1", "L2"):
    reg_model = nn.MLP(2, [16, 16, 1], activation="relu", output_activation="sigmoid", seed=SEED)
    h = nn.fit(
        reg_model,
        X,
        Y,
        loss="bce",
        optimizer="adam",
        lr=0.02,
        epochs=150,
        batch_size=None,
        l1_penalty=lam if penalty == "L1" else 0.0,
        l2_penalty=lam if penalty == "L2" else 0.0,
        seed=SEED,
        verbose=False,
    )
    trained[penalty] = ([w.data for w in reg_model.weights()], h.accuracy[-1])

print(
    words(
        "penalty   weights   |w| < 0.01   sum |w|   largest |w|   accuracy",
        "벌점      가중치    |w| < 0.01   |w| 합    가장 큰 |w|   정확도",
    )
)
for penalty, (weights, acc) in trained.items():
    near_zero = sum(abs(w_) < 0.01 for w_ in weights)
    shown = words(penalty, "없음" if penalty == "none" else penalty)
    total, largest = sum(map(abs, weights)), max(map(abs, weights))
    print(f"{shown:>7}   {len(weights):>7}   {near_zero:>10}   {total:7.1f}   {largest:11.2f}   {acc:.0%}")
count = {k: sum(abs(w_) < 0.01 for w_ in ws) for k, (ws, _) in trained.items()}
assert count["L1"] > 2 * count["L2"] > 0 and count["L2"] > count["none"]

# %%
fig, axes = plt.subplots(1, 3, figsize=(9, 2.6), sharey=True)
for ax, (penalty, (weights, _)) in zip(axes, trained.items()):
    ax.hist(weights, bins=40, range=(-2.5, 2.5))
    ax.set_title(words(f"{penalty}: weights", f"{'규제 없음' if penalty == 'none' else penalty}: 가중치"))
    ax.set_xlabel("w")
axes[0].set_ylabel(words("count", "개수"))
plt.tight_layout()
plt.show()

# %% [markdown] lang="en"
# ## 6. Epochs, batch size and iterations
#
# Lecture 001's terms: an **epoch** is one pass over all N training examples; the **batch
# size** is how many examples give one gradient; an **iteration** (step) is one parameter
# update, so one epoch has ⌈N / batch size⌉ iterations and training has
# iterations = epochs · ⌈N / batch size⌉. Smaller batches update more often (more, noisier
# steps); full batch updates once per epoch. The same model, 20 epochs each, on 100 moons points:

# %% [markdown] lang="ko"
# ## 6. 에포크, 배치 크기, 반복
#
# 강의 노트 001의 용어: **에포크**는 N개 학습 샘플 전체를 한 번 도는 것이고, **배치 크기**는 기울기 하나를 내는
# 샘플의 수이며, **반복**(스텝)은 매개변수 업데이트 한 번입니다. 그래서 에포크 하나에는 ⌈N / 배치 크기⌉번의 반복이
# 있고, 학습 전체의 반복 = 에포크 · ⌈N / 배치 크기⌉입니다. 배치가 작을수록 더 자주(더 많이, 더 흔들리며)
# 업데이트하고, 전체 배치는 에포크마다 한 번 업데이트합니다. 같은 모델을 moons 점 100개로 각각 20 에포크:

# %%
N, epochs = len(X), 20
runs = {}
print(
    words(
        "batch size   iterations per epoch   iterations (history)   epochs * ceil(N / batch)   final loss   accuracy",
        "배치 크기    에포크당 반복          반복 (history)         에포크 * ceil(N / 배치)    최종 손실    정확도",
    )
)
for batch_size in (100, 32, 10, 1):
    m_ = nn.MLP(2, [8, 1], activation="tanh", output_activation="sigmoid", seed=SEED)
    h = nn.fit(
        m_, X, Y, loss="bce", optimizer="sgd", lr=0.5, epochs=epochs, batch_size=batch_size, seed=SEED, verbose=False
    )
    expected = epochs * math.ceil(N / batch_size)
    per_epoch, loss, acc = math.ceil(N / batch_size), h.epoch_loss[-1], h.accuracy[-1]
    print(f"{batch_size:>10}   {per_epoch:>20}   {h.iterations:>20}   {expected:>24}   {loss:10.4f}   {acc:.0%}")
    assert h.iterations == len(h.loss) == expected and h.epochs == epochs
    runs[batch_size] = h

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3))
colours = {100: "#0072B2", 32: "#E69F00", 10: "#009E73", 1: "#CC79A7"}
# en: the noisiest first, so it stays in the background
# ko: 가장 흔들리는 것을 먼저 그려 뒤쪽에 남게 합니다
for batch_size in (1, 10, 32, 100):
    h = runs[batch_size]
    per_epoch = h.iterations / h.epochs
    left.plot(
        [(i + 1) / per_epoch for i in range(h.iterations)],
        h.loss,
        linewidth=0.8 if batch_size > 1 else 0.4,
        color=colours[batch_size],
        alpha=1.0 if batch_size > 1 else 0.5,
        label=words(f"batch {batch_size}: {h.iterations} iterations", f"배치 {batch_size}: 반복 {h.iterations}번"),
    )
for batch_size, h in runs.items():
    right.plot(
        range(1, h.epochs + 1),
        h.epoch_loss,
        marker=".",
        color=colours[batch_size],
        label=words(f"batch {batch_size}", f"배치 {batch_size}"),
    )
left.set_title(words("loss of every iteration (one batch)", "반복마다의 손실 (배치 하나)"))
left.set_xlabel(words("epoch", "에포크"))
left.set_ylim(0, 1.5)
right.set_title(words("mean loss per epoch", "에포크별 평균 손실"))
right.set_xlabel(words("epoch", "에포크"))
left.legend(fontsize="small", loc="upper right")
for ax in (left, right):
    ax.set_ylabel(words("BCE loss", "BCE 손실"))
    ax.grid(alpha=0.3)
plt.tight_layout()
plt.show()

# %%
best = nn.MLP(2, [8, 1], activation="tanh", output_activation="sigmoid", seed=SEED)
nn.fit(best, X, Y, loss="bce", optimizer="sgd", lr=0.5, epochs=epochs, batch_size=1, seed=SEED, verbose=False)
viz.plots.plot_decision_boundary(
    best,
    X,
    Y,
    resolution=80,
    title=words("moons, batch size 1, 20 epochs (2000 iterations)", "moons, 배치 크기 1, 20 에포크 (반복 2000번)"),
)
