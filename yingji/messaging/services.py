"""The channel layer's public API: `send`, `register_channel`, `dispatch_progress`.

    from yingji.messaging.services import Recipient, send
    send(dedupe_key=f"incident-report-{report.pk}-duty", topic="incident.report", subject=…, body=…,
         recipients=[Recipient(key=f"user:{u.pk}", name=u.username, user_id=u.pk, phone=…)],
         channels=["app", "sms"], division=report.event.division, actor=request.user, source=report)

`send` records the dispatch and one delivery per (recipient, channel) the recipient has an address
for, in the caller's transaction, and hands the sending to background jobs after commit (in-process
without a broker). The same `dedupe_key` twice returns the first dispatch and sends nothing more.
Sending claims deliveries with a conditional UPDATE, so a batch that runs twice, or after a worker
died, never sends a delivery that was already sent; receivers get the delivery id as idempotency key.
Failures are retried with exponential backoff (`retry_due`, run every minute by beat) up to
MESSAGING_MAX_ATTEMPTS, then marked failed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from yingji.messaging.channels import get_channel, register_channel  # noqa: F401 — part of the API
from yingji.messaging.models import Delivery, Dispatch

CREATE_CHUNK = 2000
SEND_BATCH = 500


@dataclass(frozen=True)
class Recipient:
    key: str  # stable identity: "user:12", "phone:13800000000", "broadcast:622926100201"
    name: str = ""
    user_id: int | None = None
    phone: str = ""
    email: str = ""
    address: str = ""


def send(*, dedupe_key: str, topic: str, subject: str, body: str, recipients: Iterable[Recipient],
         channels: Sequence[str], division, actor=None, source=None, link: str = "") -> Dispatch:
    existing = Dispatch.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
    adapters = {name: get_channel(name) for name in channels}
    try:
        with transaction.atomic():
            dispatch = Dispatch.objects.create(
                dedupe_key=dedupe_key, topic=topic, subject=subject[:200], body=body, link=link,
                division=division, actor=actor if getattr(actor, "pk", None) else None,
                source_type=ContentType.objects.get_for_model(source) if source is not None else None,
                source_id=str(source.pk) if source is not None else "",
            )
            total = _create_deliveries(dispatch, recipients, adapters)
            Dispatch.objects.filter(pk=dispatch.pk).update(total=total)
            dispatch.total = total
    except IntegrityError:
        # A concurrent caller with the same key won the race: theirs is the one dispatch.
        return Dispatch.objects.get(dedupe_key=dedupe_key)
    transaction.on_commit(lambda: _enqueue(dispatch.pk))
    return dispatch


def _create_deliveries(dispatch, recipients, adapters) -> int:
    seen: set[str] = set()
    total = 0
    chunk: list[Delivery] = []
    for recipient in recipients:
        if recipient.key in seen:
            continue
        seen.add(recipient.key)
        for name, adapter in adapters.items():
            delivery = Delivery(
                dispatch=dispatch, recipient_key=recipient.key, channel=name, name=recipient.name[:100],
                user_id=recipient.user_id, phone=recipient.phone, email=recipient.email,
                address=recipient.address,
            )
            if adapter.accepts(delivery):
                chunk.append(delivery)
        if len(chunk) >= CREATE_CHUNK:
            Delivery.objects.bulk_create(chunk)
            total += len(chunk)
            chunk = []
    if chunk:
        Delivery.objects.bulk_create(chunk)
        total += len(chunk)
    return total


def _enqueue(dispatch_id: int) -> None:
    from yingji.messaging.tasks import send_batch

    ids = list(Delivery.objects.filter(dispatch_id=dispatch_id, status=Delivery.Status.PENDING)
               .order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), SEND_BATCH):
        send_batch.delay(ids[start:start + SEND_BATCH])


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min … after the 1st, 2nd, 3rd, 4th failed attempt."""
    return timedelta(seconds=30 * 2 ** (attempts - 1))


