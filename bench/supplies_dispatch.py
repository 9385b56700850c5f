"""Dispatch allocations per second at province scale, with row locks, beside baselines measured in the
same run: the same allocation without locks, and a bare single-row UPDATE.

    python bench/supplies_dispatch.py                        # fresh SQLite file under /tmp
    python bench/supplies_dispatch.py --lots 5000 --orders 100   # quicker
    python bench/supplies_dispatch.py --database-url postgres://postgres@127.0.0.1:5432/yingji_supplies_bench

1. Migrates the bench database and builds (once; reused on a second run) a province (code 95…) of
   20 counties × 10 townships, a warehouse in every county and township (220), 60 catalogue items and
   `--lots` lots (bulk insert, each with its inbound movement, so balance = sum of movements). Not timed.
2. Creates and approves `--orders` dispatch orders per run, each for three items in one county, to be
   filled from that county's 11 warehouses (not timed).
3. Timed, one after another in the same process and database:
   - locked: `services.order_allocate` — order row and candidate lots locked with SELECT … FOR UPDATE
     in primary-key order, FEFO, reservations and allocations written, audited;
   - baseline, same allocation without locks: the same call with `select_for_update` made a no-op
     (what the locks cost; unsafe under concurrency, never used by the application);
   - baseline, bare UPDATE: one `UPDATE … SET reserved = reserved` of one lot per transaction.
   On PostgreSQL `--threads N` (default 4) adds a run of locked allocations from N threads over their
   own connections racing for the same county's stock, and checks no lot ended over-reserved.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
PROVINCE = "950000000000"
COUNTIES, TOWNSHIPS, ITEMS = 20, 10, 60


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            conn.execute(f'create database "{name}"')


def build(lot_count: int):
    """The province, its warehouses, items and lots; reused when already there."""
    import datetime

    from django.utils import timezone

    from yingji.divisions.models import Division
    from yingji.supplies.models import CatalogueItem, Movement, StockLot, Warehouse

    def div(code, name, level, parent):
        return Division.all_objects.get_or_create(code=code, defaults={"name": name, "level": level,
                                                                       "parent": parent})[0]

    province = div(PROVINCE, "基准省", "province", None)
    city = div("950100000000", "基准市", "city", province)
    counties = []
    for c in range(COUNTIES):
        county = div(f"9501{c + 1:02d}000000", f"基准县{c}", "county", city)
        counties.append(county)
        for t in range(TOWNSHIPS):
            div(f"9501{c + 1:02d}{100 + t:03d}000", f"基准镇{c}-{t}", "township", county)
    items = [CatalogueItem.objects.get_or_create(name=f"基准物资{i:02d}", defaults={
        "category": "other", "unit": "件"})[0] for i in range(ITEMS)]
    warehouses = list(Warehouse.objects.within(province).order_by("pk"))
    if not warehouses:
        Warehouse.objects.bulk_create([
            Warehouse(division=d, name=f"{d.name}储备库", address=d.name, latitude=30, longitude=100)
            for d in Division.objects.within(province).filter(level__in=("county", "township"))])
        warehouses = list(Warehouse.objects.within(province).order_by("pk"))
    have = StockLot.objects.within(province).count()
    rng = random.Random(7)
    today = timezone.localdate()
    if have < lot_count:
        lots = []
        for i in range(have, lot_count):
            expiry = None if i % 3 == 0 else today + datetime.timedelta(days=rng.randint(-30, 900))
            lots.append(StockLot(item=items[i % ITEMS], warehouse=warehouses[rng.randrange(len(warehouses))],
                                 quantity=rng.randint(50, 500), batch=f"B{i}", expiry_date=expiry,
                                 received_on=today - datetime.timedelta(days=rng.randint(0, 900))))
        StockLot.objects.bulk_create(lots, batch_size=2000)
        created = StockLot.objects.within(province).filter(movements__isnull=True).values_list("pk", "quantity")
        Movement.objects.bulk_create([Movement(lot_id=pk, kind="inbound", quantity=q, balance_after=q,
                                               reason="基准期初")
                                      for pk, q in created.iterator(chunk_size=2000)], batch_size=2000)
    return province, counties, items


def make_orders(counties, items, count: int, tag: str):
    from yingji.supplies import services

    rng = random.Random(hash(tag) & 0xFFFF)
    orders = []
    for n in range(count):
        county = counties[n % len(counties)]
        chosen = rng.sample(items, 3)
        order = services.order_create(actor=None, data={"division": county, "title": f"基准调拨{tag}{n}",
                                                        "destination": "安置点"},
                                      lines=[(item, rng.randint(5, 40)) for item in chosen])
        orders.append(services.order_approve(actor=None, order=order))
    return orders


def warehouses_of(county):
    from yingji.supplies.models import Warehouse

    return list(Warehouse.objects.within(county))


def timed_allocations(orders, sources) -> float:
    from yingji.supplies import services

    started = time.perf_counter()
    for order in orders:
        services.order_allocate(actor=None, order=order, warehouses=sources[order.division_id])
    return time.perf_counter() - started


def without_locks():
    from django.db.models import QuerySet

    return mock.patch.object(QuerySet, "select_for_update", lambda self, *args, **kwargs: self)


def bare_updates(province, count: int) -> float:
    from django.db import transaction
    from django.db.models import F

    from yingji.supplies.models import StockLot

    pks = list(StockLot.objects.within(province).order_by("pk").values_list("pk", flat=True)[:count])
    started = time.perf_counter()
    for pk in pks:
        with transaction.atomic():
            StockLot.objects.filter(pk=pk).update(reserved=F("reserved"))
    return time.perf_counter() - started


def concurrent(orders, sources, threads: int) -> tuple[float, int]:
    from django.db import connections

    from yingji.core.exceptions import ApplicationError
    from yingji.supplies import services

    shares = [orders[k::threads] for k in range(threads)]
    refused = []
    barrier = threading.Barrier(threads)

    def work(share):
        try:
            barrier.wait()
            for order in share:
                try:
                    services.order_allocate(actor=None, order=order, warehouses=sources[order.division_id])
                except ApplicationError:
                    refused.append(order.pk)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work, args=(share,)) for share in shares]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return time.perf_counter() - started, len(refused)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lots", type=int, default=20_000)
    parser.add_argument("--orders", type=int, default=200, help="allocations per timed row")
    parser.add_argument("--threads", type=int, default=4, help="PostgreSQL only: concurrent allocators")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args(argv)
    url = args.database_url or f"sqlite:///{tempfile.mkstemp(prefix='yingji-supplies-bench-', suffix='.sqlite3')[1]}"
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingji.config.settings.test")
    os.environ.setdefault("YINGJI_DATA_DIR", tempfile.mkdtemp(prefix="yingji-supplies-bench-data-"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import F

    from yingji.supplies.models import StockLot

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    province, counties, items = build(args.lots)
    sources = {county.pk: warehouses_of(county) for county in counties}
    lots = StockLot.objects.within(province).count()
    print(f"database: {connection.vendor} ({url.split('@')[-1]}); {lots:,} lots in {sum(map(len, sources.values()))} "
          f"warehouses of {len(counties)} counties; setup {time.perf_counter() - started:.1f} s")
    tag = str(int(time.time()))
    # Warm-up: the first allocations fill caches (ORM, statement plans); neither timed row should pay them.
    timed_allocations(make_orders(counties, items, 5, f"W{tag}-"), sources)
    locked_orders = make_orders(counties, items, args.orders, f"L{tag}-")
    free_orders = make_orders(counties, items, args.orders, f"U{tag}-")
    locked = timed_allocations(locked_orders, sources)
    with without_locks():
        unlocked = timed_allocations(free_orders, sources)
    bare = bare_updates(province, args.orders)
    n = args.orders
    print(f"{'run':44}{'ops':>7}{'seconds':>10}{'ops/s':>10}{'× locked':>10}")
    rows = [("allocate, row locks (services.order_allocate)", locked),
            ("baseline: same allocation, no locks", unlocked),
            ("baseline: bare single-row UPDATE", bare)]
    for label, seconds in rows:
        print(f"{label:44}{n:>7}{seconds:>10.2f}{n / seconds:>10.1f}{locked / seconds:>10.2f}")
    if connection.vendor == "postgresql" and args.threads > 1:
        race_orders = make_orders(counties[:1], items[:3], args.orders, f"C{tag}-")
        seconds, refused = concurrent(race_orders, sources, args.threads)
        over = StockLot.objects.within(province).filter(reserved__gt=F("quantity")).count()
        print(f"{f'allocate, row locks, {args.threads} threads, one county':44}{n:>7}{seconds:>10.2f}"
              f"{n / seconds:>10.1f}{locked / seconds:>10.2f}")
        print(f"  refused for lack of stock: {refused}; lots over-reserved: {over}")


if __name__ == "__main__":
    main()
