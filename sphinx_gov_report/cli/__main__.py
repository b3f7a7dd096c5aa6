"""``python -m sphinx_gov_report.cli``."""

import sys

from .main import main

sys.exit(main())
