"""The phrase catalogue: every phrase in every language, and how the language is chosen."""

from __future__ import annotations

import re
import string
import threading

import pytest

import viz
from viz.words import ENVIRONMENT_VARIABLE, LANGUAGES, PHRASES, language, phrase, resolve_lang

HANGUL = re.compile("[\uac00-\ud7a3]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(PHRASES))
def test_every_phrase_has_every_language_with_the_same_fields(key):
    entry = PHRASES[key]
    assert set(entry) == set(LANGUAGES), f"{key} lacks {set(LANGUAGES) - set(entry)}"
    assert all(isinstance(text, str) and text.strip() for text in entry.values())
    assert len({frozenset(fields(text)) for text in entry.values()}) == 1, f"{key}: the {{fields}} differ"


@pytest.mark.parametrize("key", sorted(PHRASES))
def test_korean_phrases_are_korean(key):
    korean = re.sub(r"\{[^}]*\}", "", PHRASES[key]["ko"])  # {fields} are filled in, not shown
    english = re.sub(r"\{[^}]*\}", "", PHRASES[key]["en"]).lower().split()
    # A Latin word left in a Korean phrase must be a symbol of the math (w, x, z) or a name written
    # in capitals (XOR, MLP, GIF), never English prose.
    kept = [w for w in LATIN_WORD.findall(korean) if w.lower() in english and len(w) > 2 and not w.isupper()]
    assert HANGUL.search(korean) or not LATIN_WORD.search(korean), f"{key}: {korean!r}"
    assert not kept, f"{key} keeps English words: {kept}"


def test_lecture_terms_are_the_notes_own():
    korean = " ".join(entry["ko"] for entry in PHRASES.values())
    for term in ["순전파", "역전파", "기울기", "상류", "국소", "매개변수", "층", "손실", "정확도", "에포크", "반복"]:
        assert term in korean, term


def test_phrase_fills_fields_and_defaults_to_english(monkeypatch):
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    assert phrase("dot.caption.step", step=3, count=7, node="u") == "step 3 of 7: u"
    assert phrase("dot.caption.step", "ko", step=3, count=7, node="u") == "7단계 중 3단계: u"
    assert resolve_lang(None) == "en"


def test_environment_variable_and_language_block(monkeypatch):
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "ko")
    assert resolve_lang(None) == "ko" and phrase("dot.parameter") == "매개변수"
    with viz.language("en"):
        assert resolve_lang(None) == "en"
        assert resolve_lang("ko") == "ko"  # an explicit lang= wins
    assert resolve_lang(None) == "ko"
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "fr")
    with pytest.raises(ValueError, match="CHAINRULE_LANG"):
        resolve_lang(None)


@pytest.mark.parametrize("bad", ["kr", "KO", "", None, 1])
def test_unknown_languages_are_refused(bad):
    with pytest.raises(ValueError, match="must be one of 'en', 'ko'"):
        language(bad)
    if bad is not None:
        with pytest.raises(ValueError):
            resolve_lang(bad)


def test_language_block_restores_on_error_and_is_per_thread(monkeypatch):
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    with pytest.raises(RuntimeError):
        with language("ko"):
            raise RuntimeError("inside")
    assert resolve_lang(None) == "en"
    seen = []
    with language("ko"):
        thread = threading.Thread(target=lambda: seen.append(resolve_lang(None)))
        thread.start()
        thread.join(30)
    assert seen == ["en"]
