"""Who hears of a response's records, through the channel layer (yingji.messaging). Called after commit;
each message has a dedupe key per record and outcome, so a retried request never tells twice."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from yingji.messaging.recipients import nearest_office_above, user_recipient
from yingji.messaging.services import send
from yingji.response.models import Response

CHANNELS = ["app"]


def recovery_reported(response_pk: int) -> bool:
    """L1 Art. 87: the recovery plan goes to the government above — its office accounts are told, with a
    link to the response (they see it within their own subtree)."""
    response = Response.objects.select_related("division__parent").get(pk=response_pk)
    above, users = nearest_office_above(response.division)
    if not users:
        return False
    send(dedupe_key=f"response.{response.pk}.recovery-reported", topic="response.recovery.reported",
         subject=_("恢复重建计划报送：%(title)s") % {"title": response.title},
         body=_("%(division)s报送了%(title)s的影响和损失调查评估及恢复重建计划。") % {
             "division": response.division.name, "title": response.title},
         recipients=[user_recipient(u) for u in users], channels=CHANNELS, division=above, source=response,
         link=reverse("responses-detail", args=[response.pk]))
    return True
