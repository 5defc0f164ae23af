"""``python -m lab3``: see ``lab3.selfcheck.cli``."""

from .selfcheck.cli import main

raise SystemExit(main())
