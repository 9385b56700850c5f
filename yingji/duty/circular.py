"""The spot-check circular (值班抽查情况通报) in the official layout (core/word.py)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.core.word import OfficialDocument


def build(period, checks, *, issuer: str) -> bytes:
    doc = OfficialDocument()
    doc.title(_("关于%(period)s值班值守抽查情况的通报") % {"period": period.name})
    passed = [c for c in checks if c.passed]
    failed = [c for c in checks if not c.passed]
    doc.paragraph(_(
        "%(start)s至%(end)s期间，采取电话抽查和现场督查的方式，对%(count)d个单位的值班值守情况进行了抽查。"
        "其中%(ok)d个单位在岗在位、处置流程熟悉，%(bad)d个单位存在问题。现将有关情况通报如下：") % {
        "start": f"{period.start_date:%Y年%m月%d日}", "end": f"{period.end_date:%Y年%m月%d日}",
        "count": len({c.organisation_id for c in checks}), "ok": len(passed), "bad": len(failed)})
    doc.heading(_("一、存在的问题"))
    for number, check in enumerate(failed, 1):
        problems = []
        if not check.reached:
            problems.append(_("电话无人接听"))
        if not check.on_post:
            problems.append(_("值班人员不在岗"))
        if not check.knew_procedure:
            problems.append(_("不熟悉处置流程"))
        doc.paragraph(f"{number}. {check.organisation.name}（{timezone.localtime(check.checked_at):%m月%d日%H:%M}，"
                      f"{check.get_method_display()}）：{'、'.join(problems)}。{check.findings}")
    if not failed:
        doc.paragraph(_("抽查的单位均在岗在位。"))
    doc.heading(_("二、工作要求"))
    doc.paragraph(_(
        "各单位要严格落实24小时值班和领导带班制度，确保值班电话畅通、值班人员在岗在位，"
        "对通报的问题立即整改，并于3个工作日内将整改情况报县应急管理局。"))
    doc.signature(issuer, timezone.localdate())
    return doc.bytes()
