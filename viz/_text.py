"""Text for drawings: numbers formatted one way everywhere, labels escaped.

Every piece of user text (a label, a title) goes into Graphviz HTML-like
labels through ``escape``. Graphviz decodes entities first and then applies
its own backslash escapes (``\\N`` becomes the node's name), so a backslash
must be doubled as well as ``& < > " '`` turned into entities. Characters
XML forbids (control characters, lone surrogates) would make the SVG
unreadable, so they are replaced by a visible mark.

>>> escape('<script>alert("x")</script> & \\\\')
'&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; \\\\\\\\'
>>> escape("line 1\\nline 2")
'line 1<BR/>line 2'
>>> number_formatter(4)(33.0), number_formatter(4)(-0.0), number_formatter(None, ".2f")(0.5)
('33', '0', '0.50')
"""

from __future__ import annotations

import html
from collections.abc import Callable

__all__ = ["escape", "number_formatter", "FONT"]

#: Fonts tried in order: a CJK font first, so Korean labels ("비용 J") draw,
#: then common Latin fonts. Graphviz passes the list to fontconfig, browsers
#: read it as a CSS font-family list.
FONT = "Noto Sans CJK KR, Noto Sans, Helvetica, Arial, sans-serif"

_REPLACEMENT = "\ufffd"  # the Unicode "replacement character"


def _xml_safe(ch: str) -> str:
    """``ch`` itself if XML 1.0 allows it in text, else a visible replacement."""
    code = ord(ch)
    if ch == "\t":
        return " "
    if code < 0x20 or 0x7F <= code < 0xA0 or 0xD800 <= code < 0xE000 or code in (0xFFFE, 0xFFFF):
        return _REPLACEMENT
    return ch


def escape(text: str) -> str:
    """``text`` as safe content for a Graphviz HTML-like label (newlines become line breaks).

    Args:
        text: any user text; it is shown literally, never interpreted.

    Returns:
        The escaped text: entities for ``& < > " '``, doubled backslashes,
        ``<BR/>`` for each newline.
    """
    if not isinstance(text, str):
        raise TypeError(f"a label or title must be a str, got {type(text).__name__} {text!r}")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    escaped = []
    for line in lines:
        line = "".join(_xml_safe(ch) for ch in line)
        escaped.append(html.escape(line, quote=True).replace("\\", "\\\\"))
    return "<BR/>".join(escaped)


def number_formatter(precision: int | None = 4, number_format: str | None = None) -> Callable[[float], str]:
    """A function that writes a float the way every number of one drawing is written.

    Args:
        precision: significant digits (``format(x, ".4g")``); ignored if
            ``number_format`` is given.
        number_format: a Python format spec such as ``".3f"`` or ``".2e"``.

    Returns:
        ``float -> str``, escaped for a label; -0.0 is written as 0, as a learner expects.
    """
    if number_format is not None:
        if not isinstance(number_format, str):
            raise TypeError(f"number_format must be a format spec str such as '.3f', got {number_format!r}")
        spec = number_format
    else:
        if isinstance(precision, bool) or not isinstance(precision, int):
            raise TypeError(f"precision must be an int (significant digits), got {precision!r}")
        if not 1 <= precision <= 17:
            raise ValueError(f"precision must be between 1 and 17 significant digits, got {precision}")
        spec = f".{precision}g"
    try:
        format(1.5, spec)
    except (ValueError, TypeError) as error:
        raise ValueError(f"number_format {spec!r} is not a valid format spec for a float ({error})") from None

    def write(x: float) -> str:
        text = format(x, spec)
        # "-0", "-0.00": a rounded tiny negative reads better without the sign.
        if text.startswith("-") and not any(digit in text for digit in "123456789"):
            text = text[1:]
        # A format spec may carry a fill character ("<>12" fills with "<"): escaped like any text.
        return escape(text)

    return write
