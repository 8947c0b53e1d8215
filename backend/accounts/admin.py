from typing import Any

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError

from accounts.email_address import email_lookup_key, email_normalize
from accounts.lockout import login_failure_register, login_failures_clear, login_lockout_check
from accounts.models import User
from core.client_ip import client_ip
from core.exceptions import RateLimitedError


class _CanonicalEmailFormMixin:
    """The admin stores and checks uniqueness of the same canonical address as the API (accounts.email_address)."""

    def clean_email(self) -> str:
        return email_normalize(self.cleaned_data["email"])  # type: ignore[attr-defined]


class UserCreationAdminForm(_CanonicalEmailFormMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name")


class UserChangeAdminForm(_CanonicalEmailFormMixin, UserChangeForm):
    class Meta:
        model = User
        fields = ("email", "name")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    list_display = ("email", "name", "is_active", "is_staff", "date_joined", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser")
    search_fields = ("email", "name")
    ordering = ("-date_joined",)
    readonly_fields = ("date_joined", "last_login")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("name",)}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2", "usable_password")}),
    )


class LockoutAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin's login gets the same per-(account, address) progressive delays as the API's."""

    def clean(self) -> dict[str, Any]:
        email = email_lookup_key(self.data.get("username", "") or "")
        ip = client_ip(self.request) if self.request is not None else ""
        try:
            login_lockout_check(email=email, ip=ip)
        except RateLimitedError as exc:
            raise ValidationError(exc.message, code="throttled") from exc
        try:
            cleaned = super().clean()
        except ValidationError:
            login_failure_register(email=email, ip=ip)
            raise
        login_failures_clear(email=email, ip=ip)
        return cleaned


admin.site.login_form = LockoutAdminAuthenticationForm
