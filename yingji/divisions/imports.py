"""Import of divisions from CSV or Excel: every row checked, all-or-nothing unless told otherwise.

Columns (header names in Chinese or English): code/区划代码, name/名称, level/层级,
parent_code/上级代码, and optionally size_class/村规模, area_type/城乡属性, population/人口,
risk_zone/风险区划, latitude/纬度, longitude/经度.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yingji.audit.context import current_ip
from yingji.audit.models import AuditEntry
from yingji.core.exceptions import ApplicationError
from yingji.divisions.models import Division
from yingji.divisions.validators import LEVELS, is_ancestor_code, validate_code_structure

HEADER_ALIASES = {
    "code": "code", "区划代码": "code", "代码": "code",
    "name": "name", "名称": "name",
    "level": "level", "层级": "level", "级别": "level",
    "parent_code": "parent_code", "上级代码": "parent_code", "上级区划代码": "parent_code",
    "size_class": "size_class", "村规模": "size_class",
    "area_type": "area_type", "城乡属性": "area_type",
    "population": "population", "人口": "population",
    "risk_zone": "risk_zone", "风险区划": "risk_zone",
    "latitude": "latitude", "纬度": "latitude",
    "longitude": "longitude", "经度": "longitude",
}
LEVEL_ALIASES = {
    **{v: v for v in LEVELS},
    "省": "province", "市": "city", "县": "county", "乡": "township", "镇": "township", "乡镇": "township",
    "乡镇(街道)": "township", "街道": "township", "村": "village", "社区": "village", "村(社区)": "village",
}
OPTIONAL_FIELDS = ("size_class", "area_type", "population", "risk_zone", "latitude", "longitude")


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.values.get("code", "")


@dataclass
class ImportResult:
    rows: list[ImportRow]
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    applied: bool = False

    @property
    def error_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def valid_count(self) -> int:
        return len(self.rows) - len(self.error_rows)


def read_table(data: bytes, filename: str) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8, with or without BOM, or GB18030) or .xlsx file as dicts."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:
            raise ApplicationError(_("无法读取Excel文件，请确认是 .xlsx 格式。"), code="bad_file") from exc
        rows = [["" if v is None else str(v).strip() for v in row] for row in sheet.iter_rows(values_only=True)]
    elif name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ApplicationError(_("无法识别CSV文件的编码，请使用UTF-8。"), code="bad_file")
        rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    else:
        raise ApplicationError(_("只支持 .csv 或 .xlsx 文件。"), code="bad_file")
    rows = [row for row in rows if any(row)]
    if not rows:
        raise ApplicationError(_("文件是空的。"), code="bad_file")
    header = [HEADER_ALIASES.get(h.strip().lower(), HEADER_ALIASES.get(h.strip(), "")) for h in rows[0]]
    missing = {"code", "name", "parent_code"} - set(header)
    if missing:
        raise ApplicationError(
            _("缺少必需的列：%(columns)s。") % {"columns": ", ".join(sorted(missing))}, code="bad_header"
        )
    return [{h: (row[i] if i < len(row) else "") for i, h in enumerate(header) if h} for row in rows[1:]]


def _parse_optional(row: ImportRow) -> dict:
    parsed: dict = {}
    choices = {
        "size_class": dict(Division.SizeClass.choices), "area_type": dict(Division.AreaType.choices),
        "risk_zone": dict(Division.RiskZone.choices),
    }
    for name in OPTIONAL_FIELDS:
        raw = row.values.get(name, "").strip()
        if not raw:
            continue
        if name in choices:
            by_label = {str(label): value for value, label in choices[name].items()}
            value = raw if raw in choices[name] else by_label.get(raw)
            if value is None:
                row.errors.append(_("“%(value)s”不是有效的%(field)s。") % {
                    "value": raw, "field": Division._meta.get_field(name).verbose_name})
            else:
                parsed[name] = value
        elif name == "population":
            if raw.isdigit():
                parsed[name] = int(raw)
            else:
                row.errors.append(_("人口“%(value)s”应为非负整数。") % {"value": raw})
        else:
            try:
                parsed[name] = Decimal(raw).quantize(Decimal("0.000001"))
            except InvalidOperation:
                row.errors.append(_("坐标“%(value)s”不是数字。") % {"value": raw})
    return parsed


def validate_rows(raw_rows: list[dict[str, str]], *, within: Division | None) -> tuple[list[ImportRow], dict]:
    rows = [ImportRow(line=i + 2, values=values) for i, values in enumerate(raw_rows)]
    codes_in_file: dict[str, ImportRow] = {}
    for row in rows:
        code = row.code.strip()
        row.values["code"] = code
        if code in codes_in_file:
            row.errors.append(_("区划代码“%(code)s”与第%(line)s行重复。") % {
                "code": code, "line": codes_in_file[code].line})
        else:
            codes_in_file[code] = row
    existing = {
        d.code: d for d in Division.all_objects.filter(
            code__in={r.code for r in rows} | {r.values.get("parent_code", "").strip() for r in rows})
    }
    parsed: dict[str, dict] = {}
    for row in rows:
        code = row.code
        parent_code = row.values.get("parent_code", "").strip()
        name = row.values.get("name", "").strip()
        level_raw = row.values.get("level", "").strip()
        level = LEVEL_ALIASES.get(level_raw.lower(), LEVEL_ALIASES.get(level_raw)) if level_raw else None
        if level_raw and level is None:
            row.errors.append(_("层级“%(level)s”无法识别。") % {"level": level_raw})
        try:
            level = validate_code_structure(code, level)
        except ValidationError as exc:
            row.errors.extend(exc.messages)
            continue
        if not name:
            row.errors.append(_("名称不能为空。"))
        elif len(name) > 100:
            row.errors.append(_("名称不能超过100个字符。"))
        if within is not None and not (within.subtree_bounds[0] <= code < within.subtree_bounds[1]):
            row.errors.append(_("区划代码“%(code)s”不在您的管辖范围内。") % {"code": code})
        parent_level = None
        if level == "province":
            if parent_code:
                row.errors.append(_("省级区划不应有上级代码。"))
        elif not parent_code:
            row.errors.append(_("缺少上级代码。"))
        else:
            if parent_code in existing:
                parent_level = existing[parent_code].level
            elif parent_code in codes_in_file:
                try:
                    parent_level = validate_code_structure(parent_code)
                except ValidationError:
                    parent_level = None
            if parent_level is None:
                row.errors.append(_("上级代码“%(parent)s”不存在。") % {"parent": parent_code})
            elif not is_ancestor_code(parent_code, parent_level, code, level):
                row.errors.append(_("上级代码“%(parent)s”与区划代码“%(code)s”不相符。") % {
                    "parent": parent_code, "code": code})
        if code in existing and existing[code].level != level:
            row.errors.append(_("区划代码“%(code)s”已存在且层级不同。") % {"code": code})
        extras = _parse_optional(row)
        if extras.get("size_class") and level != "village":
            row.errors.append(_("只有村(社区)有村规模。"))
        parsed[code] = {"name": name, "level": level, "parent_code": parent_code or None, **extras}
    # A row whose parent row is bad cannot be imported either.
    bad = {r.code for r in rows if r.errors}
    changed = True
    while changed:
        changed = False
        for row in rows:
            parent_code = parsed.get(row.code, {}).get("parent_code")
            if not row.errors and parent_code in bad:
                row.errors.append(_("上级代码“%(parent)s”所在行有错误。") % {"parent": parent_code})
                bad.add(row.code)
                changed = True
    return rows, parsed


def division_import(*, actor, raw_rows: list[dict[str, str]], valid_only: bool = False,
                    within: Division | None = None) -> ImportResult:
    """Validate every row; apply all, or with `valid_only` the good ones; re-imports update names."""
    rows, parsed = validate_rows(raw_rows, within=within)
    result = ImportResult(rows=rows)
    if result.error_rows and not valid_only:
        return result
    good = [row for row in rows if not row.errors]
    with transaction.atomic():
        _apply(actor=actor, good=good, parsed=parsed, result=result)
    result.applied = True
    return result


def _apply(*, actor, good: list[ImportRow], parsed: dict, result: ImportResult) -> None:
    from yingji.audit.services import snapshot

    codes = [row.code for row in good]
    existing = {d.code: d for d in Division.all_objects.filter(code__in=codes)}
    audit: list[AuditEntry] = []
    actor_fields = {
        "actor": actor if actor is not None and actor.is_authenticated else None,
        "actor_name": actor.get_username() if actor is not None and actor.is_authenticated else "import",
        "ip_address": current_ip.get(),
        "model_label": Division._meta.label_lower,
    }
    to_update: list[Division] = []
    for row in good:
        division = existing.get(row.code)
        if division is None:
            continue
        values = parsed[row.code]
        before = snapshot(division)
        for name in ("name", *OPTIONAL_FIELDS):
            if name in values:
                setattr(division, name, values[name])
        after = snapshot(division)
        if before == after:
            result.unchanged += 1
            continue
        to_update.append(division)
        changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        audit.append(AuditEntry(action="divisions.division.updated", object_pk=str(division.pk),
                                object_repr=division.name, division_code=division.code, changes=changes,
                                **actor_fields))
    if to_update:
        Division.all_objects.bulk_update(to_update, ["name", *OPTIONAL_FIELDS], batch_size=1000)
        result.updated = len(to_update)
    # New rows are created level by level so each level finds its parents' ids in one query.
    for level in LEVELS:
        new = [row for row in good if row.code not in existing and parsed[row.code]["level"] == level]
        if not new:
            continue
        parent_codes = {parsed[row.code]["parent_code"] for row in new} - {None}
        parent_ids = dict(Division.all_objects.filter(code__in=parent_codes).values_list("code", "id"))
        objs = []
        for row in new:
            values = dict(parsed[row.code])
            parent_code = values.pop("parent_code")
            objs.append(Division(code=row.code, parent_id=parent_ids.get(parent_code), **values))
        Division.all_objects.bulk_create(objs, batch_size=1000)
        created = Division.all_objects.filter(code__in=[o.code for o in objs])
        for division in created:
            audit.append(AuditEntry(action="divisions.division.created", object_pk=str(division.pk),
                                    object_repr=division.name, division_code=division.code,
                                    changes={k: [None, v] for k, v in snapshot(division).items() if v not in (None, "")},
                                    **actor_fields))
        result.created += len(objs)
    AuditEntry.objects.bulk_create(audit, batch_size=1000)
