"""Fan-out of one warning to 100,000 recipients through the local gateway, beside the gateway's raw
acceptance rate measured in the same run.

    python bench/earlywarning_fanout.py                          # fresh SQLite file under /tmp
    python bench/earlywarning_fanout.py --recipients 20000       # quicker
    python bench/earlywarning_fanout.py --database-url postgres://postgres@127.0.0.1:5432/yingji_ew_bench

1. Migrates the bench database and builds a county (code 96…) with one township holding
   `--recipients` confirmed public subscribers (bulk insert, not timed).
2. Fan-out (timed): issue the warning through the services and run `dissemination.fan_out` —
   recipients resolved from the area, the dispatch and one delivery per recipient and channel
   written, every delivery claimed and sent in batches of 500 through the built-in local SMS
   gateway (Celery in-process, as without a broker), outcome recorded per delivery.
3. Baseline (timed): the same gateway's `send_batch` fed the same number of deliveries directly in
   batches of 500 — what the gateway itself can accept, with no resolution, claiming or bookkeeping.
4. Checks exactly-once: every subscriber has one gateway message; a second `fan_out` sends nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkstemp(prefix='yingji-ewbench-', suffix='.sqlite3')[1]}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingji.config.settings.test")
    os.environ.setdefault("YINGJI_DATA_DIR", tempfile.mkdtemp(prefix="yingji-ewbench-data-"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.CELERY_TASK_ALWAYS_EAGER = True
    call_command("migrate", verbosity=0)
    run(args.recipients, url)


def run(count: int, url: str) -> None:
    import datetime

    from django.utils import timezone

    from yingji.divisions.models import Division, Organisation
    from yingji.earlywarning import dissemination, services
    from yingji.earlywarning.models import PublicSubscriber
    from yingji.messaging.channels import LocalSmsGateway
    from yingji.messaging.models import Delivery, Dispatch, LocalGatewayMessage

    def div(code, name, level, parent):
        return Division.all_objects.get_or_create(code=code, defaults={"name": name, "level": level,
                                                                       "parent": parent})[0]

    province = div("960000000000", "基准省", "province", None)
    city = div("960100000000", "基准市", "city", province)
    county = div("960101000000", "基准县", "county", city)
    town = div("960101100000", "基准镇", "township", county)
    bureau = Organisation.objects.get_or_create(division=county, kind="emergency_office", name="基准县应急管理局")[0]
    now = timezone.now()
    existing = PublicSubscriber.objects.filter(division=town).count()
    PublicSubscriber.objects.bulk_create(
        [PublicSubscriber(division=town, phone=f"17{i:09d}", confirmation_code="000000", confirmed_at=now)
         for i in range(existing, count)], batch_size=5000)
    print(f"database: {url.split('@')[-1]}   recipients: {count:,} confirmed subscribers in one township")

    data = {"division": county, "issuer": bureau, "hazard_type": "flood", "level": 2, "headline": "基准山洪橙色预警",
            "onset": now, "expires": now + datetime.timedelta(hours=12), "description": "强降雨", "measures": "转移"}
    warning = services.warning_create(actor=None, data=data, areas=[town])
    warning = services.warning_approve(actor=None, warning=warning)
    gateway_before = LocalGatewayMessage.objects.count()
    started = time.perf_counter()
    warning = services.warning_issue(actor=None, warning=warning)  # fan-out runs in-process after commit
    fan_out_s = time.perf_counter() - started
    dispatch = Dispatch.objects.get(dedupe_key=f"earlywarning:{warning.identifier}")
    sent = Delivery.objects.filter(dispatch=dispatch, status="sent").count()
    received = LocalGatewayMessage.objects.count() - gateway_before

    deliveries = [Delivery(pk=10**12 + i, dispatch=dispatch, recipient_key=f"bench:{i}", channel="sms",
                           phone=f"18{i:09d}") for i in range(count)]
    gateway = LocalSmsGateway()
    started = time.perf_counter()
    for start in range(0, count, 500):
        gateway.send_batch(deliveries[start:start + 500])
    raw_s = time.perf_counter() - started

    again = time.perf_counter()
    dissemination.fan_out(warning.pk)
    rerun_s = time.perf_counter() - again
    after = LocalGatewayMessage.objects.count() - gateway_before - count

    print(f"{'':28}{'deliveries':>12}{'seconds':>10}{'deliveries/s':>14}")
    print(f"{'fan-out (issue → sent)':28}{sent:>12,}{fan_out_s:>10.2f}{sent / fan_out_s:>14,.0f}")
    print(f"{'baseline: gateway raw':28}{count:>12,}{raw_s:>10.2f}{count / raw_s:>14,.0f}")
    print(f"fan-out / raw: {(sent / fan_out_s) / (count / raw_s):.2f} of the gateway's own rate")
    print(f"exactly once: {received:,} gateway messages for {count:,} recipients; "
          f"a second fan-out added {after - received:,} in {rerun_s:.2f} s")


if __name__ == "__main__":
    main()
