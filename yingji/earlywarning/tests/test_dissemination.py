"""Fan-out through the channel layer: every recipient once per channel, even when the job is retried."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from yingji.divisions.models import Membership, Organisation
from yingji.divisions.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    county_tree,
)
from yingji.earlywarning import dissemination, services, tasks
from yingji.earlywarning.models import BroadcastEndpoint, PublicSubscriber
from yingji.earlywarning.tests.factories import draft, staff
from yingji.messaging.models import Delivery, LocalGatewayMessage
from yingji.messaging.services import send_deliveries

pytestmark = pytest.mark.django_db


def _area(tree):
    village = tree["village_a"]
    group = OrganisationFactory(division=village, kind=Organisation.Kind.RESPONSE_GROUP, name="锁南村应急工作组")
    head = PersonFactory(division=village, organisation=group, mobile="13900000001")
    MembershipFactory(organisation=group, person=head, rank=Membership.Rank.LEADER, title="组长")
    for i in range(5):
        PublicSubscriber.objects.create(division=village, phone=f"1380000000{i}", confirmation_code="1",
                                        confirmed_at=timezone.now())
    BroadcastEndpoint.objects.create(division=village, kind="loudspeaker", name="锁南村大喇叭", address="LS-1")


def _issue(tree, django_capture_on_commit_callbacks):
    chief = staff(tree)
    warning = services.warning_approve(actor=chief, warning=draft(staff(tree), tree))
    with django_capture_on_commit_callbacks(execute=True):
        return services.warning_issue(actor=chief, warning=warning)


def test_issue_fans_out_to_every_recipient_once(client, django_capture_on_commit_callbacks):
    tree = county_tree()
    _area(tree)
    warning = _issue(tree, django_capture_on_commit_callbacks)
    progress = dissemination.progress_for(warning)
    assert progress == {"total": 7, "sent": 7, "failed": 0, "pending": 0, "percent": 100}
    assert LocalGatewayMessage.objects.count() == 7  # 6 SMS and the loudspeaker through the local gateway
    assert Delivery.objects.filter(channel="broadcast", address="LS-1", status="sent").count() == 1
    client.force_login(staff(tree))
    page = client.get(reverse("warnings-detail", args=[warning.pk]))
    assert "ew-progress" in page.content.decode()
    assert client.get(reverse("warning-progress", args=[warning.pk])).status_code == 200
    # Each recipient's delivery, phones masked, filterable by status.
    listing = client.get(reverse("warning-deliveries", args=[warning.pk]))
    assert listing.status_code == 200 and len(listing.context["page"]) == 7
    sms = Delivery.objects.filter(channel="sms").first()
    body = listing.content.decode()
    assert f"****{sms.phone[-4:]}" in body and sms.phone not in body
    failed = client.get(reverse("warning-deliveries", args=[warning.pk]), {"status": "failed"})
    assert len(failed.context["page"]) == 0


def test_a_retried_job_sends_nobody_a_second_message(django_capture_on_commit_callbacks):
    tree = county_tree()
    _area(tree)
    warning = _issue(tree, django_capture_on_commit_callbacks)
    ids = list(Delivery.objects.values_list("pk", flat=True))
    # The job runs again (a worker died after sending, before acknowledging) …
    with django_capture_on_commit_callbacks(execute=True):
        tasks.disseminate(warning.pk)
    # … and a batch is redelivered, including deliveries a dead worker had claimed long ago.
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Delivery.objects.filter(pk__in=ids[:3]).update(status="sending", claimed_at=an_hour_ago)
    send_deliveries(ids)
    send_deliveries(ids)
    assert Delivery.objects.count() == 7
    phones = list(LocalGatewayMessage.objects.values_list("phone", flat=True))
    assert len(phones) == len(set(phones)) == 7


def test_lifting_disseminates_the_cancel_message(django_capture_on_commit_callbacks):
    tree = county_tree()
    _area(tree)
    warning = _issue(tree, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.warning_lift(actor=staff(tree), warning=warning, reason="险情解除")
    assert LocalGatewayMessage.objects.count() == 14
    assert LocalGatewayMessage.objects.filter(text__contains="解除").count() == 7


def test_public_subscription_is_confirmed_by_an_sms_code(client, django_capture_on_commit_callbacks):
    tree = county_tree()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("public-subscribe"), {"division": tree["town_a"].pk, "phone": "13712345678"})
    assert response.status_code == 302
    subscriber = PublicSubscriber.objects.get()
    sms = LocalGatewayMessage.objects.get(phone="13712345678")
    assert subscriber.confirmation_code in sms.text and subscriber.confirmed_at is None
    wrong = client.post(reverse("public-subscribe-confirm"), {"code": "xxxxxx"})
    assert wrong.status_code == 400 and "确认码不正确" in wrong.content.decode()
    assert client.post(reverse("public-subscribe-confirm"), {"code": subscriber.confirmation_code}).status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None
    bad = client.post(reverse("public-subscribe"), {"division": tree["town_a"].pk, "phone": "12"})
    assert bad.status_code == 400 and PublicSubscriber.objects.count() == 1
