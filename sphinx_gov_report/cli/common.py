"""What the CLI commands share: the usage error and the folders a directory walk skips."""

from __future__ import annotations

#: Folders never searched for data files.
SKIP_DIRS = {"_build", "build", "node_modules", "__pycache__", "venv"}


class UsageError(Exception):
    """A usage or input error: reported on stderr, exit code 2."""
