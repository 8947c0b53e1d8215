from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """Endpoints that do nothing (or one password verification), for `bench/run.py` to measure the cost of what
    surrounds a view.

    Mounted under /api/bench/ only when the environment sets BENCH_ENDPOINTS=true (config/urls.py).
    """

    name = "benchmarks"
    default_auto_field = "django.db.models.BigAutoField"
