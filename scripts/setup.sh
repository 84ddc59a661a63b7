#!/usr/bin/env bash
# Set up what `make demo` or `make test` needs, once: a virtual environment in
# .venv with chainrule installed, and the Graphviz `dot` binary.
#   bash scripts/setup.sh plot   -> the package with its plot extra
#   bash scripts/setup.sh test   -> the package with its test extras, torch==2.13.0, Chromium
#   bash scripts/setup.sh docs   -> the package with its docs extra (MkDocs and its plugins)
# Re-running is cheap: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
want="${1:-plot}"

say() { printf '[setup] %s\n' "$*"; }

# --- Python and the virtual environment ------------------------------------
python=""
for candidate in python3.13 python3.12 python3.11 python3.10 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
        python="$candidate"; break
    fi
done
if [ -z "$python" ]; then
    echo "chainrule needs Python 3.10 or newer (python3 --version). On Debian/Ubuntu: sudo apt-get install python3 python3-venv" >&2
    exit 1
fi
if [ ! -x .venv/bin/python ]; then
    say "creating .venv with $($python --version)"
    if ! "$python" -m venv .venv; then
        echo "Could not create a virtual environment. On Debian/Ubuntu: sudo apt-get install python3-venv" >&2
        exit 1
    fi
    .venv/bin/python -m pip install --quiet --upgrade pip > /dev/null 2>&1 || true  # an old pip still works
fi

# --- the package and its extras (reinstalled when pyproject.toml changes) ----
extras="plot"
[ "$want" = "test" ] && extras="plot,test,bench,docs"   # the tests build the docs site too
[ "$want" = "docs" ] && extras="plot,docs"
stamp=".venv/.chainrule-$extras-$(sha1sum pyproject.toml | cut -c1-12)"
if [ ! -f "$stamp" ]; then
    say "installing chainrule[$extras] into .venv (log: .venv/install.log)"
    if ! .venv/bin/python -m pip install -e ".[$extras]" > .venv/install.log 2>&1; then
        tail -n 30 .venv/install.log >&2
        echo "pip could not install chainrule[$extras]; the whole log is in .venv/install.log" >&2
        exit 1
    fi
    touch "$stamp"
fi
if [ "$want" = "test" ] && ! .venv/bin/python -c 'import torch' 2>/dev/null; then
    # Test-only, pinned: a local CPU wheel here; an unpinned torch would pull gigabytes.
    say "installing torch==2.13.0 (test-only; log: .venv/install.log)"
    if ! .venv/bin/python -m pip install torch==2.13.0 >> .venv/install.log 2>&1; then
        tail -n 30 .venv/install.log >&2
        echo "pip could not install torch==2.13.0; the whole log is in .venv/install.log" >&2
        exit 1
    fi
fi

# --- system packages: the Graphviz binary (and, for tests, Chromium and CJK fonts)
apt_install() {
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "apt-get install $*"
        if [ ! -f "${TMPDIR:-/tmp}/.chainrule-apt-updated" ]; then
            apt-get update -qq && touch "${TMPDIR:-/tmp}/.chainrule-apt-updated"
        fi
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
        return 0
    fi
    return 1
}
if ! command -v dot >/dev/null 2>&1; then
    if ! apt_install graphviz; then
        cat >&2 <<'MSG'
The Graphviz `dot` binary is missing; chainrule draws graphs with it. Install it:
  Debian/Ubuntu: sudo apt-get install graphviz
  Fedora:        sudo dnf install graphviz
  macOS:         brew install graphviz
then run this command again.
MSG
        exit 1
    fi
fi
# Korean labels ("비용 J") need a font with Hangul; drawings fall back to it.
# (grep reads the whole list, not -q: -q stops at the first match, and under pipefail
# fc-list's SIGPIPE would then count as "no font" and reinstall it on every run.)
if ! fc-list 2>/dev/null | grep -i "noto sans cjk" >/dev/null && ! apt_install fonts-noto-cjk; then
    say "no CJK font: Korean labels would draw as boxes (Debian/Ubuntu: sudo apt-get install fonts-noto-cjk)"
fi
if [ "$want" = "test" ]; then
    missing=()
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
    if [ ${#missing[@]} -gt 0 ] && ! apt_install "${missing[@]}"; then
        say "not installed (not root or no apt-get): ${missing[*]}; the browser test of the HTML stepper will be skipped"
    fi
fi
