"""Word 信息报告单 of one report (python-docx) and Excel workbooks of the ledger and timeliness."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.core.excel import workbook_bytes
from yingji.core.word import OfficialDocument
from yingji.incidents.models import Report


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y年%m月%d日 %H时%M分") if value else ""


def report_docx(report: Report) -> bytes:
    """The 突发事件信息报告单: title, issuing unit and number, then one row per required element."""
    event = report.event
    doc = OfficialDocument()
    doc.title(_("突发事件信息报告单"))
    doc.paragraph(_("报送单位：%(unit)s") % {"unit": report.division.name} + "        " +
                  _("（%(kind)s）第%(n)s期") % {"kind": report.get_kind_display(), "n": report.sequence}, indent=False)
    rows = [
        (_("事件名称"), event.title),
        (_("事件类别"), f"{event.get_category_display()} {event.get_subtype_display() if event.subtype else ''}".strip()),
        (_("事件级别"), event.get_severity_display()),
        (_("事发时间"), _local(report.occurred_at)),
        (_("事发地点"), report.place),
        (_("信息来源"), report.source),
        (_("事件性质和简要经过"), report.nature),
        (_("影响范围"), report.scope),
        (_("人员伤亡"), _("死亡%(d)s人，失踪%(m)s人，受伤%(i)s人(其中重伤%(s)s人)，被困%(t)s人") % {
            "d": report.deaths, "m": report.missing, "i": report.injured, "s": report.serious_injuries,
            "t": report.trapped}),
        (_("直接经济损失"), _("%(loss)s元") % {"loss": report.economic_loss}),
        (_("发展趋势"), report.trend),
        (_("已采取的措施及效果"), report.measures),
        (_("下一步工作"), report.next_steps),
        (_("报告方式"), report.get_channel_display()),
        (_("报告人及联系电话"), f"{report.reporter_name}  {report.reporter_phone}"),
        (_("报送时间"), _local(report.submitted_at)),
    ]
    doc.table([(label, value or "—") for label, value in rows], widths=(4.5, 11.1))
    doc.paragraph("", indent=False)
    doc.paragraph(_("签发人：") + "                    " + _("核稿人："), indent=False)
    return doc.bytes()


def timeliness_xlsx(stats, accountability) -> bytes:
    headers = [_("区划代码"), _("单位"), _("应报"), _("按时"), _("迟报"), _("漏报"), _("未到期"), _("及时率(%)")]
    rows = [[s.code, s.name, s.due, s.on_time, s.late, s.missing, s.pending, s.rate if s.rate is not None else ""]
            for s in stats]
    rows.append([])
    rows.append([_("问责清单"), "", "", "", "", "", "", ""])
    rows.append([_("区划代码"), _("单位"), _("事件"), _("报告类型"), _("接收单位"), _("截止时间"), _("状态"),
                 _("迟报分钟数")])
    for ob in accountability:
        rows.append([ob.division.code, ob.division.name, ob.event.title, ob.get_kind_display(), ob.target.name,
                     timezone.localtime(ob.due_at).strftime("%Y-%m-%d %H:%M"), ob.get_status_display(),
                     ob.minutes_late if ob.minutes_late is not None else ""])
    return workbook_bytes(title=str(_("报告及时率")), headers=headers, rows=rows)
