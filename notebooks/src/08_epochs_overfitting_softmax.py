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
# # 08 · Epochs, overfitting and underfitting; softmax and categorical cross-entropy
#
# **What this notebook teaches:** what the number of epochs does, measured on data the model
# does not train on: `nn.fit(..., validation=(X_val, y_val))` records the validation loss after
# every epoch. Too few epochs underfit (과소적합: both losses high), too many overfit (과적합: the training loss
# keeps falling while the validation loss rises again): the U-shaped validation curve. Then a
# 3-class problem, the spirals, with softmax at the output (each score turned into a probability,
# summing to 1) and categorical cross-entropy as the loss.
#
# **Lecture notes followed:** `001` (epoch, batch, iteration; overfitting and underfitting as the
# number of epochs grows; softmax for several classes; categorical cross-entropy).

# %% [markdown] lang="ko"
# # 08 · 에포크, 과적합과 과소적합; 소프트맥스와 범주형 교차 엔트로피
#
# **이 노트북에서 배우는 것:** 에포크 수가 하는 일을 모델이 학습하지 않는 데이터로 잽니다.
# `nn.fit(..., validation=(X_val, y_val))`은 에포크마다 검증 손실을 기록합니다. 에포크가 너무 적으면
# 과소적합(두 손실 모두 높음), 너무 많으면 과적합(학습 손실은 계속 줄지만 검증 손실은 다시 오름)입니다.
# 이것이 U자 모양의 검증 곡선입니다. 이어서 클래스가 3개인 문제, 나선 데이터를 출력층의 소프트맥스(점수를
# 합이 1인 확률로 바꿈)와 손실 함수 범주형 교차 엔트로피로 풉니다.
#
# **따라가는 강의 노트:** `001` (에포크, 배치, 반복; 에포크 수에 따른 과적합과 과소적합; 다중 분류의
# 소프트맥스; 범주형 교차 엔트로피).

# %%
# %matplotlib inline
import math
import os
import random
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager

import nn
import viz
import viz.plots
from autograd import Value  # noqa: F401  (the engine's number, as in every notebook)

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
# ## 1. Twelve noisy points, and sixty more held out
#
# y = sin(3x) plus noise. The model, one hidden layer of 32 tanh neurons (97 parameters), sees
# only the 12 training points; 60 other points from the same curve are the validation data.

# %% [markdown] lang="ko"
# ## 1. 잡음 섞인 점 12개와 따로 떼어 둔 60개
#
# y = sin(3x)에 잡음을 더했습니다. 모델(tanh 뉴런 32개의 은닉층 하나, 매개변수 97개)은 학습용 점
# 12개만 봅니다. 같은 곡선에서 뽑은 다른 점 60개가 검증 데이터입니다.


# %%
def noisy_sine(n, seed):
    rng = random.Random(seed)
    X = [[rng.uniform(-1, 1)] for _ in range(n)]
    return X, [math.sin(3 * x[0]) + rng.gauss(0, 0.3) for x in X]


X, y = noisy_sine(12, seed=1)
X_val, y_val = noisy_sine(60, seed=2)
model = nn.MLP(1, [32, 1], activation="tanh", seed=SEED)
snapshots = {}


def keep(history):
    # en: Remember the weights after every epoch, to draw the model as it was then.
    # ko: 에포크마다 가중치를 기억해 두었다가 그때의 모델을 그립니다.
    snapshots[history.epochs] = model.state_dict()


history = nn.fit(
    model,
    X,
    y,
    loss="mse",
    optimizer="adam",
    lr=0.03,
    epochs=500,
    validation=(X_val, y_val),
    callback=keep,
    verbose=False,
)
best = min(range(history.epochs), key=history.val_loss.__getitem__) + 1
print(
    words("epochs:", "에포크:"),
    history.epochs,
    words(" lowest validation loss after epoch", " 가장 낮은 검증 손실: 에포크"),
    best,
)
print(words("training loss", "학습 손실"), round(history.epoch_loss[-1], 4), end="   ")
print(words("validation loss", "검증 손실"), round(history.val_loss[-1], 4), end="   ")
print(words("lowest", "가장 낮은 값"), round(min(history.val_loss), 4))
assert len(history.val_loss) == len(history.epoch_loss) == 500
assert 50 < best < 300 and history.val_loss[-1] > 1.5 * min(history.val_loss) and history.epoch_loss[-1] < 0.06
viz.plots.plot_loss(history)

