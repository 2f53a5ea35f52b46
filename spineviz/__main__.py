"""``python -m spineviz`` is ``spineviz``."""

from spineviz.cli import main

raise SystemExit(main())
