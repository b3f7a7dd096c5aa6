"""The ``sphinx-gov-report`` command line: ``new``, ``validate``, ``schema``, ``export``."""

from __future__ import annotations

from .main import main

__all__ = ["main"]
