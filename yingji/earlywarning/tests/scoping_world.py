"""One record of every earlywarning model in township A and one in township B."""

import datetime

from django.utils import timezone

from yingji.divisions.tests.factories import OrganisationFactory
from yingji.earlywarning.models import BroadcastEndpoint, EarlyWarning, PublicSubscriber, RiskBulletin


def populate(world) -> None:
    now = timezone.now()
    for key, suffix in (("town_a", "A"), ("town_b", "B")):
        town = world.tree[key]
        office = OrganisationFactory(division=town, name=f"{town.name}预警发布单位")
        warning = EarlyWarning.objects.create(
            division=town, issuer=office, hazard_type="flood", level=4, headline=f"预警{suffix}",
            onset=now, expires=now + datetime.timedelta(hours=6), description="警示事项", measures="措施")
        warning.areas.set([town])
        BroadcastEndpoint.objects.create(division=town, kind="loudspeaker", name=f"大喇叭{suffix}",
                                         address=f"LS-{town.code}")
        PublicSubscriber.objects.create(division=town, phone=f"1390000000{len(suffix) + (key == 'town_b')}",
                                        confirmation_code="123456", confirmed_at=now)
        RiskBulletin.objects.create(division=town, year=2026, month=7, title=f"风险提示{suffix}")
