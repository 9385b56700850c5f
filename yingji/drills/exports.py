"""The drill evaluation report (演练评估报告) in Word, in the official layout (core/word.py)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.core.word import OfficialDocument, chinese_date
from yingji.drills.models import Drill


def report_title(drill: Drill) -> str:
    return _("%(title)s评估报告") % {"title": drill.title}


def evaluation_docx(drill: Drill) -> bytes:
    doc = OfficialDocument()

    doc.title(report_title(drill))

    doc.heading(_("一、基本情况"))
    kind = drill.get_kind_display()
    if drill.joint_focus:
        kind = f"{kind}（{drill.get_joint_focus_display()}）"
    doc.table([
        (_("演练名称"), drill.title),
        (_("演练类型"), kind),
        (_("组织单位"), drill.organiser.name),
        (_("所属区划"), drill.division.name),
        (_("演练时间"), chinese_date(drill.date)),
        (_("演练地点"), drill.place or "—"),
        (_("演练时长"), _("%(n)d分钟") % {"n": drill.duration_minutes}),
        (_("灾害情景"), drill.scenario or "—"),
        (_("事先通知"), _("是") if drill.announced else _("否（不预先告知）")),
    ], widths=(4, 11.6))

    doc.heading(_("二、演练的预案"))
    plans = list(drill.plans.all())
    if plans:
        for i, plan in enumerate(plans, 1):
            number = f"（{plan.number}）" if plan.number else ""
            doc.paragraph(f"{i}. {plan.title}{number}")
    else:
        doc.paragraph(_("未关联预案。"))

    doc.heading(_("三、参演单位和人员"))
    participants = "、".join(o.name for o in drill.participants.all())
    doc.paragraph(_("参演单位：%(units)s。") % {"units": participants or _("无")})
    doc.paragraph(_("参演队伍%(teams)d支，参演人员%(people)d人，群众参与%(public)d人。") % {
        "teams": drill.teams, "people": drill.people, "public": drill.public_participants})

    doc.heading(_("四、演练过程"))
    doc.lines(drill.process, empty=_("无。"))

    doc.heading(_("五、评估得分"))
    if drill.score is None:
        doc.paragraph(_("尚未评估。"))
    else:
        doc.paragraph(_("综合评估得分：%(score)d分（满分100分）。") % {"score": drill.score})
        if drill.evaluator:
            doc.paragraph(_("评估人（单位）：%(who)s。") % {"who": drill.evaluator})

    doc.heading(_("六、发现的问题"))
    doc.lines(drill.findings, empty=_("无。"))

    doc.heading(_("七、整改措施"))
    actions = list(drill.actions.filter(deleted_at__isnull=True).select_related("owner_person"))
    if actions:
        doc.table([(_("序号"), _("整改事项"), _("责任单位（人）"), _("完成时限"), _("完成情况"))] + [
            (i, a.description, a.owner_display, chinese_date(a.deadline),
             f"{a.get_status_display()} {chinese_date(a.done_on)}" if a.done_on else a.get_status_display())
            for i, a in enumerate(actions, 1)], widths=(1.2, 6.4, 3.2, 2.8, 2.8), header=True)
    else:
        doc.paragraph(_("无。"))

    doc.signature(drill.organiser.name, drill.evaluated_on or timezone.localdate())
    return doc.bytes()
