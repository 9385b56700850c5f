"""Drill quota progress for a whole province: divisions in scope against SQL queries and time.

    python bench/drills_quotas.py [--database-url URL] [--runs 5] [--keep]
    python -m bench.drills_quotas …

Builds two synthetic provinces side by side with bulk_create (on SQLite in a fresh temporary file under
/tmp unless a DATABASE_URL is given; migrations first) — a small one (≈ 450 divisions) and a large one
(≈ 25,600 divisions, the size of `yingji seed --scale province`) — each with county departments,
published plans in every township, and a year of drills: county drills of every kind, township drills
exercising plans, an evacuation drill in about a third of the villages. Then, at province scope, it
times `selectors.quota_progress` (every quota: the counties', the villages', the departments', the
plans'), `plans_due` and `plans_without_recent_drill`, and prints each one's query count and median
time beside the number of divisions, drills and plans. The claim: the query count is the same for both
sizes (counts are grouped in the database, never looped per division, department or plan); time grows
with the rows the database has to group, not with Python loops.

Province codes 94 (large) and 95 (small) are used, never the demo's or `yingji seed`'s; the synthetic
data is generated once per database and reused on a second run.

Measured 2026-11-23 on the shared 2-core machine (other sessions running tests), 3 runs each:

    PostgreSQL (fresh database, ANALYZE after loading)
    size    divisions  drills  plans  call                         queries        ms
    small         447     234    120  quota_progress                     5      40.2
    small         447     234    120  plans_due                          1      20.9
    small         447     234    120  plans_without_recent_drill         1      17.5
    large      25,605  11,489  4,500  quota_progress                     5     220.1
    large      25,605  11,489  4,500  plans_due                          1      46.2
    large      25,605  11,489  4,500  plans_without_recent_drill         1      36.4

    SQLite: the same query counts; quota_progress 38.9 ms (small) and 204.0 ms (large).

Queries stay at 5 + 1 + 1 while divisions grow 57-fold; quota_progress time grows about 5-fold, most of
it the one grouped count of drills per village and the correlated EXISTS per department and plan.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

YEAR = 2026
# name: (province code, cities, counties per city, townships per county, villages per township)
SIZES = {"small": ("95", 1, 5, 8, 10), "large": ("94", 4, 25, 15, 16)}
DEPARTMENTS = ("应急管理局", "公安局", "水务局", "自然资源局", "交通运输局", "卫生健康局", "民政局", "消防救援大队")
COUNTY_KINDS = ("comprehensive", "comprehensive", "real", "tabletop", "cross_region", "joint", "joint",
                "double_blind", "pull")


def build(size: str, rng: random.Random) -> None:
    """One synthetic province of the given size, with organisations, plans and a year of drills."""
    from yingji.divisions.models import Division, Organisation
    from yingji.drills.models import Drill
    from yingji.plans.models import Plan

    code, cities, counties, townships, villages = SIZES[size]
    if Division.all_objects.filter(code=code.ljust(12, "0")).exists():
        return
    province = Division.all_objects.create(code=code.ljust(12, "0"), name=f"{size}省", level="province")
    city_rows = Division.all_objects.bulk_create(
        Division(code=f"{code}{c:02d}".ljust(12, "0"), name=f"{c}市", level="city", parent=province)
        for c in range(1, cities + 1))
    county_rows = Division.all_objects.bulk_create(
        Division(code=f"{city.code[:4]}{k:02d}".ljust(12, "0"), name=f"{city.name}{k}县", level="county",
                 parent=city) for city in city_rows for k in range(1, counties + 1))
    town_rows = Division.all_objects.bulk_create(
        (Division(code=f"{county.code[:6]}{100 + t:03d}".ljust(12, "0"), name=f"{county.name}{t}镇",
                  level="township", parent=county) for county in county_rows for t in range(townships)),
        batch_size=2000)
    Division.all_objects.bulk_create(
        (Division(code=f"{town.code[:9]}{201 + v:03d}", name=f"{town.name}{v}村", level="village", parent=town)
         for town in town_rows for v in range(villages)), batch_size=2000)
    village_rows = list(Division.all_objects.filter(level="village", code__startswith=code).order_by("code"))

    offices = Organisation.all_objects.bulk_create(
        (Organisation(division=d, kind="emergency_office", name=f"{d.name}应急办")
         for d in county_rows + town_rows), batch_size=2000)
    office = {o.division_id: o for o in offices}
    departments = Organisation.all_objects.bulk_create(
        (Organisation(division=county, kind="department", name=f"{county.name}{name}")
         for county in county_rows for name in DEPARTMENTS), batch_size=2000)
    by_county: dict[int, list] = {}
    for dept in departments:
        by_county.setdefault(dept.division_id, []).append(dept)

    plans = Plan.all_objects.bulk_create(
        (Plan(division=town, organisation=office[town.pk], title=f"{town.name}{kind}预案", kind=kind,
              status="published", published_date=datetime.date(YEAR - 2, 3, 1))
         for town in town_rows for kind in ("overall", "special", "department")), batch_size=2000)
    plans_of: dict[int, list] = {}
    for plan in plans:
        plans_of.setdefault(plan.division_id, []).append(plan)

    def day() -> datetime.date:
        return datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randrange(365))

    drills = []
    for county in county_rows:
        for kind in COUNTY_KINDS[: rng.randrange(4, len(COUNTY_KINDS) + 1)]:
            organiser = rng.choice(by_county[county.pk]) if kind in ("double_blind", "pull") else office[county.pk]
            drills.append(Drill(division=county, organiser=organiser, title=f"{county.name}{kind}", kind=kind,
                                date=day(), joint_focus="teams" if kind == "joint" else "",
                                announced=kind != "double_blind"))
    town_drills = []
    for town in town_rows:
        for i in range(2):
            town_drills.append(Drill(division=town, organiser=office[town.pk], title=f"{town.name}演练{i}",
                                     kind="evacuation", date=day()))
    for village in village_rows:
        if rng.random() < 0.33:
            drills.append(Drill(division=village, organiser=office[village.parent_id], kind="evacuation",
                                title=f"{village.name}疏散演练", date=day()))
    Drill.all_objects.bulk_create(drills, batch_size=2000)
    town_drills = Drill.all_objects.bulk_create(town_drills, batch_size=2000)
    links = []
    for drill in town_drills:
        for plan in plans_of[drill.division_id]:
            if rng.random() < 0.4:
                links.append(Drill.plans.through(drill_id=drill.pk, plan_id=plan.pk))
    Drill.plans.through.objects.bulk_create(links, batch_size=2000)


def measure(size: str, runs: int) -> list[tuple]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yingji.divisions.models import Division
    from yingji.drills import selectors
    from yingji.drills.models import Drill
    from yingji.plans.models import Plan

    province = Division.objects.get(code=SIZES[size][0].ljust(12, "0"))
    today = datetime.date(YEAR, 11, 15)
    counts = (Division.objects.within(province).count(), Drill.objects.within(province).count(),
              Plan.objects.within(province).count())
    calls = {
        "quota_progress": lambda: selectors.quota_progress(province, YEAR),
        "plans_due": lambda: selectors.plans_due(province, today),
        "plans_without_recent_drill": lambda: list(selectors.plans_without_recent_drill(province, today)[:50]),
    }
    rows = []
    for name, call in calls.items():
        call()  # warm-up
        with CaptureQueriesContext(connection) as captured:
            call()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        rows.append((size, *counts, name, len(captured), statistics.median(times)))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""),
                        help="default: $DATABASE_URL, else a fresh SQLite file under /tmp")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per call (median shown)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary SQLite file")
    args = parser.parse_args(argv)
    temporary = None
    if not args.database_url:
        handle, name = tempfile.mkstemp(prefix="yingji-bench-drills-", suffix=".sqlite3", dir="/tmp")
        os.close(handle)
        temporary = Path(name)
        args.database_url = f"sqlite:///{temporary}"
    # Settings read DATABASE_URL when they are imported, so it has to be set before django.setup().
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "yingji.config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    try:
        call_command("migrate", verbosity=0)
        rng = random.Random(args.seed)  # noqa: S311 - synthetic data, not secrets
        started = time.perf_counter()
        for size in SIZES:
            with transaction.atomic():
                build(size, rng)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        build_seconds = time.perf_counter() - started
        rows = [row for size in SIZES for row in measure(size, args.runs)]
        where = temporary or args.database_url.split("@")[-1]
        print(f"yingji drill quotas — {connection.vendor} ({where}), year {YEAR}, Python {sys.version.split()[0]}, "
              f"{os.cpu_count()} CPUs; data built in {build_seconds:.1f} s; median of {args.runs} runs after 1 warm-up")
        print()
        header = f"{'size':<7}{'divisions':>10}{'drills':>8}{'plans':>7}  {'call':<28}{'queries':>8}{'ms':>10}"
        print(header)
        print("─" * len(header))
        for size, divisions, drills, plans, name, queries, ms in rows:
            print(f"{size:<7}{divisions:>10,}{drills:>8,}{plans:>7,}  {name:<28}{queries:>8}{ms:>10.1f}")
    finally:
        if temporary is not None and not args.keep:
            connection.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{temporary}{suffix}").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    if __package__ in (None, ""):
        # `python bench/drills_quotas.py`: make the project importable as it is for `python -m`.
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
