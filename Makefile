# The two commands README.md starts with. Each sets itself up on first use.
.PHONY: demo test docs bench bench-tape notebooks

demo:  ## train an MLP on XOR and write graphs, plots and a summary into out/
	@bash scripts/setup.sh plot
	@.venv/bin/chainrule xor --out out $(if $(filter ko en,$(LANG)),--lang $(LANG))

test:  ## lint, format, types, the wheel as a user installs it, the fast suite on Python 3.10 and the newest, then everything
	@bash scripts/setup.sh test
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .
	@.venv/bin/mypy
	@bash scripts/check_wheel.sh
	@bash scripts/test_pythons.sh
	@.venv/bin/python -m pytest

docs:  ## build the documentation site into site/ (offline; open site/index.html)
	@bash scripts/setup.sh docs
	@NO_MKDOCS_2_WARNING=1 .venv/bin/python -m mkdocs build --strict --site-dir site

bench:  ## compare speed and memory with micrograd and PyTorch (not a test)
	@bash scripts/setup.sh test
	@.venv/bin/python benchmarks/engine.py

notebooks:  ## rebuild notebooks/ and notebooks/ko/ with their outputs from notebooks/src (edit those)
	@bash scripts/setup.sh test
	@.venv/bin/python scripts/build_notebooks.py

bench-tape:  ## the batch tape vs micrograd, the scalar path and torch (not a test)
	@bash scripts/setup.sh test
	@.venv/bin/python benchmarks/tape.py
