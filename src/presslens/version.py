"""The version of presslens, in one place (``presslens --version``, ``corpus.json``, report, web).

A module of its own, so that what reports the version imports it without importing the package
root (which would make a circle of every module that the root imports lazily).
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
