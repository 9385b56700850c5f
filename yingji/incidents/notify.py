"""Who is told what, through the channel layer (yingji.messaging). Called after commit.

Every message has a dedupe key per record and outcome, so a re-run of the scan or a retried request
never notifies twice.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.core.permissions import Role
from yingji.divisions.models import Membership, Organisation, Person, User
from yingji.duty.selectors import on_duty
from yingji.incidents.models import Obligation, Receipt
from yingji.messaging.recipients import office_accounts, office_recipients, user_recipient
from yingji.messaging.services import Recipient, send

CHANNELS = ["app", "sms"]


def _person_recipient(person: Person) -> Recipient:
    user = getattr(person, "user", None)
    if user is not None:
        return user_recipient(user)
    return Recipient(key=f"person:{person.pk}", name=person.name, phone=person.mobile)


def on_duty_recipients(division) -> list[Recipient]:
    """Issue 5 §4: the duty leader (带班领导) and duty officers on shift now at the receiving level."""
    leader, staff = on_duty(division, timezone.now())
    return [_person_recipient(p) for p in ([leader] if leader else []) + staff]


def office_head(division) -> list[User]:
    """The head of the level's emergency office (its leader membership), else its leaders."""
    heads = list(User.objects.filter(
        is_active=True, person__memberships__rank=Membership.Rank.LEADER,
        person__memberships__deleted_at__isnull=True,
        person__memberships__organisation__division=division,
        person__memberships__organisation__kind__in=[Organisation.Kind.EMERGENCY_OFFICE, Organisation.Kind.DEPARTMENT],
    ).select_related("person").distinct())
    return heads or list(User.objects.filter(division=division, is_active=True, role=Role.LEADER)
                         .select_related("person"))


def report_received(receipt_pk: int) -> None:
    receipt = Receipt.objects.select_related("division", "report__event", "report__division").get(pk=receipt_pk)
    report, event = receipt.report, receipt.report.event
    recipients = on_duty_recipients(receipt.division) + office_recipients(receipt.division)
    if not recipients:
        return
    send(dedupe_key=f"incidents.receipt.{receipt.pk}", topic="incident.report",
         subject=_("【%(kind)s】%(title)s") % {"kind": report.get_kind_display(), "title": event.title},
         body=_("%(unit)s报送%(kind)s：%(nature)s 死亡%(d)s 失踪%(m)s 受伤%(i)s。请及时签收。") % {
             "unit": report.division.name, "kind": report.get_kind_display(), "nature": report.nature[:80],
             "d": report.deaths, "m": report.missing, "i": report.injured},
         recipients=recipients, channels=CHANNELS, division=receipt.division,
         source=report, link=reverse("incidents-detail", args=[event.pk]))


def _obligations(ids):
    return Obligation.objects.filter(pk__in=ids).select_related("event", "division", "target", "owner__person")


def deadline_near(ids: list[int]) -> None:
    for ob in _obligations(ids):
        users = [ob.owner] if ob.owner_id else office_accounts(ob.division)
        if users:
            send(dedupe_key=f"incidents.obligation.{ob.pk}.near", topic="incident.deadline",
                 subject=_("报告即将超时：%(title)s") % {"title": ob.event.title},
                 body=_("%(kind)s须在%(due)s前报%(target)s。") % {
                     "kind": ob.get_kind_display(), "due": ob.due_at.astimezone().strftime("%m-%d %H:%M"),
                     "target": ob.target.name},
                 recipients=[user_recipient(u) for u in users], channels=CHANNELS, division=ob.division, source=ob,
                 link=reverse("incidents-detail", args=[ob.event_id]))


def deadline_passed(ids: list[int]) -> None:
    for ob in _obligations(ids):
        users = ([ob.owner] if ob.owner_id else office_accounts(ob.division)) + office_head(ob.division)
        if users:
            send(dedupe_key=f"incidents.obligation.{ob.pk}.{ob.status}", topic="incident.late",
                 subject=_("【%(status)s】%(title)s") % {"status": ob.get_status_display(), "title": ob.event.title},
                 body=_("%(unit)s的%(kind)s未在%(due)s前报%(target)s。") % {
                     "unit": ob.division.name, "kind": ob.get_kind_display(),
                     "due": ob.due_at.astimezone().strftime("%m-%d %H:%M"), "target": ob.target.name},
                 recipients=[user_recipient(u) for u in users], channels=CHANNELS, division=ob.division, source=ob,
                 link=reverse("incidents-detail", args=[ob.event_id]))
