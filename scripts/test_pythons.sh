#!/usr/bin/env bash
# The fast part of the suite on the oldest Python chainrule supports (3.10) and on the newest Python on this
# machine, beside `make test`'s main run (which uses .venv's Python and runs everything).
#   bash scripts/test_pythons.sh            # both, side by side (one per core)
#   bash scripts/test_pythons.sh 3.12       # one version
# "Fast" is what needs nothing but the package with matplotlib, pytest, hypothesis, micrograd and Graphviz's dot:
# no notebooks, no browser, no torch, no docs build, nothing marked slow. Each Python gets its own virtual environment under
# .venv/ (.venv/py3.10, ...), made once and reused, reinstalled when pyproject.toml changes. A Python that is not
# on the machine is skipped with a message saying so: CI does not fail because a machine has no Python 3.13.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[pythons] %s\n' "$*"; }

# A working interpreter for version $1 ("3.10"): on PATH, then pyenv's versions, then the usual prefixes.
find_python() {
    local version="$1" candidate
    for candidate in "python$version" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$version".*/bin/"python$version" \
                     "/usr/local/bin/python$version" "/usr/bin/python$version"; do
        if command -v "$candidate" >/dev/null 2>&1 &&
           "$candidate" -c "import sys, venv; sys.exit(sys.version_info[:2] != tuple(map(int, '$version'.split('.'))))" \
               >/dev/null 2>&1; then
            command -v "$candidate"; return 0
        fi
    done
    return 1
}

newest_python() {
    local minor
    for minor in $(seq 20 -1 11); do
        if find_python "3.$minor" >/dev/null; then echo "3.$minor"; return 0; fi
    done
    return 1
}

extras="plot,test-core"

# Make or reuse .venv/py$1 with chainrule[$extras] installed (editable, so it tests this checkout).
venv_for() {
    local version="$1" python="$2" venv=".venv/py$1"
    local stamp="$venv/.chainrule-$extras-$(sha1sum pyproject.toml | cut -c1-12)"
    if [ ! -x "$venv/bin/python" ]; then
        say "creating $venv with $("$python" --version)"
        "$python" -m venv "$venv"
    fi
    if [ ! -f "$stamp" ]; then
        say "installing chainrule[$extras] into $venv (log: $venv/install.log)"
        if ! { "$venv/bin/python" -m pip install --quiet --upgrade pip &&
               "$venv/bin/python" -m pip install -e ".[$extras]"; } > "$venv/install.log" 2>&1; then
            tail -n 30 "$venv/install.log" >&2
            echo "pip could not install chainrule[$extras] for Python $version; the log is $venv/install.log" >&2
            return 1
        fi
        rm -f "$venv"/.chainrule-*
        touch "$stamp"
    fi
}

# The fast suite on one Python; its output goes to .venv/py$1/pytest.log.
run_fast_suite() {
    local version="$1" venv=".venv/py$1"
    "$venv/bin/python" -m pytest -q -p no:cacheprovider \
        -m "not slow and not browser and not torch" \
        --ignore=tests/test_notebooks.py --ignore=tests/test_docs_site.py --ignore=tests/test_torch_bridge.py \
        > "$venv/pytest.log" 2>&1
}

versions=("$@")
if [ ${#versions[@]} -eq 0 ]; then
    versions=(3.10)
    if newest="$(newest_python)"; then
        [ "$newest" != 3.10 ] && versions+=("$newest")
    else
        say "no Python 3.11 or newer found besides 3.10: skipping the newest-Python run"
    fi
fi

ran=()
for version in "${versions[@]}"; do
    if ! python="$(find_python "$version")"; then
        say "Python $version is not on this machine (not on PATH, not in pyenv): skipping its fast suite"
        continue
    fi
    venv_for "$version" "$python"
    ran+=("$version")
done
[ ${#ran[@]} -eq 0 ] && exit 0

say "fast suite on Python ${ran[*]} (side by side)"
pids=()
for version in "${ran[@]}"; do
    run_fast_suite "$version" & pids+=($!)
done
status=0
for i in "${!ran[@]}"; do
    version="${ran[$i]}"
    if wait "${pids[$i]}"; then
        say "Python $version: $(tail -n 1 ".venv/py$version/pytest.log")"
    else
        status=1
        tail -n 40 ".venv/py$version/pytest.log" >&2
        say "Python $version: the fast suite FAILED (whole log: .venv/py$version/pytest.log)"
    fi
done
exit $status
