"""Generic register views and the shell pages (home, division switch, language).

Thin by design: parse input with a form, call the register's service, render.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import ForeignKey, ManyToManyField
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_GET

from yingji.core.attention import attention_for
from yingji.core.excel import XLSX, workbook_bytes
from yingji.core.exceptions import ApplicationError
from yingji.core.listing import filter_options, filtered, sorted_by
from yingji.core.navigation import public_entries
from yingji.core.permissions import Action, has_permission
from yingji.core.registers import Register, registers


def require(request, reg: Register, action: str) -> None:
    if not has_permission(request.user, reg.capability, action):
        from yingji.audit.signals import record_denied

        record_denied(user=request.user, path=request.get_full_path())
        raise PermissionDenied


def scope_form(form, user) -> None:
    """Limit every choice of a related scoped record to the user's subtree (the one mechanism)."""
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and hasattr(queryset, "visible_to"):
            field.queryset = queryset.visible_to(user)


def apply_form_errors(form, exc: ApplicationError | ValidationError) -> None:
    if isinstance(exc, ApplicationError):
        for name, msgs in exc.field_errors.items():
            for msg in msgs:
                form.add_error(name if name in form.fields else None, str(msg))
        if not exc.field_errors:
            form.add_error(None, str(exc.message))
    else:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                for msg in errors:
                    form.add_error(name if name in form.fields else None, msg)
        else:
            for msg in exc.messages:
                form.add_error(None, msg)


def form_data(form) -> dict:
    """Cleaned data of the form's model fields (many-to-many fields are left to the service)."""
    model = form._meta.model
    data = {}
    for name, value in form.cleaned_data.items():
        try:
            model_field = model._meta.get_field(name)
        except Exception:  # noqa: S112 - non-model form fields are the service's business
            continue
        if isinstance(model_field, ManyToManyField):
            continue
        data[name] = value
    return data


def apply_many_to_many(actor, obj, form) -> None:
    """Save the form's many-to-many choices on the saved record and audit what changed."""
    from yingji.audit.services import record

    model = form._meta.model
    changes = {}
    for name in form.cleaned_data:
        try:
            model_field = model._meta.get_field(name)
        except Exception:  # noqa: S112 - non-model form fields are the service's business
            continue
        if not isinstance(model_field, ManyToManyField):
            continue
        manager = getattr(obj, name)
        before = sorted(str(o) for o in manager.all())
        manager.set(form.cleaned_data[name])
        after = sorted(str(o) for o in manager.all())
        if before != after:
            changes[name] = [before, after]
    if changes:
        record(actor=actor, action=f"{model._meta.app_label}.{model._meta.model_name}.updated", obj=obj,
               changes=changes)


class RegisterView(LoginRequiredMixin, View):
    register: Register = None  # set by register_urls()
    action = Action.VIEW

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)

    def context(self, **extra):
        reg = self.register
        user = self.request.user
        return {
            "register": reg,
            "title": reg.label,
            "can_add": reg.create is not None and reg.form_class is not None
            and has_permission(user, reg.capability, Action.ADD),
            "can_change": reg.update is not None and has_permission(user, reg.capability, Action.CHANGE),
            "can_delete": reg.delete is not None and has_permission(user, reg.capability, Action.DELETE),
            "can_export": has_permission(user, reg.capability, Action.EXPORT),
            "can_import": reg.import_url_name is not None and has_permission(user, reg.capability, Action.IMPORT),
            **extra,
        }


def listed_rows(reg: Register, request, *, deleted: bool = False):
    """The rows a list shows and its export writes: the user's scope, search, filters, sort."""
    qs = reg.base_queryset(request.user, deleted=deleted)
    if reg.narrow is not None:
        qs = reg.narrow(qs, request.GET)
    return sorted_by(reg, filtered(reg, qs, request.GET), request.GET.get("sort"))


