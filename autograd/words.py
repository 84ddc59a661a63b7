"""Every word chainrule writes for a learner, in English and in Korean, side by side.

Drawings, pages, plots, the command line, printed models and fit's progress
bar take ``lang="en"`` (the default) or ``lang="ko"`` and look their words up
here with ``phrase``. User text (labels, titles) is never translated; error
messages stay English, and so do ``repr()``s (what developers and doctests
see); ``str()`` (what ``print(model)`` shows) is in the current language.

The catalogue lives in ``autograd``, the bottom layer, so that both ``nn``
and ``viz`` can read it (``viz.words`` is the same module's names). It is pure
data and a few functions: importing it loads nothing else.

The Korean terms are the lecture notes' own (``shared/seeds``): 순전파
(forward propagation), 역전파 (backpropagation), 연쇄법칙 (the chain rule),
기울기 (gradient), 상류 기울기 (upstream gradient), 국소 기울기 (local
gradient), 매개변수 (parameter), 층 (layer), 손실 (loss), 정확도 (accuracy),
에포크 (epoch), 반복 (iteration), 편향 (bias).

Set the language once for a whole program or notebook, without passing
``lang=`` to every call: the environment variable ``CHAINRULE_LANG=ko``, or a
block ``with viz.language("ko"):`` (it restores the previous language when
it exits, and affects only its own thread). An explicit ``lang=`` wins.

To add a language: add its code to ``LANGUAGES`` and a translation of every
phrase below; ``tests/test_words.py`` fails until every phrase has one.

>>> phrase("stepper.next", "ko")
'다음 ▶'
>>> phrase("dot.caption.step", "en", step=3, count=7, node="u (*)")
'step 3 of 7: u (*)'
>>> with language("ko"):
...     resolve_lang(None)
'ko'
"""

from __future__ import annotations

import os
from contextvars import ContextVar, Token

__all__ = ["LANGUAGES", "PHRASES", "phrase", "resolve_lang", "language", "ENVIRONMENT_VARIABLE"]

#: The languages every phrase has, the default first.
LANGUAGES = ("en", "ko")
ENVIRONMENT_VARIABLE = "CHAINRULE_LANG"

