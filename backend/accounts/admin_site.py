"""The Django admin's site: its sign-in goes through the same admission, delays and events as the API's."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from accounts.email_address import email_lookup_key
from accounts.lockout import login_attempt_admit
from accounts.models import User
from audit.models import SecurityEvent
from audit.services import security_event_record
from core.context import request_context
from core.exceptions import RateLimitedError

# Set on the request by the form when the attempt was refused, so the view can answer 429 with Retry-After.
_RETRY_AFTER_ATTR = "_latchkey_login_retry_after"


class AdminLoginForm(AdminAuthenticationForm):
    """Per-address rate, per-(account, address) delays and security events, shared with the API's login."""

    def clean(self) -> dict[str, Any]:
        context = request_context(self.request)
        email = email_lookup_key(str(self.data.get("username", "") or ""))
        try:
            attempt = login_attempt_admit(context=context, email=email, via="admin")
        except RateLimitedError as exc:
            setattr(self.request, _RETRY_AFTER_ATTR, exc.retry_after)
            raise ValidationError(exc.message, code="throttled") from exc
        try:
            cleaned = super().clean()  # authenticates, then refuses inactive and non-staff accounts
        except ValidationError:
            attempt.failed()
            owner_id = User.objects.filter(email=email).values_list("pk", flat=True).first()
            security_event_record(kind=SecurityEvent.Kind.LOGIN_FAILED, context=context, user_id=owner_id, via="admin")
            raise
        except BaseException:
            attempt.abandoned()
            raise
        attempt.succeeded()
        security_event_record(
            kind=SecurityEvent.Kind.LOGIN_SUCCEEDED, context=context, user=self.user_cache, via="admin"
        )
        return cleaned


class LatchkeyAdminSite(admin.AdminSite):
    login_form = AdminLoginForm

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().login(request, extra_context)
        retry_after = getattr(request, _RETRY_AFTER_ATTR, None)
        if retry_after is not None:  # the form is shown with the refusal, as a 429 that clients can act on
            response.status_code = 429
            response["Retry-After"] = str(retry_after)
        return response
