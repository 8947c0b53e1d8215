from whitenoise.storage import CompressedManifestStaticFilesStorage  # type: ignore[import-untyped]


class ManifestOptionalStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed names from collectstatic's manifest when there is one; plain names otherwise.

    Without the manifest, Django's storage raises on every `{% static %}`, so `/admin/login/` and `/api/docs/`
    answered 500 on a server started with debug off before anyone ran collectstatic (`make dev` with
    DJANGO_DEBUG=false). WhiteNoise then serves the plain names from the apps' folders (WHITENOISE_USE_FINDERS) and
    `manage.py check` warns (core.checks). collectstatic itself is unaffected: it writes the manifest.
    """

    def stored_name(self, name: str) -> str:
        if not self.hashed_files:
            return name
        return super().stored_name(name)
