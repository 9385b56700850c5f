"""Shelter norms from RULES.md §7 and seed 003, each with its source.

GB/T 44013-2024's own numbers (durations, area per person, radius per class) could not be read
(RULES.md R7.1 [C]); the figures below are the ones RULES.md could source, kept as data.
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# R7.2, GB 21734-2008 §5.4: 人均居住面积应大于1.5 m² — strictly more than 1.5 m² per person.
AREA_PER_PERSON_M2 = Decimal("1.5")
# R7.2, GB 21734-2008 §5.4: 场址有效面积宜大于2000 m² (a recommendation: shown, not enforced).
RECOMMENDED_MIN_EFFECTIVE_AREA_M2 = Decimal("2000")
# R7.6 (Guangdong programme, [B]): an emergency shelter serves a 500 m radius, about 10 minutes' walk.
SERVICE_RADIUS_KM = 0.5


class Kind(models.TextChoices):
    SCHOOL = "school", _("学校")
    PARK = "park", _("公园绿地")
    SQUARE = "square", _("广场")
    STADIUM = "stadium", _("体育场馆")
    CIVIL_DEFENCE = "civil_defence", _("人防工程")
    # R7.8 (应急〔2023〕135号): rural shelters reuse township and village offices, cultural centres.
    COMMUNITY = "community", _("村(社区)办公及文化场所")
    OTHER = "other", _("其他")


class Tier(models.TextChoices):
    """R7.1, GB/T 44013-2024: five levels by administrative tier."""

    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇(街道)级")
    VILLAGE = "village", _("村(社区)级")


class Duration(models.TextChoices):
    """R7.1, GB/T 44013-2024 classes by sheltering time, shortest first."""

    EMERGENCY = "emergency", _("紧急")
    SHORT_TERM = "short_term", _("短期")
    LONG_TERM = "long_term", _("长期")


DURATION_RANK = {Duration.EMERGENCY: 0, Duration.SHORT_TERM: 1, Duration.LONG_TERM: 2}


class SpaceType(models.TextChoices):
    """R7.1, GB/T 44013-2024 classes by space."""

    INDOOR = "indoor", _("室内型")
    OUTDOOR = "outdoor", _("室外型")


class Function(models.TextChoices):
    """R7.1, GB/T 44013-2024 classes by function."""

    COMPREHENSIVE = "comprehensive", _("综合性")
    SINGLE = "single", _("单一性")


class Status(models.TextChoices):
    READY = "ready", _("可用")
    IN_USE = "in_use", _("启用中")
    CLOSED = "closed", _("关闭")


# Seed 003: townships are zoned high/medium/low risk and build township-level short-term shelters
# (villages village-level emergency ones). The Hebei guideline's per-zone table was not read, so the
# high-zone requirement of a long-term shelter is this project's reading — data, to be adjusted.
REQUIRED_DURATION_BY_RISK_ZONE = {
    "high": Duration.LONG_TERM,
    "medium": Duration.SHORT_TERM,
    "low": Duration.SHORT_TERM,
}

FACILITIES = ("has_water", "has_power", "has_toilets", "has_medical_point", "has_broadcast", "has_signage",
              "has_route_map")


def capacity_for(effective_area_m2: Decimal | float | int | None) -> int:
    """The most people for whom each has strictly more than AREA_PER_PERSON_M2 (GB 21734 §5.4)."""
    if not effective_area_m2 or effective_area_m2 <= 0:
        return 0
    ratio = Decimal(str(effective_area_m2)) / AREA_PER_PERSON_M2
    return max(math.ceil(ratio) - 1, 0)


# Photos: the project's own limits (no regulation sets them). A phone photo is 2–6 MB; 10 MB leaves room.
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTOS_PER_SHELTER = 30
