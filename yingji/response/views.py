"""Pages: the response page (command structure, tasks, resources, timeline with HTMX add-entry, opinion,
press releases, review) and its steps; a task's steps; overdue tasks; a press release and its Word file."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingji.audit.signals import record_denied
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Action, has_permission
from yingji.core.views import scope_form
from yingji.core.word import DOCX
from yingji.response import exports, forms, permissions, selectors, services
from yingji.response.registers import RESPONSES, TASKS
from yingji.response.rules import OPINION_GUIDANCE, PressStatus, Status, TaskStatus


def _require(request, capability: str, action: str) -> None:
    if not has_permission(request.user, capability, action):
        record_denied(user=request.user, path=request.get_full_path())
        raise PermissionDenied


def _error(request, exc: ApplicationError) -> None:
    details = [str(m) for msgs in exc.field_errors.values() for m in msgs if str(m) != str(exc.message)]
    messages.error(request, " ".join([str(exc.message), *details]))


def _form_errors(request, form) -> None:
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))


def _scoped(form, user):
    scope_form(form, user)
    return form


def _back(response):
    return redirect("responses-detail", pk=response.pk)


def _posted(request, form, step, done: str, back):
    """A form posted from a page: invalid input or a refused step becomes a message (nothing changed),
    otherwise `step(cleaned_data)` runs and `done` is said; either way the user goes `back`. `done` may
    be a function of what the step returned."""
    if form is not None and not form.is_valid():
        _form_errors(request, form)
        return back
    try:
        result = step(form.cleaned_data if form is not None else {})
    except ApplicationError as exc:
        _error(request, exc)
    else:
        messages.success(request, done(result) if callable(done) else done)
    return back


def response_context(request, response) -> dict:
    """The response page beyond its fields (Register.detail_context)."""
    user = request.user
    now = timezone.now()
    may = {
        "change": has_permission(user, permissions.RESPONSES.code, Action.CHANGE),
        "tasks": has_permission(user, permissions.TASKS.code, Action.VIEW),
        "add_task": has_permission(user, permissions.TASKS.code, Action.ADD),
        "situation": has_permission(user, permissions.SITUATION.code, Action.VIEW),
        "add_situation": has_permission(user, permissions.SITUATION.code, Action.ADD),
        "opinion": has_permission(user, permissions.OPINION.code, Action.VIEW),
        "add_opinion": has_permission(user, permissions.OPINION.code, Action.ADD),
        "handle_opinion": has_permission(user, permissions.OPINION.code, Action.CHANGE),
        "press": has_permission(user, permissions.PRESS.code, Action.VIEW),
        "add_press": has_permission(user, permissions.PRESS.code, Action.ADD),
    }
    active = response.status == Status.ACTIVE
    context = {
        "response": response, "may": may, "active": active, "ended": response.status == Status.ENDED,
        "levels": selectors.level_history(response),
        "groups": list(response.groups.filter(deleted_at__isnull=True).select_related("lead_organisation")),
        "commitments": selectors.commitments_of(response),
        "level_form": forms.LevelForm(), "end_form": forms.EndForm(),
        "command_form": forms.CommandForm(instance=response), "group_form": _scoped(forms.GroupForm(), user),
    }
    if may["tasks"]:
        context["tasks"] = [(t, selectors.is_overdue(t, now)) for t in selectors.tasks_of(response)]
    if may["situation"]:
        context["timeline"] = selectors.timeline(response)
        context["situation_form"] = forms.SituationForm()
    if may["opinion"]:
        opinions = list(response.opinions.filter(deleted_at__isnull=True).order_by("-found_at", "-pk"))
        context["opinions"] = [(o, OPINION_GUIDANCE[o.kind]) for o in opinions]
        context["opinion_form"] = forms.OpinionForm()
        context["handle_form"] = forms.HandleForm()
    if may["press"]:
        context["press_releases"] = list(response.press_releases.filter(deleted_at__isnull=True))
        context["press_form"] = forms.PressForm(initial={"issuer": response.division.name})
    if may["change"] and active:
        context["commit_form"] = forms.CommitForm(choices=selectors.choices_for_commitment(user, response))
        context["occupancy_form"] = forms.OccupancyForm()
    if may["change"] and response.status == Status.ENDED:
        context["finding_form"] = forms.FindingForm(plans=selectors.revisable_plans(user))
        context["review_form"] = forms.ReviewForm()
    if may["change"] and not active and response.recovery_reported_at is None:
        context["recovery_form"] = forms.RecoveryForm(initial={
            "loss_assessment": response.loss_assessment, "recovery_plan": response.recovery_plan})
    context["findings"] = list(response.findings.filter(deleted_at__isnull=True).select_related("plan"))
    return context


def task_context(request, task) -> dict:
    steps = [(s, TaskStatus(s).label) for s in sorted(services.rules.TASK_TRANSITIONS[task.status])]
    return {"task": task, "overdue": selectors.is_overdue(task), "steps": steps, "step_form": forms.StepForm(),
            "can_step": has_permission(request.user, TASKS.capability, Action.CHANGE)}


# The response lifecycle --------------------------------------------------------------------------


@login_required
@require_POST
def change_level(request, pk: int):
    response = RESPONSES.access(request.user, pk)
    _require(request, RESPONSES.capability, Action.CHANGE)
    return _posted(request, forms.LevelForm(request.POST),
                   lambda data: services.response_change_level(actor=request.user, response=response, **data),
                   _("响应级别已调整。"), _back(response))


@login_required
@require_POST
def end(request, pk: int):
    response = RESPONSES.access(request.user, pk)
    _require(request, RESPONSES.capability, Action.CHANGE)
    return _posted(request, forms.EndForm(request.POST),
                   lambda data: services.response_end(actor=request.user, response=response, **data),
                   _("已终止响应。"), _back(response))


@login_required
@require_POST
def command(request, pk: int):
    response = RESPONSES.access(request.user, pk)
    _require(request, RESPONSES.capability, Action.CHANGE)
    form = forms.CommandForm(request.POST, instance=response)
    # The form wrote its values onto `response`; the service compares against the stored row.
    return _posted(request, form, lambda data: services.response_command_update(
        actor=request.user, response=RESPONSES.access(request.user, pk), data=data),
        _("指挥部已更新。"), _back(response))


@login_required
@require_POST
def group_add(request, pk: int):
    response = RESPONSES.access(request.user, pk)
    _require(request, RESPONSES.capability, Action.CHANGE)
    form = _scoped(forms.GroupForm(request.POST), request.user)
    return _posted(request, form, lambda data: services.group_add(actor=request.user, response=response, **data),
                   _("工作组已添加。"), _back(response))


@login_required
@require_POST
def group_remove(request, pk: int, gid: int):
    response = RESPONSES.access(request.user, pk)
    group = selectors.group_of(response, gid)
    _require(request, RESPONSES.capability, Action.CHANGE)
    return _posted(request, None, lambda _data: services.group_remove(actor=request.user, group=group),
                   _("工作组已删除。"), _back(response))


# Resources ---------------------------------------------------------------------------------------


@login_required
@require_POST
def commit(request, pk: int):
    response = RESPONSES.access(request.user, pk)
    _require(request, RESPONSES.capability, Action.CHANGE)
    form = forms.CommitForm(request.POST, choices=selectors.choices_for_commitment(request.user, response))

    return _posted(request, form, lambda data: services.commit(
        actor=request.user, response=response, kind=data["kind"], resource=data[data["kind"]],
        note=data.get("note") or "", occupancy=data.get("occupancy")), _("资源已调派。"), _back(response))


@login_required
@require_POST
def release(request, pk: int, cid: int):
    response = RESPONSES.access(request.user, pk)
    commitment = selectors.commitment_of(response, cid)
    _require(request, RESPONSES.capability, Action.CHANGE)
    return _posted(request, None, lambda _data: services.commitment_release(actor=request.user, commitment=commitment),
                   _("资源已撤回。"), _back(response))


@login_required
@require_POST
def occupancy(request, pk: int, cid: int):
    response = RESPONSES.access(request.user, pk)
    commitment = selectors.commitment_of(response, cid)
    _require(request, RESPONSES.capability, Action.CHANGE)
    return _posted(request, forms.OccupancyForm(request.POST), lambda data: services.shelter_occupancy(
        actor=request.user, commitment=commitment, occupancy=data["occupancy"]), _("安置人数已更新。"), _back(response))


# Situation log -----------------------------------------------------------------------------------


@login_required
@require_POST
def situation_add(request, pk: int):
    """Append an entry; an HTMX request gets the timeline back in place, a plain form post a redirect."""
    response = RESPONSES.access(request.user, pk)
    _require(request, permissions.SITUATION.code, Action.ADD)
    form = forms.SituationForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.situation_add(actor=request.user, response=response, **form.cleaned_data)
        except ApplicationError as exc:
            error = exc
    if not request.htmx:
        if error is not None:
            _error(request, error)
        elif not form.is_valid():
            _form_errors(request, form)
        else:
            messages.success(request, _("态势信息已记录。"))
        return _back(response)
    failed = error is not None or not form.is_valid()
    problems = [str(error.message)] if error is not None else [str(e) for es in form.errors.values() for e in es]
    return render(request, "response/_timeline.html", {
        "response": response, "timeline": selectors.timeline(response),
        "situation_form": form if failed else forms.SituationForm(), "problems": problems,
        "may": {"add_situation": True}, "active": True}, status=400 if failed else 200)


# Online opinion ----------------------------------------------------------------------------------


@login_required
@require_POST
def opinion_add(request, pk: int):
    response = RESPONSES.access(request.user, pk)
    _require(request, permissions.OPINION.code, Action.ADD)
    return _posted(request, forms.OpinionForm(request.POST), lambda data: services.opinion_add(
        actor=request.user, data={**data, "response": response}), _("舆情已登记。"), _back(response))


@login_required
@require_POST
def opinion_handle(request, pk: int, oid: int):
    response = RESPONSES.access(request.user, pk)
    opinion = selectors.opinion_of(response, oid)
    _require(request, permissions.OPINION.code, Action.CHANGE)
    form = forms.HandleForm(request.POST)
    form.is_valid()  # an empty handling is refused by the service, with its message
    return _posted(request, None, lambda _data: services.opinion_handle(
        actor=request.user, opinion=opinion, handling=form.cleaned_data.get("handling", "")),
        _("处置情况已登记。"), _back(response))


# Press releases ----------------------------------------------------------------------------------


@login_required
@require_POST
def press_add(request, pk: int):
    response = RESPONSES.access(request.user, pk)
    _require(request, permissions.PRESS.code, Action.ADD)
    form = forms.PressForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(response)
    try:
        release = services.press_create(actor=request.user, data={**form.cleaned_data, "response": response})
    except ApplicationError as exc:
        _error(request, exc)
        return _back(response)
    messages.success(request, _("新闻稿已保存为草稿。"))
    return redirect("responses-press", pk=response.pk, rid=release.pk)


@login_required
def press_detail(request, pk: int, rid: int):
    """A release: read it, edit it while a draft, approve, publish, or download it in Word."""
    response = RESPONSES.access(request.user, pk)
    release = selectors.press_of(response, rid)
    _require(request, permissions.PRESS.code, Action.VIEW)
    can_change = has_permission(request.user, permissions.PRESS.code, Action.CHANGE)
    form = forms.PressForm(instance=release)
    status = 200
    if request.method == "POST":
        _require(request, permissions.PRESS.code, Action.CHANGE)
        form = forms.PressForm(request.POST, instance=selectors.press_of(response, rid))
        if form.is_valid():
            try:
                services.press_update(actor=request.user, obj=release, data=form.cleaned_data)
            except ApplicationError as exc:
                _error(request, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect("responses-press", pk=response.pk, rid=release.pk)
        status = 400
    steps = [(s, PressStatus(s).label) for s in sorted(services.rules.PRESS_TRANSITIONS[release.status])]
    return render(request, "response/press_detail.html", {
        "title": release.title, "response": response, "release": release, "form": form, "steps": steps,
        "can_change": can_change, "editable": can_change and release.status == PressStatus.DRAFT,
        "can_export": has_permission(request.user, permissions.PRESS.code, Action.EXPORT)}, status=status)


@login_required
@require_POST
def press_step(request, pk: int, rid: int, to: str):
    response = RESPONSES.access(request.user, pk)
    release = selectors.press_of(response, rid)
    _require(request, permissions.PRESS.code, Action.CHANGE)
    return _posted(request, None, lambda _data: services.press_step(actor=request.user, release=release, to=to),
                   _("新闻稿状态已更新。"), redirect("responses-press", pk=response.pk, rid=release.pk))


@login_required
def press_docx(request, pk: int, rid: int):
    response = RESPONSES.access(request.user, pk)
    release = selectors.press_of(response, rid)
    _require(request, permissions.PRESS.code, Action.EXPORT)
    out = HttpResponse(exports.press_docx(release), content_type=DOCX)
    out["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(release.title)}.docx"
    return out


# After-action review -----------------------------------------------------------------------------


@login_required
@require_POST
def finding_add(request, pk: int):
    response = RESPONSES.access(request.user, pk)
    _require(request, RESPONSES.capability, Action.CHANGE)
    form = forms.FindingForm(request.POST, plans=selectors.revisable_plans(request.user))
    return _posted(request, form, lambda data: services.finding_add(actor=request.user, response=response, **data),
                   lambda finding: _("复盘发现已记录，预案已转入修订。") if finding.plan_id else _("复盘发现已记录。"),
                   _back(response))


@login_required
@require_POST
def review(request, pk: int):
    response = RESPONSES.access(request.user, pk)
    _require(request, RESPONSES.capability, Action.CHANGE)
    form = forms.ReviewForm(request.POST)
    form.is_valid()  # the summary is optional
    return _posted(request, None, lambda _data: services.review_complete(
        actor=request.user, response=response, summary=form.cleaned_data.get("summary", "")),
        _("复盘已完成。"), _back(response))


# Recovery and reconstruction ---------------------------------------------------------------------


@login_required
@require_POST
def recovery(request, pk: int):
    response = RESPONSES.access(request.user, pk)
    _require(request, RESPONSES.capability, Action.CHANGE)
    return _posted(request, forms.RecoveryForm(request.POST), lambda data: services.recovery_plan_record(
        actor=request.user, response=response, **data), _("恢复重建计划已保存。"), _back(response))


@login_required
@require_POST
def recovery_report(request, pk: int):
    response = RESPONSES.access(request.user, pk)
    _require(request, RESPONSES.capability, Action.CHANGE)
    return _posted(request, None, lambda _data: services.recovery_report(actor=request.user, response=response),
                   _("恢复重建计划已报上一级。"), _back(response))


# Tasks -------------------------------------------------------------------------------------------


@login_required
@require_POST
def task_step(request, pk: int, to: str):
    task = TASKS.access(request.user, pk)
    _require(request, TASKS.capability, Action.CHANGE)
    form = forms.StepForm(request.POST)
    form.is_valid()  # "done" without feedback is refused by the service, with its message
    return _posted(request, None, lambda _data: services.task_step(
        actor=request.user, task=task, to=to, feedback=form.cleaned_data.get("feedback", "")),
        _("任务状态已更新。"), redirect("response-tasks-detail", pk=task.pk))


@login_required
def overdue_list(request):
    _require(request, TASKS.capability, Action.VIEW)
    now = timezone.now()
    tasks = selectors.overdue(TASKS.base_queryset(request.user), now).order_by("deadline", "pk")[:200]
    return render(request, "response/overdue.html", {"title": _("逾期未完成的任务"), "tasks": tasks, "now": now})
