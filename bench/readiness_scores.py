"""Readiness ("六有"/"七有" scores, the ranking of children and the "七化" measures) for a county and for a
whole province: divisions in scope against SQL queries and time, the county measured in the same run as
the baseline.

    python bench/readiness_scores.py                                  # fresh SQLite file under /tmp
    python bench/readiness_scores.py --runs 3 --scales county         # quick
    python bench/readiness_scores.py --database-url postgres://postgres@127.0.0.1:5432/yingji_ready_bench

1. Migrates the bench database and bulk-inserts synthetic trees from yingji.divisions.synthetic (not
   timed): a county (province code 96) and a province (100 counties, 1,500 townships, 25,000 villages,
   province code 95). Each township gets an emergency office and a published overall plan, four
   villages in five a combined plan and two in three a service station, so every indicator has rows.
2. Times `selectors.scores` for each standard, `selectors.ranking` and `performance.performance` at
   the county root and at the province root, and prints divisions, queries and the median time. The
   queries must not grow from the county to the province: nothing is queried per township or village.
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
SIZES = {"county": "96", "province": "95"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scales", default="county,province")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkstemp(prefix='yingji-readybench-', suffix='.sqlite3')[1]}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingji.config.settings.test")
    os.environ.setdefault("YINGJI_DATA_DIR", tempfile.mkdtemp(prefix="yingji-readybench-data-"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"database: {url.split('@')[-1]}")
    rows = []
    for scale in args.scales.split(","):
        started = time.perf_counter()
        root = build(scale, SIZES[scale])
        print(f"built {scale} ({SIZES[scale]}) in {time.perf_counter() - started:.1f} s")
        rows.extend(measure(scale, root, args.runs))
    print()
    print(f"{'scale':<10}{'what':<22}{'divisions':>11}{'queries':>9}{'ms (median)':>13}")
    for row in rows:
        print(f"{row['scale']:<10}{row['what']:<22}{row['divisions']:>11,}{row['queries']:>9}{row['ms']:>13.1f}")
    # The province may take fewer (七化's publicity quota is judged only for a county or a township's
    # subtree), never more.
    county = {row["what"]: row["queries"] for row in rows if row["scale"] == "county"}
    grown = [row["what"] for row in rows if row["scale"] == "province" and row["queries"] > county.get(row["what"], 10**9)]
    if grown:
        raise SystemExit(f"queries grow with the number of divisions: {', '.join(grown)}")


def build(scale: str, province_code: str):
    """Divisions, offices, plans and service stations by bulk insert."""
    from django.db import transaction

    from yingji.divisions import synthetic
    from yingji.divisions.models import Division, Organisation
    from yingji.plans.models import Plan

    root_code = province_code.ljust(12, "0")
    existing = Division.all_objects.filter(code=root_code).first()
    if existing is not None and Plan.all_objects.filter(division__code__startswith=province_code).exists():
        return existing if scale == "province" else _county(province_code)
    tree = synthetic.division_tree(scale=scale, seed=1, province_code=province_code)
    K, S = Plan.Kind, Plan.Status
    with transaction.atomic():
        ids: dict[str, int] = {}
        for level, level_rows in tree.levels.items():
            Division.all_objects.bulk_create(
                [Division(code=r.code, name=r.name, level=r.level, size_class=r.size_class,
                          parent_id=ids[r.parent_code] if r.parent_code else None) for r in level_rows],
                batch_size=2000)
            ids.update(Division.all_objects.filter(code__startswith=province_code, level=level)
                       .values_list("code", "id"))
        Organisation.all_objects.bulk_create(
            [Organisation(division_id=ids[r.code], kind=Organisation.Kind.EMERGENCY_OFFICE, name=f"{r.name}应急办")
             for r in tree.levels["township"]]
            + [Organisation(division_id=ids[r.code], kind=Organisation.Kind.SERVICE_STATION,
                            name=f"{r.name}应急服务站")
               for index, r in enumerate(tree.levels["village"]) if index % 3], batch_size=2000)
        offices = dict(Organisation.all_objects.filter(division__code__startswith=province_code,
                                                       kind=Organisation.Kind.EMERGENCY_OFFICE)
                       .values_list("division__code", "id"))
        plans = [Plan(division_id=ids[r.code], organisation_id=offices[r.code], title=f"{r.name}总体应急预案",
                      kind=K.OVERALL, status=S.PUBLISHED) for r in tree.levels["township"]]
        plans += [Plan(division_id=ids[r.code], organisation_id=offices[r.code[:9] + "000"],
                       title=f"{r.name}“多案合一”综合应急预案", kind=K.COMBINED, status=S.PUBLISHED)
                  for index, r in enumerate(tree.levels["village"]) if index % 5 != 4]
        Plan.all_objects.bulk_create(plans, batch_size=2000)
    root = Division.all_objects.get(code=root_code)
    return root if scale == "province" else _county(province_code)


def _county(province_code: str):
    from yingji.divisions.models import Division

    return Division.all_objects.filter(code__startswith=province_code, level="county").order_by("code").first()


def measure(scale: str, root, runs: int) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yingji.divisions.models import Division
    from yingji.readiness import selectors
    from yingji.readiness.performance import performance
    from yingji.readiness.rules import STANDARDS

    cases = [(f"scores {code}", lambda s=standard: selectors.scores(root, s)) for code, standard in STANDARDS.items()]
    cases += [("ranking village_six", lambda: selectors.ranking(root, STANDARDS["village_six"])),
              ("performance 七化", lambda: performance(root))]
    divisions = Division.objects.within(root).count()
    rows = []
    for what, run in cases:
        with CaptureQueriesContext(connection) as captured:
            run()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            run()
            times.append((time.perf_counter() - started) * 1000)
        rows.append({"scale": scale, "what": what, "divisions": divisions, "queries": len(captured),
                     "ms": statistics.median(times)})
    return rows


if __name__ == "__main__":
    main()
