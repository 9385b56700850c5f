import datetime

import factory
from django.utils import timezone

from yingji.hazards.models import Hazard
from yingji.hazards.rules import Category


class HazardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hazard

    category = Category.FIRE
    title = factory.Sequence(lambda n: f"消防通道堵塞{n}")
    address = "锁南镇街道"
    found_at = factory.LazyFunction(timezone.now)
    responsible_unit = "锁南镇人民政府"
    responsible_person = "马主任"
    measures = "清理通道"
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