#: Every phrase by key: ``{"en": ..., "ko": ...}``. ``{name}`` fields are filled by ``phrase``.
#: Sections follow the module that writes them.
PHRASES: dict[str, dict[str, str]] = {
    # ---- viz.dot: computation graphs -----------------------------------------------------
    "dot.data": {"en": "data", "ko": "값"},
    "dot.grad": {"en": "grad", "ko": "기울기"},
    "dot.parameter": {"en": "parameter", "ko": "매개변수"},
    "dot.constant": {"en": "constant", "ko": "상수"},
    "dot.node": {"en": "node", "ko": "노드"},
    "dot.layer": {"en": "layer {number}", "ko": "{number}층"},
    "dot.out": {"en": "out", "ko": "출력"},
    "dot.legend.data": {"en": "= forward value", "ko": "= 순전파 값"},
    "dot.legend.grad": {"en": "= ∂{root}/∂node", "ko": "= ∂{root}/∂노드"},
    "dot.legend.unknown": {"en": "= not computed yet", "ko": "= 아직 계산 전"},
    "dot.legend.edge": {"en": "on an edge:", "ko": "간선 위:"},
    "dot.legend.upstream_local": {"en": "upstream × local =", "ko": "상류 × 국소 ="},
    "dot.legend.to_input": {"en": "grad to input", "ko": "입력으로 가는 기울기"},
    "dot.caption.before": {"en": "step 0 of {count}: before backward", "ko": "{count}단계 중 0단계: 역전파 전"},
    "dot.caption.step": {"en": "step {step} of {count}: {node}", "ko": "{count}단계 중 {step}단계: {node}"},
    "dot.legend.summed": {
        "en": "= .grad as backward() calls left it (not only ∂{root}/∂node)",
        "ko": "= 역전파가 남긴 .grad (∂{root}/∂노드만은 아님)",
    },
    "dot.legend.collapsed": {
        "en": "= a whole scope: its edges carry ∂output/∂input",
        "ko": "= 범위 전체: 간선에 ∂출력/∂입력",
    },
    "dot.foreign": {
        "en": "gradients from another node's backward pass are not shown: call {root}.backward()",
        "ko": "다른 노드에서 시작한 역전파의 기울기는 표시하지 않음: {root}에서 역전파를 실행하세요",
    },
    "dot.kind.neuron": {"en": "neuron", "ko": "뉴런"},
    "dot.kind.layer": {"en": "layer", "ko": "층"},
    "dot.kind.loss": {"en": "loss", "ko": "손실"},
    "dot.kind.model": {"en": "model", "ko": "모델"},
    # ---- viz.draw and viz.slides: rendering, slides, animations ----------------------------
    # The text a notebook keeps next to a drawing or a stepper (its text/plain fallback; repr stays English);
    # {name} is the class, code.
    "draw.text": {
        "en": "<{name}: a graphviz.Digraph; display it in Jupyter, or call .render(path)>",
        "ko": "<{name}: graphviz.Digraph 그림; Jupyter에서 표시하거나 .render(path)로 저장하세요>",
    },
    "stepper.text": {
        "en": "<{name}: a stepper over {count} backward steps; display it in Jupyter, or call .save(path)>",
        "ko": "<{name}: 역전파 {count}단계 보기; Jupyter에서 표시하거나 .save(path)로 저장하세요>",
    },
    "stepper.text.practice": {
        "en": "<{name}: a practice stepper over {count} backward steps; display it in Jupyter, or call .save(path)>",
        "ko": "<{name}: 역전파 {count}단계 연습; Jupyter에서 표시하거나 .save(path)로 저장하세요>",
    },
    # ---- viz.network: one box per neuron ---------------------------------------------------
    "network.inputs": {"en": "inputs", "ko": "입력"},
    "network.layer": {"en": "layer {number}", "ko": "{number}층"},
    "network.legend.positive": {"en": "solid green: w > 0", "ko": "초록 실선: w > 0"},
    "network.legend.negative": {"en": "dashed purple: w < 0", "ko": "보라 점선: w < 0"},
    "network.legend.thickness": {"en": "thicker: larger |w|", "ko": "굵을수록 |w|가 큼"},
    "network.out": {"en": "out", "ko": "출력"},
    "network.grad": {"en": "grad", "ko": "기울기"},
    "network.no_bias": {"en": "no bias", "ko": "편향 없음"},
    "network.grads.for_input": {
        "en": "out and grad for the input x = ({x})",
        "ko": "입력 x = ({x})에 대한 출력과 기울기",
    },
    "network.grads.last_backward": {
        "en": "grad: from the last backward pass",
        "ko": "기울기: 마지막 역전파의 결과",
    },
    "network.outputs.for_input": {"en": "out for the input x = ({x})", "ko": "입력 x = ({x})에 대한 출력"},
    "network.maps": {
        "en": "each map: the neuron's output over the input plane (x1 →, x2 ↑, from {low} to {high}):"
        " blue above 0 (sigmoid: 0.5), orange below",
        "ko": "각 그림: 입력 평면 위 뉴런의 출력 (x1 →, x2 ↑, {low}부터 {high}까지):"
        " 0보다 크면 파랑 (sigmoid는 0.5), 작으면 주황",
    },
    # ---- viz.stepper: the HTML page stepping through backward ----------------------------
    "stepper.title": {"en": "Backward pass of {root}", "ko": "{root}의 역전파"},
    "stepper.title.unnamed": {"en": "Backward pass", "ko": "역전파"},
    "stepper.prev": {"en": "◀ Prev", "ko": "◀ 이전"},
    "stepper.next": {"en": "Next ▶", "ko": "다음 ▶"},
    "stepper.counter": {"en": "step {step} of {count}", "ko": "{count}단계 중 {step}단계"},
    "stepper.slider": {"en": "step", "ko": "단계"},
    "stepper.hint": {
        "en": "Use the arrow keys ← → (and Home, End) to step through the backward pass.",
        "ko": "화살표 키 ← → (Home, End)로 역전파를 한 단계씩 넘겨 보세요.",
    },
    "stepper.needs_script": {
        "en": "This stepper needs JavaScript: run the cell (a notebook opened from a file must be trusted first).",
        "ko": "이 단계 보기에는 자바스크립트가 필요합니다: 셀을 실행하세요 "
        "(파일에서 연 노트북은 먼저 신뢰해야 합니다).",
    },
    "stepper.before": {
        "en": "Before backward: no gradient is computed yet. "
        "The first step starts at {root} with d{d_root}/d{d_root} = 1.",
        "ko": "역전파 전: 아직 계산된 기울기가 없습니다. 첫 단계는 {root}에서 d{d_root}/d{d_root} = 1로 시작합니다.",
    },
    "stepper.root": {
        "en": "{root} is the output: its upstream gradient is d{d_root}/d{d_root} = 1.",
        "ko": "출력 {root}의 상류 기울기는 d{d_root}/d{d_root} = 1입니다.",
    },
    # One edge of a step, the chain rule applied: "u = b * c: du/db = c = 2; upstream 3 × 2 = 6 to b".
    "stepper.edge": {
        "en": "{output} = {written}: {derivative} = {formula}; upstream {upstream} × {local} = {product} to {input}",
        "ko": "{output} = {written}: {derivative} = {formula}; "
        "상류 기울기 {upstream} × 국소 기울기 {local} = {product} → {input}",
    },
    "stepper.leaf": {
        "en": "{name}: every path has passed its gradient here, so d{d_root}/d{d_name} = {grad} is complete.",
        "ko": "{name}: 모든 경로의 기울기가 도착했으므로 d{d_root}/d{d_name} = {grad}로 확정됩니다.",
    },
    # ---- viz.stepper practice mode: the learner computes the gradients -------------------
    "practice.task": {
        "en": "Step {step}: {output} = {written}. Its upstream gradient is d{d_root}/d{d_output} = {upstream}. "
        "Type the gradient that flows to each input (upstream × local gradient), then press Check.",
        "ko": "{step}단계: {output} = {written}. 상류 기울기는 d{d_root}/d{d_output} = {upstream}입니다. "
        "각 입력으로 흐르는 기울기(상류 기울기 × 국소 기울기)를 입력하고 확인을 누르세요.",
    },
    "practice.box": {
        "en": "to {input}: {upstream} × {derivative} =",
        "ko": "{input}(으)로: {upstream} × {derivative} =",
    },
    "practice.check": {"en": "Check", "ko": "확인"},
    "practice.hint": {"en": "Hint", "ko": "힌트"},
    "practice.show": {"en": "Show me", "ko": "정답 보기"},
    "practice.hint_line": {
        "en": "{general}: {words}. Here {derivative} = {formula}.",
        "ko": "{general}: {words}. 여기서는 {derivative} = {formula}.",
    },
    "practice.right": {"en": "Right! Here is the step.", "ko": "정답입니다! 이 단계를 보여 드립니다."},
    "practice.wrong": {
        "en": "{wrong} of {total} not right yet: try again, or press Hint.",
        "ko": "{total}개 중 {wrong}개가 아직 틀렸습니다: 다시 해 보거나 힌트를 누르세요.",
    },
    "practice.shown": {
        "en": "Here is the answer (no point for this step).",
        "ko": "정답을 보여 드립니다 (이 단계는 점수 없음).",
    },
    "practice.unreadable": {
        "en": "Type numbers such as 6, -0.5, 1e-3 or 3*2.",
        "ko": "6, -0.5, 1e-3, 3*2처럼 숫자를 입력하세요.",
    },
    "practice.score": {"en": "score {right}/{asked}", "ko": "점수 {right}/{asked}"},
    "practice.done": {
        "en": "Every step is done: score {right}/{asked}.",
        "ko": "모든 단계를 마쳤습니다: 점수 {right}/{asked}.",
    },
    "practice.go_on": {
        "en": "Press Next (or →) to go on: the next step has nothing to type.",
        "ko": "다음(또는 →)을 눌러 계속하세요: 다음 단계는 입력할 것이 없습니다.",
    },
    "practice.mark.right": {"en": "✓ right", "ko": "✓ 정답"},
    "practice.mark.wrong": {"en": "✗ wrong", "ko": "✗ 오답"},
    # Each rule of autograd.ops.RULE_TEXT in words; the English is the table's own (a test compares them).
    "practice.rule.+": {
        "en": "addition hands the upstream gradient to every input unchanged",
        "ko": "덧셈은 상류 기울기를 모든 입력에 그대로 나눠 줍니다",
    },
    "practice.rule.-": {
        "en": "subtraction passes the upstream gradient on, negated for y",
        "ko": "뺄셈은 상류 기울기를 넘겨 주되, y에는 부호를 바꿔 줍니다",
    },
    "practice.rule.*": {"en": "multiplication swaps its inputs", "ko": "곱셈은 입력을 서로 바꿉니다"},
    "practice.rule./": {"en": "the quotient rule", "ko": "나눗셈(몫)의 미분 규칙입니다"},
    "practice.rule.neg": {
        "en": "negation flips the sign of the gradient",
        "ko": "부호를 바꾸면 기울기의 부호도 바뀝니다",
    },
    "practice.rule.**": {
        "en": "the power rule: bring the exponent down, lower it by one",
        "ko": "거듭제곱 규칙: 지수를 앞으로 내리고 지수를 하나 줄입니다",
    },
    "practice.rule.exp": {"en": "the exponential is its own slope", "ko": "지수 함수의 기울기는 자기 자신입니다"},
    "practice.rule.log": {"en": "the slope of ln x is 1/x", "ko": "ln x의 기울기는 1/x입니다"},
    "practice.rule.tanh": {
        "en": "its slope is 1 minus its output squared",
        "ko": "기울기는 1에서 출력의 제곱을 뺀 값입니다",
    },
    "practice.rule.sigmoid": {
        "en": "its slope is its output times 1 minus its output",
        "ko": "기울기는 출력 곱하기 (1 - 출력)입니다",
    },
    "practice.rule.relu": {
        "en": "the gradient passes where x > 0 only",
        "ko": "x > 0인 곳에서만 기울기가 통과합니다",
    },
    "practice.rule.leaky_relu": {
        "en": "the gradient passes where x > 0, and only a fraction (the slope) of it elsewhere",
        "ko": "x > 0이면 기울기가 그대로, 아니면 그 일부(기울기 계수)만 통과합니다",
    },
    "practice.rule.sin": {"en": "its slope is the cosine", "ko": "기울기는 코사인입니다"},
    "practice.rule.cos": {"en": "its slope is minus the sine", "ko": "기울기는 사인에 음의 부호를 붙인 값입니다"},
    "practice.rule.max": {
        "en": "the larger input gets the gradient (a tie splits it)",
        "ko": "더 큰 입력이 기울기를 받습니다 (같으면 반씩 나눕니다)",
    },
    # ---- viz.plots: matplotlib figures -----------------------------------------------------
    "plots.loss": {"en": "loss", "ko": "손실"},
    "plots.loss.full_batch": {"en": "loss (full batch: iteration = epoch)", "ko": "손실 (전체 배치: 반복 = 에포크)"},
    "plots.loss.per_iteration": {"en": "loss per iteration (one batch)", "ko": "반복마다의 손실 (배치 하나)"},
    "plots.loss.per_epoch": {"en": "mean loss per epoch", "ko": "에포크별 평균 손실"},
    "plots.iteration": {"en": "iteration (parameter update)", "ko": "반복 (매개변수 업데이트)"},
    "plots.accuracy": {"en": "accuracy (%)", "ko": "정확도 (%)"},
    "plots.accuracy.per_epoch": {"en": "accuracy per epoch", "ko": "에포크별 정확도"},
    "plots.title.loss": {"en": "Training loss", "ko": "학습 손실"},
    "plots.title.boundary": {"en": "Decision boundary", "ko": "결정 경계"},
    "plots.class": {"en": "class {label}", "ko": "클래스 {label}"},
    "plots.output.probability": {"en": "model output (probability of class 1)", "ko": "모델 출력 (클래스 1일 확률)"},
    "plots.output": {"en": "model output", "ko": "모델 출력"},
    "plots.val_loss": {"en": "validation loss per epoch", "ko": "에포크별 검증 손실"},
    "plots.val_lowest": {"en": "lowest validation loss", "ko": "가장 낮은 검증 손실"},
    "plots.val_accuracy": {"en": "validation accuracy per epoch", "ko": "에포크별 검증 정확도"},
    "plots.hidden.title": {
        "en": "The data in the input plane and in the space of layer {number}",
        "ko": "입력 평면과 {number}층 공간에서 본 데이터",
    },
    "plots.hidden.input": {"en": "input plane", "ko": "입력 평면"},
    "plots.hidden.before": {
        "en": "layer {number} before activation: z = Wx + b",
        "ko": "{number}층 활성화 전: z = Wx + b",
    },
    "plots.hidden.after": {
        "en": "layer {number} after {activation}: a = {activation}(z)",
        "ko": "{number}층 {activation} 통과 후: a = {activation}(z)",
    },
    "plots.hidden.grid": {
        "en": "grid lines of the input plane, carried along",
        "ko": "입력 평면의 격자선이 옮겨진 모습",
    },
    "plots.hidden.boundary": {"en": "next layer's boundary", "ko": "다음 층의 결정 경계"},
    "plots.weights.title": {
        "en": "The neuron's {count} weights as a picture",
        "ko": "뉴런의 가중치 {count}개를 그림으로",
    },
    "plots.weights.rgb": {
        "en": "each channel's weight: grey = 0, brighter = positive",
        "ko": "채널별 가중치: 회색 = 0, 밝을수록 양수",
    },
    "plots.weights.sum": {
        "en": "weight summed over R, G, B: red > 0, blue < 0",
        "ko": "R, G, B 가중치의 합: 빨강 > 0, 파랑 < 0",
    },
    "plots.weights.colorbar": {"en": "weight", "ko": "가중치"},
    "plots.surface.title": {"en": "Loss over the weights", "ko": "가중치에 따른 손실"},
    "plots.surface.mse": {"en": "mean squared error", "ko": "평균제곱오차"},
    "plots.surface.bce": {"en": "cross-entropy", "ko": "교차 엔트로피"},
    "plots.surface.cost": {"en": "cost J", "ko": "비용 J"},
    "plots.surface.not_convex": {"en": "bends down here: not convex", "ko": "아래로 굽는 곳: 볼록하지 않음"},
    "plots.surface.convex": {"en": "convex: bends up everywhere", "ko": "볼록: 어디서나 위로 굽음"},
    "plots.surface.current": {"en": "current value", "ko": "현재 값"},
    # ---- nn: printed models and histories (str(); repr() stays English), fit's progress bar ----
    "nn.inputs": {"en": "{count} inputs", "ko": "입력 {count}개"},
    "nn.parameters": {"en": "{count} parameters", "ko": "매개변수 {count}개"},
    "nn.no_bias": {"en": "no bias", "ko": "편향 없음"},
    "nn.history.epochs": {"en": "{count} epochs", "ko": "에포크 {count}번"},
    "nn.history.iterations": {"en": "{count} iterations", "ko": "반복 {count}번"},
    "nn.history.loss": {"en": "loss {loss}", "ko": "손실 {loss}"},
    "nn.history.accuracy": {"en": "accuracy {accuracy}", "ko": "정확도 {accuracy}"},
    "nn.history.val_loss": {"en": "val_loss {loss}", "ko": "검증 손실 {loss}"},
    "nn.history.stopped_early": {"en": "stopped early", "ko": "조기 종료"},
    "nn.progress.epoch": {"en": "epoch", "ko": "에포크"},
    "nn.progress.loss": {"en": "loss={loss}", "ko": "손실={loss}"},
    "nn.progress.accuracy": {"en": "accuracy={accuracy}", "ko": "정확도={accuracy}"},
    # ---- viz.cli: the chainrule command ------------------------------------------------------
    "cli.wrote": {"en": "wrote {path}", "ko": "저장: {path}"},
    "cli.training": {
        "en": "training {model} on {dataset} ({count} samples)",
        "ko": "{dataset} 데이터 {count}개로 {model} 학습 중",
    },
    "cli.summary.header": {
        "en": "{program} {version}: {dataset} ({count} samples)",
        "ko": "{program} {version}: {dataset} (샘플 {count}개)",
    },
    "cli.summary.model": {"en": "model:     {model}", "ko": "모델:      {model}"},
    "cli.summary.training": {
        "en": "training:  {optimizer} lr={lr}, {epochs} epochs, batch size {batch_size}, seed {seed}",
        "ko": "학습:      {optimizer} lr={lr}, 에포크 {epochs}번, 배치 크기 {batch_size}, 시드 {seed}",
    },
    "cli.summary.steps": {
        "en": "steps:     {iterations} iterations (parameter updates)",
        "ko": "반복:      {iterations}번 (매개변수 업데이트)",
    },
    "cli.summary.loss": {
        "en": "loss:      {first} -> {last} (mean per epoch, first -> last)",
        "ko": "손실:      {first} -> {last} (에포크별 평균, 처음 -> 마지막)",
    },
    "cli.summary.accuracy": {"en": "accuracy:  {accuracy}%", "ko": "정확도:    {accuracy}%"},
    "cli.summary.time": {"en": "time:      {seconds} s", "ko": "시간:      {seconds}초"},
    "cli.summary.predictions": {"en": "predictions:", "ko": "예측:"},
    "cli.summary.prediction": {
        "en": "  x = ({x})  target {target}  output {output}",
        "ko": "  x = ({x})  목표 {target}  출력 {output}",
    },
    "cli.title.loss": {"en": "{name}: training loss", "ko": "{name}: 학습 손실"},
    "cli.title.boundary": {"en": "{name}: what the network learned", "ko": "{name}: 신경망이 학습한 것"},
    "cli.title.network": {"en": "the trained network", "ko": "학습된 신경망"},
    # ---- viz.cli --help: argparse's headings (through its hooks) and every option's help ----
    "cli.usage": {"en": "usage: ", "ko": "사용법: "},
    "cli.group.positional": {"en": "positional arguments", "ko": "위치 인수"},
    "cli.group.options": {"en": "options", "ko": "옵션"},
    "cli.group.commands": {"en": "commands", "ko": "명령"},
    "cli.group.model": {"en": "model", "ko": "모델"},
    "cli.group.training": {"en": "training", "ko": "학습"},
    "cli.group.output": {"en": "output", "ko": "출력"},
    "cli.default": {"en": " (default: {default})", "ko": " (기본값: {default})"},
    "cli.metavar.command": {"en": "COMMAND", "ko": "명령"},
    "cli.metavar.formula": {"en": "FORMULA", "ko": "수식"},
    "cli.metavar.assignment": {"en": "NAME=NUMBER", "ko": "이름=숫자"},
    "cli.metavar.file": {"en": "FILE", "ko": "파일"},
    "cli.metavar.folder": {"en": "FOLDER", "ko": "폴더"},
    "cli.metavar.text": {"en": "TEXT", "ko": "텍스트"},
    "cli.metavar.slope": {"en": "slope", "ko": "계수"},
    "cli.metavar.spread": {"en": "STD", "ko": "표준편차"},
    "cli.help.help": {"en": "show this help message and exit", "ko": "이 도움말을 보여 주고 끝냅니다"},
    "cli.help.version": {"en": "show the version and exit", "ko": "버전을 보여 주고 끝냅니다"},
    "cli.help.lang": {
        "en": "the language of chainrule's own words in pictures and output (default: $CHAINRULE_LANG, else en)",
        "ko": "그림과 출력에서 chainrule이 쓰는 말의 언어 (기본값: $CHAINRULE_LANG, 없으면 en)",
    },
    "cli.description": {
        "en": "Backpropagation you can see: draw the computation graph of a formula with its "
        "gradients, or train a small neural network and draw what it learned.",
        "ko": "눈으로 보는 역전파: 수식의 계산 그래프를 기울기와 함께 그리거나, "
        "작은 신경망을 학습시키고 그 신경망이 학습한 것을 그립니다.",
    },
    "cli.examples": {"en": "examples:", "ko": "예:"},
    "cli.more": {
        "en": "Run '{program} {command} --help' for the options of a command.",
        "ko": "명령의 옵션은 '{program} {command} --help'로 보세요.",
    },
    "cli.graph.help": {
        "en": "draw the computation graph of a formula, with gradients",
        "ko": "수식의 계산 그래프를 기울기와 함께 그립니다",
    },
    "cli.graph.description": {
        "en": "Build the computation graph of a formula, run backward, and draw it: every node "
        "shows its value and gradient, every edge the gradient flowing along it.",
        "ko": "수식의 계산 그래프를 만들고 역전파를 실행한 뒤 그립니다: 노드마다 값과 기울기를, "
        "간선마다 그 간선을 따라 흐르는 기울기를 보여 줍니다.",
    },
    # The lines below an epilog keep their breaks (argparse does not wrap them).
    "cli.graph.formulas": {
        "en": "formulas: numbers, names, + - * / ** (power), parentheses, and the functions\n"
        "  {functions}.\n"
        "  The lecture's notation works: 3(a + bc) is 3*(a + b*c) when b and c have values,\n"
        "  and named steps 'u = b*c; v = a + u; J = 3*v' are drawn with their names.\n"
        "  -x**2 means -(x**2), as in Python. Nothing in the formula is run as code.\n"
        "  A formula starting with '-' needs '--' in front:",
        "ko": "수식: 숫자, 이름, + - * / ** (거듭제곱), 괄호, 그리고 함수\n"
        "  {functions}.\n"
        "  강의의 표기법도 됩니다: b와 c에 값이 있으면 3(a + bc)는 3*(a + b*c)이고,\n"
        "  이름 붙인 단계 'u = b*c; v = a + u; J = 3*v'는 그 이름으로 그려집니다.\n"
        "  -x**2는 파이썬처럼 -(x**2)입니다. 수식의 어떤 부분도 코드로 실행되지 않습니다.\n"
        "  '-'로 시작하는 수식은 앞에 '--'가 필요합니다:",
    },
    "cli.graph.expression": {"en": 'the formula, in quotes: "3*(a + b*c)"', "ko": '따옴표로 감싼 수식: "3*(a + b*c)"'},
    "cli.graph.values": {"en": "a value for every name in the formula", "ko": "수식의 이름마다 값 하나"},
    "cli.graph.out": {"en": "the drawing to write: .svg, .png or .pdf", "ko": "저장할 그림: .svg, .png 또는 .pdf"},
    "cli.graph.html": {
        "en": "also write a page that steps through the backward pass",
        "ko": "역전파를 한 단계씩 보여 주는 페이지도 저장합니다",
    },
    "cli.graph.no_grad": {
        "en": "draw the forward values only (no backward pass)",
        "ko": "순전파 값만 그립니다 (역전파 없음)",
    },
    "cli.graph.label": {
        "en": "the name of the formula's result in the drawing (default: its last step's name, else J)",
        "ko": "그림에서 수식 결과의 이름 (기본값: 마지막 단계의 이름, 없으면 J)",
    },
    "cli.graph.title": {
        "en": "a heading for the drawing (and the --html page, the --gif)",
        "ko": "그림의 제목 (--html 페이지와 --gif에도)",
    },
    "cli.graph.gif": {
        "en": "also write the backward pass as an animated GIF",
        "ko": "역전파를 움직이는 GIF로도 저장합니다",
    },
    "cli.graph.dpi": {
        "en": "dots per inch of a .png and the --gif (300: slides)",
        "ko": ".png와 --gif의 인치당 점 수 (슬라이드는 300)",
    },
    "cli.xor.help": {
        "en": "train a network on XOR and draw everything (the demo)",
        "ko": "XOR로 신경망을 학습시키고 모든 것을 그립니다 (데모)",
    },
    "cli.xor.description": {
        "en": "Train a small MLP on the four XOR points (no single neuron can learn XOR; "
        "one hidden layer can), then draw the network, the loss curve and the decision boundary.",
        "ko": "XOR의 네 점으로 작은 MLP를 학습시킨 뒤 (뉴런 하나로는 XOR을 배울 수 없고, "
        "은닉층 하나면 배울 수 있습니다) 신경망, 손실 곡선, 결정 경계를 그립니다.",
    },
    "cli.train.help": {
        "en": "train a network on a 2-D data set and draw it",
        "ko": "2차원 데이터 세트로 신경망을 학습시키고 그립니다",
    },
    "cli.train.description": {
        "en": "Train an MLP on a 2-D data set (xor, moons, circles, spirals) and draw what it learned. "
        "Model and training options left out take the data set's defaults (listed below).",
        "ko": "2차원 데이터 세트(xor, moons, circles, spirals)로 MLP를 학습시키고 학습한 것을 그립니다. "
        "빠진 모델 옵션과 학습 옵션은 데이터 세트의 기본값(아래 목록)을 씁니다.",
    },
    "cli.train.defaults": {"en": "defaults per data set:", "ko": "데이터 세트별 기본값:"},
    "cli.train.dataset": {"en": "the data to learn", "ko": "학습할 데이터"},
    "cli.train.samples": {
        "en": "number of points (for xor: noisy points around the four corners)",
        "ko": "점의 개수 (xor: 네 모서리 주위에 흩어진 점)",
    },
    "cli.train.noise": {"en": "spread of the points around their curve", "ko": "곡선 주위로 점이 흩어진 정도"},
    "cli.train.hidden": {
        "en": "neurons per hidden layer, e.g. {example}",
        "ko": "은닉층마다 뉴런 수, 예: {example}",
    },
    "cli.train.activation": {"en": "activation of the hidden layers", "ko": "은닉층의 활성화 함수"},
    "cli.train.optimizer": {
        "en": "how the gradients update the parameters",
        "ko": "기울기로 매개변수를 업데이트하는 방법",
    },
    "cli.train.lr": {"en": "learning rate", "ko": "학습률"},
    "cli.train.epochs": {"en": "passes over the data", "ko": "에포크 수: 데이터 전체를 도는 횟수"},
    "cli.train.batch_size": {
        "en": "samples per iteration (one parameter update)",
        "ko": "반복(매개변수 업데이트 한 번)마다 쓰는 샘플 수",
    },
    "cli.train.seed": {
        "en": "seed of the data, the initial weights and the shuffling",
        "ko": "데이터, 초기 가중치, 섞기의 시드",
    },
    "cli.train.out": {"en": "folder for the pictures and the summary", "ko": "그림과 요약을 저장할 폴더"},
    "cli.train.progress": {
        "en": "show the progress bar even when not on a terminal (default: only on a terminal)",
        "ko": "터미널이 아니어도 진행 막대를 보여 줍니다 (기본값: 터미널에서만)",
    },
    "cli.train.quiet": {"en": "no progress bar", "ko": "진행 막대 없음"},
    # What ``chainrule xor`` and ``chainrule train`` write: the files' names are fixed, their meaning is a phrase.
    "cli.outputs": {"en": "writes into the --out folder:", "ko": "--out 폴더에 저장하는 것:"},
    "cli.outputs.graph": {
        "en": "the lecture's graph J = 3(a + bc) after backward",
        "ko": "강의의 그래프 J = 3(a + bc), 역전파 후",
    },
    "cli.outputs.steps": {
        "en": "a page stepping through its backward pass",
        "ko": "그 역전파를 한 단계씩 보여 주는 페이지",
    },
    "cli.outputs.network": {"en": "the trained network, neuron by neuron", "ko": "학습된 신경망, 뉴런 하나하나"},
    "cli.outputs.loss": {"en": "the loss per iteration and per epoch", "ko": "반복마다, 에포크마다의 손실"},
    "cli.outputs.boundary": {"en": "what the network learned, over the data", "ko": "신경망이 학습한 것, 데이터 위에"},
    "cli.outputs.summary": {"en": "accuracy, steps and time", "ko": "정확도, 반복 횟수, 시간"},
}

