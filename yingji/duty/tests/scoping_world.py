from yingji.divisions.tests.factories import PersonFactory
from yingji.duty.models import DutyAssignment
from yingji.duty.tests.factories import local, log_entry, office, period, roster, spot_check


def populate(world) -> None:
    for town in ("town_a", "town_b"):
        division = world.tree[town]
        org = office(division)
        holiday = period(division)
        duty_roster = roster(org, period=holiday)
        DutyAssignment.objects.create(roster=duty_roster, person=PersonFactory(division=division), role="leader",
                                      starts_at=local(duty_roster.start_date), ends_at=local(duty_roster.end_date))
        spot_check(org, period=holiday)
        log_entry(org)
