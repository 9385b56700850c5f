"""Writes for events, reports, receipts and obligations: the one path for each.

The web UI, the field form, the API, the scan command/task and the demo loader call these. Each
service owns its transaction, audits inside it, and leaves notifications to `transaction.on_commit`.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.audit.services import record, snapshot
from yingji.core import files
from yingji.core.exceptions import ApplicationError
from yingji.core.scoping import scope_division
from yingji.divisions.models import Division
from yingji.incidents import notify, rules
from yingji.incidents.models import Channel, DeadlineRule, Event, Obligation, Receipt, Report, ReportKind
from yingji.incidents.rules import (
    LEVELS,
    SUBTYPES,
    TOP_LEVEL,
    compute_due,
    more_severe,
    near_deadline_lead,
    suggest_severity,
    supplementary_window,
)

CASUALTY_FIELDS = ("deaths", "missing", "injured", "serious_injuries", "trapped")
# Required elements per report kind (RULES.md R3.5, R3.21): time, place, source, nature, casualties,
# reporter and phone always; scope, trend, measures and next steps as the event develops.
REQUIRED = {
    ReportKind.FIRST: ("occurred_at", "place", "source", "nature", "reporter_name", "reporter_phone"),
    ReportKind.FOLLOWUP: ("occurred_at", "place", "source", "nature", "measures", "reporter_name", "reporter_phone"),
    ReportKind.FINAL: ("occurred_at", "place", "source", "nature", "scope", "trend", "measures", "next_steps",
                       "reporter_name", "reporter_phone"),
    ReportKind.SUPPLEMENTARY: ("occurred_at", "place", "source", "nature", "reporter_name", "reporter_phone"),
}
# Which obligations a report of each kind fulfils.
FULFILS = {
    ReportKind.FIRST: {ReportKind.FIRST},
    ReportKind.FOLLOWUP: {ReportKind.FOLLOWUP},
    ReportKind.SUPPLEMENTARY: {ReportKind.FOLLOWUP},
    ReportKind.FINAL: {ReportKind.FOLLOWUP, ReportKind.FINAL},
}
UNFULFILLED = (Obligation.Status.OPEN, Obligation.Status.LATE, Obligation.Status.MISSING)


def _actor_division(actor) -> Division:
    division = scope_division(actor)
    if division is None:
        raise ApplicationError(_("您的账号未关联区划，不能报送信息。"), code="no_division")
    return division


def _ensure_place(actor, division: Division) -> None:
    home = _actor_division(actor)
    if not home.contains(division):
        raise ApplicationError(_("事发地点“%(place)s”不在您的管辖范围内。") % {"place": division.name},
                               code="out_of_scope", field_errors={"division": [_("事发地点不在您的管辖范围内。")]})


def _check_times(occurred_at: datetime.datetime, known_at: datetime.datetime | None = None) -> None:
    now = timezone.now()
    errors = {}
    # A phone clock a minute fast is not a report from the future.
    if occurred_at > now + datetime.timedelta(minutes=1):
        errors["occurred_at"] = [_("发生时间不能晚于当前时间。")]
    if known_at is not None:
        if known_at > now + datetime.timedelta(minutes=1):
            errors["known_at"] = [_("知悉时间不能晚于当前时间。")]
        elif known_at < occurred_at:
            errors["known_at"] = [_("知悉时间不能早于发生时间。")]
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], field_errors=errors)


def _check_figures(data: dict[str, Any]) -> None:
    errors = {}
    for name in CASUALTY_FIELDS:
        value = data.get(name, 0)
        if value is None or int(value) < 0:
            errors[name] = [_("伤亡人数不能为负数。")]
    if Decimal(str(data.get("economic_loss") or 0)) < 0:
        errors["economic_loss"] = [_("直接经济损失不能为负数。")]
    if errors:
        raise ApplicationError(_("伤亡人数和经济损失不能为负数。"), field_errors=errors)


def _ancestor_at(division: Division, level: str, ancestors: dict[str, Division]) -> Division | None:
    return division if division.level == level else ancestors.get(level)


def _ancestors(division: Division) -> dict[str, Division]:
    return {d.level: d for d in division.ancestors()}


def rule_applies(rule: DeadlineRule, event: Event, *, kind: str, from_level: str) -> bool:
    """Blank category/sub-type/severity match any; provincial rules only in their province; rules that
    reach above the grade's top level apply only as the explicit skip-level rules (≥10 dead/missing)."""
    if not rule.is_active or rule.kind != kind or rule.from_level != from_level:
        return False
    if rule.forecast != event.is_forecast:
        return False
    if rule.category not in ("", event.category) or rule.subtype not in ("", event.subtype):
        return False
    if rule.severity not in ("", event.severity) or rule.province_code not in ("", event.division.code[:2]):
        return False
    if rule.min_dead_missing is not None:
        return event.deaths + event.missing >= rule.min_dead_missing
    return LEVELS.index(rule.to_level) <= LEVELS.index(TOP_LEVEL[event.severity])


