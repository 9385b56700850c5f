import datetime
from datetime import date

from yingji.divisions.tests.factories import OrganisationFactory
from yingji.drills.models import Drill, ImprovementAction


def drill(division, kind=Drill.Kind.COMPREHENSIVE, on=date(2027, 5, 12), plans=(), organiser=None, **extra) -> Drill:
    if kind == Drill.Kind.JOINT:
        extra.setdefault("joint_focus", Drill.JointFocus.TEAMS)
    if kind == Drill.Kind.DOUBLE_BLIND:
        extra.setdefault("announced", False)
    obj = Drill.objects.create(division=division, organiser=organiser or OrganisationFactory(division=division),
                               title=f"{division.name}{on:%Y}年防汛演练", kind=kind, date=on, **extra)
    obj.plans.set(plans)
    return obj


def action(drill_obj, deadline=None, **extra) -> ImprovementAction:
    return ImprovementAction.objects.create(
        drill=drill_obj, description=extra.pop("description", "补充转移路线标识"), owner=extra.pop("owner", "应急办"),
        deadline=deadline or drill_obj.date + datetime.timedelta(days=30), **extra)
