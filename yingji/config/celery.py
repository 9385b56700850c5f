"""The Celery application: `celery -A yingji.config worker` / `celery -A yingji.config beat`.

Tasks live in each capability's `tasks.py` as `@shared_task`; without CELERY_BROKER_URL they run
in-process (settings.base), so the demo needs no broker and no worker; `InProcessBeat` runs the
periodic jobs in the demo's own process.
"""

import datetime
import importlib
import logging
import os
import threading
import time

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingji.config.settings.production")

app = Celery("yingji")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
logger = logging.getLogger(__name__)


class InProcessBeat:
    """Celery beat's periodic jobs for a single process without a broker (the demo): a daemon thread runs
    each entry of CELERY_BEAT_SCHEDULE in-process at its interval, so deadline scans, alarm escalation and
    message retries happen in the demo as they do under `celery beat`. Not for production: there the one
    beat of the installation schedules and the workers run (docs/deployment.md)."""

    def __init__(self, schedule: dict, *, celery_app=app):
        self.app = celery_app
        for entry in schedule.values():  # registers the shared tasks, as a worker's autodiscovery would
            importlib.import_module(entry["task"].rsplit(".", 1)[0])
        self.intervals = {name: self._seconds(entry["schedule"]) for name, entry in schedule.items()}
        self.tasks = {name: entry["task"] for name, entry in schedule.items()}
        self.next_run: dict[str, float] = {}
        self._stop = threading.Event()

    @staticmethod
    def _seconds(schedule) -> float:
        if isinstance(schedule, datetime.timedelta):
            return schedule.total_seconds()
        if hasattr(schedule, "run_every"):  # celery.schedules.schedule
            return schedule.run_every.total_seconds()
        return float(schedule)

    def tick(self, now: float) -> list[str]:
        """Run every entry that is due at `now` (monotonic seconds); the first tick runs them all. A job
        that fails is logged and tried again at its next interval, never stopping the others."""
        from django.db import close_old_connections

        ran = []
        for name, interval in self.intervals.items():
            if now < self.next_run.get(name, now):
                continue
            self.next_run[name] = now + interval
            try:
                self.app.tasks[self.tasks[name]].apply(throw=True)
            except Exception:
                logger.exception("periodic job %s failed", name)
            finally:
                close_old_connections()
            ran.append(name)
        return ran

    def start(self) -> threading.Thread:
        def loop():
            while not self._stop.is_set():
                self.tick(time.monotonic())
                self._stop.wait(1.0)

        thread = threading.Thread(target=loop, name="yingji-in-process-beat", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()
