"""The mail queue's gauges, computed when Prometheus scrapes (settings.METRICS_SCRAPE_COLLECTORS)."""

from collections.abc import Iterator

from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector


class MailQueueCollector(Collector):
    """latchkey_mail_queue_depth: mails waiting for the worker (status READY; a partial index covers exactly these
    rows). latchkey_mail_queue_failed: mails whose every attempt failed, kept in the table until pruned."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        depth = DBTaskResult.objects.filter(status=TaskResultStatus.READY).count()
        failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count()
        yield GaugeMetricFamily("latchkey_mail_queue_depth", "Mails waiting in the queue for the mail worker.", depth)
        yield GaugeMetricFamily("latchkey_mail_queue_failed", "Mails in the queue table that failed to send.", failed)
