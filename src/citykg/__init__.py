"""citykg: documents about city climate cooperation → a linked-data knowledge graph."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    """``__version__``, read from the installed metadata on first use only: importing
    ``importlib.metadata`` costs about 0.1 s, which ``citykg query`` (measured against raw
    pyoxigraph as a whole process, issue 12) does not need."""
    if name != "__version__":
        raise AttributeError(f"module 'citykg' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("citykg")
    except PackageNotFoundError:  # running from a source tree without installation
        found = "0.0.0"
    globals()["__version__"] = found
    return found
