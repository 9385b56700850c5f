"""Excel exports of the quota progress, the expiry lists and the rescuer coverage."""

from __future__ import annotations

from django.utils.translation import gettext as _

from yingji.core.excel import workbook_bytes


def _yes(flag: bool) -> str:
    return _("是") if flag else _("否")


def progress(guidance, total, townships, *, departments=(), title: str) -> bytes:
    headers = [_("区划"), _("指标"), _("应完成"), _("已完成"), _("达标")]
    rows = [[row.division.name, _("指导培训(次)"), row.required, row.done, _yes(row.met)] for row in guidance]
    rows += [[row.organisation.name, _("部门行业指导培训(次)"), row.required, row.done, _yes(row.met)]
             for row in departments]
    for row in [*townships, total]:
        share = "—" if row.share is None else f"{row.share:.0%}"
        rows.append([row.division.name, _("信息员参训村(社区)"), row.villages, row.trained,
                     f"{share} · {_yes(row.met)}"])
    return workbook_bytes(title=title, headers=headers, rows=rows)


def _certificate_rows(certificates, status: str):
    for c in certificates:
        yield [status, c.person.name, c.division.name, c.get_kind_display(), c.number, c.issuer, c.issued_on,
               c.expires_on]


def expiry(expiring, expired, *, title: str) -> bytes:
    headers = [_("状态"), _("持证人"), _("所属区划"), _("证书类别"), _("证书编号"), _("发证机关"), _("发证日期"),
               _("有效期至")]
    rows = [*_certificate_rows(expiring, _("即将到期")), *_certificate_rows(expired, _("已过期"))]
    return workbook_bytes(title=title, headers=headers, rows=rows)


def coverage(missing, *, title: str) -> bytes:
    headers = [_("区划代码"), _("区划"), _("层级"), _("上级区划")]
    rows = [[d.code, d.name, d.get_level_display(), d.parent.name if d.parent else ""] for d in missing]
    return workbook_bytes(title=title, headers=headers, rows=rows)
