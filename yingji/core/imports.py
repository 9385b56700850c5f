"""Excel import for any register: a template made from the register's form, every row validated by
that same form and created by the register's own service, all-or-nothing unless told otherwise.

So an imported record passes exactly the checks, scoping and audit of one entered by hand. Cells are
read the way people type them: choices by label or value, booleans as 是/否, related records by
code, document number, name or title (within the user's subtree), several values separated by 、 or commas.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from yingji.core.exceptions import ApplicationError

SEPARATORS = re.compile(r"[、,，;；\n]+")
TRUE_WORDS = {"是", "有", "true", "yes", "y", "1", "√", "✓"}
FALSE_WORDS = {"否", "无", "false", "no", "n", "0", "×", ""}


@dataclass
class RowResult:
    line: int
    errors: list[str] = field(default_factory=list)
    object_pk: int | None = None


@dataclass
class ImportResult:
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    applied: bool = False

    @property
    def error_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.errors]

    @property
    def created(self) -> int:
        return sum(1 for row in self.rows if row.object_pk is not None) if self.applied else 0


def importable_fields(form_class) -> dict[str, forms.Field]:
    return {name: f for name, f in form_class.base_fields.items() if not isinstance(f, forms.FileField)}


def _labels(name: str, form_field: forms.Field) -> set[str]:
    """A column is recognised by its Chinese or English label or by the field's name."""
    found = {name.lower()}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            found.add(str(form_field.label or name).strip().lower())
    return found


def template_bytes(reg, *, omit: tuple[str, ...] = ()) -> bytes:
    fields = {name: f for name, f in importable_fields(reg.form_class).items() if name not in omit}
    book = Workbook()
    sheet = book.active
    sheet.title = str(reg.label)[:31]
    bold = Font(bold=True)
    notes = book.create_sheet(_("填写说明"))
    notes.append([_("列"), _("必填"), _("可填的值")])
    for column, (name, form_field) in enumerate(fields.items(), start=1):
        cell = sheet.cell(row=1, column=column, value=str(form_field.label or name))
        cell.font = bold
        sheet.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) * 2 + 2)
        allowed = _allowed_values(form_field)
        notes.append([str(form_field.label or name), _("是") if form_field.required else _("否"),
                      "、".join(allowed) if allowed else str(form_field.help_text or _hint(form_field))])
        if allowed and not _is_multiple(form_field) and len(",".join(allowed)) < 250:
            validation = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True)
            sheet.add_data_validation(validation)
            validation.add(f"{cell.column_letter}2:{cell.column_letter}1000")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _is_multiple(form_field) -> bool:
    return isinstance(form_field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)


