import secrets
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from core.api.exception_handler import method_not_allowed


class ApiNoStoreMiddleware:
    """API responses carry tokens and personal data: no browser or proxy may keep a copy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/") and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response


# Pages (the admin, the API docs): scripts only from this origin or with this response's nonce, nothing framed.
_HTML_POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# Everything else (JSON, static files): nothing to run, nothing to frame.
_OTHER_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


class SecurityHeadersMiddleware:
    """A Content-Security-Policy on every response (nonce-based on HTML, `request.csp_nonce` for templates) and
    Cross-Origin-Opener-Policy: same-origin, whatever a view set (drf-spectacular's docs set unsafe-none). Django
    views' bodiless 405 (the admin's, for any other method) becomes the API's JSON error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(18)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        if response.status_code == 405 and not getattr(response, "streaming", False) and not response.content:
            response = method_not_allowed(response.get("Allow", ""))
        is_html = response.get("Content-Type", "").split(";")[0].strip().lower() == "text/html"
        response["Content-Security-Policy"] = _HTML_POLICY.format(nonce=nonce) if is_html else _OTHER_POLICY
        response["Cross-Origin-Opener-Policy"] = "same-origin"
        return response
