# The two commands README.md starts with. Each sets itself up on first use.
.PHONY: demo test bench bench-tape notebooks

demo:  ## train an MLP on XOR and write graphs, plots and a summary into out/
	@bash scripts/setup.sh plot
	@.venv/bin/chainrule xor --out out $(if $(filter ko en,$(LANG)),--lang $(LANG))

test:  ## run the whole test suite (notebooks and browser test included), after lint and format checks
	@bash scripts/setup.sh test
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .
	@.venv/bin/python -m pytest

bench:  ## compare speed and memory with micrograd and PyTorch (not a test)
	@bash scripts/setup.sh test
	@.venv/bin/python benchmarks/engine.py

notebooks:  ## rebuild notebooks/ and notebooks/ko/ with their outputs from notebooks/src (edit those)
	@bash scripts/setup.sh test
	@.venv/bin/python scripts/build_notebooks.py

bench-tape:  ## the batch tape vs micrograd, the scalar path and torch (not a test)
	@bash scripts/setup.sh test
	@.venv/bin/python benchmarks/tape.py