def _allowed_values(form_field) -> list[str]:
    if isinstance(form_field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
        return []
    if isinstance(form_field, forms.ChoiceField):
        return [str(label) for value, label in form_field.choices if value not in ("", None)]
    if isinstance(form_field, forms.BooleanField | forms.NullBooleanField):
        return [_("是"), _("否")]
    return []


def _hint(form_field) -> str:
    if isinstance(form_field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
        model = form_field.queryset.model
        names = {f.name for f in model._meta.get_fields()}
        if names & {"code", "number"}:
            return _("填代码或名称")
        if "mobile" in names:
            return _("填姓名或手机号")
        return _("填名称")
    if isinstance(form_field, forms.DateTimeField):
        return _("如 2026-05-12 14:30")
    if isinstance(form_field, forms.DateField):
        return _("如 2026-05-12")
    return ""


def read_rows(data: bytes) -> tuple[list[str], list[tuple[int, list]]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ApplicationError(_("无法读取文件：请上传 Excel (.xlsx) 文件。"), code="bad_file") from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        raise ApplicationError(_("文件是空的。"), code="empty")
    body = []
    limit = settings.YINGJI_IMPORT_MAX_ROWS
    for line, values in enumerate(rows, start=2):
        if values is None or all(v in (None, "") for v in values):
            continue
        if len(body) >= limit:
            raise ApplicationError(_("一次最多导入 %(limit)s 行。") % {"limit": limit}, code="too_many_rows")
        body.append((line, list(values)))
    return ["" if h is None else str(h).strip() for h in header], body


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.time() != datetime.time() else value.strftime("%Y-%m-%d")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


# How a file names a related record: its code or document number, its name or title (a plan, a drill), a
# person's mobile (two people often share a name; never their ID number, which files should not carry), or id.
NAMING_FIELDS = ("code", "number", "name", "title", "mobile")


class _Lookup:
    """Related records named in the file, resolved in one query per column (NAMING_FIELDS or id)."""

    def __init__(self, form_field, raw_values: set[str]):
        queryset = form_field.queryset
        names = {f.name for f in queryset.model._meta.get_fields()}
        self.by_text: dict[str, set[int]] = {}
        keys = [key for key in NAMING_FIELDS if key in names]
        wanted = {v for v in raw_values if v}
        if not wanted:
            return
        filters = None
        from django.db.models import Q

        for key in keys:
            clause = Q(**{f"{key}__in": wanted})
            filters = clause if filters is None else filters | clause
        digits = [int(v) for v in wanted if v.isdigit() and len(v) < 10]
        if digits:
            clause = Q(pk__in=digits)
            filters = clause if filters is None else filters | clause
        if filters is None:
            return
        for row in queryset.filter(filters).values("pk", *keys):
            for key in ("pk", *keys):
                self.by_text.setdefault(str(row[key]), set()).add(row["pk"])

    def resolve(self, text: str) -> str | list[str]:
        found = self.by_text.get(text, set())
        if len(found) == 1:
            return str(next(iter(found)))
        if len(found) > 1:
            return [str(pk) for pk in sorted(found)]
        return text


class AmbiguousValue(Exception):
    pass


def _form_value(form_field, text: str, lookup: _Lookup | None):
    if isinstance(form_field, forms.BooleanField | forms.NullBooleanField):
        word = text.lower()
        if word in TRUE_WORDS:
            return "on" if isinstance(form_field, forms.BooleanField) else "true"
        if word in FALSE_WORDS:
            return "" if isinstance(form_field, forms.BooleanField) else "false"
        return text
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        values = []
        for part in SEPARATORS.split(text):
            if part.strip():
                resolved = lookup.resolve(part.strip())
                values.extend(resolved if isinstance(resolved, list) else [resolved])
        return values
    if isinstance(form_field, forms.ModelChoiceField):
        resolved = lookup.resolve(text) if text else ""
        if isinstance(resolved, list):
            raise AmbiguousValue(_("%(label)s：“%(text)s”对应多条记录，请改填代码(人员填手机号)。") % {
                "label": form_field.label, "text": text})
        return resolved
    if isinstance(form_field, forms.ChoiceField):
        by_label = {}
        for value, label in form_field.choices:
            by_label[str(value).lower()] = value
            by_label[str(label).lower()] = value
        if isinstance(form_field, forms.MultipleChoiceField):
            return [by_label.get(p.strip().lower(), p.strip()) for p in SEPARATORS.split(text) if p.strip()]
        return by_label.get(text.lower(), text)
    return text


def import_rows(reg, *, actor, data: bytes, valid_only: bool = False,
                fixed: dict[str, str] | None = None) -> ImportResult:
    """Validate every row with the register's form; create them all (or only the valid ones) through the
    register's create service in one transaction. `fixed` gives form fields the same value in every row
    (the parent record of `Register.import_parent`)."""
    from yingji.core.views import apply_many_to_many, form_data, scope_form

    result = ImportResult()
    try:
        header, body = read_rows(data)
    except ApplicationError as exc:
        result.file_errors.append(str(exc.message))
        return result
    fixed = fixed or {}
    fields = {name: f for name, f in importable_fields(reg.form_class).items() if name not in fixed}
    by_label = {label: name for name, f in fields.items() for label in _labels(name, f)}
    columns: dict[int, str] = {}
    for index, title in enumerate(header):
        name = by_label.get(title.lower())
        if name is None and title:
            result.file_errors.append(_("不认识的列“%(title)s”。") % {"title": title})
        elif name is not None:
            columns[index] = name
    home = _home_division(actor)
    missing = [str(f.label) for name, f in fields.items()
               if f.required and name not in columns.values() and f.initial is None
               and not (name == "division" and home is not None)]
    if missing:
        result.file_errors.append(_("缺少必填列：%(columns)s。") % {"columns": "、".join(missing)})
    if result.file_errors:
        return result

    texts = [(line, {columns[i]: _text(v) for i, v in enumerate(values) if i in columns}) for line, values in body]
    lookups = {}
    for name, form_field in fields.items():
        if isinstance(form_field, forms.ModelChoiceField) and name in columns.values():
            scoped = form_field.__deepcopy__({})
            if hasattr(scoped.queryset, "visible_to"):
                scoped.queryset = scoped.queryset.visible_to(actor)
            raw = set()
            for _line, row in texts:
                text = row.get(name, "")
                parts = SEPARATORS.split(text) if isinstance(form_field, forms.ModelMultipleChoiceField) else [text]
                raw.update(p.strip() for p in parts)
            lookups[name] = _Lookup(scoped, raw)

    validated = []
    for line, row in texts:
        outcome = RowResult(line=line)
        form_input = {}
        for name, form_field in fields.items():
            text = row.get(name, "")
            if not text and form_field.initial is not None:
                # A blank cell takes the model's default, as an untouched form field would.
                initial = form_field.initial() if callable(form_field.initial) else form_field.initial
                form_input[name] = _default_value(form_field, initial)
                continue
            try:
                form_input[name] = _form_value(form_field, text, lookups.get(name))
            except AmbiguousValue as exc:
                outcome.errors.append(str(exc))
        if not row.get("division") and "division" in fields and home is not None:
            form_input["division"] = str(home.pk)
        form = reg.form_class(data=_as_querydict({**form_input, **fixed}))
        scope_form(form, actor)
        if not outcome.errors and not form.is_valid():
            outcome.errors = _form_errors(form)
        result.rows.append(outcome)
        validated.append((outcome, form))

    if result.error_rows and not valid_only:
        return result
    with transaction.atomic():
        for outcome, form in validated:
            if outcome.errors:
                continue
            try:
                with transaction.atomic():
                    saved = reg.create(actor=actor, data=form_data(form))
                    apply_many_to_many(actor, saved, form)
            except ApplicationError as exc:
                outcome.errors = [str(m) for msgs in exc.field_errors.values() for m in msgs] or [str(exc.message)]
            except ValidationError as exc:
                outcome.errors = list(exc.messages)
            else:
                outcome.object_pk = saved.pk
        if result.error_rows and not valid_only:
            transaction.set_rollback(True)
            return result
    result.applied = True
    return result


def _home_division(actor):
    """The division a blank 所属区划 cell means: the one the user is working in."""
    return getattr(actor, "active_division", None) or getattr(actor, "division", None)


def _default_value(form_field, initial):
    if isinstance(form_field, forms.BooleanField):
        return "on" if initial else ""
    if isinstance(initial, list | tuple):
        return [str(v) for v in initial]
    return "" if initial is None else str(initial)


def _as_querydict(values: dict):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for name, value in values.items():
        if isinstance(value, list):
            data.setlist(name, value)
        elif value != "":
            data[name] = value
    return data


def _form_errors(form) -> list[str]:
    messages = []
    for name, errors in form.errors.items():
        label = str(form.fields[name].label) if name in form.fields else ""
        for error in errors:
            messages.append(f"{label}：{error}" if label else str(error))
    return messages
