"""``python -m citykg.cli``: the same as the ``citykg`` command."""

from . import run

run()