def matching_rules(event: Event, *, kind: str, from_level: str,
                   rules: list[DeadlineRule] | None = None) -> list[DeadlineRule]:
    if rules is None:
        rules = list(DeadlineRule.objects.filter(is_active=True, kind=kind, from_level=from_level))
    return [r for r in rules if rule_applies(r, event, kind=kind, from_level=from_level)]


def due_for(rule: DeadlineRule, *, event: Event, received_at: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    start = event.known_at if rule.clock == DeadlineRule.Clock.KNOWN else received_at
    times = tuple(t.strip() for t in rule.at_times.split(",") if t.strip())
    return start, compute_due(start, minutes=rule.minutes, at_times=times)


def _plan_obligations(event: Event, division: Division, kind: str, received_at) -> dict[tuple, tuple]:
    """(target, channel) → (rule, started_at, due_at): the earliest due time among matching rules."""
    ancestors = _ancestors(division)
    plan: dict[tuple, tuple] = {}
    for rule in matching_rules(event, kind=kind, from_level=division.level):
        target = _ancestor_at(division, rule.to_level, ancestors)
        if target is None:
            continue
        started, due = due_for(rule, event=event, received_at=received_at)
        key = (target.pk, rule.channel)
        if key not in plan or due < plan[key][2]:
            plan[key] = (rule, started, due, target)
    return plan


def _open_obligations(event: Event, division: Division, kinds, received_at, owner=None) -> list[Obligation]:
    """Create the obligations a level now has; existing pending ones get the (re)computed due time."""
    created = []
    for kind in kinds:
        for (_target_pk, channel), (rule, started, due, target) in _plan_obligations(
                event, division, kind, received_at).items():
            pending = Obligation.objects.filter(event=event, division=division, target=target, kind=kind,
                                                channel=channel, fulfilled_at__isnull=True).exclude(
                status=Obligation.Status.CANCELLED).first()
            if pending is not None:
                if pending.due_at != due:
                    Obligation.objects.filter(pk=pending.pk).update(rule=rule, due_at=due, started_at=started)
                continue
            if kind == ReportKind.FIRST and Obligation.objects.filter(
                    event=event, division=division, target=target, kind=kind, channel=channel,
                    fulfilled_at__isnull=False).exists():
                continue
            created.append(Obligation.objects.create(
                event=event, division=division, target=target, kind=kind, channel=channel, rule=rule,
                owner=owner, started_at=started, due_at=due))
    return created


def _fulfil(report: Report, division: Division, target: Division, at: datetime.datetime) -> list[Obligation]:
    """Obligations of `division` towards `target` (or any level at or below it) met by this report."""
    kinds = FULFILS[report.kind]
    target_levels = LEVELS[: LEVELS.index(target.level) + 1]
    channels = [Channel.PHONE, Channel.WRITTEN] if report.channel == Channel.WRITTEN else [Channel.PHONE]
    rows = list(Obligation.objects.select_for_update().filter(
        event=report.event, division=division, kind__in=kinds, channel__in=channels,
        fulfilled_at__isnull=True, status__in=UNFULFILLED, target__level__in=target_levels))
    for ob in rows:
        ob.fulfilled_at = at
        ob.report = report
        late = at > ob.due_at
        ob.status = Obligation.Status.LATE if late else Obligation.Status.ON_TIME
        ob.minutes_late = int((at - ob.due_at).total_seconds() // 60) if late else 0
        ob.save(update_fields=["fulfilled_at", "report", "status", "minutes_late", "updated_at"])
    return rows


def _receive(report: Report, division: Division, *, at: datetime.datetime, sender: Division) -> Receipt:
    receipt = Receipt.objects.create(report=report, division=division, received_at=at)
    transaction.on_commit(lambda: notify.report_received(receipt.pk))
    met = _fulfil(report, sender, division, at)
    event = report.event
    if report.kind == ReportKind.FIRST:
        # The receiving level now owes the report further up, and (at the county) follow-ups and a final.
        _open_obligations(event, division, [ReportKind.FIRST, ReportKind.FOLLOWUP, ReportKind.FINAL], at)
    elif event.status == Event.Status.OPEN and any(ob.kind == ReportKind.FOLLOWUP for ob in met):
        # A follow-up met: the next one falls due while the event is open.
        _open_obligations(event, sender, [ReportKind.FOLLOWUP], at)
    return receipt


# Events ------------------------------------------------------------------------------------------


def _suggestion(category: str, data: dict[str, Any]) -> str | None:
    return suggest_severity(category, deaths=int(data.get("deaths") or 0),
                            serious_injuries=int(data.get("serious_injuries") or 0),
                            loss_yuan=Decimal(str(data.get("economic_loss") or 0)))


@transaction.atomic
def event_create(*, actor, data: dict[str, Any]) -> Event:
    """Register an event; the actor's level now owes its first report to the level above."""
    division = data["division"]
    _ensure_place(actor, division)
    _check_times(data["occurred_at"], data.get("known_at"))
    _check_figures(data)
    category, subtype = data["category"], data.get("subtype", "")
    if subtype and subtype not in {code for code, _label in SUBTYPES.get(category, [])}:
        raise ApplicationError(_("事件子类与事件类别不符。"), field_errors={"subtype": [_("事件子类与事件类别不符。")]})
    suggested = _suggestion(category, data) or ""
    severity = data.get("severity") or suggested or Event._meta.get_field("severity").default
    reason = (data.get("severity_reason") or "").strip()
    if suggested and severity != suggested and not reason:
        raise ApplicationError(_("所选级别与按标准建议的级别不同，请填写定级理由。"),
                               field_errors={"severity_reason": [_("请填写定级理由。")]})
    event = Event(
        division=division, title=data["title"], category=category, subtype=subtype, severity=severity,
        severity_suggested=suggested, severity_reason=reason, address=data.get("address", ""),
        latitude=data.get("latitude"), longitude=data.get("longitude"), occurred_at=data["occurred_at"],
        known_at=data.get("known_at") or timezone.now(), source=data["source"], is_forecast=bool(data.get("is_forecast")),
        economic_loss=data.get("economic_loss") or 0, created_by=actor if actor.is_authenticated else None,
        **{name: int(data.get(name) or 0) for name in CASUALTY_FIELDS},
    )
    event.full_clean()
    event.save()
    record(actor=actor, action="incidents.event.created", obj=event, after=snapshot(event))
    _open_obligations(event, _actor_division(actor), [ReportKind.FIRST], event.known_at, owner=actor)
    return event


@transaction.atomic
def event_change_severity(*, actor, event: Event, severity: str, reason: str) -> Event:
    """Regrade with a recorded reason; an upgrade recomputes deadlines and re-triggers escalation."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("调整事件级别必须填写理由。"), field_errors={"severity_reason": [_("请填写理由。")]})
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if severity == locked.severity:
        return locked
    before = snapshot(locked)
    upgrade = more_severe(severity, locked.severity)
    locked.severity, locked.severity_reason = severity, reason
    locked.save(update_fields=["severity", "severity_reason", "updated_at"])
    record(actor=actor, action="incidents.event.regraded", obj=locked, before=before, after=snapshot(locked))
    if upgrade:
        _retrigger(locked)
    return locked


def _retrigger(event: Event) -> None:
    """Every level the event has reached gets the obligations the new grade brings, due times recomputed."""
    levels = {}
    for receipt in Receipt.objects.filter(report__event=event).select_related("division").order_by("received_at"):
        levels.setdefault(receipt.division_id, (receipt.division, receipt.received_at))
    for ob in Obligation.objects.filter(event=event).select_related("division"):
        levels.setdefault(ob.division_id, (ob.division, ob.started_at))
    for division, received_at in levels.values():
        _open_obligations(event, division, [ReportKind.FIRST], received_at)


# Reports -----------------------------------------------------------------------------------------


def check_photo(upload) -> str:
    return files.check_photo(upload, max_bytes=rules.PHOTO_MAX_BYTES, field="photo")


def _validate_report(event: Event, kind: str, data: dict[str, Any]) -> None:
    missing = [name for name in REQUIRED[kind] if data.get(name) in (None, "")]
    if missing:
        labels = "、".join(str(Report._meta.get_field(name).verbose_name) for name in missing)
        raise ApplicationError(_("报告缺少必备要素：%(fields)s。") % {"fields": labels},
                               field_errors={name: [_("此项为必填要素。")] for name in missing})
    _check_figures(data)
    _check_times(data["occurred_at"])
    if kind == ReportKind.SUPPLEMENTARY:
        window = supplementary_window(event.subtype)
        if timezone.now() > event.occurred_at + window:
            raise ApplicationError(_("补报须在事故发生之日起%(days)s日内报送，已超过期限。") % {"days": window.days})
        if all(int(data.get(name) or 0) == getattr(event, name) for name in CASUALTY_FIELDS):
            raise ApplicationError(_("补报用于伤亡人数发生变化的情形，本次伤亡人数与上次相同。"))


@transaction.atomic
def report_submit(*, actor, event: Event, kind: str, data: dict[str, Any], channel: str = Channel.WRITTEN,
                  client_key: uuid.UUID | None = None) -> Report:
    """Submit a report on an event. It is immutable once stored; it goes to the level above."""
    division = _actor_division(actor)
    locked = Event.objects.select_for_update().get(pk=event.pk)
    _ensure_place(actor, locked.division)
    if locked.status == Event.Status.CLOSED and kind != ReportKind.SUPPLEMENTARY:
        raise ApplicationError(_("该事件已终报，只能报送补报。"))
    has_first = Report.objects.filter(event=locked).exists()
    if kind == ReportKind.FIRST and has_first:
        raise ApplicationError(_("该事件已有首报，请报送续报。"))
    if kind != ReportKind.FIRST and not has_first:
        raise ApplicationError(_("请先报送首报。"))
    _validate_report(locked, kind, data)
    photo = data.get("photo") or ""
    uploaded = files.is_new_upload(photo)
    if uploaded:
        check_photo(photo)
    now = timezone.now()
    sequence = Report.all_objects.filter(event=locked).count() + 1
    report = Report(
        event=locked, division=division, kind=kind, sequence=sequence, channel=channel, submitted_at=now,
        author=actor, client_key=client_key,
        **{name: data.get(name) or "" for name in ("reporter_name", "reporter_phone", "place", "source", "nature",
                                                    "scope", "trend", "measures", "next_steps")},
        occurred_at=data["occurred_at"], economic_loss=data.get("economic_loss") or 0,
        photo=photo,
        **{name: int(data.get(name) or 0) for name in CASUALTY_FIELDS},
    )
    try:
        report.full_clean(exclude=["client_key"])
    except ValidationError as exc:
        errors = exc.message_dict
        raise ApplicationError(next(iter(errors.values()))[0], field_errors=errors) from exc
    with files.removed_on_failure(report, "photo", uploaded):
        return _store_report(actor, locked, report, division, kind, now)


def _store_report(actor, locked: Event, report: Report, division: Division, kind: str,
                  now: datetime.datetime) -> Report:
    report.save()
    record(actor=actor, action="incidents.report.submitted", obj=report,
           after={**snapshot(report), "photo": report.photo.name or ""})
    _apply_figures(locked, report, actor)
    if kind == ReportKind.FINAL:
        Event.objects.filter(pk=locked.pk).update(status=Event.Status.CLOSED)
        Obligation.objects.filter(event=locked, fulfilled_at__isnull=True, kind=ReportKind.FOLLOWUP).update(
            status=Obligation.Status.CANCELLED)
        locked.status = Event.Status.CLOSED
    if kind == ReportKind.FIRST:
        _open_obligations(locked, division, [ReportKind.FOLLOWUP, ReportKind.FINAL], now, owner=actor)
    if division.parent_id:
        _receive(report, division.parent, at=now, sender=division)
    return report


def _apply_figures(event: Event, report: Report, actor) -> None:
    """The event carries the latest figures; a suggestion that rises is recorded, never silently applied."""
    before = snapshot(event)
    for name in (*CASUALTY_FIELDS, "economic_loss"):
        setattr(event, name, getattr(report, name))
    suggested = _suggestion(event.category, {n: getattr(report, n) for n in (*CASUALTY_FIELDS, "economic_loss")})
    event.severity_suggested = suggested or ""
    event.save(update_fields=[*CASUALTY_FIELDS, "economic_loss", "severity_suggested", "updated_at"])
    after = snapshot(event)
    if before != after:
        record(actor=actor, action="incidents.event.figures_updated", obj=event, before=before, after=after)


def report_field_submit(*, actor, data: dict[str, Any], client_key: uuid.UUID) -> tuple[Report, bool]:
    """The phone form: event + first report in one step, idempotent on the client's key.

    Returns (report, created). A retried POST with the same key returns the stored report; two
    concurrent ones race on the unique constraint and the loser returns the winner's report.
    """
    existing = Report.all_objects.filter(client_key=client_key).select_related("event").first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            event = event_create(actor=actor, data=data)
            report = report_submit(actor=actor, event=event, kind=ReportKind.FIRST, data=data, client_key=client_key)
    except IntegrityError:
        existing = Report.all_objects.filter(client_key=client_key).first()
        if existing is None:
            raise
        return existing, False
    return report, True


def report_edit_refused(*, actor, report: Report, via: str) -> None:
    """An attempt to change a submitted report: refused, and the attempt itself is audited."""
    with transaction.atomic():
        record(actor=actor, action="incidents.report.edit_refused", obj=report, success=False,
               changes={"via": via})
    raise ApplicationError(_("已报送的报告不可修改；如需更正请报送续报。"), code="immutable")


# Receipts ----------------------------------------------------------------------------------------


def _ensure_receiver(actor, receipt: Receipt) -> None:
    if _actor_division(actor).pk != receipt.division_id:
        raise ApplicationError(_("只有接收单位可以办理此报告。"), code="forbidden")


@transaction.atomic
def receipt_acknowledge(*, actor, receipt: Receipt) -> Receipt:
    """签收: the receiving level confirms it has the report; it becomes the owner of the onward deadline."""
    _ensure_receiver(actor, receipt)
    locked = Receipt.objects.select_for_update().get(pk=receipt.pk)
    if locked.acknowledged_at is not None:
        return locked
    locked.acknowledged_at, locked.acknowledged_by = timezone.now(), actor
    locked.save(update_fields=["acknowledged_at", "acknowledged_by", "updated_at"])
    Obligation.objects.filter(event=locked.report.event_id, division=locked.division_id, owner__isnull=True,
                              fulfilled_at__isnull=True).update(owner=actor)
    record(actor=actor, action="incidents.receipt.acknowledged", obj=locked,
           changes={"acknowledged_at": [None, locked.acknowledged_at.isoformat()]})
    return locked


@transaction.atomic
def receipt_request_info(*, actor, receipt: Receipt, note: str) -> Receipt:
    """Ask the reporting level for more: it owes a follow-up by the follow-up rule's deadline."""
    _ensure_receiver(actor, receipt)
    note = (note or "").strip()
    if not note:
        raise ApplicationError(_("请写明需要补充的信息。"), field_errors={"note": [_("请写明需要补充的信息。")]})
    locked = Receipt.objects.select_for_update().select_related("report__event", "report__division").get(pk=receipt.pk)
    locked.info_requested = note
    locked.save(update_fields=["info_requested", "updated_at"])
    record(actor=actor, action="incidents.receipt.info_requested", obj=locked, changes={"note": note})
    report = locked.report
    now = timezone.now()
    rule = DeadlineRule.objects.filter(is_active=True, kind=ReportKind.FOLLOWUP, minutes__isnull=False).order_by(
        "minutes").first()
    if rule is not None and not Obligation.objects.filter(
            event=report.event, division=report.division, target=locked.division, kind=ReportKind.FOLLOWUP,
            fulfilled_at__isnull=True).exclude(status=Obligation.Status.CANCELLED).exists():
        Obligation.objects.create(event=report.event, division=report.division, target=locked.division,
                                  kind=ReportKind.FOLLOWUP, channel=Channel.WRITTEN, rule=rule, owner=report.author,
                                  started_at=now, due_at=compute_due(now, minutes=rule.minutes))
    return locked


@transaction.atomic
def receipt_forward(*, actor, receipt: Receipt, to: Division | None = None) -> Receipt:
    """上报: pass the report up — to the next level, or skipping levels when necessary (L1 Art. 17).

    Meets this level's obligations towards that level and every level below it.
    """
    _ensure_receiver(actor, receipt)
    locked = Receipt.objects.select_for_update().select_related("division", "report__event__division").get(pk=receipt.pk)
    parent = to or locked.division.parent
    if parent is None:
        raise ApplicationError(_("本级没有上级单位，无需上报。"))
    if parent.pk == locked.division_id or not parent.contains(locked.division):
        raise ApplicationError(_("只能向本级的上级单位报送。"), field_errors={"to": [_("只能向本级的上级单位报送。")]})
    if Receipt.objects.filter(report=locked.report, division=parent).exists():
        return locked
    now = timezone.now()
    if locked.acknowledged_at is None:
        locked.acknowledged_at, locked.acknowledged_by = now, actor
    locked.forwarded_at = now
    locked.save(update_fields=["acknowledged_at", "acknowledged_by", "forwarded_at", "updated_at"])
    record(actor=actor, action="incidents.receipt.forwarded", obj=locked, changes={"to": parent.code})
    if not Receipt.objects.filter(report=locked.report, division=parent).exists():
        _receive(locked.report, parent, at=now, sender=locked.division)
    return locked


# Deadline scan -----------------------------------------------------------------------------------


def scan(*, now: datetime.datetime | None = None, lead: datetime.timedelta | None = None,
         within: Division | None = None) -> dict[str, int]:
    """Flag overdue obligations and mark near ones: three UPDATE statements, whatever the number of rows,
    and one select of the rows each outcome stamped, to notify.

    Late first reports become 迟报, overdue follow-ups and final reports 漏报. Rows are stamped
    (`near_notified_at`, `flagged_at`), so a re-run flags and notifies nothing twice; the messages'
    dedupe keys (per obligation and outcome) make a retried notification a no-op too.
    """
    now = now or timezone.now()
    lead = lead if lead is not None else near_deadline_lead()
    base = Obligation.objects.filter(fulfilled_at__isnull=True, status=Obligation.Status.OPEN)
    if within is not None:
        base = base.within(within)
    with transaction.atomic():
        near = base.filter(near_notified_at__isnull=True, due_at__gt=now, due_at__lte=now + lead).update(
            near_notified_at=now)
        overdue = base.filter(due_at__lte=now)
        late = overdue.filter(kind=ReportKind.FIRST).update(status=Obligation.Status.LATE, flagged_at=now,
                                                            updated_at=now)
        missing = overdue.exclude(kind=ReportKind.FIRST).update(status=Obligation.Status.MISSING, flagged_at=now,
                                                                updated_at=now)
        # The rows this run stamped (one select each) are the ones to tell; a re-run stamps none.
        near_ids = list(base.filter(near_notified_at=now).values_list("pk", flat=True)) if near else []
        stamped = Obligation.objects.filter(flagged_at=now, fulfilled_at__isnull=True)
        if within is not None:
            stamped = stamped.within(within)
        flagged_ids = list(stamped.values_list("pk", flat=True)) if late or missing else []
    if near_ids:
        transaction.on_commit(lambda: notify.deadline_near(near_ids))
    if flagged_ids:
        transaction.on_commit(lambda: notify.deadline_passed(flagged_ids))
    return {"near": near, "late": late, "missing": missing}



# Deadline rules ----------------------------------------------------------------------------------


@transaction.atomic
def rule_save(*, actor, rule: DeadlineRule | None, data: dict[str, Any]) -> DeadlineRule:
    """Create or edit a deadline rule (administrators); open obligations keep the due time they have."""
    from yingji.audit.services import audited_create, audited_update

    if rule is None:
        return audited_create(actor=actor, obj=DeadlineRule(**data))
    return audited_update(actor=actor, obj=rule, data=data)
