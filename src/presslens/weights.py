"""Where shipped model weights live: a ``weights/`` folder of package data in each layer's package.

The fine-tuned networks and the heads ship beside the code that runs them:
``presslens/claims/weights/``, ``presslens/subjectivity/weights/``,
``presslens/stance/weights/`` and ``presslens/techniques/weights/`` (each file ``<name>.npz``
with ``<name>.json``, its metadata). They load lazily, once per process, and nothing is fetched.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["weights_dir"]


def weights_dir(package: str) -> Path:
    """The folder of ``package``'s shipped weights, e.g. ``weights_dir("presslens.claims")``."""
    return Path(str(resources.files(package).joinpath("weights")))
