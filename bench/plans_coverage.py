"""Plan coverage (县、乡、村三级全覆盖, seed 000) for a county and for a whole province: divisions in
scope against SQL queries and time, the county measured in the same run as the baseline.

    python bench/plans_coverage.py                                  # fresh SQLite file under /tmp
    python bench/plans_coverage.py --runs 3
    python bench/plans_coverage.py --database-url postgres://postgres@127.0.0.1:5432/yingji_plans_bench

1. Migrates the bench database and bulk-inserts two synthetic trees from yingji.divisions.synthetic
   (not timed): a county (24 townships, 200 villages, province code 97) and a province (100 counties,
   1,500 townships, 25,000 villages, province code 98). Each county gets its overall, special and
   departmental plans; each township an overall plan covering some of the required hazard topics
   and a flood plan; four villages in five a combined plan (多案合一), in a mix of states.
2. Times `selectors.coverage(division).gaps` — counts by level and type, the township × topic matrix,
   the village × combined-plan list and the gaps — at the county root and at the province root,
   and prints divisions, plans, queries and the median time. The queries must be the same number
   for both: coverage aggregates in the database and never queries per township or village.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (("county", "97"), ("province", "98"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkstemp(prefix='yingji-plansbench-', suffix='.sqlite3')[1]}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingji.config.settings.test")
    os.environ.setdefault("YINGJI_DATA_DIR", tempfile.mkdtemp(prefix="yingji-plansbench-data-"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"database: {url.split('@')[-1]}")
    rows = []
    for scale, code in SIZES:
        started = time.perf_counter()
        root = build(scale, code)
        print(f"built {scale} ({code}) in {time.perf_counter() - started:.1f} s")
        rows.append(measure(scale, root, args.runs))
    print()
    print(f"{'scale':<10}{'divisions':>11}{'townships':>11}{'villages':>10}{'plans':>9}{'gaps':>8}"
          f"{'queries':>9}{'ms (median)':>13}")
    for row in rows:
        print(f"{row['scale']:<10}{row['divisions']:>11,}{row['townships']:>11,}{row['villages']:>10,}"
              f"{row['plans']:>9,}{row['gaps']:>8,}{row['queries']:>9}{row['ms']:>13.1f}")
    baseline, large = rows
    print(f"\n× divisions {large['divisions'] / baseline['divisions']:.0f}, "
          f"Δ queries {large['queries'] - baseline['queries']}, × time {large['ms'] / baseline['ms']:.1f}")
    if large["queries"] != baseline["queries"]:
        raise SystemExit("coverage queries grow with the number of divisions")


def build(scale: str, province_code: str):
    """Divisions by bulk insert, one office per county, plans and their topics by bulk insert."""
    from django.db import transaction

    from yingji.divisions import synthetic
    from yingji.divisions.models import Division, Organisation
    from yingji.plans.models import HazardTopic, Plan

    root_code = province_code.ljust(12, "0")
    existing = Division.all_objects.filter(code=root_code).first()
    if existing is not None and Plan.all_objects.filter(division__code__startswith=province_code).exists():
        return existing if scale == "province" else _county(province_code)
    tree = synthetic.division_tree(scale=scale, seed=1, province_code=province_code)
    K, S = Plan.Kind, Plan.Status
    required = list(HazardTopic.objects.filter(township_required=True).order_by("name"))
    flood = HazardTopic.objects.get(name="洪涝灾害")
    states = [S.PUBLISHED, S.FILED, S.FILING, S.PUBLISHED, S.DRAFT]
    with transaction.atomic():
        ids: dict[str, int] = {}
        for level, level_rows in tree.levels.items():
            Division.all_objects.bulk_create(
                [Division(code=r.code, name=r.name, level=r.level, size_class=r.size_class,
                          parent_id=ids[r.parent_code] if r.parent_code else None) for r in level_rows],
                batch_size=2000)
            ids.update(Division.all_objects.filter(code__startswith=province_code, level=level)
                       .values_list("code", "id"))
        offices = {}
        for r in tree.levels["county"]:
            offices[r.code[:6]] = Organisation.objects.create(
                division_id=ids[r.code], kind=Organisation.Kind.DEPARTMENT, name=f"{r.name}应急管理局")
        plans, topics = [], []
        for r in tree.levels["county"]:
            office = offices[r.code[:6]]
            plans.append(Plan(division_id=ids[r.code], organisation=office, title=f"{r.name}突发事件总体应急预案",
                              kind=K.OVERALL, status=S.PUBLISHED))
            for n in range(39):
                plans.append(Plan(division_id=ids[r.code], organisation=office, title=f"{r.name}专项预案{n}",
                                  kind=K.SPECIAL, status=S.PUBLISHED))
            for n in range(47):
                plans.append(Plan(division_id=ids[r.code], organisation=office, title=f"{r.name}部门预案{n}",
                                  kind=K.DEPARTMENT, status=S.FILED))
        for index, r in enumerate(tree.levels["township"]):
            office = offices[r.code[:6]]
            overall = Plan(division_id=ids[r.code], organisation=office, title=f"{r.name}突发事件总体应急预案",
                           kind=K.OVERALL, status=states[index % len(states)])
            plans.append(overall)
            topics.append((overall, required[: 3 + index % (len(required) - 2)]))
            special = Plan(division_id=ids[r.code], organisation=office, title=f"{r.name}防汛应急预案",
                           kind=K.SPECIAL, status=S.PUBLISHED)
            plans.append(special)
            topics.append((special, [flood]))
        for index, r in enumerate(tree.levels["village"]):
            if index % 5 == 4:
                continue
            plans.append(Plan(division_id=ids[r.code], organisation=offices[r.code[:6]],
                              title=f"{r.name}“多案合一”综合应急预案", kind=K.COMBINED,
                              status=states[index % len(states)]))
        Plan.all_objects.bulk_create(plans, batch_size=2000)
        through = Plan.topics.through
        through.objects.bulk_create([through(plan_id=plan.pk, hazardtopic_id=topic.pk)
                                     for plan, chosen in topics for topic in chosen], batch_size=5000)
    root = Division.all_objects.get(code=root_code)
    return root if scale == "province" else _county(province_code)


def _county(province_code: str):
    from yingji.divisions.models import Division

    return Division.all_objects.filter(code__startswith=province_code, level="county").order_by("code").first()


def measure(scale: str, root, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yingji.divisions.models import Division
    from yingji.plans import selectors
    from yingji.plans.models import Plan

    with CaptureQueriesContext(connection) as captured:
        gaps = len(selectors.coverage(root).gaps)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        selectors.coverage(root).gaps  # noqa: B018 - the gaps are the last thing computed
        times.append((time.perf_counter() - started) * 1000)
    divisions = Division.objects.within(root)
    return {"scale": scale, "divisions": divisions.count(), "townships": divisions.filter(level="township").count(),
            "villages": divisions.filter(level="village").count(), "plans": Plan.objects.within(root).count(),
            "gaps": gaps, "queries": len(captured), "ms": statistics.median(times)}


if __name__ == "__main__":
    main()
