"""The identity providers users may sign in with, read from settings.SOCIAL_PROVIDERS (the environment).

Three presets need only a client id and secret: `google` and `microsoft` (OpenID Connect, discovered from their
issuer) and `github` (OAuth 2 plus GitHub's user API: GitHub is not an OpenID Provider). Any other name is a generic
OpenID Connect provider and needs SOCIAL_<NAME>_ISSUER.
"""

import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

OIDC, GITHUB = "oidc", "github"
_NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True, slots=True)
class Provider:
    """id: the lower-case name in SOCIAL_PROVIDERS (and in /auth/callback/<id>); kind: OIDC or GITHUB; issuer: the
    OpenID issuer (OIDC), whose /.well-known/openid-configuration is read; url/api_url: GitHub's web and API base;
    trust_mfa: an ID token whose `amr` (RFC 8176) contains "mfa" counts as our second factor."""

    id: str
    label: str
    kind: str
    client_id: str
    client_secret: str
    scope: str
    issuer: str = ""
    url: str = ""
    api_url: str = ""
    trust_mfa: bool = False

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer.rstrip('/')}/.well-known/openid-configuration"


def _env_name(name: str, option: str) -> str:
    return f"SOCIAL_{name.upper().replace('-', '_')}_{option.upper()}"


def _provider(name: str, options: dict[str, str]) -> Provider:
    if not _NAME.fullmatch(name):
        raise ImproperlyConfigured(
            f"SOCIAL_PROVIDERS: {name!r} is not a provider name (lower-case letters, digits, '-' and '_')."
        )
    missing = [_env_name(name, o) for o in ("client_id", "client_secret") if not options.get(o, "").strip()]
    common = {
        "id": name,
        "client_id": options.get("client_id", "").strip(),
        "client_secret": options.get("client_secret", "").strip(),
        "trust_mfa": options.get("trust_mfa", "").strip().lower() in _TRUE,
    }
    label = options.get("label", "").strip()
    if name == "github":
        preset = {
            "kind": GITHUB,
            "label": label or "GitHub",
            "scope": "read:user user:email",
            "url": (options.get("url") or "https://github.com").rstrip("/"),
            "api_url": (options.get("api_url") or "https://api.github.com").rstrip("/"),
        }
    elif name == "google":
        preset = {
            "kind": OIDC,
            "label": label or "Google",
            "scope": "openid email profile",
            "issuer": options.get("issuer") or "https://accounts.google.com",
        }
    elif name == "microsoft":
        tenant = options.get("tenant", "").strip() or "common"
        preset = {
            "kind": OIDC,
            "label": label or "Microsoft",
            "scope": "openid email profile",
            "issuer": options.get("issuer") or f"https://login.microsoftonline.com/{tenant}/v2.0",
        }
    else:
        issuer = options.get("issuer", "").strip()
        if not issuer:
            missing.append(_env_name(name, "issuer"))
        preset = {"kind": OIDC, "label": label or name.capitalize(), "scope": "openid email profile", "issuer": issuer}
    if missing:
        raise ImproperlyConfigured(f"Social sign-in with {name!r} is enabled but {', '.join(missing)} is not set.")
    return Provider(**common, **preset)  # type: ignore[arg-type]


@cache
def providers() -> dict[str, Provider]:
    """Every enabled provider by id, in the order SOCIAL_PROVIDERS names them. ImproperlyConfigured names the
    variable that is missing or wrong."""
    configured: dict[str, dict[str, str]] = getattr(settings, "SOCIAL_PROVIDERS", {}) or {}
    return {name.strip().lower(): _provider(name.strip().lower(), opts) for name, opts in configured.items()}


def http_timeout() -> float:
    """Seconds one request to a provider may take."""
    return float(getattr(settings, "SOCIAL_HTTP_TIMEOUT", 5.0))


@receiver(setting_changed)
def _reload(*, setting: str, **_: object) -> None:
    if setting == "SOCIAL_PROVIDERS":
        providers.cache_clear()
        from social.oauth import clients_forget

        clients_forget()
