import datetime

import factory

from yingji.training.models import Attendance, Certificate, TrainingSession
from yingji.training.rules import Audience, CertificateKind


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    topic = factory.Sequence(lambda n: f"突发事件信息报送培训{n}")
    level = factory.SelfAttribute("division.level")
    date = datetime.date(2026, 3, 15)
    hours = 2
    audience = Audience.INFO_OFFICERS
    trainer = "马老师"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    division = factory.SelfAttribute("session.division")


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    division = factory.SelfAttribute("person.division")
    kind = CertificateKind.RESCUER
    number = factory.Sequence(lambda n: f"YJ{n:08d}")
    issuer = "甘肃省应急管理厅"
    issued_on = datetime.date(2024, 5, 1)
    expires_on = datetime.date(2028, 4, 30)
