"""An event, its first report, a receipt and obligations in each of the two townships."""

from yingji.core.permissions import Role
from yingji.divisions.tests.factories import UserFactory
from yingji.incidents import services
from yingji.incidents.tests.factories import event_data, report_data


def populate(world) -> None:
    for key in ("a", "b"):
        village = world.tree[f"village_{key}"]
        officer = UserFactory(division=village, role=Role.INFO_OFFICER)
        # The village reports to its township: a report and obligation in the village, a receipt in the township.
        event = services.event_create(actor=officer, data=event_data(village, title=f"{village.name}事件"))
        services.report_submit(actor=officer, event=event, kind="first",
                               data=report_data(occurred_at=event.occurred_at))
