"""`yingji seed --scale county|province [--seed N]`: synthetic data at realistic scale for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from yingji.audit.services import record
from yingji.divisions import synthetic
from yingji.divisions.models import Division, Membership, Organisation, Person, User


class Command(BaseCommand):
    help = (
        "Load deterministic synthetic divisions, offices, people and users (province ≈ 14 cities, "
        "100 counties, 1,500 townships, 25,000 villages; county = 1 county, 24 townships, 200 villages). "
        "Idempotent: divisions whose code exists are skipped. Bench data: no audit entry per row."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(synthetic.SCALES), required=True)
        parser.add_argument(
            "--seed", type=int, default=1, help="varies names, counts and figures (default 1)"
        )
        parser.add_argument(
            "--province-code",
            default=synthetic.DEFAULT_PROVINCE_CODE,
            help="two digits of the synthetic province; the default is no real province",
        )
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, scale, seed, province_code, batch_size, **options):
        started = time.perf_counter()
        try:
            tree = synthetic.division_tree(scale=scale, seed=seed, province_code=province_code)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        verbose = options["verbosity"] >= 1

        def progress(message: str) -> None:
            now = time.perf_counter()
            if verbose:
                self.stdout.write(f"  {message}  ({now - started:.1f} s)")

        with transaction.atomic():
            created = synthetic.seed_load(tree=tree, seed=seed, batch_size=batch_size, progress=progress)
            if any(created.values()):
                record(
                    actor=None,
                    action="divisions.seed.loaded",
                    division_code=tree.levels["province"][0].code,
                    changes={
                        "scale": scale,
                        "seed": seed,
                        "province_code": province_code,
                        "created": created,
                    },
                )
        if any(created.values()) and connection.vendor == "postgresql":
            # Fresh planner statistics, as autovacuum would gather a minute later: without them
            # PostgreSQL plans a 1-row subtree as if tables were empty, and a benchmark run right
            # after the load measures those plans.
            tables = ", ".join(
                connection.ops.quote_name(m._meta.db_table)
                for m in (Division, Organisation, Person, Membership, User)
            )
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {tables}")  # noqa: S608 - table names from the models
            progress("analyzed")
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{name} {count}" for name, count in created.items())
        if any(created.values()):
            message = f"seeded {scale} scale (seed {seed}) in {elapsed:.1f} s: {summary}"
            self.stdout.write(self.style.SUCCESS(message))
        else:
            self.stdout.write(f"nothing to add: {scale} scale (seed {seed}) already loaded ({elapsed:.1f} s)")
