import datetime

import factory

from yingji.experts.models import Expert, ExpertEngagement
from yingji.experts.rules import EngagementKind


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    name = factory.Sequence(lambda n: f"专家{n}")
    title = "高级工程师"
    organisation = "县自然资源局"
    office_phone = "0930-7125678"
    private_mobile = factory.Sequence(lambda n: f"137{n:08d}")


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertEngagement

    division = factory.SelfAttribute("expert.division")
    kind = EngagementKind.CONSULTATION
    date = datetime.date(2026, 5, 12)
    subject = "汛期形势会商"
