"""The channel layer sends each message once per recipient and channel, whatever is retried."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from yingji.core.permissions import Role
from yingji.divisions.tests.factories import UserFactory, county_tree
from yingji.messaging import channels
from yingji.messaging.models import Delivery, Dispatch, LocalGatewayMessage, Notification
from yingji.messaging.services import (
    Recipient,
    backoff,
    dispatch_progress,
    due_delivery_ids,
    send,
    send_deliveries,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def town():
    return county_tree()["town_a"]


def people(n, *, start=0):
    return [Recipient(key=f"phone:139{i:08d}", name=f"人员{i}", phone=f"139{i:08d}") for i in range(start, start + n)]


def test_a_dispatch_reaches_every_recipient_once_per_channel(town):
    user = UserFactory(division=town, role=Role.TOWNSHIP_STAFF)
    recipients = [*people(3), people(1)[0], Recipient(key=f"user:{user.pk}", user_id=user.pk, phone="13912345678")]
    dispatch = send(dedupe_key="k1", topic="test", subject="防汛预警", body="今晚有暴雨", recipients=recipients,
                    channels=["app", "sms"], division=town)
    # Duplicate keys collapse; "app" only for the recipient with an account.
    assert dispatch.total == 5
    assert LocalGatewayMessage.objects.count() == 4
    assert Notification.objects.get().user == user
    assert dispatch_progress(dispatch) == {"total": 5, "sent": 5, "failed": 0, "pending": 0, "percent": 100}
    assert "【防汛预警】今晚有暴雨" in LocalGatewayMessage.objects.first().text


def test_the_same_dedupe_key_sends_nothing_more(town):
    first = send(dedupe_key="same", topic="t", subject="s", body="b", recipients=people(2), channels=["sms"],
                 division=town)
    again = send(dedupe_key="same", topic="t", subject="s", body="b", recipients=people(5), channels=["sms"],
                 division=town)
    assert again.pk == first.pk
    assert Dispatch.objects.count() == 1 and Delivery.objects.count() == 2
    assert LocalGatewayMessage.objects.count() == 2


def test_a_batch_run_twice_sends_each_delivery_once(town):
    dispatch = send(dedupe_key="twice", topic="t", subject="s", body="b", recipients=people(10),
                    channels=["sms"], division=town)
    ids = list(dispatch.deliveries.values_list("pk", flat=True))
    assert send_deliveries(ids) == {"sent": 0, "retrying": 0, "failed": 0}
    assert LocalGatewayMessage.objects.count() == 10


def test_a_claim_left_by_a_dead_worker_is_taken_over_and_the_receiver_drops_the_repeat(town):
    dispatch = send(dedupe_key="dead", topic="t", subject="s", body="b", recipients=people(1),
                    channels=["sms"], division=town)
    delivery = dispatch.deliveries.get()
    # The worker sent it, then died before recording "sent": the claim is all that is left.
    Delivery.objects.filter(pk=delivery.pk).update(status="sending", claimed_at=timezone.now() - timedelta(minutes=6))
    assert delivery.pk in due_delivery_ids()
    assert send_deliveries([delivery.pk])["sent"] == 1
    assert LocalGatewayMessage.objects.filter(idempotency_key=str(delivery.pk)).count() == 1
    # A fresh claim (the worker is still at it) is not taken over.
    Delivery.objects.filter(pk=delivery.pk).update(status="sending", claimed_at=timezone.now())
    assert delivery.pk not in due_delivery_ids()


class Flaky:
    def __init__(self):
        self.calls = 0

    def accepts(self, delivery):
        return True

    def send_batch(self, deliveries):
        self.calls += 1
        return {d.pk: ConnectionError("gateway down") for d in deliveries}


def test_failures_are_retried_with_backoff_then_marked_failed(town, settings, monkeypatch):
    flaky = Flaky()
    monkeypatch.setitem(channels._CHANNELS, "flaky", flaky)
    dispatch = send(dedupe_key="flaky", topic="t", subject="s", body="b", recipients=people(1),
                    channels=["flaky"], division=town)
    delivery = dispatch.deliveries.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("pending", 1, "ConnectionError: gateway down")
    assert delivery.next_attempt_at - timezone.now() > timedelta(seconds=25)
    assert due_delivery_ids() == []  # not due yet
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    for attempt in range(2, settings.MESSAGING_MAX_ATTEMPTS + 1):
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
        assert due_delivery_ids() == [delivery.pk]
        send_deliveries([delivery.pk])
        delivery.refresh_from_db()
        assert delivery.attempts == attempt
    assert delivery.status == "failed" and flaky.calls == settings.MESSAGING_MAX_ATTEMPTS
    assert due_delivery_ids() == []
    assert dispatch_progress(dispatch)["failed"] == 1


class Recorder(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802 — the http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Recorder.received.append((self.path, self.headers["Idempotency-Key"], body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"id": "gw-1"}')

    def log_message(self, *args):
        pass


@pytest.fixture
def http_receiver():
    Recorder.received = []
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_http_sms_gateway_and_webhook_get_the_delivery_id_as_idempotency_key(town, settings, http_receiver):
    settings.SMS_GATEWAY_URL = f"{http_receiver}/sms"
    dispatch = send(dedupe_key="http", topic="warning", subject="预警", body="内容", channels=["sms", "webhook"],
                    recipients=[Recipient(key="a", phone="13900000001", address=f"{http_receiver}/hook")],
                    division=town)
    by_channel = {d.channel: d for d in dispatch.deliveries.all()}
    assert {d.status for d in by_channel.values()} == {"sent"} and by_channel["sms"].provider_id == "gw-1"
    received = {path: (key, body) for path, key, body in Recorder.received}
    assert received["/sms"] == (str(by_channel["sms"].pk), {"phone": "13900000001", "text": "【预警】内容"})
    assert received["/hook"][0] == str(by_channel["webhook"].pk)
    assert received["/hook"][1]["division"] == town.code


def test_email_channel(town):
    send(dedupe_key="mail", topic="t", subject="通知", body="正文", recipients=[Recipient(key="m", email="a@b.cn")],
         channels=["email"], division=town)
    assert [(m.subject, m.to) for m in mail.outbox] == [("通知", ["a@b.cn"])]


def test_inbox_shows_only_my_notifications_and_marks_them_read(client, town):
    me = UserFactory(division=town, role=Role.INFO_OFFICER)
    other = UserFactory(division=town, role=Role.INFO_OFFICER)
    send(dedupe_key="inbox", topic="t", subject="给我的", body="b", channels=["app"], division=town,
         recipients=[Recipient(key=f"user:{u.pk}", user_id=u.pk) for u in (me, other)])
    client.force_login(me)
    page = client.get(reverse("notification-list"))
    assert [n.user for n in page.context["page"]] == [me] and page.context["unread"] == 1
    api = client.get("/api/v1/notifications").json()
    assert [item["subject"] for item in api["items"]] == ["给我的"]
    client.post(reverse("notification-read"))
    assert Notification.objects.get(user=me).read_at is not None
    assert Notification.objects.get(user=other).read_at is None


def test_dispatch_progress_page_polls_while_pending(client, town, monkeypatch):
    county_user = UserFactory(division=town.parent, role=Role.COUNTY_STAFF)
    monkeypatch.setitem(channels._CHANNELS, "flaky", Flaky())
    dispatch = send(dedupe_key="page", topic="t", subject="发送中", body="b", recipients=people(2),
                    channels=["flaky"], division=town)
    client.force_login(county_user)
    partial = client.get(reverse("dispatch-detail", args=[dispatch.pk]), HTTP_HX_REQUEST="true")
    assert b'hx-trigger="every 2s"' in partial.content
    assert client.get(f"/api/v1/dispatches/{dispatch.pk}").json()["progress"]["pending"] == 2
