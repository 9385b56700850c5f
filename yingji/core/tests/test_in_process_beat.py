"""The demo's in-process stand-in for celery beat: every scheduled job runs at its interval, a failing
job neither stops the others nor the loop, and the project's real schedule resolves and runs."""

import datetime

import pytest
from django.conf import settings

from yingji.config.celery import InProcessBeat, app

calls: list[str] = []


@app.task(name=f"{__name__}.probe")
def probe():
    calls.append("probe")


@app.task(name=f"{__name__}.broken")
def broken():
    calls.append("broken")
    raise RuntimeError("the job failed")


@pytest.fixture(autouse=True)
def fresh_calls(monkeypatch):
    calls.clear()
    # Inside a test's transaction, closing "old" connections would close the test's own.
    monkeypatch.setattr("django.db.close_old_connections", lambda: None)


def test_each_job_runs_first_at_once_then_at_its_interval():
    beat = InProcessBeat({
        "every-minute": {"task": f"{__name__}.probe", "schedule": 60.0},
        "hourly": {"task": f"{__name__}.probe", "schedule": datetime.timedelta(hours=1)},
    })
    assert beat.tick(1000.0) == ["every-minute", "hourly"]
    assert beat.tick(1059.9) == []
    assert beat.tick(1060.0) == ["every-minute"]
    assert beat.tick(4599.9) == ["every-minute"]
    assert beat.tick(4600.0) == ["hourly"]
    assert calls == ["probe"] * 5


def test_a_failing_job_does_not_stop_the_others_and_is_tried_again(caplog):
    beat = InProcessBeat({
        "broken": {"task": f"{__name__}.broken", "schedule": 60.0},
        "probe": {"task": f"{__name__}.probe", "schedule": 60.0},
    })
    assert beat.tick(0.0) == ["broken", "probe"]
    assert "periodic job broken failed" in caplog.text
    assert beat.tick(60.0) == ["broken", "probe"]
    assert calls == ["broken", "probe", "broken", "probe"]


@pytest.mark.django_db
def test_the_projects_schedule_resolves_and_every_job_runs(caplog):
    beat = InProcessBeat(settings.CELERY_BEAT_SCHEDULE)
    assert {"incidents-deadline-scan", "monitoring-escalate", "messaging-retry-due"} <= set(beat.intervals)
    assert beat.tick(0.0) == list(settings.CELERY_BEAT_SCHEDULE)
    assert "failed" not in caplog.text
