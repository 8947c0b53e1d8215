from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        from django.conf import settings

        from core import checks  # noqa: F401  (registers the system checks)

        # Before any request: the Django instrumentation adds a middleware, read when the handler is built.
        if settings.OTEL_EXPORTER_OTLP_ENDPOINT:
            from core.tracing import tracing_start

            tracing_start()
