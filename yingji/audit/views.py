from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from yingji.audit.permissions import AUDIT
from yingji.audit.selectors import audit_search
from yingji.core.permissions import Action, has_permission


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("操作人"), required=False)
    division_code = forms.CharField(label=_("区划代码"), required=False, max_length=12)
    model_label = forms.ChoiceField(label=_("对象类型"), required=False)
    action = forms.CharField(label=_("操作"), required=False)
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model_label"].choices = [("", "—")] + sorted(
            (m._meta.label_lower, str(m._meta.verbose_name)) for m in apps.get_models()
            if getattr(m, "scope_code_field", None)
        )


@require_GET
@login_required
def audit_list(request):
    if not has_permission(request.user, AUDIT.code, Action.VIEW):
        from django.core.exceptions import PermissionDenied

        from yingji.audit.signals import record_denied

        record_denied(user=request.user, path=request.get_full_path())
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = audit_search(user=request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(qs, settings.YINGJI_PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    template = "audit/_results.html" if request.htmx else "audit/list.html"
    return render(request, template, {"form": form, "page": page, "title": _("审计记录"),
                                      "querystring": params.urlencode()})
