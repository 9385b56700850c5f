"""The spot-check circular (值班抽查情况通报) in the usual official layout, as python-docx."""

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt


def _font(run, name="仿宋_GB2312", size=16, bold=False):
    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)


def build(period, checks, *, issuer: str):
    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(_("关于%(period)s值班值守抽查情况的通报") % {"period": period.name}), "方正小标宋简体", 22)
    passed = [c for c in checks if c.passed]
    failed = [c for c in checks if not c.passed]
    summary = doc.add_paragraph()
    _font(summary.add_run(_(
        "%(start)s至%(end)s期间，采取电话抽查和现场督查的方式，对%(count)d个单位的值班值守情况进行了抽查。"
        "其中%(ok)d个单位在岗在位、处置流程熟悉，%(bad)d个单位存在问题。现将有关情况通报如下：") % {
        "start": f"{period.start_date:%Y年%m月%d日}", "end": f"{period.end_date:%Y年%m月%d日}",
        "count": len({c.organisation_id for c in checks}), "ok": len(passed), "bad": len(failed)}))
    heading = doc.add_paragraph()
    _font(heading.add_run(_("一、存在的问题")), "黑体")
    for number, check in enumerate(failed, 1):
        problems = []
        if not check.reached:
            problems.append(_("电话无人接听"))
        if not check.on_post:
            problems.append(_("值班人员不在岗"))
        if not check.knew_procedure:
            problems.append(_("不熟悉处置流程"))
        line = doc.add_paragraph()
        _font(line.add_run(f"{number}. {check.organisation.name}（{timezone.localtime(check.checked_at):%m月%d日%H:%M}，"
                           f"{check.get_method_display()}）：{'、'.join(problems)}。{check.findings}"))
    if not failed:
        _font(doc.add_paragraph().add_run(_("抽查的单位均在岗在位。")))
    heading = doc.add_paragraph()
    _font(heading.add_run(_("二、工作要求")), "黑体")
    _font(doc.add_paragraph().add_run(_(
        "各单位要严格落实24小时值班和领导带班制度，确保值班电话畅通、值班人员在岗在位，"
        "对通报的问题立即整改，并于3个工作日内将整改情况报县应急管理局。")))
    signature = doc.add_paragraph()
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(signature.add_run(f"{issuer}\n{timezone.localdate():%Y年%m月%d日}"))
    return doc
