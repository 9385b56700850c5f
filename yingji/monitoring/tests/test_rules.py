"""The pure evaluation at the threshold and hysteresis edges."""

import pytest

from yingji.monitoring.rules import Level, evaluate

T = {Level.BLUE: 10.0, Level.YELLOW: 20.0, Level.ORANGE: 30.0, Level.RED: 40.0}


@pytest.mark.parametrize(("value", "level"), [
    (9.999, None), (10.0, Level.BLUE), (19.99, Level.BLUE), (20.0, Level.YELLOW), (30.0, Level.ORANGE),
    (39.9, Level.ORANGE), (40.0, Level.RED), (1000.0, Level.RED),
])
def test_a_level_is_entered_exactly_at_its_threshold(value, level):
    assert evaluate(value, thresholds=T, hysteresis=2.0) == level


@pytest.mark.parametrize(("previous", "value", "level"), [
    (Level.YELLOW, 18.01, Level.YELLOW),   # inside the hysteresis band: held
    (Level.YELLOW, 18.0, Level.YELLOW),    # exactly threshold − hysteresis: still held
    (Level.YELLOW, 17.99, Level.BLUE),     # below the band: drops
    (Level.RED, 38.5, Level.RED),
    (Level.RED, 37.9, Level.ORANGE),
    (Level.BLUE, 8.0, Level.BLUE),
    (Level.BLUE, 7.99, None),
    (Level.BLUE, 19.0, Level.BLUE),        # going up needs the full threshold, not threshold − hysteresis
    (None, 19.0, Level.BLUE),
])
def test_hysteresis_holds_a_level_only_on_the_way_down(previous, value, level):
    assert evaluate(value, thresholds=T, hysteresis=2.0, previous=previous) == level


def test_falling_sensors_alarm_below_their_thresholds():
    low = {Level.BLUE: 5.0, Level.YELLOW: 4.0, Level.ORANGE: 3.0, Level.RED: 2.0}
    assert evaluate(5.01, thresholds=low, rising=False) is None
    assert evaluate(5.0, thresholds=low, rising=False) == Level.BLUE
    assert evaluate(1.0, thresholds=low, rising=False) == Level.RED
    assert evaluate(4.4, thresholds=low, rising=False, hysteresis=0.5, previous=Level.YELLOW) == Level.YELLOW
    assert evaluate(4.6, thresholds=low, rising=False, hysteresis=0.5, previous=Level.YELLOW) == Level.BLUE


def test_missing_levels_are_skipped():
    assert evaluate(25, thresholds={Level.RED: 50.0, Level.YELLOW: 20.0}) == Level.YELLOW


def test_rate_of_change_raises_at_least_yellow():
    assert evaluate(5, thresholds=T, rate=3.1, rate_limit=3.0) == Level.YELLOW
    assert evaluate(5, thresholds=T, rate=-3.1, rate_limit=3.0) == Level.YELLOW
    assert evaluate(5, thresholds=T, rate=3.0, rate_limit=3.0) is None
    assert evaluate(35, thresholds=T, rate=9, rate_limit=3.0) == Level.ORANGE
