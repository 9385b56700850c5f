"""Channel adapters: in-app, SMS (HTTP gateway or the built-in local one), email, webhook.

An adapter has `accepts(delivery) -> bool` (does the recipient have an address on this channel?) and
`send_batch(deliveries) -> dict[delivery id, provider id ("" when the channel has none) | Exception]`. Each send carries the delivery
id as idempotency key, so a delivery re-sent after a worker died is dropped by the receiver.
Other apps add channels (e.g. loudspeakers) with `register_channel`.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail

from yingji.messaging.models import Delivery, LocalGatewayMessage, Notification


class Channel(Protocol):
    def accepts(self, delivery: Delivery) -> bool: ...

    def send_batch(self, deliveries: list[Delivery]) -> dict[int, str | Exception]: ...


class PerMessageChannel:
    """A channel that sends one request per delivery."""

    def send_batch(self, deliveries):
        results: dict[int, str | Exception] = {}
        for delivery in deliveries:
            try:
                results[delivery.pk] = self.send(delivery)
            except Exception as exc:  # noqa: BLE001 — any failure is recorded on the delivery and retried
                results[delivery.pk] = exc
        return results


class InAppChannel:
    def accepts(self, delivery):
        return delivery.user_id is not None

    def send_batch(self, deliveries):
        Notification.objects.bulk_create(
            [Notification(user_id=d.user_id, delivery_id=d.pk, subject=d.dispatch.subject, body=d.dispatch.body,
                          link=d.dispatch.link) for d in deliveries],
            ignore_conflicts=True,
        )
        return dict.fromkeys((d.pk for d in deliveries), "")


def post_json(url: str, payload: dict, idempotency_key: str) -> str:
    request = urllib.request.Request(  # noqa: S310 — the URL is the administrator's configured gateway
        url, data=json.dumps(payload, ensure_ascii=False).encode(), method="POST",
        headers={"Content-Type": "application/json", "Idempotency-Key": idempotency_key},
    )
    with urllib.request.urlopen(request, timeout=settings.MESSAGING_HTTP_TIMEOUT) as response:  # noqa: S310
        body = response.read(2000).decode("utf-8", "replace")
    try:
        return str(json.loads(body).get("id", ""))[:100]
    except (ValueError, AttributeError):
        return ""


def sms_text(delivery: Delivery) -> str:
    return f"【{delivery.dispatch.subject}】{delivery.dispatch.body}"


class HttpSmsChannel(PerMessageChannel):
    """An SMS gateway that takes `{"phone", "text"}` as JSON (most carriers' HTTP APIs, via a thin relay)."""

    def __init__(self, url: str):
        self.url = url

    def accepts(self, delivery):
        return bool(delivery.phone)

    def send(self, delivery):
        return post_json(self.url, {"phone": delivery.phone, "text": sms_text(delivery)}, str(delivery.pk))


class LocalSmsGateway:
    """Used when SMS_GATEWAY_URL is empty: records the messages so the demo and tests can show them."""

    def accepts(self, delivery):
        return bool(delivery.phone)

    def send_batch(self, deliveries):
        LocalGatewayMessage.objects.bulk_create(
            [LocalGatewayMessage(idempotency_key=str(d.pk), phone=d.phone, text=sms_text(d)) for d in deliveries],
            ignore_conflicts=True,
        )
        return dict.fromkeys((d.pk for d in deliveries), "")


class EmailChannel(PerMessageChannel):
    def accepts(self, delivery):
        return bool(delivery.email)

    def send(self, delivery):
        send_mail(delivery.dispatch.subject, delivery.dispatch.body, None, [delivery.email])
        return ""


class WebhookChannel(PerMessageChannel):
    def accepts(self, delivery):
        return delivery.address.startswith(("http://", "https://"))

    def send(self, delivery):
        dispatch = delivery.dispatch
        return post_json(delivery.address, {
            "id": delivery.pk, "topic": dispatch.topic, "subject": dispatch.subject, "body": dispatch.body,
            "link": dispatch.link, "division": dispatch.division.code,
        }, str(delivery.pk))


_CHANNELS: dict[str, Channel] = {}


def register_channel(name: str, adapter: Channel) -> None:
    _CHANNELS[name] = adapter


def get_channel(name: str) -> Channel:
    if name == "sms" and name not in _CHANNELS:
        url = settings.SMS_GATEWAY_URL
        return HttpSmsChannel(url) if url else LocalSmsGateway()
    return _CHANNELS[name]


register_channel("app", InAppChannel())
register_channel("email", EmailChannel())
register_channel("webhook", WebhookChannel())
