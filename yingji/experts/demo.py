"""Demo expert pool (seed 003: 矿山、工贸、危险化学品等多领域专家) with participation records (seed 004:
会商、处置、评估、年会). Names, units and numbers are invented. Idempotent: experts are found by name in
the county, engagements by expert, date and subject."""

from __future__ import annotations

import datetime

from yingji.divisions.models import Division
from yingji.experts import services
from yingji.experts.models import Domain, Expert, ExpertEngagement
from yingji.experts.rules import Availability, EngagementKind, Level

EXPERTS = [
    # (name, domains, title, organisation, level, availability)
    ("马文学", ["geology", "flood"], "正高级工程师", "临夏州地质环境监测站", Level.CITY, Availability.AVAILABLE),
    ("妥建国", ["hazchem", "industry_trade"], "高级工程师", "东乡县安全生产技术服务中心", Level.COUNTY,
     Availability.AVAILABLE),
    ("汪志强", ["mine"], "高级工程师", "甘肃省矿山救护中心", Level.PROVINCE, Availability.LIMITED),
    ("唐秀兰", ["medical"], "主任医师", "东乡县人民医院", Level.COUNTY, Availability.AVAILABLE),
    ("何明德", ["flood", "meteorology"], "高级工程师", "东乡县气象局", Level.COUNTY, Availability.AVAILABLE),
    ("张海军", ["forest_fire", "fire"], "工程师", "东乡县消防救援大队", Level.COUNTY, Availability.AVAILABLE),
    ("王英", ["law", "negotiation"], "律师", "临夏州正义律师事务所", Level.CITY, Availability.LIMITED),
    ("赵俊杰", ["public_opinion"], "副教授", "临夏现代职业学院", Level.CITY, Availability.AVAILABLE),
    ("韩福林", ["earthquake", "construction"], "高级工程师", "东乡县住房和城乡建设局", Level.COUNTY,
     Availability.AVAILABLE),
    ("陈玉梅", ["industry_trade"], "高级工程师", "临夏州应急管理局", Level.CITY, Availability.UNAVAILABLE),
    ("李国华", ["transport"], "高级工程师", "东乡县交通运输局", Level.COUNTY, Availability.AVAILABLE),
    ("刘春生", ["geology"], "研究员", "甘肃省地质调查院", Level.PROVINCE, Availability.LIMITED),
]

ENGAGEMENTS = [
    # (expert index, kind, date, subject)
    (0, EngagementKind.CONSULTATION, datetime.date(2026, 6, 12), "汛期地质灾害趋势会商"),
    (4, EngagementKind.CONSULTATION, datetime.date(2026, 6, 12), "汛期地质灾害趋势会商"),
    (0, EngagementKind.INCIDENT, datetime.date(2026, 7, 21), "那勒寺滑坡隐患点现场处置"),
    (1, EngagementKind.ASSESSMENT, datetime.date(2026, 4, 8), "加油站安全风险评估"),
    (3, EngagementKind.TRAINING, datetime.date(2026, 5, 12), "村医应急救护培训授课"),
    (5, EngagementKind.TRAINING, datetime.date(2026, 3, 28), "森林草原防火业务培训"),
    (6, EngagementKind.INCIDENT, datetime.date(2026, 8, 3), "建筑工地伤亡事故善后谈判"),
    (7, EngagementKind.CONSULTATION, datetime.date(2026, 8, 4), "事故舆情研判"),
    (8, EngagementKind.ASSESSMENT, datetime.date(2026, 9, 15), "农村危房抗震鉴定评估"),
]
ANNUAL_MEETING = (datetime.date(2026, 1, 16), "2026年应急专家组年会")


def load_demo(county: Division, say) -> None:
    domains = {d.code: d for d in Domain.objects.all()}
    existing = {e.name: e for e in Expert.all_objects.within(county)}
    experts, made = [], {"experts": 0, "engagements": 0}
    for i, (name, codes, title, organisation, level, availability) in enumerate(EXPERTS):
        expert = existing.get(name)
        if expert is None:
            expert = services.expert_create(actor=None, data={
                "division": county, "name": name, "title": title, "organisation": organisation, "level": level,
                "availability": availability, "office_phone": f"0930-712{i:04d}",
                "private_mobile": f"139{30000000 + i * 7919:08d}", "domains": [domains[c] for c in codes]})
            made["experts"] += 1
        experts.append(expert)

    logged = set(ExpertEngagement.all_objects.within(county).values_list("expert_id", "date", "subject"))
    wanted = [(experts[i], kind, day, subject) for i, kind, day, subject in ENGAGEMENTS]
    wanted += [(e, EngagementKind.ANNUAL_MEETING, *ANNUAL_MEETING) for e in experts
               if e.availability != Availability.UNAVAILABLE]
    for expert, kind, day, subject in wanted:
        if (expert.pk, day, subject) not in logged:
            services.engagement_create(actor=None, data={"expert": expert, "kind": kind, "date": day,
                                                          "subject": subject})
            made["engagements"] += 1
    say(f"专家 experts +{made['experts']}, 参与记录 engagements +{made['engagements']}")
