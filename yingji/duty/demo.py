"""Demo duty data: the next holiday and a sensitive period whose rosters are partly overdue, spot
checks with a few failures, and the county office's duty log."""

import random
from datetime import date, timedelta

from django.utils import timezone

from yingji.divisions.models import Division, Organisation, Person
from yingji.duty.models import DutyAssignment, DutyLogEntry, DutyRoster, SpecialPeriod, SpotCheck
from yingji.duty.services import day_bounds, staffing_gaps

SEED = 5


def load_demo(county: Division, say) -> None:
    if SpecialPeriod.all_objects.filter(division=county).exists():
        say("值班 duty: already loaded")
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    new_year = date(today.year + 1, 1, 1)
    holiday = SpecialPeriod.objects.create(division=county, name=f"{new_year.year}年元旦", kind="holiday",
                                           start_date=new_year, end_date=new_year + timedelta(days=2))
    # Starts in two days and was due yesterday: the offices that have not filed show as overdue.
    sensitive = SpecialPeriod.objects.create(division=county, name="岁末年初安全生产敏感时期", kind="sensitive",
                                             start_date=today + timedelta(days=2), end_date=today + timedelta(days=6))
    offices = list(Organisation.objects.within(county).filter(kind=Organisation.Kind.EMERGENCY_OFFICE)
                   .exclude(division__level="village").select_related("division").order_by("division__code"))
    people = {}
    for person in Person.objects.within(county).exclude(division__level="village").order_by("pk"):
        people.setdefault(person.division_id, []).append(person)
    filed = 0
    for index, office in enumerate(offices):
        team = people.get(office.division_id, [])[:7]
        periods = [sensitive] if index % 3 else [sensitive, holiday]
        for period in periods:
            if period is sensitive and index % 4 == 3:
                continue  # not drawn up yet: overdue
            roster = DutyRoster.objects.create(
                division=office.division, organisation=office, period=period, start_date=period.start_date,
                end_date=period.end_date, duty_phone=office.phone or "0930-7121000")
            rows = []
            day = period.start_date
            while day <= period.end_date:
                start, end = day_bounds(day)
                rows += [DutyAssignment(roster=roster, person=person, role="leader" if n == 0 else "staff",
                                        starts_at=start, ends_at=end) for n, person in enumerate(team)]
                day += timedelta(days=1)
            DutyAssignment.objects.bulk_create(rows)
            if not staffing_gaps(roster):
                roster.status, roster.filed_at = DutyRoster.Status.FILED, timezone.now()
                roster.save(update_fields=["status", "filed_at"])
                filed += 1
    checks = []
    for office in rng.sample(offices, min(12, len(offices))):
        ok = rng.random() > 0.25
        checks.append(SpotCheck(
            division=office.division, organisation=office, period=sensitive, method=rng.choice(["phone", "onsite"]),
            checked_at=timezone.now() - timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 23)),
            reached=ok or rng.random() > 0.5, rings=rng.randint(1, 6), on_post=ok, knew_procedure=ok,
            findings="" if ok else "值班人员临时离岗，未按规定请假", checker="县应急管理局督查组"))
    SpotCheck.objects.bulk_create(checks)
    county_office = next((o for o in offices if o.division_id == county.pk), None)
    if county_office is not None:
        calls = [("call", "锁南镇村民", "反映村道因降雪结冰，车辆通行困难", "已通知乡镇组织撒盐除冰", False),
                 ("event", "达板镇应急办", "报告一处民房墙体开裂，已疏散住户3人", "已通知住建部门现场查看", True),
                 ("instruction", "州应急管理局", "转发寒潮预警，要求加强值班值守", "已转发各乡镇并电话确认", False),
                 ("call", "那勒寺镇群众", "咨询冬季取暖一氧化碳中毒预防", "已告知注意事项", False),
                 ("handover", "", "交班：墙体开裂一事待住建部门反馈", "接班人继续跟进", True)]
        DutyLogEntry.objects.bulk_create([
            DutyLogEntry(division=county, organisation=county_office, kind=kind, caller_unit=unit, content=content,
                         actions=actions, is_open=is_open, on_duty="值班员",
                         received_at=timezone.now() - timedelta(hours=6 * (len(calls) - n)))
            for n, (kind, unit, content, actions, is_open) in enumerate(calls)])
    say(f"值班 duty: 2 个特殊时段, {filed} 份值班表已报送, {len(checks)} 次抽查")
