from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import translation

from yingji.core.permissions import apps_with_capabilities, matrix_markdown

DOCS = Path(__file__).resolve().parents[4] / "docs" / "permissions"


class Command(BaseCommand):
    help = "Write docs/permissions/<app>.md from the capability declarations (or print with --stdout)."

    def add_arguments(self, parser):
        parser.add_argument("--stdout", action="store_true")

    def handle(self, *args, stdout=False, **options):
        DOCS.mkdir(exist_ok=True)
        with translation.override("zh-hans"):
            for app_label in apps_with_capabilities():
                text = matrix_markdown(app_label)
                if stdout:
                    self.stdout.write(text)
                else:
                    (DOCS / f"{app_label}.md").write_text(text, encoding="utf-8")
                    self.stdout.write(f"wrote {DOCS / app_label}.md")
