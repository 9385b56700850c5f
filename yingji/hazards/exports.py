"""The 台账 (ledger) Excel export in the usual column layout, and its import (the same columns)."""

from __future__ import annotations

import datetime
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.core.excel import workbook_bytes
from yingji.core.exceptions import ApplicationError
from yingji.hazards import selectors, services
from yingji.hazards.rules import Category, FoundBy, Grade, Kind, RiskLevel, Status

# 序号, then the columns of a township's 隐患排查治理台账, in their usual order.
LEDGER_COLUMNS = [
    ("seq", gettext_lazy("序号")),
    ("found_at", gettext_lazy("排查(发现)时间")),
    ("division_code", gettext_lazy("区划代码")),
    ("division", gettext_lazy("所属区划")),
    ("title", gettext_lazy("隐患名称")),
    ("kind", gettext_lazy("类型")),
    ("category", gettext_lazy("类别")),
    ("address", gettext_lazy("位置")),
    ("grade", gettext_lazy("隐患等级")),
    ("risk_level", gettext_lazy("风险等级")),
    ("found_by", gettext_lazy("发现方式")),
    ("responsible_unit", gettext_lazy("责任单位")),
    ("responsible_person", gettext_lazy("责任人")),
    ("measures", gettext_lazy("整改措施")),
    ("deadline", gettext_lazy("整改期限")),
    ("status", gettext_lazy("整改状态")),
    ("rectified_at", gettext_lazy("整改完成时间")),
    ("verified_by", gettext_lazy("验收人")),
    ("closed_at", gettext_lazy("验收销号时间")),
    ("remark", gettext_lazy("备注")),
]


def ledger(hazards, *, title: str) -> bytes:
    today = timezone.localdate()

    def rows():
        for i, h in enumerate(hazards.iterator(chunk_size=500) if hasattr(hazards, "iterator") else hazards, 1):
            yield [i, h.found_at, h.division.code, h.division.name, h.title, h.get_kind_display(),
                   h.get_category_display(), h.address, h.get_grade_display(), h.get_risk_level_display(),
                   h.get_found_by_display(), h.responsible_unit, h.responsible_person, h.measures, h.deadline,
                   h.get_status_display(), h.rectified_at, h.verified_by, h.closed_at,
                   _("逾期") if selectors.is_overdue(h, today) else ""]

    return workbook_bytes(title=title, headers=[str(label) for _k, label in LEDGER_COLUMNS], rows=rows())


def _choice(choices, value: str, field: str, errors: list[str], row: int):
    value = (value or "").strip()
    for key, label in choices.choices:
        if value in (key, str(label)):
            return key
    errors.append(_("第%(row)d行“%(field)s”的值“%(value)s”无效。") % {"row": row, "field": field, "value": value})
    return None


def import_ledger(*, actor, data: bytes) -> dict:
    """New open hazards from a ledger sheet; all rows or none (errors name the row)."""
    from openpyxl import load_workbook

    from yingji.divisions.models import Division

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        raw = list(sheet.iter_rows(values_only=True))
    except Exception:  # noqa: BLE001 - any unreadable upload is the same error to the user
        raise ApplicationError(_("无法读取文件，请上传 .xlsx 格式的台账。"), code="unreadable") from None
    if not raw:
        raise ApplicationError(_("文件为空。"), code="empty")
    labels = {str(label): key for key, label in LEDGER_COLUMNS}
    names = {key: str(label) for key, label in LEDGER_COLUMNS}
    header = [labels.get(str(c).strip() if c is not None else "") for c in raw[0]]
    missing = [str(label) for key, label in LEDGER_COLUMNS
               if key in ("division_code", "title", "category", "address") and key not in header]
    if missing:
        raise ApplicationError(_("缺少列：%(cols)s") % {"cols": "、".join(missing)}, code="columns")
    codes = {str(r[header.index("division_code")] or "").strip() for r in raw[1:]}
    divisions = {d.code: d for d in Division.objects.visible_to(actor).filter(code__in=codes)}
    errors, items = [], []
    for n, values in enumerate(raw[1:], 2):
        if not any(values):
            continue
        row = {k: v for k, v in zip(header, values, strict=False) if k}
        division = divisions.get(str(row.get("division_code") or "").strip())
        if division is None:
            errors.append(_("第%(row)d行区划代码不存在或不在您的管辖范围内。") % {"row": n})
        item = {"division": division, "title": str(row.get("title") or "").strip(),
                "address": str(row.get("address") or "").strip(),
                "category": _choice(Category, row.get("category"), _("类别"), errors, n),
                "kind": _choice(Kind, row.get("kind") or Kind.HIDDEN_HAZARD, _("类型"), errors, n),
                "grade": _choice(Grade, row.get("grade") or Grade.GENERAL, _("隐患等级"), errors, n),
                "risk_level": _choice(RiskLevel, row.get("risk_level") or RiskLevel.LOW, _("风险等级"), errors, n),
                "found_by": _choice(FoundBy, row.get("found_by") or FoundBy.INSPECTION, _("发现方式"), errors, n),
                "responsible_unit": str(row.get("responsible_unit") or ""),
                "responsible_person": str(row.get("responsible_person") or ""),
                "measures": str(row.get("measures") or "")}
        if not item["title"] or not item["address"]:
            errors.append(_("第%(row)d行隐患名称和位置必填。") % {"row": n})
        for key in ("found_at", "deadline"):
            value = row.get(key)
            if isinstance(value, datetime.datetime):
                item[key] = timezone.make_aware(value) if key == "found_at" else value.date()
            elif value not in (None, ""):
                errors.append(_("第%(row)d行“%(field)s”不是日期。") % {"row": n, "field": names[key]})
        if item["found_by"] == FoundBy.ALARM:
            errors.append(_("第%(row)d行：监测报警发现的隐患请在系统内从报警登记。") % {"row": n})
        items.append((n, item))
    if errors:
        return {"created": 0, "errors": errors}
    with transaction.atomic():
        for n, item in items:
            try:
                services.hazard_create(actor=actor, data={**item, "status": Status.OPEN})
            except ValidationError as exc:
                raise ApplicationError(_("第%(row)d行：%(error)s") % {"row": n, "error": "；".join(exc.messages)},
                                       code="invalid_row") from None
    return {"created": len(items), "errors": []}
