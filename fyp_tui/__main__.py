"""`python -m fyp_tui`: the same as the `fyp` command."""

import sys

from .cli import main

sys.exit(main())
