from django.apps import AppConfig


class UserSessionsConfig(AppConfig):
    name = "usersessions"
    verbose_name = "Sessions"

    def ready(self) -> None:
        from usersessions import receivers, schema  # noqa: F401
