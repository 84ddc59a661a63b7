"""MkDocs hooks for chainrule's site (mkdocs.yml names this file under ``hooks:``).

The notebooks live in notebooks/ (the README and GitHub show them there), not
in docs/: these hooks add them to the site as pages, so there is one copy of
each, and build the navigation from the files there, so a new notebook shows
up without editing mkdocs.yml.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = {"notebooks": "Notebooks", "notebooks/ko": "노트북 (한국어)"}


def _notebooks(folder: str) -> list[Path]:
    return sorted((ROOT / folder).glob("*.ipynb"))


def _title(path: Path) -> str:
    """The notebook's first heading, else its file name."""
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def on_config(config):
    """The navigation: home, each notebook folder, the API reference."""
    nav: list = [{"Home": "index.md"}]
    for folder, heading in NOTEBOOKS.items():
        pages = [{_title(p): f"{folder}/{p.name}"} for p in _notebooks(folder)]
        if pages:
            nav.append({heading: pages})
    nav.append({"API reference": "api.md"})
    config["nav"] = nav
    return config


@event_priority(100)  # before mkdocs-jupyter's on_files, which turns .ipynb files into pages
def on_files(files: Files, config) -> Files:
    for folder in NOTEBOOKS:
        for path in _notebooks(folder):
            files.append(File(f"{folder}/{path.name}", str(ROOT), config["site_dir"], config["use_directory_urls"]))
    return files


# nbconvert's page template loads MathJax from a CDN; mkdocs-jupyter's custom_mathjax_url="" (mkdocs.yml
# leaves it so) empties the address, and this drops the empty tag. The notebooks write no TeX.
_NO_MATHJAX = '<script src=""> </script>'


def on_page_content(html: str, page, config, files) -> str:
    return html.replace(_NO_MATHJAX, "")
