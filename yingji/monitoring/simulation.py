"""Realistic readings for the demo: a daily cycle and noise around a normal level, with excursions
that cross the thresholds now and then (so the demo shows alarms arriving live)."""

from __future__ import annotations

import math
import random

from yingji.monitoring.models import Sensor


def normal_level(sensor: Sensor) -> float:
    """A comfortable value: 60 % of the way from the safe end of the range to the first threshold."""
    thresholds = [v for v in (sensor.blue, sensor.yellow, sensor.orange, sensor.red) if v is not None]
    safe_end = sensor.valid_min if sensor.rising else sensor.valid_max
    first = thresholds[0] if thresholds else (sensor.valid_min + sensor.valid_max) / 2
    return safe_end + 0.6 * (first - safe_end)


def value_at(sensor: Sensor, seconds: float, rng: random.Random, excursion: float = 0.0) -> float:
    """The reading at `seconds` since midnight; `excursion` 0..1 pushes it from normal towards red and beyond."""
    base = normal_level(sensor)
    worst = sensor.red if sensor.red is not None else (sensor.valid_max if sensor.rising else sensor.valid_min)
    span = abs(worst - base) or 1.0
    daily = 0.08 * span * math.sin(2 * math.pi * seconds / 86400)
    noise = rng.gauss(0, 0.02 * span)
    push = excursion * (worst - base) * 1.1
    value = base + daily + noise + push
    return round(min(max(value, sensor.valid_min), sensor.valid_max), 3)
