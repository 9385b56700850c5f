"""Demo work reports: the 2026 quarterly reports of the county's townships (most of Q1–Q3 submitted,
some late, some missing), and a campaign with weekly progress reports."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from yingji.divisions.models import Division
from yingji.workreports import services
from yingji.workreports.models import Campaign, ReportDue, ReportTemplate, Submission

SEED = 55
YEAR = 2026
TEXT = {
    "工作动态": "本季度组织开展安全隐患排查，完成辖区重点部位巡查。",
    "组织体系": "乡镇应急管理办公室人员配备到位，各村明确应急信息员。",
    "预案编制": "修订乡镇突发事件总体应急预案，完善防汛、森林防火专项预案。",
    "队伍建设": "乡镇综合应急救援队伍在编队员到位，装备完成季度检查。",
    "宣传培训": "开展应急知识进村入户宣传，组织信息员业务培训。",
    "预案演练": "组织防汛避险转移演练一次，参演群众百余人。",
    "本周工作进展": "完成辖区重点场所消防安全检查。",
    "存在问题": "部分村应急物资储备不足。",
    "下周工作安排": "继续开展入户宣传，补充物资储备。",
}


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def load_demo(county: Division, say) -> None:
    if ReportDue.all_objects.within(county).filter(period_start__year=YEAR).exists():
        say("工作报告 workreports: already loaded")
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    weekly = ReportTemplate.objects.filter(code="campaign-weekly", is_active=True).first()
    if weekly is not None:
        Campaign.objects.create(division=county, name="冬春火灾防控专项行动", template=weekly,
                                start_date=today - timedelta(days=today.weekday() + 21),
                                end_date=today + timedelta(days=35))
    created = sum(services.schedule(year, county) for year in sorted({YEAR, today.year}))
    dues = (ReportDue.objects.within(county).filter(division__level="township", due_date__lt=today)
            .exclude(template__cadence=ReportTemplate.Cadence.ANNUAL).select_related("template"))
    submissions = []
    for due in dues.order_by("due_date", "division__code"):
        roll = rng.random()
        if roll < 0.12:
            continue  # missing: overdue
        late_days = rng.randint(1, 12) if roll < 0.30 else 0
        day = due.due_date + timedelta(days=late_days) if late_days else due.due_date - timedelta(days=rng.randint(0, 5))
        day = max(day, due.period_start)
        submitted_at = _at(min(day, today), rng.randint(9, 17))
        submissions.append(Submission(
            due=due, division_id=due.division_id, submitted_at=submitted_at,
            content={h: TEXT.get(h, f"{h}：按要求落实。") for h in due.template.sections},
            days_late=max(0, (timezone.localdate(submitted_at) - due.due_date).days)))
    Submission.objects.bulk_create(submissions, batch_size=500)
    late = sum(1 for s in submissions if s.days_late)
    say(f"工作报告 workreports: {created} 份应报报告, {len(submissions)} 份已报送（{late} 份迟报）")