class RegisterListView(RegisterView):
    deleted = False

    def get(self, request):
        reg = self.register
        require(request, reg, Action.DELETE if self.deleted else Action.VIEW)
        qs, sort = listed_rows(reg, request, deleted=self.deleted)
        page = Paginator(qs, settings.YINGJI_PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [(obj, [column.get(obj) for column in reg.columns]) for obj in page.object_list]
        params = request.GET.copy()
        params.pop("page", None)
        context = self.context(
            page=page, rows=rows, sort=sort, query=request.GET.get("q", ""), deleted=self.deleted,
            headers=[(c.path, c.header(reg.model), bool(c.sort)) for c in reg.columns],
            filters=filter_options(reg, request.GET) + (reg.extra_filters(request) if reg.extra_filters else []),
            querystring=params.urlencode(),
        )
        if request.htmx and request.htmx.target == "register-results":
            return render(request, "core/register_results.html", context)
        return render(request, "core/register_list.html", context)


class RegisterExportView(RegisterView):
    def get(self, request):
        reg = self.register
        require(request, reg, Action.EXPORT)
        qs, _sort = listed_rows(reg, request)
        columns = list(reg.export_columns or reg.columns)
        limit = settings.YINGJI_EXPORT_MAX_ROWS
        rows_qs = qs[:limit]
        if not reg.prefetch_related:
            rows_qs = rows_qs.iterator(chunk_size=2000)
        content = workbook_bytes(
            title=reg.label,
            headers=[c.header(reg.model) for c in columns],
            rows=([c.get(obj) for c in columns] for obj in rows_qs),
        )
        from yingji.audit.services import record

        record(actor=request.user, action=f"{reg.model._meta.app_label}.{reg.model._meta.model_name}.exported",
               division_code=request.user.active_division.code if request.user.division_id else "",
               changes={"query": request.GET.urlencode()[:500]})
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename=\"{reg.slug}-{stamp}.xlsx\""
        return response


class RegisterDetailView(RegisterView):
    def get(self, request, pk):
        reg = self.register
        obj = reg.access(request.user, pk)
        require(request, reg, Action.VIEW)
        from yingji.audit.selectors import history_for

        names = reg.detail_fields or [
            f.name for f in reg.model._meta.concrete_fields
            if not f.primary_key and f.name not in {"deleted_at", "password", "created_at", "updated_at"}
        ] + [name for name in ("created_at", "updated_at") if hasattr(reg.model, name)]
        fields = []
        for name in names:
            model_field = reg.model._meta.get_field(name)
            display = getattr(obj, f"get_{name}_display", None)
            if callable(display):
                value = display()
            elif isinstance(model_field, ForeignKey):
                value = getattr(obj, name)
            else:
                value = getattr(obj, name)
            if name == "id_number":
                value = obj.id_number_masked
            fields.append((str(model_field.verbose_name), value))
        extra = reg.detail_context(request, obj) if reg.detail_context else {}
        return render(request, reg.detail_template, self.context(
            object=obj, fields=fields, history=history_for(obj, user=request.user)[:50], title=str(obj), **extra,
        ))


class RegisterFormView(RegisterView):
    def get_object(self, pk):
        return self.register.access(self.request.user, pk) if pk is not None else None

    def make_form(self, obj, data=None):
        reg = self.register
        initial = {}
        if obj is None and "division" in reg.form_class.base_fields:
            initial["division"] = getattr(self.request.user, "active_division", None)
        if obj is None:
            # "Add … to this record" links pass the parent record's id (?roster=12); scope_form still
            # limits the choice to the user's subtree.
            initial.update({k: v for k, v in self.request.GET.items() if k in reg.form_class.base_fields})
        form = reg.form_class(data=data, instance=obj, initial=initial)
        scope_form(form, self.request.user)
        return form

    def get(self, request, pk=None):
        obj = self.get_object(pk)
        require(request, self.register, Action.ADD if obj is None else Action.CHANGE)
        return self.render_form(self.make_form(obj), obj)

    def render_form(self, form, obj, status=200):
        title = _("新增%(name)s") % {"name": self.register.model._meta.verbose_name} if obj is None else str(obj)
        return render(self.request, "core/register_form.html",
                      self.context(form=form, object=obj, title=title), status=status)

    def post(self, request, pk=None):
        reg = self.register
        obj = self.get_object(pk)
        require(request, reg, Action.ADD if obj is None else Action.CHANGE)
        form = self.make_form(obj, data=request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    if obj is None:
                        saved = reg.create(actor=request.user, data=form_data(form))
                    else:
                        saved = reg.update(actor=request.user, obj=obj, data=form_data(form))
                    apply_many_to_many(request.user, saved, form)
            except (ApplicationError, ValidationError) as exc:
                apply_form_errors(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect(reverse(reg.url_name("detail"), args=[saved.pk]))
        return self.render_form(form, obj, status=400)


class RegisterDeleteView(RegisterView):
    def get(self, request, pk):
        obj = self.register.access(request.user, pk)
        require(request, self.register, Action.DELETE)
        return render(request, "core/register_confirm_delete.html", self.context(object=obj, title=str(obj)))

    def post(self, request, pk):
        reg = self.register
        obj = reg.access(request.user, pk)
        require(request, reg, Action.DELETE)
        try:
            reg.delete(actor=request.user, obj=obj)
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
            return redirect(reverse(reg.url_name("detail"), args=[obj.pk]))
        messages.success(request, _("已删除，可在回收站中恢复。"))
        return redirect(reverse(reg.url_name("list")))


class RegisterRestoreView(RegisterView):
    def post(self, request, pk):
        reg = self.register
        obj = reg.access(request.user, pk, deleted=True)
        require(request, reg, Action.DELETE)
        try:
            reg.restore(actor=request.user, obj=obj)
        except (ApplicationError, ValidationError) as exc:
            messages.error(request, str(getattr(exc, "message", exc)))
            return redirect(reverse(reg.url_name("trash")))
        messages.success(request, _("已恢复。"))
        return redirect(reverse(reg.url_name("detail"), args=[obj.pk]))


class RegisterImportView(RegisterView):
    """Upload an Excel file of new records; GET ?template=1 downloads the columns to fill. With the
    register's `import_parent` in the query string, every row goes into that parent record."""

    def parent(self, request):
        """(field name, record) fixed by the query string, or (None, None); a record outside the user's
        subtree is a 404 like any other."""
        name = self.register.import_parent
        value = request.GET.get(name) if name else None
        if not value:
            return None, None
        queryset = self.register.form_class.base_fields[name].queryset
        if hasattr(queryset, "visible_to"):
            queryset = queryset.visible_to(request.user)
        record = queryset.filter(pk=value).first() if value.isdigit() else None
        if record is None:
            raise Http404
        return name, record

    def page(self, request, **extra):
        name, record = self.parent(request)
        return self.context(title=_("导入%(name)s") % {"name": self.register.label}, parent=record,
                            parent_query=f"&{name}={record.pk}" if record else "", **extra)

    def get(self, request):
        reg = self.register
        require(request, reg, Action.IMPORT)
        if request.GET.get("template"):
            from yingji.core.imports import template_bytes

            name, _record = self.parent(request)
            response = HttpResponse(template_bytes(reg, omit=(name,) if name else ()), content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="{reg.slug}-template.xlsx"'
            return response
        return render(request, "core/register_import.html", self.page(request))

    def post(self, request):
        from yingji.core.imports import ImportResult, import_rows

        reg = self.register
        require(request, reg, Action.IMPORT)
        name, record = self.parent(request)
        upload = request.FILES.get("file")
        if upload is None:
            result = ImportResult(file_errors=[_("请选择要导入的文件。")])
        elif upload.size > settings.YINGJI_IMPORT_MAX_BYTES:
            result = ImportResult(file_errors=[_("文件太大：最大 %(mb)s MB。") % {
                "mb": settings.YINGJI_IMPORT_MAX_BYTES // (1024 * 1024)}])
        else:
            result = import_rows(reg, actor=request.user, data=upload.read(),
                                 valid_only=request.POST.get("valid_only") == "on",
                                 fixed={name: str(record.pk)} if record else None)
        if result.applied:
            messages.success(request, _("已导入 %(count)s 条。") % {"count": result.created})
        status = 200 if result.applied else 400
        return render(request, "core/register_import.html", self.page(request, result=result), status=status)


def register_urls(reg: Register) -> list:
    """URL patterns for one register; names are `<slug>-list`, `<slug>-detail`, …"""
    patterns = [
        path(f"{reg.slug}/", RegisterListView.as_view(register=reg), name=reg.url_name("list")),
        path(f"{reg.slug}/export.xlsx", RegisterExportView.as_view(register=reg), name=reg.url_name("export")),
        path(f"{reg.slug}/<int:pk>/", RegisterDetailView.as_view(register=reg), name=reg.url_name("detail")),
    ]
    if reg.form_class is not None and reg.create is not None:
        patterns.append(path(f"{reg.slug}/new/", RegisterFormView.as_view(register=reg), name=reg.url_name("create")))
    if reg.form_class is not None and reg.update is not None:
        patterns.append(
            path(f"{reg.slug}/<int:pk>/edit/", RegisterFormView.as_view(register=reg), name=reg.url_name("update"))
        )
    if reg.importable:
        patterns.append(path(f"{reg.slug}/import/", RegisterImportView.as_view(register=reg),
                             name=reg.url_name("import")))
    if reg.delete is not None:
        patterns.append(
            path(f"{reg.slug}/<int:pk>/delete/", RegisterDeleteView.as_view(register=reg), name=reg.url_name("delete"))
        )
    if reg.restore is not None:
        patterns += [
            path(f"{reg.slug}/trash/", RegisterListView.as_view(register=reg, deleted=True), name=reg.url_name("trash")),
            path(f"{reg.slug}/<int:pk>/restore/", RegisterRestoreView.as_view(register=reg),
                 name=reg.url_name("restore")),
        ]
    return patterns


@require_GET
def public_portal(request):
    """公众服务: the pages anyone may open — warnings in force, shelters near me, published plans, teams,
    experts, reporting a hazard — as each capability lists them."""
    return render(request, "core/public_portal.html", {"title": _("公众服务"), "entries": public_entries()})


def all_register_urls() -> list:
    return [pattern for reg in registers() for pattern in register_urls(reg)]


def home(request):
    if not request.user.is_authenticated:
        return redirect("login")
    return render(request, "core/home.html", {"items": attention_for(request.user), "title": _("工作台")})
