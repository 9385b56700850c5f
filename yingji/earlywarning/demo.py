"""Demo records: broadcast terminals and loudspeakers, one warning in force and one lifted."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from yingji.divisions.models import Division, Organisation
from yingji.earlywarning import services
from yingji.earlywarning.models import BroadcastEndpoint, EarlyWarning
from yingji.earlywarning.rules import HazardType, Level

IN_FORCE = "东乡族自治县地质灾害气象风险黄色预警"
LIFTED = "东乡族自治县大风蓝色预警"


def _endpoints(county: Division) -> int:
    taken = set(BroadcastEndpoint.all_objects.within(county).values_list("address", flat=True))
    new = []
    for division in Division.objects.within(county).filter(level__in=["township", "village"]).order_by("code"):
        if division.level == "township":
            kind, name, address = "emergency_broadcast", f"{division.name}应急广播", f"EB-{division.code}"
        else:
            kind, name, address = "loudspeaker", f"{division.name}大喇叭", f"LS-{division.code}"
        if address not in taken:
            new.append(BroadcastEndpoint(division=division, kind=kind, name=name, address=address))
    BroadcastEndpoint.objects.bulk_create(new)
    return len(new)


def _issue(county, issuer, townships, *, headline, hazard, level, description, measures):
    now = timezone.now()
    data = {"division": county, "issuer": issuer, "hazard_type": hazard, "level": level, "headline": headline,
            "onset": now - datetime.timedelta(hours=2), "expires": now + datetime.timedelta(hours=46),
            "description": description, "measures": measures, "contact": "0930-7121110"}
    warning = services.warning_create(actor=None, data=data, areas=townships)
    warning = services.warning_approve(actor=None, warning=warning)
    return services.warning_issue(actor=None, warning=warning)


def load_demo(county: Division, say) -> None:
    added = _endpoints(county)
    issuer = Organisation.objects.filter(division=county).filter(
        Q(kind=Organisation.Kind.EMERGENCY_OFFICE) | Q(name__endswith="应急管理局")).order_by("pk").first()
    existing = set(EarlyWarning.all_objects.within(county).values_list("headline", flat=True))
    townships = list(Division.objects.within(county).filter(level="township").order_by("code")[:3])
    warnings = 0
    if issuer is not None and townships and IN_FORCE not in existing:
        _issue(county, issuer, townships[:2], headline=IN_FORCE, hazard=HazardType.GEOLOGICAL, level=Level.THREE,
               description="受持续降雨影响，未来48小时锁南镇等地发生崩塌、滑坡、泥石流等地质灾害的气象风险较高。",
               measures="1. 地质灾害隐患点受威胁群众做好转移准备；2. 村(社区)加强巡查和监测；3. 避免在沟道、陡坡下停留。")
        warnings += 1
    if issuer is not None and townships and LIFTED not in existing:
        lifted = _issue(county, issuer, townships, headline=LIFTED, hazard=HazardType.METEOROLOGICAL,
                        level=Level.FOUR, description="预计未来24小时全县有6级以上偏北大风。",
                        measures="1. 加固临时搭建物；2. 停止高空户外作业；3. 注意森林草原防火。")
        services.warning_lift(actor=None, warning=lifted, reason="大风天气过程已结束，风险解除。")
        warnings += 1
    say(f"预警 warnings +{warnings}, 广播终端 broadcast endpoints +{added}")
