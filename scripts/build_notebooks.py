"""Build the teaching notebooks from their text sources, in English and in Korean, and run them.

The sources are notebooks/src/NN_name.py, in jupytext's py:percent format: plain
Python in which ``# %%`` starts a code cell and ``# %% [markdown]`` a markdown
cell (its lines commented with ``# ``). Edit those, then run

    .venv/bin/python scripts/build_notebooks.py            # every notebook, both languages
    .venv/bin/python scripts/build_notebooks.py 03 04      # only those whose name starts so
    .venv/bin/python scripts/build_notebooks.py --lang ko  # only the Korean ones

Each source gives two notebooks, written with their outputs:

    notebooks/NN_name.ipynb       English
    notebooks/ko/NN_name.ipynb    Korean

One source serves both, so the code and its numbers cannot drift apart:

- a markdown cell whose header says ``lang="en"`` (``# %% [markdown] lang="en"``)
  is only in the English notebook, ``lang="ko"`` only in the Korean one; write
  each English cell directly followed by its Korean counterpart. A markdown
  cell without ``lang`` (a formula, a table of numbers) is in both;
- code cells are in both. In them, a comment line ``# en: text`` is kept only
  in English and ``# ko: text`` only in Korean, as ``# text``;
- the setup cell's line ``LANG = "en"`` reads ``LANG = "ko"`` in the Korean
  notebook; the setup cell passes it on to ``os.environ["CHAINRULE_LANG"]``,
  the language viz writes its words in, and prints through ``words(en, ko)``.

Each notebook is executed top to bottom with nbclient (kernel "python3") in its
own folder, so generated files go to notebooks/out/ and notebooks/ko/out/ (git
ignores both), and it is written with its outputs, so it reads on GitHub as it
ran. The file is the same on every run: stable cell ids, no timings, no memory
addresses, no interpreter version. A failing check (an ``assert`` on a
lecture's number) stops the build.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SOURCES = NOTEBOOKS / "src"
LANGUAGES = ("en", "ko")
FOLDERS = {"en": NOTEBOOKS, "ko": NOTEBOOKS / "ko"}
CELL_TIMEOUT = 120  # seconds per cell
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
TAGGED_COMMENT = re.compile(r"^(\s*)# (en|ko):(?: (.*))?$")  # "    # ko: 기울기" -> indent, "ko", "기울기"
LANG_LINE = 'LANG = "en"'


def sources(prefixes: list[str] | None = None) -> list[Path]:
    """The notebook sources, sorted by name; with prefixes, only those whose name starts with one of them."""
    paths = sorted(p for p in SOURCES.glob("*.py") if not p.name.startswith("_"))
    return [p for p in paths if not prefixes or any(p.stem.startswith(prefix) for prefix in prefixes)]


def output_path(source: Path, lang: str) -> Path:
    """Where the notebook of ``source`` in language ``lang`` is committed."""
    return FOLDERS[lang] / f"{source.stem}.ipynb"


def _code_for(text: str, lang: str) -> list[str]:
    """A code cell's lines in one language: its own tagged comments kept (untagged), the other's dropped."""
    lines = []
    for line in text.split("\n"):
        tagged = TAGGED_COMMENT.match(line)
        if tagged is None:
            lines.append(line)
        elif tagged.group(2) == lang:
            indent, _, words = tagged.groups()
            lines.append(f"{indent}# {words}" if words else f"{indent}#")
    return lines


def build(source: Path, lang: str) -> nbformat.NotebookNode:
    """The notebook of one source in one language, not executed (code cells have no outputs yet).

    Raises:
        ValueError: for an unknown language, a ``lang`` that is neither "en" nor "ko", or a code cell
            with ``lang`` (code is the same in every language: tag its comment lines instead).
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    text = jupytext.read(source, fmt="py:percent")
    nb = nbformat.v4.new_notebook()
    for k, cell in enumerate(text.cells):
        cell_lang = cell.metadata.get("lang")
        if cell_lang is not None and cell_lang not in LANGUAGES:
            raise ValueError(f"{source.name}, cell {k}: lang must be one of {LANGUAGES}, got {cell_lang!r}")
        if cell.cell_type == "markdown":
            if cell_lang in (None, lang):
                nb.cells.append(nbformat.v4.new_markdown_cell(cell.source))
        elif cell.cell_type == "code":
            if cell_lang is not None:
                raise ValueError(f"{source.name}, cell {k}: a code cell has no lang; tag its comments `# {lang}:`")
            lines = [f'LANG = "{lang}"' if line == LANG_LINE else line for line in _code_for(cell.source, lang)]
            nb.cells.append(nbformat.v4.new_code_cell("\n".join(lines)))
        else:
            raise ValueError(f"{source.name}, cell {k}: a {cell.cell_type} cell; use code or markdown cells")
    for k, cell in enumerate(nb.cells):
        cell.id = f"cell-{k:02d}"  # stable ids: a rebuild changes only what really changed
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def _stable_text(nb: nbformat.NotebookNode) -> None:
    """Same run, same file: one stream output per run of prints (the kernel splits them by timing),
    and no memory addresses in text fallbacks ("<viz.draw.Drawing at 0x7f...>")."""
    for cell in nb.cells:
        if "outputs" not in cell:
            continue
        merged: list = []
        for output in cell["outputs"]:
            previous = merged[-1] if merged else None
            if (
                output["output_type"] == "stream"
                and previous is not None
                and previous["output_type"] == "stream"
                and previous["name"] == output["name"]
            ):
                previous["text"] += output["text"]
            else:
                merged.append(output)
        cell["outputs"] = merged
        for output in merged:
            text = output.get("data", {}).get("text/plain")
            if text is not None:
                output["data"]["text/plain"] = ADDRESS.sub("", text)


def execute(nb: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
    """Run every cell top to bottom with ``folder`` as the working directory; raises on the first failing cell."""
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        record_timing=False,
        resources={"metadata": {"path": str(folder)}},
    )
    client.execute()
    nb.metadata.pop("widgets", None)
    nb.metadata["language_info"] = {"name": "python"}  # no interpreter version: stable across machines
    _stable_text(nb)
    return nb


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Build notebooks/*.ipynb and notebooks/ko/*.ipynb from notebooks/src.")
    parser.add_argument("names", nargs="*", help="build only the notebooks whose name starts so (e.g. 03)")
    parser.add_argument("--lang", choices=LANGUAGES, action="append", help="only this language (default: both)")
    args = parser.parse_args(argv)
    wanted = sources(args.names)
    if not wanted:
        names = ", ".join(p.stem for p in sources())
        print(f"no notebook source matches {args.names}; choose from {names}", file=sys.stderr)
        return 2
    for source in wanted:
        for lang in args.lang or LANGUAGES:
            path = output_path(source, lang)
            path.parent.mkdir(exist_ok=True)
            nb = execute(build(source, lang), path.parent)
            nbformat.validate(nb)
            nbformat.write(nb, path)
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
