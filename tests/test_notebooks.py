"""The teaching notebooks, English and Korean: committed with outputs, in sync with their source, and they run clean.

notebooks/src/NN_name.py (jupytext py:percent) is the source of both
notebooks/NN_name.ipynb (English) and notebooks/ko/NN_name.ipynb (Korean),
built and executed by scripts/build_notebooks.py. These tests check the
sources (every English markdown cell has its Korean counterpart, the code is
the same in both languages), what a reader on GitHub sees (every code cell has
its output, the first cell says what the notebook teaches) and re-run every
notebook with nbclient in a temporary directory, so nothing in the repository
changes; a failing lecture check (an ``assert`` in a cell) fails the test.
The notebooks are found from notebooks/src: a new source is checked at once.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
SOURCES = sorted(p for p in (NOTEBOOK_DIR / "src").glob("*.py") if not p.name.startswith("_"))
FOLDERS = {"en": NOTEBOOK_DIR, "ko": NOTEBOOK_DIR / "ko"}
NOTEBOOKS = [(lang, source) for lang in FOLDERS for source in SOURCES]
NOTEBOOK_IDS = [f"{lang}-{source.stem}" for lang, source in NOTEBOOKS]
HANGUL = re.compile("[\uac00-\ud7a3]")
FIRST_CELL = {  # what the first cell of every notebook says, in each language
    "en": ("What this notebook teaches:", "Lecture notes followed:"),
    "ko": ("이 노트북에서 배우는 것:", "따라가는 강의 노트:"),
}
ENGLISH_WORDS = re.compile(r"[A-Za-z]{2,}(?:[ ,']+[A-Za-z]{2,}){3,}")  # four English words in a row
TAGGED = re.compile(r"^\s*# (en|ko):")


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _committed(lang: str, source: Path) -> Path:
    return FOLDERS[lang] / f"{source.stem}.ipynb"


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else source


def _code_cells(nb: dict) -> list[dict]:
    return [cell for cell in nb["cells"] if cell["cell_type"] == "code"]


def _streams(nb: dict) -> list[str]:
    """Everything the code cells printed, cell by cell (stdout and stderr joined per cell)."""
    return [
        "".join(_text(o["text"]) for o in cell["outputs"] if o["output_type"] == "stream") for cell in _code_cells(nb)
    ]


@pytest.fixture(scope="module")
def builder(require):
    """scripts/build_notebooks.py as a module (scripts/ is not a package)."""
    require("jupytext")
    require("nbclient")
    spec = importlib.util.spec_from_file_location("build_notebooks", ROOT / "scripts" / "build_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _source_cells(source: Path, builder) -> list:
    return builder.jupytext.read(source, fmt="py:percent").cells


def test_the_five_lecture_notebooks_have_sources():
    names = [p.stem for p in SOURCES]
    for name in [
        "01_computation_graph",
        "02_logistic_regression",
        "03_backprop_by_hand",
        "04_xor_mlp",
        "05_activations_losses_regularization",
    ]:
        assert name in names


@pytest.mark.parametrize("lang", FOLDERS)
def test_every_source_is_committed_as_a_notebook_in_each_language(lang):
    assert sorted(p.stem for p in FOLDERS[lang].glob("*.ipynb")) == [p.stem for p in SOURCES]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_every_markdown_cell_has_both_languages(source, builder):
    """A markdown cell is in both languages (no lang) or an English cell directly followed by its Korean one."""
    cells = _source_cells(source, builder)
    k = 0
    while k < len(cells):
        cell = cells[k]
        lang = cell.metadata.get("lang")
        if cell.cell_type == "code":
            assert lang is None, f"{source.name}, cell {k}: code cells are the same in every language"
        elif lang is not None:
            assert lang == "en", f"{source.name}, cell {k}: a Korean cell must follow its English cell"
            following = cells[k + 1] if k + 1 < len(cells) else None
            assert following is not None and following.cell_type == "markdown"
            assert following.metadata.get("lang") == "ko", f"{source.name}, cell {k} has no Korean counterpart"
            assert HANGUL.search(following.source), f"{source.name}, cell {k + 1} is not written in Korean"
            assert following.source.strip() and following.source != cell.source
            k += 1
        k += 1


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_code_comments_come_in_both_languages(source, builder):
    """In each code cell, every `# en:` comment line has a `# ko:` one (same number), and the Korean is Korean."""
    for k, cell in enumerate(_source_cells(source, builder)):
        if cell.cell_type != "code":
            continue
        tags = [TAGGED.match(line).group(1) for line in cell.source.split("\n") if TAGGED.match(line)]
        assert tags.count("en") == tags.count("ko"), f"{source.name}, cell {k}: {tags}"
        for line in cell.source.split("\n"):
            if re.match(r"^\s*# ko:", line):
                assert HANGUL.search(line), f"{source.name}, cell {k}: {line.strip()!r} is not Korean"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_code_is_the_same_in_both_languages(source, builder):
    """The English and Korean notebooks have the same cells in the same order, and the same code,
    except comment lines and the setup cell's LANG; no untranslated English comment in Korean."""
    en, ko = builder.build(source, "en"), builder.build(source, "ko")
    assert [c.cell_type for c in en.cells] == [c.cell_type for c in ko.cells]

    def code_lines(cell, lang):
        lines = [line for line in cell.source.split("\n") if not line.lstrip().startswith("#")]
        return [line.replace(f'LANG = "{lang}"', "LANG = ?") for line in lines]

    for k, (e, o) in enumerate(zip(en.cells, ko.cells)):
        if e.cell_type == "code":
            assert code_lines(e, "en") == code_lines(o, "ko"), f"{source.name}: code cell {k} differs"
            for line in o.source.split("\n"):
                comment = line.lstrip()
                if comment.startswith("# ") and not comment.startswith("# %"):
                    assert HANGUL.search(comment) or not ENGLISH_WORDS.search(comment), (
                        f"{source.name}, Korean cell {k}: English comment {comment!r}: tag it `# en:`, add `# ko:`"
                    )
    setups = [c.source for c in ko.cells if c.cell_type == "code" and "LANG = " in c.source]
    assert setups and 'LANG = "ko"' in setups[0] and 'os.environ["CHAINRULE_LANG"] = LANG' in setups[0]


