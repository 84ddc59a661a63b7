#!/usr/bin/env bash
# Packaging, checked as a user meets it: build the sdist and the wheel (`python -m build`: the wheel is built
# from the sdist, so a file the sdist forgets breaks it), check what the wheel holds, install it into a fresh
# virtual environment outside the checkout and use it there: the J example, `chainrule --version`,
# `chainrule graph`, `import viz` rendering a PNG, and a short nn.fit.
#   bash scripts/check_wheel.sh [PYTHON]    # PYTHON builds and runs it (default: .venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
python="${1:-$root/.venv/bin/python}"
work="$(mktemp -d /tmp/chainrule-wheel.XXXXXX)"
trap 'rm -rf "$work"' EXIT

say() { printf '[wheel] %s\n' "$*"; }
fail() { printf '[wheel] FAILED: %s\n' "$*" >&2; exit 1; }

say "python -m build: sdist, then the wheel from it (log: $work/build.log)"
if ! "$python" -m build --outdir "$work/dist" . > "$work/build.log" 2>&1; then
    tail -n 40 "$work/build.log" >&2
    fail "python -m build did not build the sdist and the wheel"
fi
wheel=("$work"/dist/chainrule-*.whl)
sdist=("$work"/dist/chainrule-*.tar.gz)
[ -f "${wheel[0]}" ] && [ -f "${sdist[0]}" ] || fail "expected one wheel and one sdist in $work/dist"
version="$("$python" -c 'import re, sys; print(re.search(r"^version = \"(.+)\"", open("pyproject.toml").read(), re.M)[1])')"

say "what the wheel and the sdist hold"
"$python" - "${wheel[0]}" "${sdist[0]}" "$version" <<'PY'
import sys, tarfile, zipfile

wheel, sdist, version = sys.argv[1:]
names = set(zipfile.ZipFile(wheel).namelist())
need = [f"{package}/py.typed" for package in ("autograd", "nn", "viz")]
need += ["autograd/__init__.py", "nn/torch_bridge.py", "viz/cli.py", f"chainrule-{version}.dist-info/entry_points.txt"]
missing = [n for n in need if n not in names]
assert not missing, f"the wheel lacks {missing}"
entry_points = zipfile.ZipFile(wheel).read(f"chainrule-{version}.dist-info/entry_points.txt").decode()
assert "chainrule = viz.cli:main" in entry_points, f"no chainrule console script in the wheel:\n{entry_points}"
stray = sorted(n for n in names if n.split("/")[0] in ("tests", "notebooks", "docs", "scripts", "benchmarks"))
assert not stray, f"the wheel ships files that are not the package: {stray[:5]}"
metadata = zipfile.ZipFile(wheel).read(f"chainrule-{version}.dist-info/METADATA").decode()
for dependency in ("numpy", "graphviz", "tqdm"):
    assert f"Requires-Dist: {dependency}" in metadata, f"{dependency} is not a dependency of the wheel"
members = {m.split("/", 1)[-1] for m in tarfile.open(sdist).getnames()}
assert {"pyproject.toml", "README.md", "autograd/py.typed"} <= members, "the sdist lacks pyproject.toml, README.md or py.typed"
print(f"[wheel] {wheel.rsplit('/', 1)[-1]}: {len(names)} files, py.typed x3, console script; sdist complete")
PY

say "a fresh virtual environment outside the checkout, the wheel installed into it (log: $work/install.log)"
"$python" -m venv "$work/venv"
if ! "$work/venv/bin/python" -m pip install "${wheel[0]}" > "$work/install.log" 2>&1; then
    tail -n 30 "$work/install.log" >&2
    fail "pip could not install the wheel"
fi

mkdir "$work/user" && cd "$work/user"  # a user's own folder: nothing of the checkout is importable from here
unset PYTHONPATH
bin="$work/venv/bin"

say "the J example, nn.fit and a PNG, from the installed packages"
"$bin/python" - "$work/venv" <<'PY'
import contextlib
import io
import sys
from pathlib import Path

import autograd
import nn
import viz
from autograd import Value

for package in (autograd, nn, viz):  # the installed copy, not the checkout
    assert Path(package.__file__).resolve().is_relative_to(Path(sys.argv[1]).resolve()), package.__file__
a, b, c = Value(5.0, label="a"), Value(3.0, label="b"), Value(2.0, label="c")
J = 3 * (a + b * c)
J.label = "J"
J.backward()
assert (J.data, a.grad, b.grad, c.grad) == (33.0, 3.0, 6.0, 9.0), (J.data, a.grad, b.grad, c.grad)
viz.render(J, "J.png", title="J = 3(a + bc)")
assert Path("J.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", "viz.render did not write a PNG"
X, y = nn.datasets.xor()
model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
bar = io.StringIO()
with contextlib.redirect_stderr(bar):  # tqdm, a dependency the wheel must bring along, draws the bar
    history = nn.fit(model, X, y, loss="bce", optimizer="adam", lr=0.1, epochs=200, batch_size=4, seed=0, verbose=True)
assert history.accuracy[-1] == 1.0, history
assert "epoch 200/200" in bar.getvalue(), bar.getvalue()[-300:]
print(f"[wheel] J = {J.data}, dJ/da, dJ/db, dJ/dc = {a.grad}, {b.grad}, {c.grad}; J.png written; XOR: {history}")
PY

say "the chainrule command"
[ -x "$bin/chainrule" ] || fail "the wheel installed no chainrule command"
printed="$("$bin/chainrule" --version)"
[[ "$printed" == *"$version"* ]] || fail "chainrule --version printed '$printed', not version $version"
printed="$("$bin/chainrule" graph "3*(a + b*c)" a=5 b=3 c=2 -o J.svg)"
[[ "$printed" == *"dJ/db = 6"* ]] || fail "chainrule graph printed something else: $printed"
grep -q "<svg" J.svg || fail "chainrule graph wrote no SVG"
say "chainrule --version: ok ($version); chainrule graph: ok"
say "the wheel works as installed"
