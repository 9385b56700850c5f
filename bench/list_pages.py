"""List pages at every scope of a synthetic province: rows in scope against SQL queries and time.

    python bench/list_pages.py [--database-url URL] [--scale province] [--seed N] [--runs 5]
    python -m bench.list_pages …

Builds the data with `yingji seed` (on SQLite in a fresh temporary file under /tmp unless a
DATABASE_URL is given; migrations first), then, for a user whose home division is a village, its
township, its county and the province, fetches the first page of each list with the test client
and prints rows in scope, queries and median wall time beside the same page at village scope,
measured in the same run (the baseline). A list whose queries stay flat while its rows grow by
four orders of magnitude has no N+1 and no unbounded fetch. See bench/README.md.
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

# (label, path, model label): the model whose visible_to(user) count is the page's "rows in scope".
PAGES = (
    ("people", "/people/", "divisions.Person"),
    ("organisations", "/organisations/", "divisions.Organisation"),
    ("divisions", "/divisions/", "divisions.Division"),
    ("api people", "/api/v1/people", "divisions.Person"),
)
SCOPES = ("village", "township", "county", "province")
BASELINE_SCOPE = "village"


@dataclass
class Measurement:
    page: str
    path: str
    scope: str
    division: str
    rows: int
    status: int
    queries: int = 0
    times_ms: list[float] = field(default_factory=list)

    @property
    def ms(self) -> float:
        return statistics.median(self.times_ms) if self.times_ms else 0.0

    @property
    def measured(self) -> bool:
        return self.status == 200


def bench_users(province_code: str) -> dict[str, object]:
    """A county_staff account at each scope, all on one branch: the province's first village upwards.

    Created through the one user-writing service (with an unknown random password), reused when
    the account already exists, moved if the data under it changed.
    """
    from yingji.core.permissions import Role
    from yingji.divisions.models import Division, User
    from yingji.divisions.services import user_create, user_update

    village = (
        Division.objects.filter(level="village", code__startswith=province_code)
        .select_related("parent__parent")
        .order_by("code")
        .first()
    )
    if village is None:
        raise SystemExit(f"no villages under province {province_code}: run `yingji seed` first")
    province = Division.objects.get(level="province", code=province_code.ljust(12, "0"))
    township = village.parent
    homes = {"village": village, "township": township, "county": township.parent, "province": province}
    accounts = {}
    for scope, division in homes.items():
        username = f"bench-{scope}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=None,
                username=username,
                password=secrets.token_urlsafe(18) + "aA1!",
                division=division,
                role=Role.COUNTY_STAFF,
            )
        elif user.division_id != division.pk or user.role != Role.COUNTY_STAFF:
            user = user_update(actor=None, user=user, data={"division": division, "role": Role.COUNTY_STAFF})
        accounts[scope] = user
    return accounts


def measure(*, users: dict[str, object], pages=PAGES, runs: int = 5) -> list[Measurement]:
    """First page of each list for each user: one warm-up, one run counting queries, `runs` timed runs.

    Timed runs do not capture queries, so the capture's own cost is not in the times. A page whose
    warm-up does not answer 200 (the API list before it exists: 404) is reported and not timed.
    """
    from django.apps import apps
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results = []
    for label, path, model_label in pages:
        model = apps.get_model(model_label)
        for scope, user in users.items():
            client = Client()
            client.force_login(user)
            status = client.get(path).status_code
            m = Measurement(
                page=label,
                path=path,
                scope=scope,
                division=user.division.name,
                rows=model.objects.visible_to(user).count(),
                status=status,
            )
            results.append(m)
            if status != 200:
                continue
            with CaptureQueriesContext(connection) as captured:
                client.get(path)
            m.queries = len(captured)
            for _ in range(runs):
                started = time.perf_counter()
                client.get(path)
                m.times_ms.append((time.perf_counter() - started) * 1000)
    return results


def render_table(results: list[Measurement]) -> str:
    header = (
        f"{'page':<15}{'path':<17}{'scope':<10}{'rows in scope':>14}{'queries':>9}{'ms':>9}  │"
        f"{'baseline rows':>14}{'queries':>9}{'ms':>9}  │{'Δ queries':>10}{'× time':>8}"
    )
    lines = [header, "─" * len(header)]
    baselines = {m.page: m for m in results if m.scope == BASELINE_SCOPE}
    for m in results:
        name = f"{m.page:<15}{m.path:<17}"
        if not m.measured:
            lines.append(f"{name}{m.scope:<10}{m.rows:>14,}   (HTTP {m.status}: not measured)")
            continue
        base = baselines[m.page]
        ratio = m.ms / base.ms if base.ms else 0.0
        lines.append(
            f"{name}{m.scope:<10}{m.rows:>14,}{m.queries:>9}{m.ms:>9.1f}  │"
            f"{base.rows:>14,}{base.queries:>9}{base.ms:>9.1f}  │{m.queries - base.queries:>+10}{ratio:>8.2f}"
        )
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="default: $DATABASE_URL, else a fresh SQLite file under /tmp",
    )
    parser.add_argument("--scale", choices=("county", "province"), default="province")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--province-code", default=None, help="default: the seed command's default")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per page and scope (median shown)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary SQLite file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    temporary = None
    if not args.database_url:
        handle, name = tempfile.mkstemp(prefix="yingji-bench-", suffix=".sqlite3", dir="/tmp")
        os.close(handle)
        temporary = Path(name)
        args.database_url = f"sqlite:///{temporary}"
    # Settings read DATABASE_URL when they are imported, so it has to be set before django.setup().
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "yingji.config.settings.test"
    import django

    django.setup()
    # A 404 from a list that is not built yet is a result here, not a warning on stderr.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    from django.core.management import call_command
    from django.db import connection

    from yingji.divisions import synthetic

    province_code = args.province_code or synthetic.DEFAULT_PROVINCE_CODE
    try:
        call_command("migrate", verbosity=0)
        out = StringIO()
        started = time.perf_counter()
        call_command(
            "seed", scale=args.scale, seed=args.seed, province_code=province_code, verbosity=0, stdout=out
        )
        seed_seconds = time.perf_counter() - started
        users = bench_users(province_code)
        results = measure(users=users, runs=args.runs)
        vendor = connection.vendor
        where = temporary or args.database_url.split("@")[-1]
        print(
            f"yingji list pages — {vendor} ({where}), {args.scale} scale, seed {args.seed}, "
            f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
        )
        print(f"seed: {seed_seconds:.1f} s — {out.getvalue().strip()}")
        print(
            f"first page of each list; median of {args.runs} runs after 1 warm-up; "
            f"baseline = the same page at {BASELINE_SCOPE} scope, measured in this run"
        )
        print()
        print(render_table(results))
    finally:
        if temporary is not None and not args.keep:
            connection.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{temporary}{suffix}").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    if __package__ in (None, ""):
        # `python bench/list_pages.py`: make the project importable as it is for `python -m`.
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