def claimable(now) -> Q:
    lease = now - timedelta(seconds=settings.MESSAGING_CLAIM_LEASE_SECONDS)
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    return (Q(status=Delivery.Status.PENDING) & due) | Q(status=Delivery.Status.SENDING, claimed_at__lt=lease)


def send_deliveries(ids: Sequence[int]) -> dict[str, int]:
    """Claim the given deliveries that are due (one UPDATE), send them per channel, record the outcome."""
    now = timezone.now()
    token = uuid.uuid4().hex
    Delivery.objects.filter(pk__in=ids).filter(claimable(now)).update(
        status=Delivery.Status.SENDING, claimed_at=now, claim_token=token)
    claimed = list(Delivery.objects.filter(pk__in=ids, claim_token=token, status=Delivery.Status.SENDING)
                   .select_related("dispatch__division"))
    by_channel: dict[str, list[Delivery]] = {}
    for delivery in claimed:
        by_channel.setdefault(delivery.channel, []).append(delivery)
    outcome = {"sent": 0, "retrying": 0, "failed": 0}
    done = timezone.now()
    for name, deliveries in by_channel.items():
        try:
            results = get_channel(name).send_batch(deliveries)
        except Exception as exc:  # noqa: BLE001 — a channel that fails as a whole fails each delivery
            results = {d.pk: exc for d in deliveries}
        plain_sent, individually = [], []
        for delivery in deliveries:
            result = results.get(delivery.pk, RuntimeError("no result from the channel"))
            delivery.attempts += 1
            if isinstance(result, Exception):
                delivery.last_error = f"{type(result).__name__}: {result}"[:300]
                if delivery.attempts >= settings.MESSAGING_MAX_ATTEMPTS:
                    delivery.status = Delivery.Status.FAILED
                    outcome["failed"] += 1
                else:
                    delivery.status = Delivery.Status.PENDING
                    delivery.next_attempt_at = done + backoff(delivery.attempts)
                    outcome["retrying"] += 1
                individually.append(delivery)
            else:
                outcome["sent"] += 1
                if result:
                    delivery.status, delivery.provider_id, delivery.sent_at = Delivery.Status.SENT, result, done
                    individually.append(delivery)
                else:
                    plain_sent.append(delivery.pk)
        # The common case — sent, nothing per-row to keep — is one UPDATE per batch; per-row values
        # (gateway ids, errors, retry times) go through bulk_update, which costs a CASE per row.
        if plain_sent:
            Delivery.objects.filter(pk__in=plain_sent).update(
                status=Delivery.Status.SENT, sent_at=done, attempts=F("attempts") + 1)
        if individually:
            Delivery.objects.bulk_update(
                individually, ["status", "attempts", "last_error", "next_attempt_at", "provider_id", "sent_at"],
                batch_size=SEND_BATCH)
    return outcome


def due_delivery_ids(limit: int = 50_000) -> list[int]:
    """Deliveries due for a retry, claims whose lease ran out, and first sends that never got queued
    (the broker was down at commit) — the latter only after a grace period, not to race the queue."""
    now = timezone.now()
    stale_first_send = Q(attempts=0, dispatch__created_at__lt=now - timedelta(minutes=5))
    return list(Delivery.objects.filter(claimable(now)).filter(Q(attempts__gt=0) | stale_first_send)
                .order_by("pk").values_list("pk", flat=True)[:limit])


def dispatch_progress(dispatch: Dispatch) -> dict:
    counts = dict(Delivery.objects.filter(dispatch=dispatch).values_list("status").annotate(n=Count("pk")))
    total = sum(counts.values())
    sent, failed = counts.get("sent", 0), counts.get("failed", 0)
    return {
        "total": total, "sent": sent, "failed": failed,
        "pending": counts.get("pending", 0) + counts.get("sending", 0),
        "percent": round(100 * (sent + failed) / total) if total else 100,
    }
