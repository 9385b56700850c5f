"""Demo drills: a year of drills in the demo county — county comprehensive, tabletop, cross-region, joint
and double-blind drills, township and village evacuation drills — with evaluations and improvement actions
(two overdue). Some quotas are left unmet on purpose (two of three comprehensive drills, one of two joint
drills, most departments without a double-blind or real-troop drill, most villages without a drill), so the
progress page and the home page have something to show. Plans are linked when the plans demo has made them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from yingji.divisions import services as division_services
from yingji.divisions.models import Division, Organisation, Person
from yingji.drills import services
from yingji.drills.models import Drill, ImprovementAction
from yingji.plans.models import Plan

K = Drill.Kind


@dataclass(frozen=True)
class DemoDrill:
    title: str  # "{county}" / "{town}" are filled in
    kind: str
    where: str  # "county", "town:<index>" or "village:<index>"
    organiser: str  # suffix of the organising unit's name ("应急管理局", "水务局", …) or "office"
    days_ago: int
    scenario: str
    place: str
    participants: tuple[str, ...] = ()
    teams: int = 0
    people: int = 0
    public: int = 0
    joint_focus: str = ""
    plan_words: tuple[str, ...] = ()  # a plan whose title holds one of these is linked
    score: int | None = None
    process: str = ""
    findings: str = ""
    # (description, owner, deadline in days from today, done days ago or None)
    actions: tuple[tuple[str, str, int, int | None], ...] = field(default_factory=tuple)


DRILLS = (
    DemoDrill("{county}防汛抢险综合应急演练", K.COMPREHENSIVE, "county", "应急管理局", 150, "持续强降雨引发山洪",
              "洮河锁南段河滩", ("水务局", "消防救援大队", "卫生健康局", "交通运输局"), 6, 220, 300,
              plan_words=("防汛", "洪"), score=86,
              process="08:30 气象局发布暴雨红色预警；09:00 县防指启动Ⅱ级响应；09:20 转移沿河群众；"
                      "10:10 消防救援大队开展水域救援；11:00 医疗救护及安置点开设；11:40 演练结束并点评。",
              findings="预警信息到村“最后一公里”用时过长；部分群众不熟悉转移路线；安置点物资清点不及时。",
              actions=(("完善预警信息直达村组责任人的叫应机制", "县应急管理局", -20, None),
                       ("在沿河村组补设转移路线指示牌", "锁南镇人民政府", 30, None),
                       ("建立安置点物资清单并定期盘点", "县民政局", -40, 50))),
    DemoDrill("{county}地质灾害避险转移综合演练", K.COMPREHENSIVE, "county", "自然资源局", 110,
              "降雨诱发滑坡，威胁坡下住户", "那勒寺镇滑坡隐患点", ("应急管理局", "公安局"), 4, 130, 160,
              plan_words=("地质",), score=91, process="监测员发现裂缝扩大→上报→乡镇组织转移→专业队伍处置。",
              findings="监测员上报信息要素不全。",
              actions=(("对地质灾害监测员开展信息报告培训", "县自然资源局", 20, None),)),
    DemoDrill("{county}森林草原火灾扑救桌面推演", K.TABLETOP, "county", "应急管理局", 230, "草场雷击火蔓延",
              "县应急指挥中心", ("消防救援大队", "公安局", "气象局"), 3, 40, plan_words=("森林", "火"), score=82,
              process="按预案分阶段推演：信息报告、指挥部开设、力量调度、扑救与清理。",
              findings="跨部门力量调度口令不统一。",
              actions=(("统一森林草原火灾扑救力量调度口令与通讯频道", "县应急管理局", -5, None),)),
    DemoDrill("{county}跨区域应急救援队伍拉动演练", K.CROSS_REGION, "county", "消防救援大队", 80,
              "邻县发生地震，跨区域增援", "县城至邻县集结点", ("应急管理局", "交通运输局"), 5, 90, score=88,
              process="接令后30分钟集结、2小时机动至邻县集结点，开展搜救科目。",
              findings="车辆集结和装备清点耗时超过预期。"),
    DemoDrill("{county}应急物资调运联合演练", K.JOINT, "county", "民政局", 60, "大范围受灾，调运救灾物资",
              "县救灾物资储备库", ("应急管理局", "交通运输局"), 2, 45, joint_focus=Drill.JointFocus.SUPPLIES,
              score=79, process="储备库接令出库、装车、运输到锁南镇安置点并签收。",
              findings="出库单据流转慢，夜间装卸照明不足。",
              actions=(("配置储备库夜间作业照明设备", "县民政局", 45, None),)),
    DemoDrill("{county}危化品运输车辆泄漏双盲演练", K.DOUBLE_BLIND, "county", "交通运输局", 40,
              "危化品槽车侧翻泄漏（事先不告知）", "国道G213东乡段", ("消防救援大队", "公安局", "卫生健康局"), 4, 60,
              score=75, process="不预先告知时间地点，接报后各单位按预案响应。",
              findings="现场警戒范围划定偏小；交通管制信息发布滞后。",
              actions=(("修订危化品泄漏现场警戒距离参考表", "县交通运输局", 60, None),)),
    DemoDrill("{county}公安局实兵拉动演练", K.PULL, "county", "公安局", 25, "突发群体性事件处置",
              "县公安局训练场", (), 1, 80, score=90),
    DemoDrill("{town}地震应急疏散演练", K.EVACUATION, "town:0", "office", 200, "发生5.5级地震", "镇中心学校",
              (), 1, 60, 800, plan_words=("总体",), score=85, findings="疏散楼梯口拥堵。",
              actions=(("错峰安排疏散路线并在楼梯口增设引导员", "镇中心学校", -60, 70),)),
    DemoDrill("{town}防汛转移避险演练", K.EVACUATION, "town:1", "office", 140, "山洪预警，转移沿河群众",
              "镇政府至安置点", (), 2, 45, 260, score=80),
    DemoDrill("{town}村级疏散演练", K.EVACUATION, "village:0", "office", 100, "火灾疏散", "村委会", (), 1, 20, 120),
)


def _organisations(county: Division) -> tuple[dict[str, Organisation], dict[int, Organisation]]:
    """County units by the end of their name, and each township's emergency office by division."""
    by_suffix, offices = {}, {}
    for org in Organisation.objects.within(county).select_related("division").order_by("division__code", "pk"):
        if org.division_id == county.pk:
            by_suffix.setdefault(org.name, org)
        elif org.kind == Organisation.Kind.EMERGENCY_OFFICE:
            offices.setdefault(org.division_id, org)
    return by_suffix, offices


