from yingji.plans.models import PlanEvent
from yingji.plans.tests.factories import plan


def populate(world) -> None:
    for town, user in (("town_a", world.user_a), ("town_b", world.user_b)):
        p = plan(world.tree[town])
        PlanEvent.objects.create(plan=p, actor=user, from_status="draft", to_status="draft")
