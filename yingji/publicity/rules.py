"""Publicity rules as data (RULES.md R9.3, R9.7; seeds 000 and 004)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    """Seed 000 (发放应急手册、应急知识读本、办板报); seed 004 (报刊、电视、互联网、手机短信、微信, 应急广播);
    seed 002 (演练直播)."""

    LECTURE = "lecture", _("讲座")
    DRILL_OPEN_DAY = "drill_open_day", _("演练开放日")
    BROCHURES = "brochures", _("发放宣传册")
    BROADCAST = "broadcast", _("广播")
    EXHIBITION = "exhibition", _("展览")
    ONLINE = "online", _("网络宣传")


class Target(models.TextChoices):
    """Seed 004 (四): 持续推行七进(进机关、进学校、进企业、进街道、进社区、进农村、进家庭)."""

    AGENCIES = "agencies", _("进机关")
    SCHOOLS = "schools", _("进学校")
    ENTERPRISES = "enterprises", _("进企业")
    STREETS = "streets", _("进街道")
    COMMUNITIES = "communities", _("进社区")
    VILLAGES = "villages", _("进农村")
    FAMILIES = "families", _("进家庭")


class MaterialKind(models.TextChoices):
    BROCHURE = "brochure", _("宣传手册")
    POSTER = "poster", _("海报")
    LEAFLET = "leaflet", _("宣传单")
    BOOKLET = "booklet", _("知识读本")
    OTHER = "other", _("其他")


# Seed 000 reports 发放宣传手册 (应急手册、应急知识读本) as one count: "累计发放宣传手册30000余份".
BROCHURE_KINDS = (MaterialKind.BROCHURE, MaterialKind.BOOKLET)

# Guangxi township standard (RULES.md R9.7): ≥ 2 publicity events per year.
EVENTS_PER_YEAR = 2
