"""Grading thresholds at every edge (L2 Art. 3) and deadline computation at the clock's edges."""

import datetime
from decimal import Decimal

import pytest

from yingji.incidents.rules import (
    SHANGHAI,
    Category,
    Severity,
    compute_due,
    suggest_severity,
    supplementary_window,
)

UTC = datetime.UTC


def grade(deaths=0, injuries=0, loss=0):
    return suggest_severity(Category.ACCIDENT, deaths=deaths, serious_injuries=injuries, loss_yuan=Decimal(loss))


@pytest.mark.parametrize(("deaths", "expected"), [
    (0, Severity.GENERAL), (2, Severity.GENERAL), (3, Severity.LARGER), (9, Severity.LARGER),
    (10, Severity.MAJOR), (29, Severity.MAJOR), (30, Severity.ESPECIALLY_MAJOR), (31, Severity.ESPECIALLY_MAJOR),
])
def test_deaths_thresholds_include_the_stated_number(deaths, expected):
    # "以上" includes the number, "以下" excludes it (L2 Art. 3 para. 3).
    assert grade(deaths=deaths) == expected


@pytest.mark.parametrize(("injuries", "expected"), [
    (9, Severity.GENERAL), (10, Severity.LARGER), (49, Severity.LARGER), (50, Severity.MAJOR),
    (99, Severity.MAJOR), (100, Severity.ESPECIALLY_MAJOR),
])
def test_serious_injury_thresholds(injuries, expected):
    assert grade(injuries=injuries) == expected


@pytest.mark.parametrize(("loss", "expected"), [
    ("9999999.99", Severity.GENERAL), ("10000000", Severity.LARGER), ("49999999.99", Severity.LARGER),
    ("50000000", Severity.MAJOR), ("99999999.99", Severity.MAJOR), ("100000000", Severity.ESPECIALLY_MAJOR),
])
def test_economic_loss_thresholds(loss, expected):
    assert grade(loss=loss) == expected


def test_the_most_severe_criterion_decides():
    # 2 deaths (一般) but 50 serious injuries (重大): the criteria are joined by "或者".
    assert grade(deaths=2, injuries=50, loss=0) == Severity.MAJOR


def test_categories_without_numeric_grading_get_no_suggestion():
    assert suggest_severity(Category.SOCIAL, deaths=40, serious_injuries=0, loss_yuan=Decimal(0)) is None


def test_supplementary_window_is_thirty_days_or_seven_for_road_and_fire():
    assert supplementary_window("work_safety") == datetime.timedelta(days=30)
    assert supplementary_window("road_traffic") == datetime.timedelta(days=7)
    assert supplementary_window("fire") == datetime.timedelta(days=7)


def local(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def test_one_hour_rule_of_order_493_art_9():
    # Unit head learns at 14:20 Beijing time; the county regulator must have it by 15:20 (07:20 UTC).
    assert compute_due(local(2026, 3, 5, 14, 20), minutes=60) == datetime.datetime(2026, 3, 5, 7, 20, tzinfo=UTC)


def test_two_hours_across_local_midnight():
    due = compute_due(local(2026, 3, 5, 23, 10), minutes=120)
    assert due == datetime.datetime(2026, 3, 5, 17, 10, tzinfo=UTC)
    assert due.astimezone(SHANGHAI) == local(2026, 3, 6, 1, 10)


def test_two_hours_across_month_and_leap_day_and_year_end():
    assert compute_due(local(2028, 2, 29, 23, 0), minutes=120).astimezone(SHANGHAI) == local(2028, 3, 1, 1, 0)
    assert compute_due(local(2026, 12, 31, 23, 30), minutes=120).astimezone(SHANGHAI) == local(2027, 1, 1, 1, 30)


def test_utc_start_is_the_same_instant():
    start = datetime.datetime(2026, 12, 31, 16, 0, tzinfo=UTC)  # 2027-01-01 00:00 in Beijing
    assert compute_due(start, minutes=30) == datetime.datetime(2026, 12, 31, 16, 30, tzinfo=UTC)


@pytest.mark.parametrize(("start", "expected"), [
    (local(2026, 7, 1, 7, 59), local(2026, 7, 1, 8, 0)),
    (local(2026, 7, 1, 8, 0), local(2026, 7, 1, 17, 0)),  # strictly after: the 08:00 slot is now
    (local(2026, 7, 1, 17, 0), local(2026, 7, 2, 8, 0)),
    (local(2026, 7, 31, 23, 59), local(2026, 8, 1, 8, 0)),  # month end
    (local(2026, 12, 31, 18, 0), local(2027, 1, 1, 8, 0)),  # year end
    (local(2027, 1, 1, 0, 0), local(2027, 1, 1, 8, 0)),  # midnight
])
def test_daily_follow_up_times_in_beijing_time(start, expected):
    # Henan: follow-ups before 08:00 and 17:00 daily (RULES.md R3.17).
    due = compute_due(start, at_times=("08:00", "17:00"))
    assert due.tzinfo == UTC
    assert due == expected.astimezone(UTC)


def test_naive_start_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        compute_due(datetime.datetime(2026, 1, 1), minutes=60)
