"""Demo plans of the demo county in every lifecycle state (seed 000's system in miniature): the county's
overall, special and departmental plans, each township's overall plan and some special ones, and the
villages' combined plans (多案合一) with some missing and some filings overdue. Steps go through the
services as the system, so every plan has its history."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from yingji.divisions.models import Division, Organisation
from yingji.plans import services
from yingji.plans.models import HazardTopic, Plan

S = Plan.Status
K = Plan.Kind
# The order a plan goes through; a target state is reached by the steps before it.
STEPS = [("submit", S.SUBMITTED), ("deliberate", S.DELIBERATED), ("send_for_filing", S.FILING), ("file", S.FILED),
         ("publish", S.PUBLISHED), ("revise", S.REVISING)]
COUNTY_SPECIAL = [("防汛抗旱应急预案", "洪涝灾害"), ("地震应急预案", "地震"), ("地质灾害应急预案", "地质灾害"),
                  ("森林火灾应急预案", "森林防火"), ("危险化学品事故应急预案", "危化品"),
                  ("生产安全事故应急预案", "安全生产"), ("突发公共卫生事件应急预案", "疫情防控"),
                  ("道路交通事故应急预案", "道路交通")]
# The county's special plans show every state, whatever the number of townships and villages.
COUNTY_SPECIAL_STATES = [(S.PUBLISHED, 300), (S.FILED, 40), (S.PUBLISHED, 700), (S.REVISING, 900),
                         (S.PUBLISHED, 1100), (S.DELIBERATED, 3), (S.SUBMITTED, 0), (S.DRAFT, 0)]
COUNTY_DEPARTMENTS = [("县消防救援大队火灾扑救应急预案", "消防安全"), ("县交通运输局公路突发事件应急预案", "道路交通"),
                      ("县卫生健康局突发公共卫生事件医疗卫生救援应急预案", "疫情防控")]
TOWNSHIP_TOPICS = ["安全生产", "洪涝灾害", "消防安全", "地震", "地质灾害", "森林防火", "危化品", "疫情防控"]
# Township index → (state of its overall plan, days since its meeting); a cycle over the townships.
TOWNSHIP_STATES = [(S.PUBLISHED, 400), (S.FILED, 60), (S.FILING, 45), (S.PUBLISHED, 200), (S.DELIBERATED, 5),
                   (S.SUBMITTED, 0), (S.DRAFT, 0), (S.PUBLISHED, 1200)]
# Village index → state of its combined plan (None: no plan yet), days since its meeting.
VILLAGE_STATES = [(S.PUBLISHED, 300), (S.FILED, 50), (S.FILING, 40), None, (S.PUBLISHED, 150), (S.FILING, 6),
                  (S.DRAFT, 0), (S.PUBLISHED, 90), None, (S.REVISING, 500)]


def _drive(plan: Plan, target: str, meeting: date, body: str) -> None:
    if target == S.DRAFT:
        return
    if target == S.SUPERSEDED:
        # An earlier version, published and later repealed in place of the current one.
        _drive(plan, S.PUBLISHED, meeting, body)
        services.transition(plan, "supersede", actor=None, on=meeting + timedelta(days=1020), comment="新版预案印发")
        return
    plan.checked_contents = list(plan.required_contents())
    plan.save(update_fields=["checked_contents"])
    for action, reached in STEPS:
        on = {"submit": meeting - timedelta(days=3), "deliberate": meeting,
              "send_for_filing": meeting + timedelta(days=2), "file": meeting + timedelta(days=14),
              "publish": meeting + timedelta(days=20), "revise": meeting + timedelta(days=400)}.get(action)
        extra = {"deliberate": {"body": body, "decision": "审议通过，同意印发"}, "publish": {"scope": "辖区全体群众"},
                 "file": {"filing_number": f"备{meeting:%Y}-{plan.pk:04d}"}}.get(action, {})
        services.transition(plan, action, actor=None, on=on, comment="演示数据" if action == "file" else "", **extra)
        if reached == target:
            return


def _office(division: Division, kinds) -> Organisation | None:
    return (Organisation.objects.within(division).filter(division=division, kind__in=kinds).order_by("pk").first()
            or Organisation.objects.within(division).filter(division=division).order_by("pk").first())


def load_demo(county: Division, say) -> None:
    existing = set(Plan.all_objects.within(county).values_list("division_id", "title"))
    topics = {t.name: t for t in HazardTopic.objects.all()}
    today = timezone.localdate()
    added = 0

    def make(division, org, title, kind, topic_names, target, days_ago, body, **extra) -> None:
        nonlocal added
        if org is None or (division.pk, title) in existing:
            return
        plan = services.plan_create(actor=None, data={
            "division": division, "organisation": org, "title": title, "kind": kind,
            "summary": f"明确{division.name}应对突发事件的组织指挥体系、预警响应、处置程序和保障措施。",
            "contact_person": "马文辉", "contact_phone": "0930-7121234", **extra})
        plan.topics.set([topics[name] for name in topic_names if name in topics])
        _drive(plan, target, today - timedelta(days=days_ago), body)
        added += 1

    name = county.name
    county_office = _office(county, [Organisation.Kind.DEPARTMENT, Organisation.Kind.EMERGENCY_OFFICE])
    # The previous version, repealed when the current one was published (every lifecycle state shows).
    make(county, county_office, f"{name}突发事件总体应急预案（2019年版）", K.OVERALL, TOWNSHIP_TOPICS, S.SUPERSEDED,
         2200, "办公会", number=f"{name[:2]}政办发〔2019〕8号", version="1.0")
    previous = Plan.all_objects.filter(division=county, title=f"{name}突发事件总体应急预案（2019年版）").first()
    # Published over three years ago: due for evaluation.
    make(county, county_office, f"{name}突发事件总体应急预案", K.OVERALL, TOWNSHIP_TOPICS, S.PUBLISHED, 1200,
         "办公会", number=f"{name[:2]}政办发〔2023〕12号", version="2.0", supersedes=previous)
    for (title, topic), (state, days) in zip(COUNTY_SPECIAL, COUNTY_SPECIAL_STATES, strict=True):
        make(county, county_office, f"{name}{title}", K.SPECIAL, [topic], state, days, "办公会")
    for title, topic in COUNTY_DEPARTMENTS:
        make(county, county_office, title, K.DEPARTMENT, [topic], S.FILING, 10, "办公会")

    townships = list(Division.objects.within(county).filter(level="township").order_by("code"))
    for index, township in enumerate(townships):
        office = _office(township, [Organisation.Kind.EMERGENCY_OFFICE])
        state, days = TOWNSHIP_STATES[index % len(TOWNSHIP_STATES)]
        # Every third township leaves two required topics uncovered: the coverage page shows the gap.
        covered = TOWNSHIP_TOPICS[:-2] if index % 3 == 1 else TOWNSHIP_TOPICS
        make(township, office, f"{township.name}突发事件总体应急预案", K.OVERALL, covered, state, days, "党委会")
        if index % 2 == 0:
            make(township, office, f"{township.name}防汛应急预案", K.SPECIAL, ["洪涝灾害"], S.PUBLISHED, 250, "党委会")

    villages = list(Division.objects.within(county).filter(level="village").order_by("code"))
    for index, village in enumerate(villages):
        spec = VILLAGE_STATES[index % len(VILLAGE_STATES)]
        if spec is None:
            continue
        office = _office(village, [Organisation.Kind.RESPONSE_GROUP, Organisation.Kind.SERVICE_STATION])
        make(village, office, f"{village.name}“多案合一”综合应急预案", K.COMBINED, ["洪涝灾害", "地质灾害", "消防安全"],
             spec[0], spec[1], "支委会")
    say(f"应急预案：新增{added}个")
