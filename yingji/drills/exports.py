"""The drill evaluation report (演练评估报告) in Word, in the official-document layout of the risk bulletin
(yingji/earlywarning/bulletin.py): A4, 小标宋 title, 黑体 headings, 仿宋 body, fixed 28-pt lines."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from yingji.drills.models import Drill


def report_title(drill: Drill) -> str:
    return _("%(title)s评估报告") % {"title": drill.title}


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _date(day) -> str:
    return _("%(y)d年%(m)d月%(d)d日") % {"y": day.year, "m": day.month, "d": day.day} if day else "—"


def evaluation_docx(drill: Drill) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)

    def paragraph(text: str, *, name="仿宋_GB2312", size=16, bold=False, align=None, indent=True):
        p = doc.add_paragraph()
        p.paragraph_format.line_spacing = Pt(28)
        if indent:
            p.paragraph_format.first_line_indent = Pt(size * 2)
        if align is not None:
            p.alignment = align
        _font(p.add_run(text), name, size, bold)
        return p

    def lines(text: str) -> None:
        written = False
        for line in (text or "").splitlines():
            if line.strip():
                paragraph(line.strip())
                written = True
        if not written:
            paragraph(_("无。"))

    def table(rows, widths=None, header=False) -> None:
        grid = doc.add_table(rows=len(rows), cols=len(rows[0]))
        grid.style = "Table Grid"
        for r, (cells, row) in enumerate(zip(grid.rows, rows, strict=True)):
            for c, (cell, value) in enumerate(zip(cells.cells, row, strict=True)):
                cell.text = ""
                _font(cell.paragraphs[0].add_run(str(value)), "仿宋_GB2312", 12,
                      bold=(header and r == 0) or (not header and c == 0))
                if widths:
                    cell.width = Cm(widths[c])

    paragraph(report_title(drill), name="方正小标宋简体", size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)

    paragraph(_("一、基本情况"), name="黑体")
    kind = drill.get_kind_display()
    if drill.joint_focus:
        kind = f"{kind}（{drill.get_joint_focus_display()}）"
    table([
        (_("演练名称"), drill.title),
        (_("演练类型"), kind),
        (_("组织单位"), drill.organiser.name),
        (_("所属区划"), drill.division.name),
        (_("演练时间"), _date(drill.date)),
        (_("演练地点"), drill.place or "—"),
        (_("演练时长"), _("%(n)d分钟") % {"n": drill.duration_minutes}),
        (_("灾害情景"), drill.scenario or "—"),
        (_("事先通知"), _("是") if drill.announced else _("否（不预先告知）")),
    ], widths=(4, 11.6))

    paragraph(_("二、演练的预案"), name="黑体")
    plans = list(drill.plans.all())
    if plans:
        for i, plan in enumerate(plans, 1):
            number = f"（{plan.number}）" if plan.number else ""
            paragraph(f"{i}. {plan.title}{number}")
    else:
        paragraph(_("未关联预案。"))

    paragraph(_("三、参演单位和人员"), name="黑体")
    participants = "、".join(o.name for o in drill.participants.all())
    paragraph(_("参演单位：%(units)s。") % {"units": participants or _("无")})
    paragraph(_("参演队伍%(teams)d支，参演人员%(people)d人，群众参与%(public)d人。") % {
        "teams": drill.teams, "people": drill.people, "public": drill.public_participants})

    paragraph(_("四、演练过程"), name="黑体")
    lines(drill.process)

    paragraph(_("五、评估得分"), name="黑体")
    if drill.score is None:
        paragraph(_("尚未评估。"))
    else:
        paragraph(_("综合评估得分：%(score)d分（满分100分）。") % {"score": drill.score})
        if drill.evaluator:
            paragraph(_("评估人（单位）：%(who)s。") % {"who": drill.evaluator})

    paragraph(_("六、发现的问题"), name="黑体")
    lines(drill.findings)

    paragraph(_("七、整改措施"), name="黑体")
    actions = list(drill.actions.filter(deleted_at__isnull=True).select_related("owner_person"))
    if actions:
        table([(_("序号"), _("整改事项"), _("责任单位（人）"), _("完成时限"), _("完成情况"))] + [
            (i, a.description, a.owner_display, _date(a.deadline),
             f"{a.get_status_display()} {_date(a.done_on)}" if a.done_on else a.get_status_display())
            for i, a in enumerate(actions, 1)], widths=(1.2, 6.4, 3.2, 2.8, 2.8), header=True)
    else:
        paragraph(_("无。"))

    paragraph("", indent=False)
    paragraph(drill.organiser.name, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    paragraph(_date(drill.evaluated_on or timezone.localdate()), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
