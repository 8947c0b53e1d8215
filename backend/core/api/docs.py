"""The OpenAPI schema and Swagger UI (served when settings.API_DOCS is on)."""

from typing import Any

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response


class _JsonErrorsMixin:
    """Errors (405 for other methods, ...) and OPTIONS answers in JSON, rather than YAML or an HTML template (which
    does not exist for them: OPTIONS on the docs answered 500)."""

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(response, Response) and (response.status_code >= 400 or request.method not in ("GET", "HEAD")):
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]


class ApiSchemaView(_JsonErrorsMixin, SpectacularAPIView):
    pass


class ApiDocsView(_JsonErrorsMixin, SpectacularSwaggerView):
    """Swagger UI whose inline script carries the CSP nonce (core.middleware.SecurityHeadersMiddleware). Its
    Cross-Origin-Opener-Policy: unsafe-none (for an OAuth2 popup this API does not use) is replaced there too."""

    template_name = "core/swagger_ui.html"
