from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from audit.models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin[SecurityEvent]):
    list_display = ("created_at", "kind", "user", "ip_address", "device", "session_id")
    list_filter = ("kind", "created_at")
    search_fields = ("user__email", "ip_address", "session_id")
    date_hierarchy = "created_at"
    list_select_related = ("user",)

    # Append-only: nobody edits or deletes the record, administrators included.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
