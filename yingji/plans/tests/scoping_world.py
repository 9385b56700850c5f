"""A plan with a history step and an attachment in each of the two townships."""

from yingji.plans.models import PlanAttachment, PlanEvent
from yingji.plans.tests.factories import plan


def populate(world) -> None:
    for town, user in (("town_a", world.user_a), ("town_b", world.user_b)):
        p = plan(world.tree[town])
        PlanEvent.objects.create(plan=p, actor=user, from_status="draft", to_status="draft")
        # The name only: the scoping matrix never opens the file.
        PlanAttachment.objects.create(plan=p, file=f"plans/{town}.pdf", original_name=f"{town}.pdf", size=10)
