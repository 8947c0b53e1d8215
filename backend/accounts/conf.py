"""Account settings in one typed object, so code never scatters getattr(settings, ...)."""

from urllib.parse import urlencode

from django.conf import settings


class AccountSettings:
    @property
    def email_verification_required(self) -> bool:
        return bool(getattr(settings, "ACCOUNT_EMAIL_VERIFICATION_REQUIRED", False))

    @property
    def email_verification_timeout(self) -> int:
        return int(getattr(settings, "ACCOUNT_EMAIL_VERIFICATION_TIMEOUT", 3 * 24 * 3600))

    @property
    def email_change_timeout(self) -> int:
        return int(getattr(settings, "ACCOUNT_EMAIL_CHANGE_TIMEOUT", 600))

    @property
    def password_reset_timeout(self) -> int:
        return int(settings.PASSWORD_RESET_TIMEOUT)

    @property
    def breached_passwords_url(self) -> str:
        """The Pwned Passwords range endpoint, ending in "/" (the 5-hex prefix is appended); "" turns the check off."""
        url = str(getattr(settings, "BREACHED_PASSWORDS_URL", ""))
        return url if not url or url.endswith("/") else f"{url}/"

    @property
    def breached_passwords_timeout(self) -> float:
        """Seconds each step of the range request (connect, send, each read) may take before the common list stands
        in (an httpx.Timeout), and the deadline for the whole answer, checked between reads. Name resolution is not
        bounded by it."""
        return float(getattr(settings, "BREACHED_PASSWORDS_TIMEOUT", 1.0))

    @property
    def link_resend_window(self) -> int:
        """Seconds after a link's expiry during which it is still told apart as expired (and a reset link can be
        renewed in one click); after that it is just invalid."""
        return int(getattr(settings, "ACCOUNT_LINK_RESEND_WINDOW", 24 * 3600))

    @property
    def frontend_url(self) -> str:
        return str(settings.FRONTEND_URL).rstrip("/")

    @property
    def frontend_paths(self) -> dict[str, str]:
        defaults = {
            "verify_email": "/verify-email",
            "reset_password": "/reset-password",
            "confirm_email_change": "/confirm-email-change",
            "login": "/login",
            "forgot_password": "/forgot-password",
        }
        return {**defaults, **getattr(settings, "ACCOUNT_FRONTEND_PATHS", {})}

    def frontend_link(self, page: str, **params: str) -> str:
        """A link into the Next.js app: emailed links never point at the API."""
        url = f"{self.frontend_url}{self.frontend_paths[page]}"
        return f"{url}?{urlencode(params)}" if params else url


app_settings = AccountSettings()
