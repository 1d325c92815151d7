"""The `antq` command: Django's management commands under the project's name.

`antq load_units`, `antq import_units FILE --commune CODE`, `antq runserver`…
Commands run with the audit source "cli".
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq.settings")
    from django.core.management import execute_from_command_line

    from antq.audit.context import audit_context

    with audit_context("cli"):
        execute_from_command_line(argv or sys.argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
