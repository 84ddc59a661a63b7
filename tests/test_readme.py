"""README.md's examples are real: each Python block runs, and its printed output is the text block after it."""

import contextlib
import io
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)


def readme_blocks() -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in BLOCK.finditer(README.read_text(encoding="utf-8"))]


def test_readme_starts_with_the_two_commands():
    language, first = readme_blocks()[0]
    assert language == "sh"
    assert [line.split("#")[0].strip() for line in first.strip().splitlines()] == ["make demo", "make test"]


@pytest.mark.needs_dot
def test_readme_python_examples_print_what_the_readme_shows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the examples write J.svg and friends
    namespace: dict = {}
    blocks = readme_blocks()
    checked = 0
    for (language, code), following in zip(blocks, blocks[1:] + [("", "")]):
        if language != "python":
            continue
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, str(README), "exec"), namespace)  # the README's own example code
        if following[0] == "text":
            assert printed.getvalue() == following[1], f"README example printed something else:\n{code}"
            checked += 1
    assert checked >= 2
