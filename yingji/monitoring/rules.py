"""Monitoring rules as data: levels, their colours, and the pure threshold evaluation.

Levels and colours follow RULES.md R2.1 (L1 Art. 63: 一级/二级/三级/四级 = red/orange/yellow/blue,
一级 highest). The escalation delay, offline interval count and retention are local operating
parameters, not statutory numbers (RULES.md has none for sensor alarms); each is one named
constant here so a deployment can change it in one place.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Alarm levels, lowest first (RULES.md R2.1)."""

    BLUE = "blue", _("蓝色(四级)")
    YELLOW = "yellow", _("黄色(三级)")
    ORANGE = "orange", _("橙色(二级)")
    RED = "red", _("红色(一级)")


LEVELS = [Level.BLUE, Level.YELLOW, Level.ORANGE, Level.RED]
RANK = {level: i for i, level in enumerate(LEVELS)}

# A sensor with no data for this many sampling intervals is offline (local parameter).
OFFLINE_AFTER_INTERVALS = 3
# An alarm not acknowledged within this many minutes is escalated to the next level up (local parameter).
ESCALATE_AFTER_MINUTES = 15
# Raw readings are kept this many days; older ones survive as hourly aggregates (local parameter).
RAW_RETENTION_DAYS = 30
# Readings stamped further than this from the server clock are rejected (local parameter).
MAX_FUTURE_SECONDS = 5 * 60
MAX_PAST_DAYS = 7
# A rate-of-change above the sensor's limit raises at least this level.
RATE_LEVEL = Level.YELLOW


def evaluate(value: float, *, thresholds: Mapping[str, float | None], rising: bool = True,
             hysteresis: float = 0.0, previous: str | None = None,
             rate: float | None = None, rate_limit: float | None = None) -> str | None:
    """The level a reading is at, given the level the sensor was at before.

    A level is entered when the value reaches its threshold (>= for rising sensors, <= for falling
    ones such as a reservoir's minimum level). A level already held is kept until the value moves
    back past threshold − hysteresis (+ for falling), so a value dithering at a threshold raises
    one alarm, not a storm. A rate of change beyond `rate_limit` (absolute, per minute) raises at
    least RATE_LEVEL.
    """
    sign = 1 if rising else -1
    held = RANK.get(previous, -1) if previous else -1
    level = None
    for candidate in reversed(LEVELS):
        threshold = thresholds.get(candidate)
        if threshold is None:
            continue
        edge = sign * threshold - (hysteresis if RANK[candidate] <= held else 0.0)
        if sign * value >= edge:
            level = candidate
            break
    too_fast = rate_limit is not None and rate is not None and abs(rate) > rate_limit
    if too_fast and (level is None or RANK[level] < RANK[RATE_LEVEL]):
        level = RATE_LEVEL
    return level