_CURRENT: ContextVar[str | None] = ContextVar("chainrule_language", default=None)


def _check(lang: object, where: str) -> str:
    if not isinstance(lang, str) or lang not in LANGUAGES:
        raise ValueError(f"{where} must be one of {', '.join(map(repr, LANGUAGES))}, got {lang!r}")
    return lang


def resolve_lang(lang: str | None = None) -> str:
    """The language to write in: ``lang`` if given, else the innermost ``language`` block,
    else the environment variable ``CHAINRULE_LANG``, else "en".

    Raises:
        ValueError: an unknown language (also one set in the environment variable).
    """
    if lang is not None:
        return _check(lang, "lang")
    current = _CURRENT.get()
    if current is not None:
        return current
    from_environment = os.environ.get(ENVIRONMENT_VARIABLE)
    if from_environment:
        return _check(from_environment, f"the environment variable {ENVIRONMENT_VARIABLE}")
    return LANGUAGES[0]


def phrase(key: str, lang: str | None = None, **values: object) -> str:
    """The phrase ``key`` in ``lang`` (see ``resolve_lang``), its ``{fields}`` filled from ``values``.

    The result is plain text: escape it before putting it into DOT or HTML.

    Raises:
        KeyError: no phrase has that key (a bug in chainrule, not in user input).
    """
    text = PHRASES[key][resolve_lang(lang)]
    return text.format(**values) if values else text


class language:
    """Context manager: write in ``lang`` inside the block (this thread only), then restore.

    >>> with language("ko"):
    ...     phrase("dot.parameter")
    '매개변수'
    >>> phrase("dot.parameter", "en")
    'parameter'
    """

    __slots__ = ("_lang", "_tokens")

    def __init__(self, lang: str) -> None:
        self._lang = _check(lang, "language")
        self._tokens: list[Token[str | None]] = []

    def __enter__(self) -> str:
        self._tokens.append(_CURRENT.set(self._lang))
        return self._lang

    def __exit__(self, *exc_info: object) -> None:
        _CURRENT.reset(self._tokens.pop())
