from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from audit.api.views import SecurityEventListView
from core.api.docs import ApiDocsView, ApiSchemaView
from tokens.views import JWKSView
from usersessions.api.health import HealthView

urlpatterns = [
    path("api/auth/", include("accounts.api.urls")),
    path("api/auth/", include("mfa.api.urls")),
    path("api/auth/social/", include("social.api.urls")),
    path("api/auth/sessions/", include("usersessions.api.urls")),
    path("api/auth/events/", SecurityEventListView.as_view(), name="security-events"),
    path("api/auth/jwks/", JWKSView.as_view(), name="jwks"),
    path(".well-known/jwks.json", JWKSView.as_view(), name="jwks-well-known"),
    path("api/health/", HealthView.as_view(), name="health"),
]

if settings.API_DOCS:
    urlpatterns += [
        path("api/schema/", ApiSchemaView.as_view(), name="schema"),
        path("api/docs/", ApiDocsView.as_view(url_name="schema"), name="docs"),
    ]

if settings.ADMIN_ENABLED:
    urlpatterns.append(path(f"{settings.ADMIN_PATH}/", admin.site.urls))

if settings.BENCH_ENDPOINTS:
    urlpatterns.append(path("api/bench/", include("benchmarks.urls")))

handler400 = "core.api.exception_handler.bad_request"
handler403 = "core.api.exception_handler.permission_denied"
handler404 = "core.api.exception_handler.not_found"
handler500 = "core.api.exception_handler.server_error"
