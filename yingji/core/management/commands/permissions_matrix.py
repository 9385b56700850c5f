from pathlib import Path

from django.core.management.base import BaseCommand

from yingji.core.permissions import matrix_markdown

DOC = Path(__file__).resolve().parents[4] / "docs" / "permissions.md"


class Command(BaseCommand):
    help = "Write docs/permissions.md from the capability declarations (or print with --stdout)."

    def add_arguments(self, parser):
        parser.add_argument("--stdout", action="store_true")

    def handle(self, *args, stdout=False, **options):
        text = matrix_markdown()
        if stdout:
            self.stdout.write(text)
        else:
            DOC.write_text(text, encoding="utf-8")
            self.stdout.write(f"wrote {DOC}")
