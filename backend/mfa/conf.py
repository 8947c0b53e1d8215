"""Two-factor and passkey settings in one typed object (defaults in config/settings/base.py)."""

from datetime import timedelta

from django.conf import settings


class MfaSettings:
    @property
    def rp_id(self) -> str:
        """The WebAuthn relying party ID: the site's registrable domain (WebAuthn Level 3, section 5.1.4)."""
        return str(settings.WEBAUTHN_RP_ID)

    @property
    def rp_name(self) -> str:
        return str(settings.WEBAUTHN_RP_NAME)

    @property
    def origins(self) -> list[str]:
        """Every origin a WebAuthn ceremony may come from: the web app's (the browser reports the page's origin)."""
        return [str(origin).rstrip("/") for origin in settings.WEBAUTHN_ORIGINS]

    @property
    def totp_issuer(self) -> str:
        return str(settings.MFA_TOTP_ISSUER)

    @property
    def challenge_lifetime(self) -> timedelta:
        """How long an mfa_token, a passkey sign-in and a WebAuthn ceremony stay open: 5 minutes."""
        return timedelta(seconds=int(getattr(settings, "MFA_CHALLENGE_LIFETIME", 300)))

    @property
    def challenge_max_failures(self) -> int:
        """Wrong codes after which an mfa_token dies (ASVS 6.6.3)."""
        return int(getattr(settings, "MFA_CHALLENGE_MAX_FAILURES", 5))


mfa_settings = MfaSettings()
