from datetime import date

from yingji.workreports import periods
from yingji.workreports.models import Campaign, ReportDue, ReportTemplate
from yingji.workreports.seed import ensure_templates


def seeded(code: str) -> ReportTemplate:
    """A seeded template; re-seeded if a transactional test flushed the migration's rows."""
    ensure_templates(ReportTemplate)
    return ReportTemplate.objects.get(code=code)


def quarterly() -> ReportTemplate:
    return seeded("quarterly-dynamics")


def due(division, template=None, year=2026, quarter=1, **extra) -> ReportDue:
    template = template or quarterly()
    period = periods.quarter(year, quarter)
    values = {"period_label": period.label, "period_start": period.start, "period_end": period.end,
              "due_date": periods.due_date(period.end, template.due_days), **extra}
    return ReportDue.objects.create(template=template, division=division, **values)


def campaign(division, start=date(2026, 3, 2), end=date(2026, 3, 29), **extra) -> Campaign:
    return Campaign.objects.create(division=division, name="基层应急能力提升年", start_date=start, end_date=end,
                                   template=seeded("campaign-weekly"), **extra)


def content(template: ReportTemplate) -> dict[str, str]:
    return {heading: f"{heading}情况良好" for heading in template.sections}
