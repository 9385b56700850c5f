from datetime import date

from yingji.divisions.tests.factories import OrganisationFactory
from yingji.drills.models import Drill


def drill(division, kind=Drill.Kind.COMPREHENSIVE, on=date(2027, 5, 12), plans=(), **extra) -> Drill:
    obj = Drill.objects.create(division=division, organiser=OrganisationFactory(division=division),
                               title=f"{division.name}{on:%Y}年防汛演练", kind=kind, date=on, **extra)
    obj.plans.set(plans)
    return obj
