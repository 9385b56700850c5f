import datetime

import pytest
from django.utils import timezone

from yingji.divisions.tests.factories import county_tree
from yingji.hazards import demo as hazards_demo
from yingji.hazards.models import Hazard
from yingji.hazards.selectors import overdue
from yingji.monitoring import demo, selectors
from yingji.monitoring.models import Alarm, Reading, Sensor

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_shows_alarms_hazards_and_overdue_items():
    tree = county_tree()
    said = []
    demo.load_demo(tree["county"], said.append)
    hazards_demo.load_demo(tree["county"], said.append)
    counts = (Sensor.objects.count(), Reading.objects.count(), Alarm.objects.count(), Hazard.objects.count())
    demo.load_demo(tree["county"], said.append)
    hazards_demo.load_demo(tree["county"], said.append)
    assert (Sensor.objects.count(), Reading.objects.count(), Alarm.objects.count(), Hazard.objects.count()) == counts
    assert counts[0] == 10 and counts[1] == 1440
    # Each site's excursion crossed its thresholds: a red alarm per site, nothing stormy.
    assert Alarm.objects.filter(level="red").count() == 4
    assert Alarm.objects.filter(status=Alarm.Status.RESOLVED, false_alarm=True).count() == 1
    assert overdue(Hazard.objects.all()).count() >= 2
    assert Hazard.objects.filter(found_by="alarm", alarm__isnull=False).exists()
    resolved = Alarm.objects.get(status=Alarm.Status.RESOLVED, false_alarm=False)
    year = timezone.localtime(resolved.raised_at).year
    figure = selectors.yearly_figure(tree["county"], year)
    assert figure["effective_alarms"] == 1 and figure["hazards_resolved"] == 1 and figure["total"] == 2
    assert selectors.alarms_in(tree["county"], timezone.now() - datetime.timedelta(days=2),
                               timezone.now()).count() == counts[2]
