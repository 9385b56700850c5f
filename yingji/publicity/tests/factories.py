import datetime

import factory

from yingji.publicity.models import MaterialLine, PublicityEvent
from yingji.publicity.rules import EventKind, MaterialKind, Target


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicityEvent

    title = factory.Sequence(lambda n: f"防灾减灾宣传{n}")
    kind = EventKind.BROCHURES
    target = Target.VILLAGES
    date = datetime.date(2026, 5, 12)
    place = "村委会广场"
    participants = 100


class LineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaterialLine

    division = factory.SelfAttribute("event.division")
    kind = MaterialKind.BROCHURE
    count = 200