# %% [markdown] lang="en"
# The U: the validation loss falls while the model learns the curve, reaches its lowest point
# (marked), and rises while the training loss still falls: from there on the model learns the
# noise of its 12 points. The same model after 10 epochs (underfitting), at the bottom of the U,
# and after 500 (overfitting):

# %% [markdown] lang="ko"
# U자: 모델이 곡선을 배우는 동안 검증 손실이 줄어 가장 낮은 점(표시됨)에 닿고, 그 뒤에는 학습 손실이
# 계속 줄어도 검증 손실은 오릅니다. 그때부터 모델은 점 12개의 잡음을 외웁니다. 같은 모델의 10 에포크
# 뒤(과소적합), U의 바닥, 500 에포크 뒤(과적합):

# %%
grid = [[v] for v in np.linspace(-1, 1, 200)]
fig, axes = plt.subplots(1, 3, figsize=(12, 3.4), sharey=True)
titles = {
    10: words("10 epochs: underfitting", "10 에포크: 과소적합"),
    best: words(f"{best} epochs: the bottom of the U", f"{best} 에포크: U의 바닥"),
    500: words("500 epochs: overfitting", "500 에포크: 과적합"),
}
for ax, epoch in zip(axes, sorted(titles)):
    model.load_state_dict(snapshots[epoch])
    ax.plot([g[0] for g in grid], model.predict(grid), color="#0072B2", linewidth=2, label=words("model", "모델"))
    ax.plot([g[0] for g in grid], [math.sin(3 * g[0]) for g in grid], color="#999999", linestyle="--", label="sin(3x)")
    ax.scatter([x[0] for x in X_val], y_val, s=10, color="#E69F00", label=words("validation", "검증"))
    ax.scatter([x[0] for x in X], y, s=30, color="black", label=words("training", "학습"))
    ax.set_title(titles[epoch])
axes[0].legend(fontsize="small")
plt.show()

# %% [markdown] lang="en"
# ## 2. Three classes: softmax and categorical cross-entropy
#
# For several classes the output layer gives one score (logit) per class, and softmax turns them
# into probabilities: p_k = e^(z_k) / Σ_j e^(z_j), all positive, summing to 1. The categorical
# cross-entropy of one sample is -log p_target. `nn.cross_entropy(logits, target)` computes both
# in one stable step:

# %% [markdown] lang="ko"
# ## 2. 클래스 3개: 소프트맥스와 범주형 교차 엔트로피
#
# 클래스가 여러 개이면 출력층이 클래스마다 점수(로짓)를 하나씩 내고, 소프트맥스가 이를 확률로 바꿉니다:
# p_k = e^(z_k) / Σ_j e^(z_j), 모두 양수이고 합은 1입니다. 샘플 하나의 범주형 교차 엔트로피는
# -log p_정답입니다. `nn.cross_entropy(logits, target)`은 둘을 한 번에 안정적으로 계산합니다:

# %%
X, y = nn.datasets.spirals(150, classes=3, noise=0.2, seed=SEED)
model = nn.MLP(2, [16, 3], activation="relu", seed=SEED)
history = nn.fit(model, X, y, loss="cross_entropy", optimizer="adam", lr=0.05, epochs=300, verbose=False)
logits = model(X[0])
probs = nn.softmax(logits)
print(words("logits", "로짓"), [round(z.data, 3) for z in logits])
print(words("softmax", "소프트맥스"), [round(p.data, 3) for p in probs])
check("Σ p_k", sum(p.data for p in probs), 1.0, tol=1e-12, source=words("softmax", "소프트맥스"))
check("CE", nn.cross_entropy(logits, y[0]).data, -math.log(probs[y[0]].data), tol=1e-12, source="-log p_target")
print(words("accuracy on the spirals:", "나선 데이터의 정확도:"), round(history.accuracy[-1], 3))
assert history.accuracy[-1] > 0.95
viz.plots.plot_decision_boundary(model, X, y, resolution=100)
