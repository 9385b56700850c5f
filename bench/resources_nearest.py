""""Nearest N resources" at province scale: widening bounding boxes over the indexed latitude/longitude
(core/geo.py) beside a brute-force ranking of every row, measured in the same run.

    python bench/resources_nearest.py                         # fresh SQLite file, 200,000 shelters
    python bench/resources_nearest.py --resources 500000 --database-url postgres://postgres@127.0.0.1:5432/yingji_geo_bench

1. Builds a county (code 94…) holding `--resources` shelters scattered over a province-sized area
   (32–42°N, 92–108°E, about Gansu's extent), denser around a few towns, with random capacity and
   occupancy (bulk insert, not timed).
2. Times `--queries` nearest-5 searches from random points: plain, and narrowed to shelters with at least
   200 free places (the map layer's "free" option), each with its SQL query count.
3. Times `--brute` brute-force searches: every row's coordinates read and ranked by distance in Python.
4. Checks that every timed box search returned exactly what the brute force returns for its point.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--resources", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--brute", type=int, default=5)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkstemp(prefix='yingji-geo-', suffix='.sqlite3')[1]}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingji.config.settings.test")
    os.environ.setdefault("YINGJI_DATA_DIR", tempfile.mkdtemp(prefix="yingji-geo-data-"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"database: {url.split('@')[-1]}")
    run(args)


def build(count: int):
    from yingji.divisions.models import Division
    from yingji.shelters.models import Shelter

    def div(code, name, level, parent):
        return Division.all_objects.get_or_create(code=code, defaults={"name": name, "level": level,
                                                                       "parent": parent})[0]

    province = div("940000000000", "就近基准省", "province", None)
    county = div("940101000000", "就近基准县", "county", div("940100000000", "就近基准市", "city", province))
    town = div("940101100000", "就近基准镇", "township", county)
    have = Shelter.objects.within(province).count()
    rng = random.Random(7)
    towns = [(rng.uniform(32, 42), rng.uniform(92, 108)) for _ in range(300)]
    started = time.perf_counter()
    batch = []
    for i in range(have, count):
        if i % 3:
            lat, lng = rng.choice(towns)
            lat, lng = lat + rng.gauss(0, 0.05), lng + rng.gauss(0, 0.05)
        else:
            lat, lng = rng.uniform(32, 42), rng.uniform(92, 108)
        capacity = rng.choice([200, 400, 900, 1500, 3000])
        batch.append(Shelter(division=town, name=f"基准避难点{i}", kind="square", total_area=Decimal(capacity * 2),
                             effective_area=Decimal(capacity * 1.6), capacity=capacity,
                             status="in_use" if i % 10 == 0 else "ready",
                             occupancy=rng.randint(0, capacity) if i % 10 == 0 else 0, address="基准",
                             latitude=Decimal(f"{lat:.6f}"), longitude=Decimal(f"{lng:.6f}")))
        if len(batch) == 10_000:
            Shelter.objects.bulk_create(batch)
            batch = []
    if batch:
        Shelter.objects.bulk_create(batch)
    if count > have:
        print(f"inserted {count - have:,} shelters in {time.perf_counter() - started:.1f} s")
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE shelters_shelter")
    return Shelter.objects.within(province)


def run(args) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yingji.core.geo import nearest, rank_by_distance
    from yingji.shelters.selectors import having_free_places

    scope = build(args.resources)
    total = scope.count()
    rng = random.Random(11)
    points = [(rng.uniform(33, 41), rng.uniform(93, 107)) for _ in range(args.queries)]
    print(f"shelters in scope: {total:,}; {args.queries} random points; nearest 5\n")
    print(f"{'search':44} {'queries':>7} {'q/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'SQL/search':>10}")

    answers = {}
    for label, queryset in (("box: nearest 5", scope), ("box: nearest 5 with ≥200 free places",
                                                        having_free_places(scope, 200))):
        times, sql = [], []
        for point in points:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                found = nearest(queryset, *point, 5)
                times.append(time.perf_counter() - started)
            sql.append(len(captured))
            answers[(label, point)] = [n.obj.pk for n in found]
        cuts = statistics.quantiles(times, n=100, method="inclusive")
        print(f"{label:44} {len(times):>7} {len(times) / sum(times):>9,.0f} {cuts[49] * 1000:>8.1f} "
              f"{cuts[98] * 1000:>8.1f} {statistics.mean(sql):>10.1f}")

    times = []
    mismatches = 0
    for point in points[: args.brute]:
        started = time.perf_counter()
        rows = list(scope.values_list("pk", "latitude", "longitude"))
        ranked = rank_by_distance((SimpleNamespace(pk=pk, latitude=lat, longitude=lng) for pk, lat, lng in rows),
                                  *point)
        times.append(time.perf_counter() - started)
        brute = [near.obj.pk for near in ranked[:5]]
        mismatches += brute != answers[("box: nearest 5", point)]
    print(f"{'baseline: brute force (rank every row)':44} {len(times):>7} {len(times) / sum(times):>9,.2f} "
          f"{statistics.median(times) * 1000:>8.1f} {max(times) * 1000:>8.1f} {1:>10.1f}")
    print(f"\nbox search vs brute force for the same points: {mismatches} mismatches in {len(times)}")


if __name__ == "__main__":
    main()
