from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        from django.conf import settings
        from django.core.signals import request_finished

        from core import checks  # noqa: F401  (registers the system checks)
        from core.request_id import request_id_clear

        # The request id stays bound until the response is closed (core.middleware.RequestLogMiddleware).
        request_finished.connect(request_id_clear, dispatch_uid="core.request_id_clear")

        # Before any request: the Django instrumentation adds a middleware, read when the handler is built.
        if settings.OTEL_EXPORTER_OTLP_ENDPOINT:
            from core.tracing import tracing_start

            tracing_start()
