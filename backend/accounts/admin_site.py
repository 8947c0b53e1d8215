"""The Django admin's site: its sign-in goes through the same admission, delays and events as the API's."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy

from accounts.email_address import email_lookup_key
from accounts.lockout import login_attempt_admit
from accounts.models import User
from audit.models import SecurityEvent
from audit.services import security_event_record
from core.context import RequestContext, request_context
from core.exceptions import RateLimitedError

# Set on the request by the form when the attempt was refused, so the view can answer 429 with Retry-After.
_RETRY_AFTER_ATTR = "_latchkey_login_retry_after"


class AdminLoginForm(AdminAuthenticationForm):
    """Per-address rate, per-(account, address) delays and security events, shared with the API's login; and, with
    DJANGO_ADMIN_REQUIRE_MFA (default on when debug is off), the staff member's second factor: a code from their
    authenticator app or a recovery code. Staff without an authenticator app are refused until they set one up."""

    otp = forms.CharField(
        label=gettext_lazy("Authentication code"),
        required=False,
        max_length=64,
        help_text=gettext_lazy("From your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not settings.ADMIN_REQUIRE_MFA:
            del self.fields["otp"]

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
        if settings.ADMIN_REQUIRE_MFA:
            self._second_factor_check(context)
        security_event_record(
            kind=SecurityEvent.Kind.LOGIN_SUCCEEDED, context=context, user=self.user_cache, via="admin"
        )
        return cleaned

    def _second_factor_check(self, context: RequestContext) -> None:
        from mfa.flows import InvalidCodeError, second_factor_code_check

        user = self.user_cache
        if not isinstance(user, User):  # super().clean() succeeded, so it is one
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        try:
            second_factor_code_check(context=context, user=user, raw_code=self.cleaned_data.get("otp", ""))
        except InvalidCodeError as exc:
            raise ValidationError(exc.message, code=exc.code) from exc
        except RateLimitedError as exc:
            setattr(self.request, _RETRY_AFTER_ATTR, exc.retry_after)
            raise ValidationError(exc.message, code="throttled") from exc


class LatchkeyAdminSite(admin.AdminSite):
    login_form = AdminLoginForm
    login_template = "accounts/admin_login.html"

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().login(request, extra_context)
        retry_after = getattr(request, _RETRY_AFTER_ATTR, None)
        if retry_after is not None:  # the form is shown with the refusal, as a 429 that clients can act on
            response.status_code = 429
            response["Retry-After"] = str(retry_after)
        return response
