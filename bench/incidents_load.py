"""Report submissions under concurrent load on a real server, beside a trivial page; and the deadline
scan over a province's open obligations (time and queries).

    python bench/incidents_load.py                       # PostgreSQL yingji_incidents_bench on loopback
    python bench/incidents_load.py --database-url postgres://postgres@127.0.0.1:5432/other --requests 2000

1. Migrates the bench database, builds one province → city → county → 20 townships → 200 villages
   tree (province code 97, so it never meets the demo or seed data) and a county duty officer with an
   API token; registers 50 events with their first reports.
2. Starts gunicorn (`yingji.config.wsgi`, 2 workers × 8 threads) on 127.0.0.1 and drives it with a
   thread pool of HTTP clients (http.client, keep-alive): first the trivial page `GET /api/v1/me`,
   then `POST /api/v1/incidents/reports` (a follow-up with a fresh client_key, round-robin over the
   50 events) — the same server, the same concurrency, the same run. Prints requests/s, p50, p99.
3. Creates `--obligations` open obligations spread over the villages (half overdue, some near their
   deadline), then times `services.scan(within=province)` with its query count (the notifications
   it hands to the channel layer are patched out), beside a baseline scan when nothing is due.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
PROVINCE = "970000000000"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            conn.execute(f'create database "{name}"')


def build_world():
    from django.utils import timezone

    from yingji.api.services import apitoken_create
    from yingji.core.permissions import Role
    from yingji.divisions.models import Division, User
    from yingji.incidents import services
    from yingji.incidents.models import Event

    def div(code, name, level, parent):
        obj, _ = Division.all_objects.get_or_create(code=code, defaults={"name": name, "level": level,
                                                                         "parent": parent})
        return obj

    province = div(PROVINCE, "基准省", "province", None)
    city = div("970100000000", "基准市", "city", province)
    county = div("970101000000", "基准县", "county", city)
    villages = []
    for t in range(20):
        town = div(f"970101{100 + t:03d}000", f"基准镇{t}", "township", county)
        for v in range(10):
            villages.append(div(f"970101{100 + t:03d}{200 + v:03d}", f"基准村{t}-{v}", "village", town))
    user, _ = User.objects.get_or_create(username="bench-incidents-duty",
                                         defaults={"division": county, "role": Role.DUTY_OFFICER})
    _token, raw = apitoken_create(actor=None, user=user, name=f"bench {uuid.uuid4()}")
    events = list(Event.objects.within(county).filter(status="open").order_by("pk")[:50])
    now = timezone.now()
    while len(events) < 50:
        village = villages[len(events) % len(villages)]
        data = {"division": village, "title": f"{village.name}基准事件", "category": "natural",
                "subtype": "geological", "occurred_at": now - datetime.timedelta(minutes=30),
                "known_at": now - datetime.timedelta(minutes=20), "source": "基准", "place": village.name,
                "nature": "基准", "reporter_name": "基准", "reporter_phone": "13900000000"}
        event = services.event_create(actor=user, data=data)
        services.report_submit(actor=user, event=event, kind="first", data=data)
        events.append(event)
    return province, villages, user, raw, [e.pk for e in events]


def start_server(port: int, env: dict) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 - fixed arguments, no user input
        [str(Path(sys.executable).parent / "gunicorn"), "yingji.config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2",
         "--threads", "8", "--log-level", "warning"], cwd=ROOT, env=env)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def drive(port, token, requests, concurrency, make_request):
    """Run `requests` calls over `concurrency` keep-alive connections; latencies in ms."""
    latencies: list[float] = []
    errors = 0

    def worker(share):
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        local = []
        for i in share:
            method, path, body = make_request(i)
            started = time.perf_counter()
            conn.request(method, path, body=body, headers={
                "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            local.append((time.perf_counter() - started) * 1000)
            if response.status >= 300:
                errors += 1
        conn.close()
        return local

    shares = [range(k, requests, concurrency) for k in range(concurrency)]
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for local in pool.map(worker, shares):
            latencies.extend(local)
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {"rps": requests / elapsed, "p50": statistics.median(latencies),
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], "errors": errors}


def bench_scan(province, villages, user, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from yingji.incidents import services
    from yingji.incidents.models import DeadlineRule, Event, Obligation

    Obligation.objects.filter(event__title="基准扫描").delete()
    Event.all_objects.filter(title="基准扫描").delete()
    now = timezone.now()
    rule = DeadlineRule.objects.get(code="RPT-NAT-DIS-V")
    # One pending obligation per hop and event (a DB constraint): one event per obligation.
    events = Event.objects.bulk_create([
        Event(division=villages[i % len(villages)], title="基准扫描", category="natural", occurred_at=now,
              known_at=now, source="基准") for i in range(count)], batch_size=2000)
    rows = []
    for i in range(count):
        event = events[i]
        due = now + datetime.timedelta(minutes=(-30 if i % 2 else 600) + (i % 7))
        rows.append(Obligation(event=event, division=event.division, target=event.division.parent, kind="first",
                               channel="written", rule=rule, owner=user, started_at=now, due_at=due))
    Obligation.objects.bulk_create(rows, batch_size=2000)

    def timed(at):
        # The scan's own statements: the messages it hands to the channel layer are that layer's work.
        with mock.patch("yingji.incidents.notify.deadline_near"), mock.patch(
                "yingji.incidents.notify.deadline_passed"), CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            result = services.scan(now=at, within=province)
            ms = (time.perf_counter() - started) * 1000
        return result, ms, len(ctx.captured_queries)

    baseline = timed(now - datetime.timedelta(days=1))  # nothing due yet: the selects alone
    flagged = timed(now)
    rerun = timed(now)
    return count, baseline, flagged, rerun


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/yingji_incidents_bench"))
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--obligations", type=int, default=20000)
    args = parser.parse_args(argv)

    ensure_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "yingji.config.settings.test"
    os.environ.setdefault("YINGJI_DATA_DIR", str(Path(tempfile.gettempdir()) / "yingji-incidents-bench"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    province, villages, user, token, event_ids = build_world()

    port = free_port()
    server = start_server(port, {**os.environ})
    try:
        drive(port, token, 50, 4, lambda i: ("GET", "/api/v1/me", None))  # warm-up
        trivial = drive(port, token, args.requests, args.concurrency, lambda i: ("GET", "/api/v1/me", None))

        def report(i):
            body = {"event": event_ids[i % len(event_ids)], "kind": "followup", "client_key": str(uuid.uuid4()),
                    "reporter_name": "基准", "reporter_phone": "13900000000",
                    "occurred_at": (datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=30)).isoformat(),
                    "place": "基准村", "source": "基准", "nature": "续报：情况稳定", "measures": "持续监测",
                    "injured": i % 3}
            return "POST", "/api/v1/incidents/reports", json.dumps(body)

        reports = drive(port, token, args.requests, args.concurrency, report)
    finally:
        server.terminate()
        server.wait()

    from django.db import connection

    print(f"database: {connection.vendor}; {args.requests} requests per row, {args.concurrency} concurrent clients, "
          f"gunicorn 2 workers x 8 threads on loopback")
    print(f"{'endpoint':40} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, r in (("GET /api/v1/me (trivial, baseline)", trivial), ("POST /api/v1/incidents/reports", reports)):
        print(f"{name:40} {r['rps']:8.1f} {r['p50']:8.1f} {r['p99']:8.1f} {r['errors']:7d}")
    count, baseline, flagged, rerun = bench_scan(province, villages, user, args.obligations)
    print(f"\ndeadline scan over {count:,} open obligations in the province")
    print(f"{'run':40} {'ms':>8} {'queries':>8}  result")
    for name, (result, ms, queries) in (("baseline: nothing due", baseline), ("flag late + near", flagged),
                                        ("re-run (nothing new)", rerun)):
        print(f"{name:40} {ms:8.1f} {queries:8d}  {result}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
