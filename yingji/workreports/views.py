"""Work-report pages beyond the registers: the submission form, notes, overdue and on-time pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Action, has_permission
from yingji.core.scoping import scope_division
from yingji.workreports import forms, permissions, selectors, services
from yingji.workreports.models import ReportTemplate
from yingji.workreports.registers import DUES, SUBMISSIONS


def _require(request, cap, action=Action.VIEW):
    if not has_permission(request.user, cap.code, action):
        raise PermissionDenied


@login_required
def submit(request, pk: int):
    """The template's sections as a form; a due that is already submitted shows its submission."""
    _require(request, permissions.SUBMISSIONS, Action.ADD)
    due = DUES.access(request.user, pk)
    if getattr(due, "submission", None) is not None:
        messages.info(request, _("该报告已报送；如需更正，请添加补充说明。"))
        return redirect("report-submissions-detail", pk=due.submission.pk)
    form = forms.SubmissionForm(request.POST or None, request.FILES or None, sections=due.template.sections)
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submit(actor=request.user, due=due, content=form.content(),
                                         attachment=form.cleaned_data.get("attachment"))
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            if submission.is_late:
                messages.warning(request, _("报告已报送（迟报%(days)d天）。") % {"days": submission.days_late})
            else:
                messages.success(request, _("报告已按时报送。"))
            return redirect("report-submissions-detail", pk=submission.pk)
    return render(request, "workreports/submit.html", {"due": due, "form": form, "title": _("报送工作报告")})


@login_required
@require_POST
def add_note(request, pk: int):
    _require(request, permissions.SUBMISSIONS, Action.ADD)
    submission = SUBMISSIONS.access(request.user, pk)
    form = forms.NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写补充说明。"))
    else:
        try:
            services.add_note(actor=request.user, submission=submission, text=form.cleaned_data["text"])
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("补充说明已添加。"))
    return redirect("report-submissions-detail", pk=submission.pk)


@login_required
def overdue(request):
    _require(request, permissions.DUES)
    today = timezone.localdate()
    return render(request, "workreports/overdue.html", {
        "title": _("逾期与即将到期的工作报告"),
        "by_division": selectors.overdue_by_division(request.user, today),
        "overdue": selectors.overdue_dues(request.user, today),
        "due_soon": selectors.due_soon(request.user, today),
        "own_division": scope_division(request.user),
        "can_submit": has_permission(request.user, permissions.SUBMISSIONS.code, Action.ADD),
    })


@login_required
def on_time(request):
    _require(request, permissions.DUES)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    return render(request, "workreports/on_time.html", {
        "title": _("按时报送率"), "year": year, "years": range(today.year - 4, today.year + 1),
        "rows": selectors.on_time_rates(request.user, year, today),
    })


@login_required
def templates(request):
    """Report templates are reference data (not scoped): everyone reads them, administrators edit them."""
    _require(request, permissions.TEMPLATES)
    return render(request, "workreports/templates.html", {
        "title": _("报告模板"), "templates": ReportTemplate.objects.visible_to(request.user).order_by("code"),
        "can_edit": has_permission(request.user, permissions.TEMPLATES.code, Action.CHANGE),
        "can_add": has_permission(request.user, permissions.TEMPLATES.code, Action.ADD)})


@login_required
def template_edit(request, pk: int | None = None):
    template = None
    if pk is None:
        _require(request, permissions.TEMPLATES, Action.ADD)
    else:
        _require(request, permissions.TEMPLATES, Action.CHANGE)
        template = get_object_or_404(ReportTemplate.objects.visible_to(request.user), pk=pk)
    form = forms.ReportTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if template is None:
                services.template_create(actor=request.user, data=data)
            else:
                services.template_update(actor=request.user, obj=template, data=data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("报告模板已保存。"))
            return redirect("workreports-templates")
    return render(request, "workreports/template_form.html", {"form": form, "object": template,
                                                              "title": _("报告模板")})
