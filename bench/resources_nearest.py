""""Nearest N resources" at province scale: widening bounding boxes over the indexed latitude/longitude
(core/geo.py) beside a brute-force ranking of every row, measured in the same run, for the three
questions of the resource map: shelters with free places, teams of a speciality, warehouses holding an item.

    python bench/resources_nearest.py                         # fresh SQLite file, 200,000 shelters, 50,000 teams, 20,000 warehouses
    python bench/resources_nearest.py --resources 500000 --database-url postgres://postgres@127.0.0.1:5432/yingji_geo_bench

1. Builds a county (code 94…) holding `--resources` shelters, `--teams` teams (each with one to three of
   the specialities) and `--warehouses` warehouses (half of them holding a lot of one item, with its inbound
   movement) scattered over a province-sized area (32–42°N, 92–108°E, about Gansu's extent), denser around
   a few towns, with random capacity, occupancy and stock (bulk insert, not timed).
2. Times `--queries` nearest-5 searches from random points: shelters plain and narrowed to at least 200
   free places (the map layer's "free" option), teams narrowed to water rescue, warehouses narrowed to at
   least 100 usable units of the item — each narrowing the one the map layer applies — with SQL counts.
3. Times `--brute` brute-force searches of each: every row of the narrowed set read and ranked by
   distance in Python.
4. Checks that every timed box search returned exactly what the brute force returns for its point.
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
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--resources", type=int, default=200_000, help="shelters")
    parser.add_argument("--teams", type=int, default=50_000)
    parser.add_argument("--warehouses", type=int, default=20_000)
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


def _spot(rng: random.Random, towns: list[tuple[float, float]], i: int) -> tuple[Decimal, Decimal]:
    """Two in three near one of the towns, the rest anywhere in the province."""
    if i % 3:
        lat, lng = rng.choice(towns)
        lat, lng = lat + rng.gauss(0, 0.05), lng + rng.gauss(0, 0.05)
    else:
        lat, lng = rng.uniform(32, 42), rng.uniform(92, 108)
    return Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}")


def _analyze(*tables: str) -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"ANALYZE {table}")


def build_teams(town, count: int, towns) -> None:
    from yingji.teams.models import Speciality, Team

    have = Team.objects.within(town).count()
    if count <= have:
        return
    rng = random.Random(17)
    specialities = list(Speciality.objects.values_list("pk", flat=True))
    started = time.perf_counter()
    for start in range(have, count, 10_000):
        teams = []
        for i in range(start, min(start + 10_000, count)):
            lat, lng = _spot(rng, towns, i)
            teams.append(Team(division=town, name=f"基准队伍{i}", level="township", kind="volunteer",
                              latitude=lat, longitude=lng))
        Team.objects.bulk_create(teams)
        made = Team.objects.filter(division=town, name__in=[t.name for t in teams]).values_list("pk", flat=True)
        Team.specialities.through.objects.bulk_create([
            Team.specialities.through(team_id=pk, speciality_id=sp)
            for pk in made for sp in rng.sample(specialities, rng.randint(1, 3))], batch_size=10_000)
    print(f"inserted {count - have:,} teams in {time.perf_counter() - started:.1f} s")
    _analyze("teams_team", "teams_team_specialities")


def build_warehouses(town, count: int, towns):
    from yingji.supplies.models import CatalogueItem, Movement, StockLot, Warehouse

    item = CatalogueItem.objects.get_or_create(name="基准帐篷", defaults={"category": "tent", "unit": "顶"})[0]
    have = Warehouse.objects.within(town).count()
    if count > have:
        rng = random.Random(23)
        started = time.perf_counter()
        for start in range(have, count, 10_000):
            batch = []
            for i in range(start, min(start + 10_000, count)):
                lat, lng = _spot(rng, towns, i)
                batch.append(Warehouse(division=town, name=f"基准储备库{i}", address="基准", latitude=lat,
                                       longitude=lng))
            Warehouse.objects.bulk_create(batch)
            stocked = Warehouse.objects.filter(division=town, name__in=[w.name for i, w in enumerate(batch) if i % 2])
            StockLot.objects.bulk_create([StockLot(item=item, warehouse_id=pk, quantity=rng.randint(1, 300),
                                                   batch="B", received_on=datetime.date(2026, 1, 1))
                                          for pk in stocked.values_list("pk", flat=True)], batch_size=10_000)
        fresh = StockLot.objects.filter(item=item, movements__isnull=True).values_list("pk", "quantity")
        Movement.objects.bulk_create([Movement(lot_id=pk, kind="inbound", quantity=q, balance_after=q,
                                               reason="基准期初") for pk, q in fresh.iterator(chunk_size=10_000)],
                                     batch_size=10_000)
        print(f"inserted {count - have:,} warehouses in {time.perf_counter() - started:.1f} s")
        _analyze("supplies_warehouse", "supplies_stocklot")
    return item


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
        lat, lng = _spot(rng, towns, i)
        capacity = rng.choice([200, 400, 900, 1500, 3000])
        batch.append(Shelter(division=town, name=f"基准避难点{i}", kind="square", total_area=Decimal(capacity * 2),
                             effective_area=Decimal(capacity * 1.6), capacity=capacity,
                             status="in_use" if i % 10 == 0 else "ready",
                             occupancy=rng.randint(0, capacity) if i % 10 == 0 else 0, address="基准",
                             latitude=lat, longitude=lng))
        if len(batch) == 10_000:
            Shelter.objects.bulk_create(batch)
            batch = []
    if batch:
        Shelter.objects.bulk_create(batch)
    if count > have:
        print(f"inserted {count - have:,} shelters in {time.perf_counter() - started:.1f} s")
    _analyze("shelters_shelter")
    return Shelter.objects.within(province), town, towns


def run(args) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yingji.core.geo import nearest, rank_by_distance
    from yingji.shelters.selectors import having_free_places
    from yingji.supplies.models import Warehouse
    from yingji.supplies.selectors import warehouses_holding
    from yingji.teams import selectors as team_selectors
    from yingji.teams.models import Team

    shelters, town, towns = build(args.resources)
    build_teams(town, args.teams, towns)
    item = build_warehouses(town, args.warehouses, towns)
    teams = Team.objects.within(town)
    warehouses = Warehouse.objects.within(town)
    searches = [
        ("shelters: nearest 5", shelters),
        ("shelters: nearest 5 with ≥200 free places", having_free_places(shelters, 200)),
        ("teams: nearest 5 water-rescue teams", team_selectors.narrow(teams, {"speciality": "water"})),
        ("warehouses: nearest 5 holding ≥100 tents", warehouses_holding(warehouses, item.pk, 100)),
    ]
    rng = random.Random(11)
    points = [(rng.uniform(33, 41), rng.uniform(93, 107)) for _ in range(args.queries)]
    print(f"in scope: {shelters.count():,} shelters, {teams.count():,} teams, {warehouses.count():,} warehouses; "
          f"{args.queries} random points; nearest 5\n")
    print(f"{'search':66} {'queries':>7} {'q/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'SQL/search':>10}")

    answers = {}
    for label, queryset in searches:
        times, sql = [], []
        for point in points:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                found = nearest(queryset, *point, 5)
                times.append(time.perf_counter() - started)
            sql.append(len(captured))
            answers[(label, point)] = [n.obj.pk for n in found]
        cuts = statistics.quantiles(times, n=100, method="inclusive")
        print(f"{'box · ' + label:66} {len(times):>7} {len(times) / sum(times):>9,.0f} {cuts[49] * 1000:>8.1f} "
              f"{cuts[98] * 1000:>8.1f} {statistics.mean(sql):>10.1f}")

    mismatches, compared = 0, 0
    for label, queryset in searches:
        times = []
        for point in points[: args.brute]:
            started = time.perf_counter()
            rows = list(queryset.values_list("pk", "latitude", "longitude"))
            ranked = rank_by_distance((SimpleNamespace(pk=pk, latitude=lat, longitude=lng)
                                       for pk, lat, lng in rows if lat is not None), *point)
            times.append(time.perf_counter() - started)
            # nearest() never looks beyond its 500 km ceiling; the brute force is held to the same.
            brute = [near.obj.pk for near in ranked if near.distance_km <= 500][:5]
            mismatches += brute != answers[(label, point)]
            compared += 1
        print(f"{'baseline: brute force · ' + label:66} {len(times):>7} {len(times) / sum(times):>9,.2f} "
              f"{statistics.median(times) * 1000:>8.1f} {max(times) * 1000:>8.1f} {1:>10.1f}")
    print(f"\nbox search vs brute force for the same points: {mismatches} mismatches in {compared}")


if __name__ == "__main__":
    main()
