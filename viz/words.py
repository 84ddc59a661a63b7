"""Every word chainrule writes for a learner, in English and in Korean, side by side.

Drawings, pages, plots and the command line take ``lang="en"`` (the default)
or ``lang="ko"`` and look their words up here with ``phrase``. User text
(labels, titles) is never translated; error messages stay English.

The Korean terms are the lecture notes' own (``shared/seeds``): 순전파
(forward propagation), 역전파 (backpropagation), 연쇄법칙 (the chain rule),
기울기 (gradient), 상류 기울기 (upstream gradient), 국소 기울기 (local
gradient), 매개변수 (parameter), 층 (layer), 손실 (loss), 정확도 (accuracy),
에포크 (epoch), 반복 (iteration).

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
from contextvars import ContextVar

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
    # ---- viz.network: one box per neuron ---------------------------------------------------
    "network.inputs": {"en": "inputs", "ko": "입력"},
    "network.layer": {"en": "layer {number}", "ko": "{number}층"},
    "network.legend.positive": {"en": "solid green: w > 0", "ko": "초록 실선: w > 0"},
    "network.legend.negative": {"en": "dashed purple: w < 0", "ko": "보라 점선: w < 0"},
    "network.legend.thickness": {"en": "thicker: larger |w|", "ko": "굵을수록 |w|가 큼"},
    "network.out": {"en": "out", "ko": "출력"},
    # ---- viz.stepper: the HTML page stepping through backward ----------------------------
    "stepper.title": {"en": "Backward pass of {root}", "ko": "{root}의 역전파"},
    "stepper.title.unnamed": {"en": "Backward pass", "ko": "역전파"},
    "stepper.prev": {"en": "◀ Prev", "ko": "◀ 이전"},
    "stepper.next": {"en": "Next ▶", "ko": "다음 ▶"},
    "stepper.counter": {"en": "step {step} of {count}", "ko": "{count}단계 중 {step}단계"},
    "stepper.slider": {"en": "step", "ko": "단계"},
    "stepper.hint": {
        "en": "Use the arrow keys ← → to step through the backward pass.",
        "ko": "화살표 키 ← → 로 역전파를 한 단계씩 넘겨 보세요.",
    },
    # ---- viz.stepper practice mode: the learner computes the gradients -------------------
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
    # ---- viz.cli: the chainrule command ------------------------------------------------------
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
        self._tokens: list = []

    def __enter__(self) -> str:
        self._tokens.append(_CURRENT.set(self._lang))
        return self._lang

    def __exit__(self, *exc_info) -> None:
        _CURRENT.reset(self._tokens.pop())
