from django.apps import AppConfig


class SocialConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "social"
    verbose_name = "Sign-in with other identity providers"

    def ready(self) -> None:
        from social import receivers  # noqa: F401  (connects them)
        from social.conf import providers

        # A provider configured wrong stops the process at start, naming the variable, not at a user's first click.
        providers()