def test_the_builder_filters_languages(builder, tmp_path):
    source = tmp_path / "99_demo.py"
    source.write_text(
        "# %% [markdown]\n# $x^2$\n\n"
        '# %% [markdown] lang="en"\n# Hello\n\n'
        '# %% [markdown] lang="ko"\n# 안녕\n\n'
        '# %%\nLANG = "en"\n# en: the sum\n    # ko: 합\n# ko: 영어는 LANG = "en"\n# both\nx = 1 + 1\n',
        encoding="utf-8",
    )
    en, ko = builder.build(source, "en"), builder.build(source, "ko")
    assert [c.source for c in en.cells] == ["$x^2$", "Hello", 'LANG = "en"\n# the sum\n# both\nx = 1 + 1']
    korean_code = 'LANG = "ko"\n    # 합\n# 영어는 LANG = "en"\n# both\nx = 1 + 1'  # a LANG in a comment stays
    assert [c.source for c in ko.cells] == ["$x^2$", "안녕", korean_code]
    assert [c.id for c in ko.cells] == ["cell-00", "cell-01", "cell-02"]
    with pytest.raises(ValueError, match="lang must be one of"):
        builder.build(source, "fr")
    source.write_text('# %% [markdown] lang="fr"\n# Bonjour\n', encoding="utf-8")
    with pytest.raises(ValueError, match="lang must be one of"):
        builder.build(source, "en")
    source.write_text('# %% lang="ko"\nx = 1\n', encoding="utf-8")
    with pytest.raises(ValueError, match="code cell has no lang"):
        builder.build(source, "ko")


