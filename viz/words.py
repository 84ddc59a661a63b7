"""The words catalogue, as ``viz`` has always offered it: ``autograd.words`` under its old name.

The phrases moved to ``autograd.words`` so that ``nn`` (which must not import
``viz``) can print models and its progress bar in the learner's language too;
this module is the same objects, not a copy.

>>> import autograd.words
>>> PHRASES is autograd.words.PHRASES
True
"""

from autograd.words import ENVIRONMENT_VARIABLE, LANGUAGES, PHRASES, language, phrase, resolve_lang

__all__ = ["LANGUAGES", "PHRASES", "phrase", "resolve_lang", "language", "ENVIRONMENT_VARIABLE"]
