from django.core.management.base import BaseCommand, CommandError

from yingji.divisions.models import Division
from yingji.workreports import services


class Command(BaseCommand):
    help = "Create the due work reports of a year (idempotent): quarterly, annual and campaign weekly reports."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--division", help="only this division's subtree (12-digit code)")

    def handle(self, *args, year: int, division: str | None = None, **options):
        root = None
        if division:
            root = Division.objects.filter(code=division).first()
            if root is None:
                raise CommandError(f"no division with code {division}")
        created = services.schedule(year, root)
        self.stdout.write(f"{year}: {created} due reports created")
