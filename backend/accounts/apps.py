from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = "Accounts"


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our site (accounts.admin_site): listed in INSTALLED_APPS in its place."""

    default = False
    default_site = "accounts.admin_site.LatchkeyAdminSite"
