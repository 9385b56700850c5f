"""Recording a drill evaluation; a finding that needs a plan revision moves the plan through the plans service."""

from django.db import transaction

from yingji.audit.services import audited_update
from yingji.drills.models import Drill
from yingji.plans import services as plan_services


@transaction.atomic
def evaluate(drill: Drill, *, actor, score: int, findings: str, revise_plans=()) -> Drill:
    drill = audited_update(actor=actor, obj=drill, data={"score": score, "findings": findings})
    for plan in revise_plans:
        plan_services.transition(plan, "revise", actor=actor, comment=findings)
    return drill
