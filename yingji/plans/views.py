"""Pages: lifecycle steps and attachments on the plan page, the review queue, overdue plans, coverage,
the hazard-topic list, and the public portal of published plans."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingji.audit.signals import record_denied
from yingji.core import files
from yingji.core.excel import workbook_bytes, xlsx_response
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Action, has_permission
from yingji.core.scoping import scope_division
from yingji.core.views import apply_form_errors
from yingji.core.word import DOCX
from yingji.divisions.models import Division
from yingji.plans import exports, forms, permissions, selectors, services
from yingji.plans.models import Plan, PlanAttachment
from yingji.plans.registers import PLANS

CONTENT_TYPES = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument"
                 ".wordprocessingml.document", "doc": "application/msword", "wps": "application/vnd.ms-works"}


def _require(request, capability: str, action: str) -> None:
    if not has_permission(request.user, capability, action):
        record_denied(user=request.user, path=request.get_full_path())
        raise PermissionDenied


def _error_text(exc) -> str:
    return str(getattr(exc, "message", None) or (exc.args[0] if exc.args else _("您无权执行此操作。")))


@login_required
@require_POST
def plan_step(request, pk: int, action: str):
    plan = PLANS.access(request.user, pk)
    _require(request, PLANS.capability, Action.VIEW)
    form = forms.TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查填写的内容。"))
        return redirect("plans-detail", pk=plan.pk)
    try:
        services.transition(plan, action, actor=request.user, comment=form.cleaned_data["comment"],
                            on=form.cleaned_data["on"], **form.details(action))
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    except PermissionDenied as exc:
        record_denied(user=request.user, path=request.get_full_path())
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("已办理：%(action)s。") % {"action": services.ACTION_LABELS[action]})
    return redirect("plans-detail", pk=plan.pk)


@login_required
@require_POST
def attachment_upload(request, pk: int):
    plan = PLANS.access(request.user, pk)
    _require(request, PLANS.capability, Action.CHANGE)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("plans-detail", pk=plan.pk)
    try:
        services.attachment_add(actor=request.user, plan=plan, upload=form.cleaned_data["file"],
                                kind=form.cleaned_data["kind"], public=form.cleaned_data["public"])
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    except PermissionDenied as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("附件已上传。"))
    return redirect("plans-detail", pk=plan.pk)


def _attachment(request, pk: int) -> PlanAttachment:
    """The attachment if the user may see its plan; the same 404 otherwise."""
    attachment = PlanAttachment.objects.visible_to(request.user).filter(pk=pk, plan__deleted_at__isnull=True).first()
    if attachment is None or not has_permission(request.user, PLANS.capability, Action.VIEW):
        raise Http404
    return attachment


def _serve(attachment: PlanAttachment) -> FileResponse:
    extension = attachment.original_name.rsplit(".", 1)[-1].lower()
    return files.serve_private(attachment.file, content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
                               filename=attachment.original_name, as_attachment=True)


@login_required
def attachment_download(request, pk: int):
    attachment = _attachment(request, pk)
    services.attachment_downloaded(actor=request.user, attachment=attachment)
    return _serve(attachment)


@login_required
@require_POST
def attachment_delete(request, pk: int):
    attachment = _attachment(request, pk)
    _require(request, PLANS.capability, Action.CHANGE)
    try:
        services.attachment_delete(actor=request.user, attachment=attachment)
    except PermissionDenied as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("附件已删除。"))
    return redirect("plans-detail", pk=attachment.plan_id)


def _plan_list(request, title: str, qs, note: str = ""):
    page = Paginator(selectors.with_lists(qs), 50).get_page(request.GET.get("page"))
    rows = [(plan, services.filing_due(plan), services.evaluation_due(plan)) for plan in page.object_list]
    return render(request, "plans/plan_list.html", {"title": title, "page": page, "rows": rows, "note": note,
                                                    "today": timezone.localdate()})


@login_required
def overdue(request):
    """Filings past 20 working days after issue and evaluations past 3 years (R4.1, R4.4)."""
    _require(request, PLANS.capability, Action.VIEW)
    qs = PLANS.base_queryset(request.user).filter(selectors.overdue_q()).order_by("issued_date", "published_date")
    return _plan_list(request, _("逾期预案"), qs, _("印发后20个工作日内未完成备案，或发布满3年未评估的预案。"))


@login_required
def review_queue(request):
    """The filings this user's division reviews: its villages' (or townships') plans and its departments'."""
    _require(request, permissions.FILING.code, Action.VIEW)
    qs = selectors.awaiting_review(request.user).order_by("issued_date")
    return _plan_list(request, _("待备案审查"), qs, _("下级报来备案的预案，请审查后备案或退回。"))


def _coverage_division(request):
    home = scope_division(request.user)
    code = request.GET.get("division")
    if not code:
        return home
    division = Division.objects.visible_to(request.user).filter(code=code).first()
    if division is None:
        raise Http404
    return division


@login_required
def coverage(request):
    _require(request, permissions.COVERAGE.code, Action.VIEW)
    division = _coverage_division(request)
    if division is None:
        raise Http404
    cov = selectors.coverage(division)
    if request.GET.get("format") == "xlsx":
        _require(request, permissions.COVERAGE.code, Action.EXPORT)
        title = _("%(name)s预案覆盖缺口") % {"name": division.name}
        content = workbook_bytes(title=title, headers=[_("区划代码"), _("区划"), _("层级"), _("缺口")],
                                 rows=([d.code, d.name, d.get_level_display(), gap] for d, gap in cov.gaps))
        return xlsx_response(content, title)
    village_rows = [(village, Plan.Status(status).label if status else None) for village, status in cov.village_rows()]
    show_all_villages = len(village_rows) <= 300
    return render(request, "plans/coverage.html", {
        "title": _("预案覆盖情况"), "cov": cov, "division": division,
        "township_rows": list(cov.township_rows()), "village_rows": village_rows if show_all_villages else None,
        "gaps": cov.gaps[:300], "more_gaps": max(len(cov.gaps) - 300, 0)})


@login_required
def topics(request):
    """The controlled list of hazard topics; the county bureau adds to it."""
    _require(request, permissions.TOPICS.code, Action.VIEW)
    can_add = has_permission(request.user, permissions.TOPICS.code, Action.ADD)
    form = forms.TopicForm(request.POST or None)
    if request.method == "POST":
        _require(request, permissions.TOPICS.code, Action.ADD)
        if form.is_valid():
            try:
                services.topic_create(actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                apply_form_errors(form, exc)
            else:
                messages.success(request, _("已添加。"))
                return redirect("plans-topics")
    return render(request, "plans/topics.html", {
        "title": _("灾种目录"), "topics": selectors.topics(),
        "form": form, "can_add": can_add}, status=400 if form.errors else 200)


# Public portal (no login) ------------------------------------------------------------------------


def public_plans(request):
    """R4.2: published government plans, per division; only attachments flagged public, no contacts."""
    code = request.GET.get("division", "")
    division = selectors.division_by_code(code) if code else None
    if code and division is None:
        raise Http404
    page = Paginator(selectors.published(division), 20).get_page(request.GET.get("page"))
    attachments = selectors.public_attachments(page.object_list)
    rows = [(plan, attachments.get(plan.pk, [])) for plan in page.object_list]
    return render(request, "plans/public_plans.html", {
        "page": page, "rows": rows, "division": division, "divisions": selectors.portal_divisions(),
        "code": code})


def public_attachment(request, pk: int):
    attachment = selectors.public_attachment(pk)
    if attachment is None:
        raise Http404
    return _serve(attachment)


@login_required
def filing_form(request, pk: int):
    """应急预案备案登记表 of one plan, as Word."""
    plan = PLANS.access(request.user, pk)
    _require(request, PLANS.capability, Action.EXPORT)
    response = HttpResponse(exports.filing_form_docx(plan), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(plan.title)}-备案登记表.docx"
    return response
