from datetime import date, datetime, time, timedelta

from django.utils import timezone

from yingji.divisions.models import Organisation
from yingji.divisions.tests.factories import OrganisationFactory, PersonFactory
from yingji.duty.models import DutyAssignment, DutyLogEntry, DutyRoster, SpecialPeriod, SpotCheck


def local(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def office(division):
    return OrganisationFactory(division=division, kind=Organisation.Kind.EMERGENCY_OFFICE, name=f"{division.name}应急办")


def period(division, start=date(2027, 1, 1), days=3, **extra):
    return SpecialPeriod.objects.create(division=division, name="元旦", kind="holiday", start_date=start,
                                        end_date=start + timedelta(days=days - 1), **extra)


def roster(org, start=date(2027, 1, 1), days=3, **extra):
    return DutyRoster.objects.create(division=org.division, organisation=org, start_date=start,
                                     end_date=start + timedelta(days=days - 1), duty_phone="0930-7121234", **extra)


def staff_fully(duty_roster, leaders=1, staff=6):
    """Each day 08:00 → next 08:00, and the night before: every day of the roster fully covered."""
    division = duty_roster.division
    people = [PersonFactory(division=division) for _ in range(leaders + staff)]
    day = duty_roster.start_date
    while day <= duty_roster.end_date:
        for index, person in enumerate(people):
            DutyAssignment.objects.create(roster=duty_roster, person=person,
                                          role="leader" if index < leaders else "staff",
                                          starts_at=local(day), ends_at=local(day + timedelta(days=1)))
        day += timedelta(days=1)
    return people


def spot_check(org, **extra):
    values = {"division": org.division, "organisation": org, "checked_at": timezone.now(), "method": "phone",
              "checker": "张三", **extra}
    return SpotCheck.objects.create(**values)


def log_entry(org, **extra):
    values = {"division": org.division, "organisation": org, "received_at": timezone.now(), "kind": "call",
              "content": "群众反映道路积水", "on_duty": "李四", **extra}
    return DutyLogEntry.objects.create(**values)
