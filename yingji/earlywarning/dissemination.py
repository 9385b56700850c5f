"""Dissemination of issued messages through the channel layer (yingji.messaging).

Every issued message (Alert, Update, Cancel) is fanned out in a background job (tasks.disseminate)
to the recipients of its area (recipients.py) over in-app, SMS and the broadcast channel registered
here (应急广播、大喇叭, seed 002). The dispatch's dedupe key is the CAP identifier, and the channel
layer delivers once per (dispatch, recipient, channel), so a retried job never sends twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from yingji.earlywarning.models import EarlyWarning
from yingji.earlywarning.recipients import resolve
from yingji.messaging.channels import PerMessageChannel, post_json, register_channel
from yingji.messaging.models import Delivery, Dispatch, LocalGatewayMessage
from yingji.messaging.services import Recipient, dispatch_progress, send

CHANNELS = ["app", "sms", "broadcast"]
ENDPOINT_KEY = "endpoint:"


def broadcast_text(delivery) -> str:
    return f"{delivery.dispatch.subject}。{delivery.dispatch.body}"


class BroadcastChannel(PerMessageChannel):
    """The county's emergency-broadcast platform: JSON {terminal, text} to YINGJI_BROADCAST_URL, the
    delivery id as idempotency key. Without a platform the local gateway records the text (demo, tests)."""

    def accepts(self, delivery) -> bool:
        return delivery.recipient_key.startswith(ENDPOINT_KEY) and bool(delivery.address)

    def send(self, delivery) -> str:
        url = settings.YINGJI_BROADCAST_URL
        if url:
            return post_json(url, {"terminal": delivery.address, "text": broadcast_text(delivery)}, str(delivery.pk))
        LocalGatewayMessage.objects.get_or_create(idempotency_key=str(delivery.pk), defaults={
            "phone": delivery.address[:30], "text": broadcast_text(delivery)})
        return f"broadcast-{delivery.pk}"


register_channel("broadcast", BroadcastChannel())


def message_text(warning: EarlyWarning) -> tuple[str, str]:
    subject = f"{warning.issuer.name}{warning.get_msg_type_display()}：{warning.headline}"
    areas = "、".join(a.name for a in warning.areas.all())
    body = (f"{warning.get_hazard_type_display()}{warning.get_level_display()}。{areas}。{warning.description}"
            f"{warning.measures}")
    return subject[:200], body


def fan_out(warning_pk: int) -> int:
    warning = EarlyWarning.objects.select_related("issuer", "division", "issued_by").get(pk=warning_pk)
    subject, body = message_text(warning)
    recipients = [Recipient(key=t.key, name=t.name, user_id=t.user_id, phone=t.phone, address=t.address)
                  for t in resolve(warning)]
    dispatch = send(dedupe_key=f"earlywarning:{warning.identifier}", topic="warning", subject=subject, body=body,
                    recipients=recipients, channels=CHANNELS, division=warning.division, actor=warning.issued_by,
                    source=warning, link=reverse("public-warning", args=[warning.pk]))
    return dispatch.total


def schedule(warning: EarlyWarning) -> None:
    """Queue the fan-out once the issue has committed."""
    from yingji.earlywarning.tasks import disseminate

    transaction.on_commit(lambda: disseminate.delay(warning.pk))


def dispatch_for(warning: EarlyWarning) -> Dispatch | None:
    if not warning.identifier:
        return None
    return Dispatch.objects.filter(dedupe_key=f"earlywarning:{warning.identifier}").first()


def progress_for(warning: EarlyWarning) -> dict | None:
    dispatch = dispatch_for(warning)
    return None if dispatch is None else dispatch_progress(dispatch)


def deliveries_for(warning: EarlyWarning, status: str = ""):
    """The warning's per-recipient deliveries (none before it is issued), optionally of one status;
    the caller has already checked that the user may see the warning."""
    rows = Delivery.objects.none() if (dispatch := dispatch_for(warning)) is None else dispatch.deliveries.all()
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("pk")


def send_confirmation(subscriber) -> None:
    """The subscription's confirmation code by SMS (sent once per subscription)."""
    send(dedupe_key=f"earlywarning-subscribe:{subscriber.pk}", topic="warning.subscription",
         subject=_("预警短信订阅"), body=_("您的确认码为%(code)s。如非本人操作请忽略。") % {
             "code": subscriber.confirmation_code},
         recipients=[Recipient(key=f"subscriber:{subscriber.pk}", phone=subscriber.phone)], channels=["sms"],
         division=subscriber.division)
