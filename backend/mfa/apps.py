from django.apps import AppConfig


class MfaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mfa"
    verbose_name = "Two-factor authentication and passkeys"

    def ready(self) -> None:
        from mfa import receivers  # noqa: F401  (connects them)
