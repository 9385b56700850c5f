from django.core.files.base import ContentFile

from yingji.drills.models import DrillAttachment, PlanRevisionTrigger
from yingji.drills.tests.factories import action, drill
from yingji.plans.tests.factories import plan

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def populate(world) -> None:
    for town, user in (("town_a", world.user_a), ("town_b", world.user_b)):
        d = drill(world.tree[town])
        action(d)
        attachment = DrillAttachment(drill=d, name="现场.png", content_type="image/png", size=len(PNG))
        attachment.file.save("现场.png", ContentFile(PNG), save=True)
        PlanRevisionTrigger.objects.create(drill=d, plan=plan(world.tree[town]), finding="转移路线不清", actor=user)
