from http import HTTPStatus
from typing import Any
from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.serializers import AuthOutputSerializer
from core.api.schema import error_responses
from core.api.views import PublicAuthView
from core.context import request_context
from core.throttles import ScopedClientIPThrottle
from mfa import flows
from mfa.api.serializers import (
    CodeInputSerializer,
    FactorAddedOutputSerializer,
    LoginSecondFactorInputSerializer,
    MfaOverviewOutputSerializer,
    MfaTokenInputSerializer,
    PasskeyAddedOutputSerializer,
    PasskeyAddInputSerializer,
    PasskeyLoginInputSerializer,
    PasskeyLoginOptionsOutputSerializer,
    PasskeyOutputSerializer,
    PasskeyRenameInputSerializer,
    ReauthenticatedOutputSerializer,
    ReauthenticateInputSerializer,
    RecoveryCodesOutputSerializer,
    TotpSetupOutputSerializer,
    WebAuthnOptionsOutputSerializer,
)
from mfa.models import Passkey
from usersessions.api.serializers import TokenPairOutputSerializer
from usersessions.services import TokenPair

_BODY_ERRORS = (400, 413, 415, 429)
_STEP_UP = (401, 403, 429)  # 403 reauthentication_required


def _tokens(tokens: TokenPair) -> dict[str, str]:
    return {"access": tokens.access, "refresh": tokens.refresh}


def _auth_body(user: Any, tokens: TokenPair) -> Any:
    return AuthOutputSerializer({"user": user, **_tokens(tokens)}).data


def _proof(data: dict[str, Any]) -> flows.SecondFactorProof:
    return flows.SecondFactorProof(
        code=data.get("code", ""), recovery_code=data.get("recovery_code", ""), credential=data.get("credential")
    )


class FactorView(APIView):
    """Signed-in changes of second factors: rate limited per client address (reads are not)."""

    throttle_scope = "account"

    def get_throttles(self) -> list[Any]:
        return [] if self.request.method == "GET" else [ScopedClientIPThrottle()]


# ---- overview and step-up ---------------------------------------------------------------------------------------
class MfaOverviewView(APIView):
    @extend_schema(
        responses={200: MfaOverviewOutputSerializer, **error_responses(401)},
        tags=["mfa"],
        summary="Second factors of the signed-in user, and until when this session counts as recently authenticated",
    )
    def get(self, request: Request) -> Response:
        overview = flows.mfa_overview(context=request_context(request), user=request.user)  # type: ignore[arg-type]
        return Response(MfaOverviewOutputSerializer(overview).data)


class ReauthenticateView(APIView):
    throttle_classes = [ScopedClientIPThrottle]
    throttle_scope = "login"

    @extend_schema(
        request=ReauthenticateInputSerializer,
        responses={200: ReauthenticatedOutputSerializer, **error_responses(*_BODY_ERRORS, 401)},
        tags=["mfa"],
        summary="Step-up: prove the password or a second factor again; a new session (and token pair) follows",
    )
    def post(self, request: Request) -> Response:
        serializer = ReauthenticateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = flows.reauthenticate(
            context=request_context(request),
            user=request.user,  # type: ignore[arg-type]
            password=data.get("password", ""),
            proof=_proof(data),
        )
        return Response(
            ReauthenticatedOutputSerializer(
                {**_tokens(result.tokens), "reauthenticated_until": result.reauthenticated_until}
            ).data
        )


class ReauthenticateOptionsView(FactorView):
    @extend_schema(
        request=None,
        responses={200: WebAuthnOptionsOutputSerializer, **error_responses(401, 409, 429)},
        tags=["mfa"],
        summary="WebAuthn request options for a step-up with one of the user's passkeys",
    )
    def post(self, request: Request) -> Response:
        options = flows.reauthenticate_options(context=request_context(request), user=request.user)  # type: ignore[arg-type]
        return Response({"options": options})


# ---- authenticator app ------------------------------------------------------------------------------------------
class TotpSetupView(FactorView):
    @extend_schema(
        request=None,
        responses={200: TotpSetupOutputSerializer, **error_responses(*_STEP_UP, 409)},
        tags=["mfa"],
        summary="Start setting up an authenticator app: a new secret, not active until confirmed",
    )
    def post(self, request: Request) -> Response:
        setup = flows.totp_setup(context=request_context(request), user=request.user)  # type: ignore[arg-type]
        return Response(TotpSetupOutputSerializer(setup).data)


class TotpConfirmView(FactorView):
    @extend_schema(
        request=CodeInputSerializer,
        responses={200: FactorAddedOutputSerializer, **error_responses(*_BODY_ERRORS, 401, 403, 409)},
        tags=["mfa"],
        summary="Turn the authenticator app on with a code from it; other sessions end, this one gets new tokens",
    )
    def post(self, request: Request) -> Response:
        serializer = CodeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        added = flows.totp_confirm(
            context=request_context(request),
            user=request.user,  # type: ignore[arg-type]
            code=serializer.validated_data["code"],
        )
        return Response({"recovery_codes": added.recovery_codes, **_tokens(added.tokens)})


class TotpView(FactorView):
    @extend_schema(
        request=None,
        responses={200: TokenPairOutputSerializer, **error_responses(*_STEP_UP, 404)},
        tags=["mfa"],
        summary="Turn the authenticator app off (needs a recent second factor); this session gets new tokens",
    )
    def delete(self, request: Request) -> Response:
        tokens = flows.totp_disable(context=request_context(request), user=request.user)  # type: ignore[arg-type]
        return Response(_tokens(tokens))


