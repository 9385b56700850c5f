"""Pages: a drill with its evaluation, attachments, improvement actions and the plan revisions it triggered;
the quota progress of a division; overdue improvement actions; the Word evaluation report."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingji.audit.signals import record_denied
from yingji.core import files
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Action, has_permission
from yingji.core.scoping import scope_division
from yingji.core.word import DOCX
from yingji.drills import exports, forms, selectors, services
from yingji.drills.registers import ACTIONS, DRILLS
from yingji.plans.models import Plan


def _require(request, capability: str, action: str) -> None:
    if not has_permission(request.user, capability, action):
        record_denied(user=request.user, path=request.get_full_path())
        raise PermissionDenied


def _error(request, exc: ApplicationError) -> None:
    messages.error(request, " ".join([str(exc.message)] + [str(m) for msgs in exc.field_errors.values()
                                                           for m in msgs]))


def drill_context(request, drill) -> dict:
    """The drill page beyond its fields (Register.detail_context)."""
    user = request.user
    can_change = has_permission(user, DRILLS.capability, Action.CHANGE)
    actions = list(drill.actions.filter(deleted_at__isnull=True).select_related("owner_person"))
    today = timezone.localdate()
    return {
        "drill": drill,
        "attachments": drill.attachments.filter(deleted_at__isnull=True),
        "actions": [(a, selectors.is_overdue(a, today)) for a in actions],
        "triggers": drill.revision_triggers.select_related("plan", "actor"),
        "can_evaluate": can_change,
        "can_attach": has_permission(user, DRILLS.capability, Action.ADD),
        "evaluation_form": forms.EvaluationForm(instance=drill),
        "attachment_form": forms.AttachmentForm(),
        "revision_form": forms.RevisionForm(plans=drill.plans.filter(status=Plan.Status.PUBLISHED)),
        "can_add_action": has_permission(user, ACTIONS.capability, Action.ADD),
        "can_view_actions": has_permission(user, ACTIONS.capability, Action.VIEW),
        "can_export": has_permission(user, DRILLS.capability, Action.EXPORT),
    }


def action_context(request, action) -> dict:
    return {"action": action, "overdue": selectors.is_overdue(action), "complete_form": forms.CompleteForm(),
            "can_step": has_permission(request.user, ACTIONS.capability, Action.CHANGE)}


@login_required
@require_POST
def drill_evaluate(request, pk: int):
    drill = DRILLS.access(request.user, pk)
    _require(request, DRILLS.capability, Action.CHANGE)
    form = forms.EvaluationForm(request.POST, instance=drill)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.evaluate(drill, actor=request.user, score=data["score"], findings=data["findings"],
                              process=data["process"], evaluator=data["evaluator"],
                              evaluated_on=data["evaluated_on"])
        except ApplicationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("评估已保存。"))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("drills-detail", pk=drill.pk)


@login_required
@require_POST
def drill_revise(request, pk: int):
    """A finding that calls for a plan revision: the chosen plan goes from published to revising."""
    drill = DRILLS.access(request.user, pk)
    _require(request, DRILLS.capability, Action.CHANGE)
    form = forms.RevisionForm(request.POST, plans=drill.plans.all())
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            services.trigger_revision(drill, form.cleaned_data["plan"], actor=request.user,
                                      finding=form.cleaned_data["finding"])
        except ApplicationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("预案已转入修订。"))
    return redirect("drills-detail", pk=drill.pk)


@login_required
@require_POST
def attachment_upload(request, pk: int):
    """Adding a photo is adding to the record: whoever may record a drill (a village information officer
    on a phone included) may attach its photos; removing one takes CHANGE."""
    drill = DRILLS.access(request.user, pk)
    _require(request, DRILLS.capability, Action.ADD)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            services.attachment_add(actor=request.user, drill=drill, upload=form.cleaned_data["file"])
        except ApplicationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("附件已上传。"))
    return redirect("drills-detail", pk=drill.pk)


def _attachment(request, pk: int, att: int):
    drill = DRILLS.access(request.user, pk)
    attachment = drill.attachments.filter(pk=att, deleted_at__isnull=True).first()
    if attachment is None:
        raise Http404
    return attachment


@login_required
def attachment_download(request, pk: int, att: int):
    """The only way to a stored file: the drill must be in the user's jurisdiction and viewable."""
    attachment = _attachment(request, pk, att)
    _require(request, DRILLS.capability, Action.VIEW)
    return files.serve_private(attachment.file, content_type=attachment.content_type,
                               as_attachment=not attachment.is_image, filename=attachment.name,
                               small=attachment.is_image and files.wants_small(request))


@login_required
@require_POST
def attachment_delete(request, pk: int, att: int):
    attachment = _attachment(request, pk, att)
    _require(request, DRILLS.capability, Action.CHANGE)
    services.attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("附件已删除。"))
    return redirect("drills-detail", pk=pk)


@login_required
def report_docx(request, pk: int):
    drill = DRILLS.access(request.user, pk)
    _require(request, DRILLS.capability, Action.EXPORT)
    title = exports.report_title(drill)
    response = HttpResponse(exports.evaluation_docx(drill), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(title)}.docx"
    return response


def _year(request) -> int:
    form = forms.ProgressForm(request.GET or {"year": timezone.localdate().year})
    if not form.is_valid():
        raise Http404
    return form.cleaned_data["year"]


@login_required
def progress(request):
    """Quota progress of the division in view (or a division of its subtree given by code) for a year."""
    _require(request, DRILLS.capability, Action.VIEW)
    year = _year(request)
    home = scope_division(request.user)
    division = home
    code = request.GET.get("division")
    if code:
        division = selectors.division_in_scope(request.user, code)
        if division is None:
            raise Http404
    if division is None:
        raise Http404
    today = timezone.localdate()
    return render(request, "drills/progress.html", {
        "title": _("演练指标完成情况"), "division": division, "year": year, "today": today,
        "rows": selectors.quota_progress(division, year),
        "children": selectors.children(division),
        "parent": division.parent if division.pk != home.pk else None,
        "stale": selectors.plans_without_recent_drill(division, today)[:50],
        "due": selectors.plans_due(division, today),
        "departments": selectors.departments_behind(division, year),
        "current_year": today.year == year,
    })


@login_required
def overdue_list(request):
    _require(request, ACTIONS.capability, Action.VIEW)
    actions = selectors.overdue_actions(ACTIONS.base_queryset(request.user)).order_by("deadline", "pk")
    return render(request, "drills/overdue.html", {"title": _("逾期未完成的整改"), "actions": actions[:200]})


@login_required
@require_POST
def action_complete(request, pk: int):
    action = ACTIONS.access(request.user, pk)
    _require(request, ACTIONS.capability, Action.CHANGE)
    form = forms.CompleteForm(request.POST)
    form.is_valid()
    try:
        services.action_complete(actor=request.user, action=action, result=form.cleaned_data.get("result", ""),
                                 done_on=form.cleaned_data.get("done_on"))
    except ApplicationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("整改措施已完成。"))
    return redirect("drill-actions-detail", pk=action.pk)


@login_required
@require_POST
def action_reopen(request, pk: int):
    action = ACTIONS.access(request.user, pk)
    _require(request, ACTIONS.capability, Action.CHANGE)
    try:
        services.action_reopen(actor=request.user, action=action, reason=request.POST.get("result", ""))
    except ApplicationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已退回重新整改。"))
    return redirect("drill-actions-detail", pk=action.pk)