@pytest.mark.parametrize("lang, source", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_first_cell_says_what_it_teaches(lang, source):
    first = _read(_committed(lang, source))["cells"][0]
    assert first["cell_type"] == "markdown"
    text = _text(first["source"])
    teaches, followed = FIRST_CELL[lang]
    assert text.startswith("# ")  # a title
    assert teaches in text
    assert re.search(rf"{followed}.*`00[0-4]`", text)  # which lecture note it follows
    assert HANGUL.search(text)  # the lecture's Korean terms


@pytest.mark.parametrize("lang, source", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_committed_with_outputs_and_no_errors(lang, source):
    path = _committed(lang, source)
    nb = _read(path)
    cells = _code_cells(nb)
    assert cells
    for k, cell in enumerate(cells, 1):
        assert cell["outputs"], f"code cell {k} of {path.name} has no output: run scripts/build_notebooks.py"
        assert cell["execution_count"] == k, f"{path.name} was not run top to bottom (cell {k})"
        assert all(o["output_type"] != "error" for o in cell["outputs"]), f"cell {k} of {path.name} failed"
        for o in cell["outputs"]:
            assert " at 0x" not in _text(o.get("data", {}).get("text/plain", "")), "memory address in output"


@pytest.mark.parametrize("lang, source", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_uses_the_package_never_redefines_it(lang, source):
    code = "\n".join(_text(c["source"]) for c in _code_cells(_read(_committed(lang, source))))
    assert "from autograd import Value" in code and "import nn" in code and "import viz" in code
    assert not re.search(r"^\s*class\s+(Value|Neuron|Layer|MLP)\b", code, re.MULTILINE)
    assert "SEED = " in code
    assert f'LANG = "{lang}"' in code and 'os.environ["CHAINRULE_LANG"] = LANG' in code


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_korean_notebooks_print_korean(source):
    """What a Korean notebook prints has no English sentence (numbers, labels and formulas are fine)."""
    for k, printed in enumerate(_streams(_read(_committed("ko", source))), 1):
        for line in printed.splitlines():
            assert not ENGLISH_WORDS.search(line), f"{source.stem}, Korean code cell {k} prints English: {line!r}"


# A number printed in scientific notation, and its exponent: 2.2e-16, 1e-12 (not a bound's "< 1e-12").
PRINTED_TINY = re.compile(r"(?<!< )(?<![\w.])\d(?:\.\d+)?e-(\d+)")


@pytest.mark.parametrize("lang, source", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_no_notebook_prints_float_rounding_noise(lang, source):
    """A gap of 1e-16 between two ways of computing the same thing is float rounding, and its
    digits depend on the CPU (numpy's BLAS and SIMD kernels differ between machines), so a notebook
    that printed them would print something else on the next machine. It prints the bound instead."""
    for k, printed in enumerate(_streams(_read(_committed(lang, source))), 1):
        tiny = [m.group(0) for m in PRINTED_TINY.finditer(printed) if int(m.group(1)) >= 13]
        assert not tiny, f"{source.stem} ({lang}), code cell {k} prints float rounding {tiny}: print its bound"


@pytest.mark.parametrize("lang", FOLDERS)
def test_graphs_are_inline_svg_with_a_korean_label(lang):
    nb = _read(FOLDERS[lang] / "01_computation_graph.ipynb")
    svgs = [
        _text(o["data"]["image/svg+xml"])
        for cell in _code_cells(nb)
        for o in cell["outputs"]
        if "image/svg+xml" in o.get("data", {})
    ]
    assert len(svgs) >= 8 + 1  # every step of J's backward pass, and more
    assert any("비용 J" in svg for svg in svgs)


@pytest.mark.parametrize("lang, source", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_committed_cells_match_the_source(lang, source, builder):
    """notebooks/src is the source of truth: the committed cells are what the builder makes of it."""
    built = builder.build(source, lang)
    committed = _read(_committed(lang, source))
    assert [(c.cell_type, c.source) for c in built.cells] == [
        (c["cell_type"], _text(c["source"])) for c in committed["cells"]
    ], f"{_committed(lang, source)} is out of date: run scripts/build_notebooks.py {source.stem[:2]}"


@pytest.mark.slow
@pytest.mark.needs_dot
@pytest.mark.parametrize("lang, source", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_runs_top_to_bottom_and_prints_what_is_committed(lang, source, tmp_path, require, skip_or_fail):
    """Execute a copy in a temporary directory; every check in it must pass, and it must print
    what the committed notebook shows (the committed outputs come from the current code)."""
    nbformat = require("nbformat")
    nbclient = require("nbclient")
    require("ipykernel")
    require("matplotlib")
    if shutil.which("dot") is None:
        skip_or_fail("Graphviz `dot` is not installed; `make test` installs it")
    path = _committed(lang, source)
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    nb = nbformat.read(copy, as_version=4)
    client = nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    fresh = json.loads(nbformat.writes(nb))
    for k, cell in enumerate(_code_cells(fresh), 1):
        assert all(o["output_type"] != "error" for o in cell["outputs"]), f"cell {k} failed"
    assert _streams(fresh) == _streams(_read(path)), (
        f"{path} prints something else now: rebuild it with scripts/build_notebooks.py {source.stem[:2]}"
    )
