"""The `laa` command: our own commands (serve, load-reference, demo, export,
agreement ...) and Django's management commands, all through one entry point.

`laa load-reference` is Django's `load_reference` command; hyphens and underscores
are the same.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laa.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    if len(argv) == 1:
        argv.append("help")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - reads the settings now, to explain a missing one
    except ImproperlyConfigured as exc:
        # A setting the environment must give (SECRET_KEY, DEBUG, ALLOWED_HOSTS...): say
        # which in one line, not a traceback.
        sys.stderr.write(f"laa: {exc}\n")
        raise SystemExit(2) from None
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
