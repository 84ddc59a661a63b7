"""A Griffe extension for the API reference (mkdocs.yml loads it): doctests are shown as code.

The docstrings carry runnable examples as plain doctest blocks (``>>>`` lines and
their output, up to a blank line), which pytest runs. Markdown would read them
as paragraphs (and ``[0, 1]`` as a link), so this fences each block as
``pycon`` (Python console) code before mkdocstrings renders the docstring.
"""

from __future__ import annotations

import griffe


def fence_doctests(text: str) -> str:
    """``text`` with each doctest block fenced.

    >>> print(fence_doctests("Add:\\n\\n>>> 1 + 1\\n2\\n\\nDone."))
    Add:
    <BLANKLINE>
    ```pycon
    >>> 1 + 1
    2
    ```
    <BLANKLINE>
    Done.
    """
    out: list[str] = []
    indent: str | None = None  # the open block's indentation, None outside a block
    fenced = False  # inside a ``` block the docstring fenced itself
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith("```"):
            fenced = not fenced
        if indent is not None and not stripped:
            out.append(f"{indent}```")
            indent = None
        elif indent is None and not fenced and stripped.startswith(">>>"):
            indent = line[: len(line) - len(stripped)]
            out.append(f"{indent}```pycon")
        out.append(line)
    if indent is not None:
        out.append(f"{indent}```")
    return "\n".join(out)


class FenceDoctests(griffe.Extension):
    """Fences the doctest blocks of every docstring Griffe reads."""

    def on_instance(self, *, obj: griffe.Object, **kwargs) -> None:
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)
