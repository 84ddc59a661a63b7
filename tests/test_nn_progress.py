"""nn.fit's progress bar (tqdm): on a terminal and in Jupyter, never into a file or a pipe.

Each case runs a short ``fit`` in a fresh Python process, with its stderr on a
pseudo-terminal (as a learner's shell gives it) or on a pipe (as CI, ``make``
into a log, or ``python train.py > out.txt`` give it), and reads what it wrote.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIT = (
    "import nn\n"
    "X, y = nn.datasets.xor()\n"
    "model = nn.MLP(2, [3, 1], activation='tanh', output_activation='sigmoid', seed=0)\n"
    "nn.fit(model, X, y, loss='bce', optimizer='adam', lr=0.1, epochs=7, seed=0{args})\n"
)


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **extra}
    if "CHAINRULE_LANG" not in extra:
        env.pop("CHAINRULE_LANG", None)  # the English cases are English whatever the caller's shell says
    return env


def _on_a_terminal(code: str, **env: str) -> str:
    """What ``code`` writes to stderr when stderr is a terminal (a pty); stdout must stay empty."""
    pty = pytest.importorskip("pty", reason="pseudo-terminals are POSIX only")
    fcntl, termios = pytest.importorskip("fcntl"), pytest.importorskip("termios")
    leader, follower = pty.openpty()
    # A new pty is 0 columns wide until someone sets its size, as a terminal window does.
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=follower,
        env=_env(**env),
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # Linux: EIO once the child has closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, b"".join(chunks).decode(errors="replace")
    assert out == b""
    return b"".join(chunks).decode()


def _on_a_pipe(code: str) -> tuple[str, str]:
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(), timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, proc.stderr


def test_a_terminal_shows_the_bar_with_epoch_loss_and_accuracy():
    err = _on_a_terminal(FIT.format(args=""))
    final = err.replace("\r\n", "\n").split("\r")[-1]  # the last redraw of the line
    assert final.startswith("epoch 7/7 |")
    assert "█" in final
    assert "loss=0." in final and "accuracy=" in final
    assert final.endswith("\n")  # closed: the shell prompt starts on a line of its own


@pytest.mark.parametrize(
    "how",
    [{"CHAINRULE_LANG": "ko"}, {}],
    ids=["environment", "language-block"],
)
def test_the_bar_speaks_korean(how):
    """CHAINRULE_LANG=ko, or fit inside ``with language("ko")``: the bar's own words are Korean."""
    code = FIT.format(args="")
    if not how:
        code = "from autograd.words import language\nwith language('ko'):\n" + "".join(
            "    " + line + "\n" for line in code.splitlines()
        )
    err = _on_a_terminal(code, **how)
    final = err.replace("\r\n", "\n").split("\r")[-1]
    assert final.startswith("에포크 7/7 |"), final
    assert "손실=0." in final and "정확도=" in final
    for english in ("epoch", "loss", "accuracy"):
        assert english not in final, final


def test_verbose_false_silences_it_even_on_a_terminal():
    assert _on_a_terminal(FIT.format(args=", verbose=False")) == ""


def test_nothing_when_the_output_is_not_a_terminal():
    assert _on_a_pipe(FIT.format(args="")) == ("", "")


def test_verbose_true_shows_it_on_a_pipe_too():
    out, err = _on_a_pipe(FIT.format(args=", verbose=True"))
    assert out == ""
    assert "epoch 7/7 |" in err and "loss=" in err


def test_a_stopped_fit_shows_where_it_stopped():
    code = FIT.format(args=", verbose=True, callback=lambda h: h.epochs == 3")
    _, err = _on_a_pipe(code)
    assert "epoch 3/7 |" in err and "epoch 4/7" not in err


@pytest.mark.slow
@pytest.mark.parametrize("lang, word", [("en", "epoch"), ("ko", "에포크")])
def test_jupyter_shows_a_widget(lang, word, tmp_path, monkeypatch, require):
    """In a notebook kernel tqdm draws an ipywidgets progress bar, and nothing goes to stderr;
    its text (the notebook's text/plain of it) is in the kernel's language."""
    nbformat = require("nbformat")
    nbclient = require("nbclient")
    require("ipykernel")
    require("ipywidgets")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FIT.format(args=""))])
    client = nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(tmp_path)}}
    )
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the kernel imports this checkout's nn
    monkeypatch.setenv("CHAINRULE_LANG", lang)
    client.execute()
    outputs = nb.cells[0].outputs
    widgets = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert widgets, outputs
    assert all(o["data"]["text/plain"].startswith(f"{word} 0/7 |") for o in widgets), widgets
    assert not [o for o in outputs if o.get("name") == "stderr"], outputs
