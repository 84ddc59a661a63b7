"""pytest's setup for the doctests inside the packages (tests/conftest.py holds the test fixtures)."""

import importlib.util

# nn/torch_bridge.py's examples run PyTorch, which chainrule does not install: without it they are not collected.
collect_ignore = [] if importlib.util.find_spec("torch") else ["nn/torch_bridge.py"]
