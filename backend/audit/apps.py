from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Security events"

    def ready(self) -> None:
        from audit import receivers

        receivers.connect()
