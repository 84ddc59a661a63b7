"""The words of the stepper and practice pages, in English and Korean (the "stepper" and "practice" sections).

Values in braces are filled in with ``str.format``; nothing here is escaped
(the page escapes every piece of text it writes).
"""

from __future__ import annotations

import os

from autograd.ops import RULE_TEXT

STEPPER = {
    "stepper.title": {"en": "Backward pass of {label}", "ko": "{label}의 역전파"},
    "stepper.title_unnamed": {"en": "Backward pass", "ko": "역전파"},
    "stepper.prev": {"en": "Prev", "ko": "이전"},
    "stepper.next": {"en": "Next", "ko": "다음"},
    "stepper.step": {"en": "step", "ko": "단계"},
    "stepper.counter": {"en": "step {k} of {n}", "ko": "{n}단계 중 {k}단계"},
    "stepper.keys": {
        "en": "Use the arrow keys \u2190 \u2192 (and Home, End) to step through the backward pass.",
        "ko": "화살표 키 \u2190 \u2192 (Home, End)로 역전파를 한 단계씩 넘겨 보세요.",
    },
    "stepper.needs_script": {
        "en": "This stepper needs JavaScript: run the cell (a notebook opened from a file must be trusted first).",
        "ko": "이 단계 보기에는 자바스크립트가 필요합니다: 셀을 실행하세요 "
        "(파일에서 연 노트북은 먼저 신뢰해야 합니다).",
    },
    "stepper.before": {
        "en": "Before backward: no gradient is computed yet. The first step starts at {root} with d{root}/d{root} = 1.",
        "ko": "역전파 전: 아직 계산된 기울기가 없습니다. 첫 단계는 {root}에서 d{root}/d{root} = 1로 시작합니다.",
    },
    "stepper.root": {
        "en": "{root} is the output: its upstream gradient is d{root}/d{root} = 1.",
        "ko": "출력 {root}의 상류 기울기는 d{root}/d{root} = 1입니다.",
    },
    "stepper.edge": {
        "en": "{output} = {written}: {derivative} = {formula}; upstream {upstream} × {local} = {product} to {input}",
        "ko": "{output} = {written}: {derivative} = {formula}; "
        "상류 기울기 {upstream} × 국소 기울기 {local} = {product} \u2192 {input}",
    },
    "stepper.leaf": {
        "en": "{name}: every path has passed its gradient here, so d{root}/d{name} = {grad} is complete.",
        "ko": "{name}: 모든 경로의 기울기가 도착했으므로 d{root}/d{name} = {grad}로 확정됩니다.",
    },
}

PRACTICE = {
    "practice.task": {
        "en": "Step {k}: {output} = {written}. Its upstream gradient is d{root}/d{output} = {upstream}. "
        "Type the gradient that flows to each input (upstream × local gradient), then press Check.",
        "ko": "{k}단계: {output} = {written}. 상류 기울기는 d{root}/d{output} = {upstream}입니다. "
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
    "practice.mark_right": {"en": "\u2713 right", "ko": "\u2713 정답"},
    "practice.mark_wrong": {"en": "\u2717 wrong", "ko": "\u2717 오답"},
    "practice.upstream": {"en": "upstream gradient", "ko": "상류 기울기"},
}

#: The rules of ``autograd.ops.RULE_TEXT`` in Korean words (the English words are the table's own).
RULE_WORDS_KO = {
    "+": "덧셈은 상류 기울기를 모든 입력에 그대로 나눠 줍니다",
    "-": "뺄셈은 상류 기울기를 넘겨 주되, y에는 부호를 바꿔 줍니다",
    "*": "곱셈은 입력을 서로 바꿉니다",
    "/": "나눗셈의 미분 규칙입니다",
    "neg": "부호를 바꾸면 기울기의 부호도 바뀝니다",
    "**": "거듭제곱 규칙: 지수를 앞으로 내리고 지수를 하나 줄입니다",
    "exp": "지수 함수의 기울기는 자기 자신입니다",
    "log": "ln x의 기울기는 1/x입니다",
    "tanh": "tanh의 기울기는 1에서 출력의 제곱을 뺀 값입니다",
    "sigmoid": "시그모이드의 기울기는 출력 곱하기 (1 - 출력)입니다",
    "relu": "ReLU는 x > 0인 곳에서만 기울기를 통과시킵니다",
    "leaky_relu": "leaky ReLU는 x > 0이면 기울기를 그대로, 아니면 slope배만 통과시킵니다",
    "max": "max는 더 큰 입력에 기울기를 보냅니다 (같으면 반씩 나눕니다)",
}

PRACTICE.update(
    {f"rule.{op}": {"en": RULE_TEXT[op].words, "ko": words} for op, words in RULE_WORDS_KO.items() if op in RULE_TEXT}
)

PHRASES = {**STEPPER, **PRACTICE}
LANGUAGES = ("en", "ko")


def resolve_lang(lang: str | None) -> str:
    """``lang`` checked; None: the environment variable CHAINRULE_LANG, else "en"."""
    if lang is None:
        lang = os.environ.get("CHAINRULE_LANG") or "en"
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    return lang


def phrase(key: str, lang: str | None = None, **values) -> str:
    """The text of ``key`` in ``lang``, with ``values`` filled in (not escaped)."""
    return PHRASES[key][resolve_lang(lang)].format(**values)
