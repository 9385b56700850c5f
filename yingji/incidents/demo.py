"""Demo: a year of events in the demo county, reported village → township → county → city.

Most reports arrive on time; some are late (迟报), some follow-ups and final reports never came
(漏报), and the last days' events still have open deadlines. Rows are generated in memory with the
same rules and due-time function the services use, then bulk-inserted (history cannot be written
through services that stamp "now"). Idempotent: a county that already has events is left alone.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from yingji.divisions.models import Division, Person, User
from yingji.incidents.models import DeadlineRule, Event, Obligation, Receipt, Report
from yingji.incidents.rules import LEVELS, TOP_LEVEL, Severity, suggest_severity
from yingji.incidents.services import due_for, rule_applies

EVENTS_PER_YEAR = 150
SEED = 5622926

SCENARIOS = [
    # category, subtype, title suffix, what happened
    ("natural", "geological", "山体滑坡", "连续降雨引发山体滑坡，冲毁村道约30米"),
    ("natural", "flood_drought", "山洪", "短时强降雨引发山洪，部分农田被淹"),
    ("natural", "meteorological", "冰雹灾害", "突降冰雹，玉米、马铃薯受损"),
    ("natural", "earthquake", "地震有感", "群众反映震感明显，部分老旧房屋出现裂缝"),
    ("accident", "road_traffic", "道路交通事故", "一辆农用车在乡道侧翻"),
    ("accident", "fire", "民房火灾", "民房因电线老化起火"),
    ("accident", "work_safety", "施工事故", "农房建设工地发生坍塌"),
    ("health", "food_safety", "疑似食物中毒", "村民聚餐后多人出现呕吐腹泻"),
    ("health", "animal_epidemic", "动物疫情", "养殖户羊只出现异常死亡"),
    ("social", "mass_incident", "群众聚集", "因土地补偿纠纷群众聚集"),
]


def load_demo(county: Division, say) -> None:
    if Event.all_objects.within(county).exists():
        say("突发事件 incidents: already loaded")
        return
    rng = random.Random(SEED)
    now = timezone.now()
    tree = {d.pk: d for d in Division.objects.within(county).exclude(level="village")}
    ancestors = list(county.ancestors())
    for d in ancestors:
        tree[d.pk] = d
    villages = list(Division.objects.within(county).filter(level="village").order_by("code"))
    if not villages:
        return
    by_code = {d.code: d for d in tree.values()}
    rules = list(DeadlineRule.objects.filter(is_active=True))
    people: dict[int, list[Person]] = {}
    for person in Person.objects.within(county).exclude(mobile=""):
        people.setdefault(person.division_id, []).append(person)
    users = {u.division_id: u for u in User.objects.within(county).filter(is_active=True).order_by("-id")}

    def chain_of(village):
        township = by_code[village.code[:9] + "000"]
        return [village, township, county, *reversed(ancestors)]

    def reporter(division):
        candidates = people.get(division.pk) or people.get(tree.get(division.parent_id, county).pk) or [None]
        person = rng.choice(candidates)
        return (person.name, person.mobile) if person else ("值班员", "0930-7100000")

    events, plans = [], []
    for _i in range(EVENTS_PER_YEAR):
        village = rng.choice(villages)
        category, subtype, suffix, nature = rng.choice(SCENARIOS)
        occurred = now - datetime.timedelta(days=rng.uniform(0.05, 365), minutes=rng.randint(0, 600))
        known = occurred + datetime.timedelta(minutes=rng.randint(5, 60))
        deaths = rng.choice([0] * 12 + [1, 1, 2, 3])
        injured = rng.choice([0, 0, 0, 1, 2, 3, 5])
        loss = Decimal(rng.choice([0, 5000, 20000, 80000, 300000]))
        suggested = suggest_severity(category, deaths=deaths, serious_injuries=0, loss_yuan=loss)
        severity = suggested or Severity.GENERAL
        events.append(Event(
            division=village, title=f"{village.name}{suffix}", category=category, subtype=subtype, severity=severity,
            severity_suggested=suggested or "", address=f"{village.name}{rng.randint(1, 9)}社", occurred_at=occurred,
            known_at=known, source="村灾害信息员报告", deaths=deaths, injured=injured, serious_injuries=0,
            economic_loss=loss, status=Event.Status.OPEN))
        plans.append((village, nature))
    Event.objects.bulk_create(events)

    reports, receipts, obligations = [], [], []
    closed = []
    for event, (village, nature) in zip(events, plans, strict=True):
        chain = [d for d in chain_of(village) if LEVELS.index(d.level) <= LEVELS.index(TOP_LEVEL[event.severity])]
        sequence = 0

        def report(kind, division, at, event=event, nature=nature, **extra):
            nonlocal sequence
            sequence += 1
            name, phone = reporter(division)
            row = Report(event=event, division=division, kind=kind, sequence=sequence, submitted_at=at,
                         author=users.get(division.pk), reporter_name=name, reporter_phone=phone,
                         occurred_at=event.occurred_at, place=event.address, source=event.source, nature=nature,
                         deaths=event.deaths, injured=event.injured, economic_loss=event.economic_loss,
                         measures="已组织人员赶赴现场，疏散周边群众", **extra)
            reports.append(row)
            return row

        def obligation(kind, division, received, fulfilled, report_row, event=event, chain=chain):
            made = []
            for rule in rules:
                if not rule_applies(rule, event, kind=kind, from_level=division.level):
                    continue
                target = next((d for d in chain if d.level == rule.to_level), None)
                if target is None or rule.channel != "written":
                    continue
                started, due = due_for(rule, event=event, received_at=received)
                if any(o.division == division and o.target == target and o.kind == kind for o in made):
                    continue
                row = Obligation(event=event, division=division, target=target, kind=kind, channel=rule.channel,
                                 rule=rule, started_at=started, due_at=due, owner=users.get(division.pk))
                if fulfilled is not None and fulfilled <= now:
                    row.fulfilled_at, row.report_ref = fulfilled, report_row
                    late = fulfilled > due
                    row.status = Obligation.Status.LATE if late else Obligation.Status.ON_TIME
                    row.minutes_late = int((fulfilled - due).total_seconds() // 60) if late else 0
                elif due <= now:
                    row.status = Obligation.Status.LATE if kind == "first" else Obligation.Status.MISSING
                    row.flagged_at = due + datetime.timedelta(minutes=1)
                made.append(row)
            obligations.extend(made)
            return made

        # First report up the chain: each hop mostly on time, sometimes late, recent ones maybe not yet.
        at = event.known_at
        first = None
        for lower, upper in zip(chain, chain[1:], strict=False):
            late = rng.random() < 0.1
            delay = datetime.timedelta(minutes=rng.randint(70, 240) if late else rng.randint(5, 50))
            sent = at + delay
            if sent > now:
                obligation("first", lower, at, None, None)
                break
            if first is None:
                first = report("first", lower, sent)
            obligation("first", lower, at, sent, first)
            receipts.append(Receipt(report=first, division=upper, received_at=sent,
                                    acknowledged_at=sent + datetime.timedelta(minutes=rng.randint(1, 15)),
                                    forwarded_at=None))
            if len(receipts) > 1 and receipts[-2].report is first:
                receipts[-2].forwarded_at = sent
            at = sent
            if lower.level == "county":
                county_received = next(r.received_at for r in receipts if r.report is first and
                                       r.division.level == "county") if chain[0].level != "county" else sent
                # Follow-up within 24 hours: most come, some late, some never (漏报).
                roll = rng.random()
                followup_at = None
                if roll < 0.7:
                    followup_at = county_received + datetime.timedelta(hours=rng.uniform(4, 20))
                elif roll < 0.8:
                    followup_at = county_received + datetime.timedelta(hours=rng.uniform(26, 40))
                row = report("followup", lower, followup_at) if followup_at and followup_at <= now else None
                obligation("followup", lower, county_received, followup_at, row)
                # Final report when the 30-day casualty window closes: most come, a few never.
                final_at = event.known_at + datetime.timedelta(days=rng.uniform(3, 28)) if rng.random() < 0.88 else None
                final = None
                if final_at and final_at <= now:
                    final = report("final", lower, final_at, scope="一个村民小组", trend="已稳定",
                                   next_steps="做好善后和恢复重建")
                    closed.append(event.pk)
                obligation("final", lower, county_received, final_at, final)

    Report.objects.bulk_create(reports)
    for row in receipts:
        row.report_id = row.report.pk
    Receipt.objects.bulk_create(receipts)
    for row in obligations:
        ref = getattr(row, "report_ref", None)
        row.report_id = ref.pk if ref is not None else None
    Obligation.objects.bulk_create(obligations)
    Event.objects.filter(pk__in=closed).update(status=Event.Status.CLOSED)
    late = sum(1 for o in obligations if o.status == Obligation.Status.LATE)
    missing = sum(1 for o in obligations if o.status == Obligation.Status.MISSING)
    say(f"突发事件 incidents: {len(events)} events, {len(reports)} reports, {len(obligations)} deadlines "
        f"({late} late, {missing} missing)")
