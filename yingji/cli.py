"""The `yingji` console script: every Django management command, plus demo, seed and token."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingji.config.settings.demo")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["yingji", *sys.argv[1:]])


if __name__ == "__main__":
    main()
