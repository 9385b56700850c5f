from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Action, has_permission
from yingji.divisions import permissions, services
from yingji.divisions.forms import DivisionImportForm
from yingji.divisions.imports import division_import, read_table
from yingji.divisions.middleware import SESSION_KEY
from yingji.divisions.models import Division


def _next_url(request, fallback="home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@login_required
def division_switch(request):
    """GET: the switcher's choices (children of the current division, and its ancestors up to home).

    POST: switch to a division in the user's subtree; anything else is a 404.
    """
    user = request.user
    if request.method == "POST":
        code = request.POST.get("code", "")
        chosen = Division.objects.within(user.division).filter(code=code).first()
        if chosen is None:
            raise Http404
        request.session[SESSION_KEY] = chosen.code
        return redirect(_next_url(request))
    current = user.active_division
    query = request.GET.get("q", "").strip()
    if query:
        choices = Division.objects.within(user.division).filter(name__icontains=query)[:50]
    else:
        choices = Division.objects.within(current).filter(parent=current).order_by("code")[:500]
    trail = [d for d in current.ancestors() if user.division.contains(d)] + [current]
    template = "divisions/_switch_choices.html" if request.htmx else "divisions/switch.html"
    return render(request, template, {"choices": choices, "trail": trail, "query": query,
                                      "title": _("切换区划"), "next": _next_url(request, "")})


@login_required
def division_import_view(request):
    if not has_permission(request.user, permissions.DIVISIONS.code, Action.IMPORT):
        raise PermissionDenied
    result = None
    form = DivisionImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_table(upload.read(), upload.name)
            result = division_import(actor=request.user, raw_rows=rows, valid_only=form.cleaned_data["valid_only"],
                                     within=request.user.division)
        except ApplicationError as exc:
            form.add_error("file", str(exc.message))
        else:
            if result.applied:
                messages.success(request, _("导入完成：新增%(created)d条，更新%(updated)d条，未变%(unchanged)d条，"
                                            "跳过有误%(errors)d条。") % {
                    "created": result.created, "updated": result.updated, "unchanged": result.unchanged,
                    "errors": len(result.error_rows)})
    status = 400 if (request.method == "POST" and (not form.is_valid() or (result and not result.applied))) else 200
    return render(request, "divisions/import.html", {"form": form, "result": result, "title": _("导入行政区划")},
                  status=status)


@require_POST
def language_set(request):
    language = request.POST.get("language", "")
    if language not in {"zh-hans", "en"}:
        raise Http404
    response = redirect(_next_url(request))
    if request.user.is_authenticated:
        services.user_update(actor=request.user, user=request.user, data={"language": language})
    from django.conf import settings

    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
    return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's form for the checks; our service for the write, so the change is audited."""

    success_url = "/"

    def form_valid(self, form):
        services.user_set_password(actor=self.request.user, user=self.request.user,
                                   password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, self.request.user)
        messages.success(self.request, _("密码已修改。"))
        return redirect(self.get_success_url())
