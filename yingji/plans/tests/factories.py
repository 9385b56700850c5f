from yingji.divisions.models import Organisation
from yingji.divisions.tests.factories import OrganisationFactory
from yingji.plans.models import Plan


def plan(division, kind=Plan.Kind.OVERALL, **extra) -> Plan:
    org = OrganisationFactory(division=division, kind=Organisation.Kind.EMERGENCY_OFFICE)
    return Plan.objects.create(division=division, organisation=org, title=f"{division.name}突发事件总体应急预案",
                               kind=kind, **extra)
