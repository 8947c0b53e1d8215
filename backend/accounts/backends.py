from http import HTTPStatus
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.conf import app_settings
from accounts.email_address import email_lookup_key
from accounts.models import User
from core.exceptions import ApplicationError


class EmailNotVerifiedError(ApplicationError):
    status = HTTPStatus.FORBIDDEN
    code = "email_not_verified"

    def __init__(self) -> None:
        super().__init__(_("Verify your email address before signing in. We sent you a new link."))


class EmailVerificationBackend(ModelBackend):
    """ModelBackend that, when verification is mandatory, refuses unverified accounts.

    The check runs only after the password matched, so the 403 tells nothing to someone without the password.
    The API (accounts.services.user_login, which passes its RequestContext as `context`) gets a distinct error;
    other callers (the Django admin) just see a failed login.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        *,
        users: QuerySet[User] | None = None,
        **kwargs: Any,
    ) -> Any:
        """`users`: where to look the account up (default: all of them, as ModelBackend does), for a caller that
        wants more loaded in the same query (accounts.services.user_login: the second factors)."""
        if users is None:
            user = super().authenticate(request, username=username, password=password, **kwargs)
        else:
            user = self._authenticate_in(users, username or kwargs.get(User.USERNAME_FIELD), password)
        if user is None or not app_settings.email_verification_required or getattr(user, "email_verified", True):
            return user
        if kwargs.get("context") is not None:
            from accounts.flows.email_verification import email_verification_start

            # The password was right, so a fresh link is safe to send; the login rate limit bounds how many.
            email_verification_start(user=user)
            raise EmailNotVerifiedError()
        return None

    def _authenticate_in(self, users: QuerySet[User], username: str | None, password: str | None) -> User | None:
        """ModelBackend.authenticate, looking the account up in `users`."""
        if username is None or password is None:
            return None
        try:
            user = users.get(email=email_lookup_key(username))
        except User.DoesNotExist:
            # Hash anyway, so an unknown address takes as long as a known one (ModelBackend's rule, Django #20760).
            User().set_password(password)
            return None
        return user if user.check_password(password) and self.user_can_authenticate(user) else None
