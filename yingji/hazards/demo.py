"""Demo hazard register: hazards across townships in every state, two overdue, one major hazard under
remediation, one found by a sensor alarm; and a public report waiting for triage."""

from __future__ import annotations

import datetime

from django.utils import timezone

from yingji.divisions.models import Division
from yingji.hazards import services
from yingji.hazards.models import Hazard, PublicReport
from yingji.hazards.rules import Category, FoundBy, Grade, Kind, RiskLevel, Status

# (title, township index, kind, category, grade, risk, found by, days ago found, deadline in days, status)
HAZARDS = [
    ("锁南镇农贸市场消防通道堵塞", 0, Kind.HIDDEN_HAZARD, Category.FIRE, Grade.GENERAL, RiskLevel.GENERAL,
     FoundBy.INSPECTION, 20, -5, Status.OPEN),
    ("达板镇自建房屋墙体开裂", 1, Kind.HIDDEN_HAZARD, Category.BUILDING, Grade.GENERAL, RiskLevel.CONSIDERABLE,
     FoundBy.GRID, 15, -2, Status.RECTIFYING),
    ("那勒寺滑坡隐患点", 2, Kind.DANGEROUS_AREA, Category.GEOLOGICAL, Grade.MAJOR, RiskLevel.MAJOR,
     FoundBy.INSPECTION, 60, 90, Status.RECTIFYING),
    ("学校食堂燃气管道老化", 3, Kind.HIDDEN_HAZARD, Category.GAS, Grade.GENERAL, RiskLevel.GENERAL,
     FoundBy.INSPECTION, 40, -20, Status.CLOSED),
    ("国道旁临崖路段护栏缺失", 4, Kind.HIDDEN_HAZARD, Category.ROAD, Grade.GENERAL, RiskLevel.CONSIDERABLE,
     FoundBy.PUBLIC, 10, 20, Status.OPEN),
    ("加油站", 5, Kind.RISK_SOURCE, Category.WORK_SAFETY, Grade.GENERAL, RiskLevel.CONSIDERABLE,
     FoundBy.INSPECTION, 100, None, Status.OPEN),
    ("河道行洪断面被侵占", 6, Kind.HIDDEN_HAZARD, Category.FLOOD, Grade.GENERAL, RiskLevel.GENERAL,
     FoundBy.GRID, 30, -10, Status.RECTIFIED),
    ("草场边缘违规用火", 7, Kind.HIDDEN_HAZARD, Category.FOREST_FIRE, Grade.GENERAL, RiskLevel.LOW,
     FoundBy.GRID, 5, 3, Status.OPEN),
]


def load_demo(county: Division, say) -> None:
    townships = list(Division.objects.within(county).filter(level="township").order_by("code"))
    if not townships:
        return
    existing = set(Hazard.all_objects.within(county).values_list("title", flat=True))
    now = timezone.now()
    today = timezone.localdate()
    added = 0
    for title, index, kind, category, grade, risk, found_by, ago, due, status in HAZARDS:
        if title in existing:
            continue
        township = townships[index % len(townships)]
        data = {"division": township, "kind": kind, "category": category, "title": title, "address": township.name,
                "grade": grade, "risk_level": risk, "found_by": found_by,
                "found_at": now - datetime.timedelta(days=ago), "responsible_unit": f"{township.name}人民政府",
                "responsible_person": "马文辉", "measures": "落实专人盯守，限期整改",
                "deadline": today + datetime.timedelta(days=due) if due is not None else None}
        if grade == Grade.MAJOR:
            data.update(state_and_cause="坡体前缘出现拉张裂缝，雨季加剧", harm_analysis="威胁坡下23户98人，整改需工程治理",
                        remediation_plan="搬迁避让与削坡减载相结合，汛期专人监测")
        hazard = services.hazard_create(actor=None, data=data)
        if grade == Grade.MAJOR:
            hazard = services.report_major(actor=None, hazard=hazard)
        if status in (Status.RECTIFYING,):
            services.transition(actor=None, hazard=hazard, to=Status.RECTIFYING, progress="已制定方案，正在整改")
        elif status in (Status.RECTIFIED, Status.CLOSED):
            hazard = services.transition(actor=None, hazard=hazard, to=Status.RECTIFIED, progress="整改完成")
            if status == Status.CLOSED:
                services.transition(actor=None, hazard=hazard, to=Status.CLOSED, verified_by="县应急管理局")
        added += 1
    alarm_hazard = _from_alarm(county, existing)
    if not PublicReport.all_objects.within(county).exists():
        PublicReport.objects.create(division=townships[0], category=Category.FIRE, address="锁南镇东街",
                                    text="小区地下车库堆放大量易燃杂物，消防栓无水。")
    say(f"隐患台账：新增{added + alarm_hazard}条")


def _from_alarm(county: Division, existing: set[str]) -> int:
    from yingji.monitoring.models import Alarm

    title = "储罐区可燃气体浓度超标"
    alarm = Alarm.objects.within(county).filter(level="red").order_by("raised_at").first()
    if alarm is None or title in existing:
        return 0
    services.hazard_create(actor=None, data={
        "division": alarm.division, "kind": Kind.HIDDEN_HAZARD, "category": Category.WORK_SAFETY, "title": title,
        "address": alarm.sensor.site.name, "grade": Grade.GENERAL, "risk_level": RiskLevel.CONSIDERABLE,
        "found_by": FoundBy.ALARM, "alarm": alarm, "found_at": alarm.raised_at, "measures": "更换法兰垫片，加密巡检",
        "deadline": timezone.localdate() + datetime.timedelta(days=3)})
    return 1
