from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from usersessions.models import RevocationReason, Session
from usersessions.services import session_revoke_all


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin[Session]):
    list_display = ("user", "device", "ip_address", "created_at", "last_used_at", "expires_at", "revoked_at")
    list_filter = ("revoked_reason", "created_at")
    search_fields = ("user__email", "ip_address", "id")
    list_select_related = ("user",)
    readonly_fields = [field.name for field in Session._meta.fields]
    actions = ["sign_out_users_everywhere"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Sign the selected sessions' users out everywhere")
    def sign_out_users_everywhere(self, request: HttpRequest, queryset: QuerySet[Session]) -> None:
        users = {session.user for session in queryset.select_related("user")}
        revoked = sum(session_revoke_all(user=user, reason=RevocationReason.ADMIN) for user in users)
        self.message_user(request, f"Revoked {revoked} session(s) of {len(users)} user(s).", messages.SUCCESS)
