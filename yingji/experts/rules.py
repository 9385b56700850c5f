"""Expert-pool rules as data: domains (seed 003: 矿山、工贸、危险化学品等多领域专家), levels, availability
and the kinds of participation (seed 004: 会商、处置、评估、专家组年会)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The controlled list of domains (a data migration loads it into the Domain table).
DOMAINS = [
    ("mine", _("矿山")),
    ("industry_trade", _("工贸")),
    ("hazchem", _("危化品")),
    ("flood", _("防汛")),
    ("geology", _("地质灾害")),
    ("forest_fire", _("森林防火")),
    ("medical", _("医疗")),
    ("law", _("法律")),
    ("public_opinion", _("舆情")),
    ("negotiation", _("谈判")),
    ("earthquake", _("地震")),
    ("meteorology", _("气象")),
    ("fire", _("消防")),
    ("construction", _("建筑施工")),
    ("transport", _("交通运输")),
]


class Level(models.TextChoices):
    COUNTY = "county", _("县级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")


class Availability(models.TextChoices):
    AVAILABLE = "available", _("可随时参与")
    LIMITED = "limited", _("有限参与")
    UNAVAILABLE = "unavailable", _("暂不可参与")


class EngagementKind(models.TextChoices):
    """Seed 004 (发挥应急专家组作用): 应对决策、突发事件处置、总结评估、召开专家组年会; and training."""

    CONSULTATION = "consultation", _("会商研判")
    INCIDENT = "incident", _("事件处置")
    ASSESSMENT = "assessment", _("评估")
    ANNUAL_MEETING = "annual_meeting", _("专家组年会")
    TRAINING = "training", _("培训授课")
