from celery import shared_task

from yingji.monitoring import services


@shared_task
def offline_scan() -> int:
    return services.offline_scan()


@shared_task
def escalate() -> int:
    return services.escalate()


@shared_task
def downsample() -> tuple[int, int]:
    return services.downsample()