def _unit(by_suffix: dict[str, Organisation], county: Division, suffix: str) -> Organisation:
    for name, org in by_suffix.items():
        if name.endswith(suffix):
            return org
    org = division_services.organisation_create(actor=None, data={
        "division": county, "kind": Organisation.Kind.DEPARTMENT, "name": f"{county.name}{suffix}"})
    by_suffix[org.name] = org
    return org


def _office(offices: dict[int, Organisation], township: Division) -> Organisation:
    if township.pk not in offices:
        offices[township.pk] = division_services.organisation_create(actor=None, data={
            "division": township, "kind": Organisation.Kind.EMERGENCY_OFFICE, "name": f"{township.name}应急管理办公室"})
    return offices[township.pk]


def load_demo(county: Division, say) -> None:
    townships = list(Division.objects.within(county).filter(level="township").order_by("code"))
    if not townships:
        return
    villages = {t.pk: Division.objects.within(t).filter(level="village").order_by("code").first() for t in townships}
    existing = set(Drill.all_objects.within(county).values_list("title", flat=True))
    by_suffix, offices = _organisations(county)
    plans = list(Plan.objects.within(county).filter(status=Plan.Status.PUBLISHED).order_by("pk"))
    heads = {p.organisation_id: p for p in Person.objects.within(county).filter(post__contains="局长")
             .order_by("pk")}
    today = timezone.localdate()
    added = actions_added = 0
    for item in DRILLS:
        where, _sep, index = item.where.partition(":")
        township = townships[int(index or 0) % len(townships)]
        division = {"county": county, "town": township, "village": villages[township.pk] or township}[where]
        title = item.title.format(county=county.name, town=division.name)
        if title in existing:
            continue
        organiser = _office(offices, township) if item.organiser == "office" else _unit(by_suffix, county,
                                                                                        item.organiser)
        day = today - datetime.timedelta(days=item.days_ago)
        drill = services.drill_create(actor=None, data={
            "division": division, "organiser": organiser, "title": title, "kind": item.kind,
            "joint_focus": item.joint_focus, "scenario": item.scenario, "date": day, "place": item.place,
            "duration_minutes": 120, "teams": item.teams, "people": item.people,
            "public_participants": item.public, "announced": item.kind != K.DOUBLE_BLIND, "process": item.process,
            "score": item.score, "findings": item.findings,
            "evaluator": "县应急管理局演练评估组" if item.score is not None else "",
            "evaluated_on": day + datetime.timedelta(days=3) if item.score is not None else None})
        drill.participants.set([_unit(by_suffix, county, suffix) for suffix in item.participants])
        drill.plans.set([p for p in plans if any(word in p.title for word in item.plan_words)][:2])
        for description, owner, due_in, done_ago in item.actions:
            owner_org = next((o for name, o in by_suffix.items() if name.endswith(owner.removeprefix("县"))), None)
            action = services.action_create(actor=None, data={
                "drill": drill, "description": description, "owner": owner,
                "owner_person": heads.get(owner_org.pk) if owner_org else None,
                "deadline": today + datetime.timedelta(days=due_in)})
            if done_ago is not None:
                services.action_complete(actor=None, action=action, result="已按要求完成",
                                         done_on=today - datetime.timedelta(days=done_ago))
            actions_added += 1
        added += 1
    overdue = ImprovementAction.objects.within(county).filter(
        status=ImprovementAction.Status.OPEN, deadline__lt=today).count()
    say(f"演练 drills +{added}, 整改措施 improvement actions +{actions_added} (逾期 overdue {overdue})")
