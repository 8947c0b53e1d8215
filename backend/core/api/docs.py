from drf_spectacular.views import SpectacularSwaggerView


class ApiDocsView(SpectacularSwaggerView):
    """Swagger UI whose inline script carries the CSP nonce (core.middleware.SecurityHeadersMiddleware), and which
    keeps the site's Cross-Origin-Opener-Policy (drf-spectacular sends unsafe-none for its OAuth2 popup, which this
    API does not use)."""

    template_name = "core/swagger_ui.html"
