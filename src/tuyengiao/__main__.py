"""The `tuyengiao` command: Django's management commands with dashed names.

`tuyengiao load-units` runs the `load_units` command, `tuyengiao demo` the `demo` command, and any
other Django command (`migrate`, `createsuperuser`, ...) works as with manage.py.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script and of `python -m tuyengiao`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings")
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
