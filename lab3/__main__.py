"""``python -m lab3``: see ``lab3.cli``."""

from .cli import main

raise SystemExit(main())
