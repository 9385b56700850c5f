"""Steps run at the same moment, each on its own thread and database connection: how tests prove row
locks and unique constraints under real concurrency (PostgreSQL; SQLite serialises writers)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from yingji.core.exceptions import ApplicationError


def race(*steps: Callable[[], Any]) -> list[Any]:
    """Release every step at once; the outcomes in the order the steps finished: what the step returned,
    or the ApplicationError it raised (any other exception fails the test)."""
    from django.db import connections

    barrier, outcomes, failures = threading.Barrier(len(steps)), [], []

    def run(step):
        try:
            barrier.wait()
            outcomes.append(step())
        except ApplicationError as refused:
            outcomes.append(refused)
        except BaseException as error:  # re-raised in the test's own thread below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return outcomes


def race_codes(*steps: Callable[[], Any], done: str = "done") -> list[str]:
    """`race`, each outcome as `done` or the refusal's code, sorted."""
    return sorted(o.code if isinstance(o, ApplicationError) else done for o in race(*steps))
