"""A site, a sensor and an alarm in each of the two townships."""

from django.utils import timezone

from yingji.monitoring.models import Alarm
from yingji.monitoring.rules import Level
from yingji.monitoring.tests.factories import SensorFactory, SiteFactory


def populate(world) -> None:
    for key in ("a", "b"):
        site = SiteFactory(division=world.tree[f"town_{key}"], code=f"world-{key}")
        sensor = SensorFactory(site=site, code=f"world-gas-{key}")
        Alarm.objects.create(sensor=sensor, division=site.division, level=Level.YELLOW, value=25, threshold=20,
                             raised_at=timezone.now())
