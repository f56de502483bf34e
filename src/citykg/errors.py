"""The one exception type users see.

Every expected failure (unreadable file, bad SPARQL, unreachable endpoint, …) is raised as
``CityKGError`` with a one-line message naming the file or thing and the reason; the CLI
prints it without a traceback.
"""

from __future__ import annotations


class CityKGError(Exception):
    """An expected, user-facing failure with a one-line message."""
