from celery import shared_task

from yingji.messaging import services


@shared_task(acks_late=True)
def send_batch(delivery_ids: list[int]) -> dict[str, int]:
    return services.send_deliveries(delivery_ids)


@shared_task
def retry_due() -> int:
    """Every minute (beat): send what is due for a retry and what a dead worker left claimed."""
    ids = services.due_delivery_ids()
    for start in range(0, len(ids), services.SEND_BATCH):
        send_batch.delay(ids[start:start + services.SEND_BATCH])
    return len(ids)
