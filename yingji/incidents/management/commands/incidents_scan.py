"""`yingji incidents_scan [--division CODE]`: the deadline scan the Celery beat runs every minute."""

from django.core.management.base import BaseCommand, CommandError

from yingji.divisions.models import Division
from yingji.incidents import services


class Command(BaseCommand):
    help = "标记迟报/漏报并提醒临期的报告义务 (flag late and missing reports, remind near deadlines)"

    def add_arguments(self, parser):
        parser.add_argument("--division", help="only this division's subtree (12-digit code)")

    def handle(self, *args, division=None, **options):
        within = None
        if division:
            within = Division.objects.filter(code=division).first()
            if within is None:
                raise CommandError(f"unknown division {division}")
        result = services.scan(within=within)
        self.stdout.write(f"near={result['near']} late={result['late']} missing={result['missing']}")
