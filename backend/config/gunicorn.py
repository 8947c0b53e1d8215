"""gunicorn's settings beyond backend/bin/serve-api's command line: its own log lines in the API's format (JSON
unless LOG_FORMAT=plain), no access log of its own (Django writes the one line per request, core.middleware), and the
clean-up prometheus-client's multiprocess mode needs when a worker exits."""

import os

from pythonjsonlogger.json import JsonFormatter  # noqa: F401  (fails here, at start-up, when it is missing)

accesslog = None
errorlog = "-"

_json = os.environ.get("LOG_FORMAT", "json") == "json"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "default": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        }
        if _json
        else {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default", "stream": "ext://sys.stdout"}},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}


def child_exit(server: object, worker: object) -> None:
    """Drops the exited worker's live gauges (the revocation feed's), which would otherwise count as live."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]
