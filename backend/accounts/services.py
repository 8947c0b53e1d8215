"""Account and token operations. Views validate input, call one of these, and render the result."""

from dataclasses import dataclass

from django.contrib.auth import authenticate
from django.contrib.auth.models import update_last_login
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import datetime_from_epoch

from accounts.models import User, email_normalize
from core.exceptions import ApplicationError, AuthenticationError


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


class EmailTakenError(ApplicationError):
    code = "unique"

    def __init__(self) -> None:
        super().__init__("An account with this email already exists.", param="email")


class InvalidCredentialsError(AuthenticationError):
    code = "invalid_credentials"

    def __init__(self) -> None:
        # One message for unknown email and wrong password: the answer must not reveal who has an account.
        super().__init__("Invalid email or password.")


class InvalidRefreshTokenError(AuthenticationError):
    code = "token_not_valid"

    def __init__(self) -> None:
        super().__init__("The refresh token is invalid, expired or already used.", param="refresh")


def user_register(*, email: str, password: str, name: str) -> User:
    """Validates the password against the user's own name and email before anything is stored."""
    user = User(email=email_normalize(email), name=name)
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.error_list}) from exc
    if User.objects.filter(email=user.email).exists():
        raise EmailTakenError()
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # a parallel registration of the same email won the race
        raise EmailTakenError() from exc
    return user


def user_update(*, user: User, name: str) -> User:
    user.name = name
    user.save(update_fields=["name"])
    return user


def user_login(*, request: HttpRequest, email: str, password: str) -> tuple[User, TokenPair]:
    user = authenticate(request, email=email_normalize(email), password=password)
    if not isinstance(user, User):
        raise InvalidCredentialsError()
    update_last_login(User, user)
    return user, token_pair_issue(user=user)


def token_pair_issue(*, user: User) -> TokenPair:
    refresh = RefreshToken.for_user(user)
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))


def _refresh_token_parse(raw: str) -> RefreshToken:
    try:
        return RefreshToken(raw)  # type: ignore[arg-type]
    except TokenError as exc:
        raise InvalidRefreshTokenError() from exc


def _refresh_token_retire(token: RefreshToken) -> None:
    """Blacklists the token; the one-to-one row makes a second, concurrent use fail instead of forking."""
    outstanding, _ = OutstandingToken.objects.get_or_create(
        jti=token[jwt_settings.JTI_CLAIM],
        defaults={
            "user_id": token.get(jwt_settings.USER_ID_CLAIM),
            "token": str(token),
            "created_at": token.current_time,
            "expires_at": datetime_from_epoch(token["exp"]),
        },
    )
    try:
        with transaction.atomic():
            BlacklistedToken.objects.create(token=outstanding)
    except IntegrityError as exc:
        raise InvalidRefreshTokenError() from exc


@transaction.atomic
def token_refresh(*, refresh: str) -> TokenPair:
    """Rotates: the presented refresh token is retired and a new pair issued."""
    token = _refresh_token_parse(refresh)
    user = User.objects.filter(pk=token.get(jwt_settings.USER_ID_CLAIM), is_active=True).first()
    if user is None:
        raise InvalidRefreshTokenError()
    _refresh_token_retire(token)
    return token_pair_issue(user=user)


def token_logout(*, refresh: str) -> None:
    _refresh_token_retire(_refresh_token_parse(refresh))
