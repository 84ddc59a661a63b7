"""scripts/setup.sh, run in a sandbox: a copy of the script and fake system commands on PATH.

``make demo`` and ``make test`` run the set-up script every time, so a check
that is wrong costs every run an ``apt-get install`` (or, without root, a false
warning). The fakes record what the script asks of the system.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MANY_FONTS = 'seq 1 200000 | sed "s/^/font /"'  # more than a pipe holds: fc-list is still writing when grep is done


def _fake(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/usr/bin/env bash\n" + body + "\n", encoding="utf-8")
    path.chmod(0o755)


@pytest.fixture
def sandbox(tmp_path):
    """A project folder whose set-up is done (a .venv and its stamp), and a folder of fake commands."""
    if shutil.which("bash") is None or shutil.which("sha1sum") is None:
        pytest.skip("needs bash and sha1sum")
    project, bin_dir = tmp_path / "project", tmp_path / "bin"
    (project / "scripts").mkdir(parents=True)
    bin_dir.mkdir()
    shutil.copy(ROOT / "scripts" / "setup.sh", project / "scripts" / "setup.sh")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    (project / ".venv" / "bin").mkdir(parents=True)
    _fake(project / ".venv" / "bin", "python", "exit 0")  # every import the script tries succeeds
    digest = subprocess.run(
        ["sha1sum", "pyproject.toml"], cwd=project, capture_output=True, text=True, check=True
    ).stdout[:12]
    (project / ".venv" / f".chainrule-plot,test,bench,docs-{digest}").touch()
    log = tmp_path / "apt.log"
    _fake(bin_dir, "apt-get", f'echo "$*" >> {log}')
    for name in ("dot", "chromium", "chromedriver"):
        _fake(bin_dir, name, "exit 0")
    return project, bin_dir, log


def _run(project: Path, bin_dir: Path) -> str:
    # TMPDIR: where the script notes that apt-get update ran (not the real machine's /tmp)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "TMPDIR": str(bin_dir)}
    done = subprocess.run(
        ["bash", "scripts/setup.sh", "test"], cwd=project, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def test_an_installed_cjk_font_is_found_however_long_the_font_list(sandbox):
    # A long list: grep -q stops reading at the first match, and under pipefail the writer's
    # SIGPIPE (exit 141) used to make the check fail, so every run installed the font again.
    project, bin_dir, log = sandbox
    _fake(bin_dir, "fc-list", 'echo "/f/NotoSansCJK.ttc: Noto Sans CJK KR:style=Regular"; ' + MANY_FONTS)
    printed = _run(project, bin_dir)
    assert not log.exists() or "fonts-noto-cjk" not in log.read_text()
    assert "no CJK font" not in printed and "fonts-noto-cjk" not in printed


def test_a_missing_cjk_font_is_installed_or_named(sandbox):
    project, bin_dir, log = sandbox
    _fake(bin_dir, "fc-list", MANY_FONTS)
    printed = _run(project, bin_dir)
    if os.geteuid() == 0:  # as root the script installs it with apt-get
        assert "fonts-noto-cjk" in log.read_text()
    else:  # otherwise it names the package to install
        assert "sudo apt-get install fonts-noto-cjk" in printed
