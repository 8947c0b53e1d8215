from typing import Any

from django.conf import settings
from django.core.checks import Warning as CheckWarning
from django.core.checks import register


@register()
def static_manifest_check(app_configs: Any, **kwargs: Any) -> list[CheckWarning]:
    if settings.DEBUG or getattr(settings, "STATIC_MANIFEST_PRESENT", True):
        return []
    return [
        CheckWarning(
            f"No static files manifest in {settings.STATIC_ROOT}: collectstatic has not run. The admin and API docs "
            "assets are served unhashed and uncompressed from the apps' folders.",
            hint="Run `manage.py collectstatic` (the Docker image does) for hashed, long-cached names.",
            id="core.W001",
        )
    ]
