from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from core.api.views import HealthView

urlpatterns = [
    path("api/auth/", include("accounts.api.urls")),
    path("api/health/", HealthView.as_view(), name="health"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("admin/", admin.site.urls),
]

handler400 = "core.api.exception_handler.bad_request"
handler403 = "core.api.exception_handler.permission_denied"
handler404 = "core.api.exception_handler.not_found"
handler500 = "core.api.exception_handler.server_error"
