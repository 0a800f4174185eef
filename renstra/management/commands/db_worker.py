"""`manage.py db_worker`: django-tasks-db's worker, which also reclaims the renders of
workers that died.

A worker killed in the middle of a render (the OOM killer, a deploy, a lost machine) leaves
its document row "running" and its task record "running" for ever. Every worker therefore
sweeps (`jobs.reclaim_abandoned`) when it starts and, while it runs, every three render
beats (RENSTRA_RENDER_BEAT_SECONDS) in a thread of its own: a row whose worker has not
marked it for three beats is queued again as a new task, and the next free worker renders
it. So a restarted worker, or any other live worker, finishes what the dead one started.

This command takes django-tasks-db's name because `renstra` is listed before
`django_tasks_db` in INSTALLED_APPS; its options are exactly theirs."""

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from renstra.document.jobs import reclaim_abandoned

logger = logging.getLogger(__name__)


class Command(DBWorkerCommand):
    help = (
        "Run the background worker (PDF renders, heartbeats); it also queues again the "
        "renders of workers that died."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        _sweep()
        sweeper = None
        beat = float(settings.RENSTRA_RENDER_BEAT_SECONDS)
        if beat > 0 and not options.get("batch"):
            sweeper = _Sweeper(interval=3 * beat)
            sweeper.start()
        try:
            super().handle(*args, **options)
        finally:
            if sweeper is not None:
                sweeper.stop()


def _sweep() -> None:
    try:
        reclaimed = reclaim_abandoned()
    except Exception:  # a sweep that fails (database away) must not stop the worker
        logger.exception("the sweep for abandoned renders failed")
        return
    if reclaimed:
        logger.warning("renders queued again after their worker stopped: %s", reclaimed)


class _Sweeper(threading.Thread):
    def __init__(self, interval: float):
        super().__init__(name="render-sweeper", daemon=True)
        self.interval = interval
        self._stop_event = threading.Event()

    def run(self) -> None:
        try:
            while not self._stop_event.wait(self.interval):
                close_old_connections()  # a connection the database dropped is reopened
                _sweep()
        finally:
            connections.close_all()

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=5)
