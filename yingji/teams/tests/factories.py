import factory

from yingji.teams.models import InfoOfficer, Team, TeamMember
from yingji.teams.rules import Kind, Level, Origin


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"应急救援队{n}")
    level = Level.TOWNSHIP
    kind = Kind.TOWNSHIP_FULL_TIME
    duty_phone = "0930-7121234"


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    division = factory.SelfAttribute("team.division")
    origin = Origin.MILITIA


class InfoOfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InfoOfficer
