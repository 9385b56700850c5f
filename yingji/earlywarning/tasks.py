"""Background fan-out of an issued message through the channel layer (yingji.messaging).

`disseminate` may run more than once for the same message (a retry after a worker died mid-batch,
acks_late): the dispatch's dedupe key is the message's CAP identifier, and the channel layer
delivers once per (dispatch, recipient, channel), so a rerun only completes what is missing.
"""

from celery import shared_task

RETRY = {"autoretry_for": (Exception,), "retry_backoff": True, "retry_backoff_max": 300, "max_retries": 8}


@shared_task(name="yingji.earlywarning.tasks.disseminate", acks_late=True, **RETRY)
def disseminate(warning_pk: int) -> int:
    from yingji.earlywarning.dissemination import fan_out

    return fan_out(warning_pk)