class RecoveryCodesView(FactorView):
    @extend_schema(
        request=None,
        responses={200: RecoveryCodesOutputSerializer, **error_responses(*_STEP_UP, 409)},
        tags=["mfa"],
        summary="A new set of ten recovery codes (shown once); the old ones stop working",
    )
    def post(self, request: Request) -> Response:
        codes = flows.recovery_codes_regenerate(context=request_context(request), user=request.user)  # type: ignore[arg-type]
        return Response({"recovery_codes": codes})


# ---- passkeys ---------------------------------------------------------------------------------------------------
class PasskeyRegistrationOptionsView(FactorView):
    @extend_schema(
        request=None,
        responses={200: dict[str, Any], **error_responses(*_STEP_UP)},
        tags=["mfa"],
        summary="WebAuthn creation options (PublicKeyCredentialCreationOptionsJSON) for a new passkey",
    )
    def post(self, request: Request) -> Response:
        options = flows.passkey_registration_begin(context=request_context(request), user=request.user)  # type: ignore[arg-type]
        return Response(options)


class PasskeyListView(FactorView):
    @extend_schema(
        responses={200: PasskeyOutputSerializer(many=True), **error_responses(401)},
        tags=["mfa"],
        summary="The user's passkeys",
    )
    def get(self, request: Request) -> Response:
        passkeys = Passkey.objects.filter(user=request.user)  # type: ignore[misc]
        return Response(PasskeyOutputSerializer(passkeys, many=True).data)

    @extend_schema(
        request=PasskeyAddInputSerializer,
        responses={201: PasskeyAddedOutputSerializer, **error_responses(*_BODY_ERRORS, 401, 403)},
        tags=["mfa"],
        summary="Register a passkey from the browser's response; other sessions end, this one gets new tokens",
    )
    def post(self, request: Request) -> Response:
        serializer = PasskeyAddInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        added = flows.passkey_add(
            context=request_context(request),
            user=request.user,  # type: ignore[arg-type]
            **serializer.validated_data,
        )
        body = {
            "passkey": PasskeyOutputSerializer(added.passkey).data,
            "recovery_codes": added.recovery_codes,
            **_tokens(added.tokens),
        }
        return Response(body, status=HTTPStatus.CREATED)


class PasskeyDetailView(FactorView):
    @extend_schema(
        request=PasskeyRenameInputSerializer,
        responses={200: PasskeyOutputSerializer, **error_responses(*_BODY_ERRORS, 401, 404)},
        tags=["mfa"],
        summary="Rename a passkey",
    )
    def patch(self, request: Request, passkey_id: UUID) -> Response:
        serializer = PasskeyRenameInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        passkey = flows.passkey_rename(
            context=request_context(request),
            user=request.user,  # type: ignore[arg-type]
            passkey_id=str(passkey_id),
            name=serializer.validated_data["name"],
        )
        return Response(PasskeyOutputSerializer(passkey).data)

    @extend_schema(
        request=None,
        responses={200: TokenPairOutputSerializer, **error_responses(*_STEP_UP, 404, 409)},
        tags=["mfa"],
        summary="Remove a passkey (needs a recent second factor); this session gets new tokens",
    )
    def delete(self, request: Request, passkey_id: UUID) -> Response:
        tokens = flows.passkey_remove(
            context=request_context(request),
            user=request.user,  # type: ignore[arg-type]
            passkey_id=str(passkey_id),
        )
        return Response(_tokens(tokens))


# ---- sign-in ----------------------------------------------------------------------------------------------------
class LoginSecondFactorOptionsView(PublicAuthView):
    throttle_scope = "login"

    @extend_schema(
        request=MfaTokenInputSerializer,
        responses={200: WebAuthnOptionsOutputSerializer, **error_responses(*_BODY_ERRORS, 401)},
        tags=["auth"],
        summary="WebAuthn request options to complete a pending sign-in with a passkey",
    )
    def post(self, request: Request) -> Response:
        serializer = MfaTokenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response({"options": flows.login_second_factor_options(**serializer.validated_data)})


class LoginSecondFactorView(PublicAuthView):
    throttle_scope = "login"

    @extend_schema(
        request=LoginSecondFactorInputSerializer,
        responses={200: AuthOutputSerializer, **error_responses(*_BODY_ERRORS, 401, 408)},
        tags=["auth"],
        summary="Complete a sign-in with a code, a recovery code or a passkey",
    )
    def post(self, request: Request) -> Response:
        serializer = LoginSecondFactorInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user, tokens = flows.login_second_factor_complete(
            context=request_context(request),
            mfa_token=data["mfa_token"],
            proof=_proof(data),
            refresh=data.get("refresh", ""),
        )
        return Response(_auth_body(user, tokens))


class PasskeyLoginOptionsView(PublicAuthView):
    throttle_scope = "passkey"

    @extend_schema(
        request=None,
        responses={200: PasskeyLoginOptionsOutputSerializer, **error_responses(429)},
        tags=["auth"],
        summary="Start a passwordless sign-in: options for any passkey of this site, and its challenge_token",
    )
    def post(self, request: Request) -> Response:
        options, challenge_token = flows.passkey_login_begin()
        return Response({"options": options, "challenge_token": challenge_token})


class PasskeyLoginView(PublicAuthView):
    throttle_scope = "login"

    @extend_schema(
        request=PasskeyLoginInputSerializer,
        responses={200: AuthOutputSerializer, **error_responses(*_BODY_ERRORS, 401, 403, 408)},
        tags=["auth"],
        summary="Sign in with a passkey (a full two-factor sign-in)",
    )
    def post(self, request: Request) -> Response:
        serializer = PasskeyLoginInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user, tokens = flows.passkey_login_complete(context=request_context(request), **serializer.validated_data)
        return Response(_auth_body(user, tokens))
