"""``python -m viz``: the ``chainrule`` command (see ``viz.cli``)."""

from .cli import main

raise SystemExit(main())
