"""Passkeys and security keys: WebAuthn Level 3 ceremonies through py_webauthn, with user verification required,
the relying party ID and origins from settings (mfa.conf), the sign counter checked and stored, and the backup
flags (BE, BS) recorded. This module only runs ceremonies; the flows (mfa.flows) decide what a result grants.
"""

import json
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    decode_credential_public_key,
    decoded_public_key_to_cryptography,
    options_to_json_dict,
    parse_authentication_credential_json,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from accounts.models import User
from core.exceptions import ApplicationError
from mfa.conf import mfa_settings
from mfa.models import Passkey

NAME_MAX_LENGTH = 60
# Large enough for any real credential JSON (attestation certificates included), small enough to refuse a flood.
CREDENTIAL_MAX_BYTES = 64 * 1024


class InvalidCredentialError(ApplicationError):
    """400 `invalid_credential`: the WebAuthn response failed verification (wrong origin, RP ID, challenge,
    signature, user verification missing) or names no registered passkey."""

    def __init__(self) -> None:
        super().__init__(
            _("The passkey could not be verified. Try again, or use another way to sign in."),
            code="invalid_credential",
            param="credential",
        )


@dataclass(frozen=True)
class VerifiedAssertion:
    passkey: Passkey
    user: User


def _descriptor(passkey: Passkey) -> PublicKeyCredentialDescriptor:
    transports = []
    for value in passkey.transports:
        try:
            transports.append(AuthenticatorTransport(value))
        except ValueError:
            continue
    return PublicKeyCredentialDescriptor(id=bytes(passkey.credential_id), transports=transports or None)


def _user_handle(user: User) -> bytes:
    """The WebAuthn user.id: random (64 bytes at most, no personal data; WebAuthn section 5.4.3), one per user so an
    authenticator replaces rather than duplicates this site's passkey for the user."""
    existing = Passkey.objects.filter(user=user).values_list("user_handle", flat=True).first()
    return bytes(existing) if existing else secrets.token_bytes(32)


@dataclass(frozen=True)
class RegistrationOptions:
    """options: PublicKeyCredentialCreationOptionsJSON; challenge and user_handle: what the response must match
    and what the passkey is stored with."""

    options: dict[str, Any]
    challenge: bytes
    user_handle: bytes


def registration_options(user: User) -> RegistrationOptions:
    """Options for navigator.credentials.create(): a discoverable credential (a passkey), user verification
    required, the user's existing passkeys excluded."""
    handle = _user_handle(user)
    options = generate_registration_options(
        rp_id=mfa_settings.rp_id,
        rp_name=mfa_settings.rp_name,
        user_id=handle,
        user_name=user.email,
        user_display_name=user.name or user.email,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED, user_verification=UserVerificationRequirement.REQUIRED
        ),
        exclude_credentials=[_descriptor(passkey) for passkey in Passkey.objects.filter(user=user)],
    )
    return RegistrationOptions(options=options_to_json_dict(options), challenge=options.challenge, user_handle=handle)


def _credential_json(credential: object) -> str:
    """The client's JSON (an object, or a string holding one), bounded; InvalidCredentialError otherwise."""
    raw = credential if isinstance(credential, str) else json.dumps(credential) if isinstance(credential, dict) else ""
    if not raw or len(raw.encode("utf-8", "surrogatepass")) > CREDENTIAL_MAX_BYTES:
        raise InvalidCredentialError()
    return raw


def passkey_register(*, user: User, credential: object, challenge: bytes, user_handle: bytes, name: str) -> Passkey:
    """Verifies a registration response (WebAuthn section 7.1) and stores the passkey; InvalidCredentialError
    when it fails or the credential is already registered."""
    try:
        verified = verify_registration_response(
            credential=_credential_json(credential),
            expected_challenge=challenge,
            expected_rp_id=mfa_settings.rp_id,
            expected_origin=mfa_settings.origins,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError) as exc:
        raise InvalidCredentialError() from exc
    try:  # a key that cannot be loaded (a 1-byte Ed25519 x) could never verify a sign-in: refuse it now
        decoded_public_key_to_cryptography(decode_credential_public_key(verified.credential_public_key))
    except Exception as exc:
        raise InvalidCredentialError() from exc
    transports = []
    if isinstance(credential, dict):
        response = credential.get("response")
        listed = response.get("transports") if isinstance(response, dict) else None
        transports = [str(t)[:20] for t in listed if isinstance(t, str)][:8] if isinstance(listed, list) else []
    try:
        with transaction.atomic():
            return Passkey.objects.create(
                user=user,
                name=name[:NAME_MAX_LENGTH] or "Passkey",
                credential_id=verified.credential_id,
                public_key=verified.credential_public_key,
                user_handle=user_handle,
                sign_count=verified.sign_count,
                transports=transports,
                aaguid=verified.aaguid,
                backup_eligible=verified.credential_device_type == "multi_device",
                backed_up=verified.credential_backed_up,
                address_proven=user.email_verified,
            )
    except IntegrityError as exc:  # the same authenticator credential registered twice
        raise InvalidCredentialError() from exc


def authentication_options(*, user: User | None) -> tuple[dict[str, Any], bytes]:
    """(PublicKeyCredentialRequestOptionsJSON, challenge) for navigator.credentials.get(). With a user: their
    passkeys are allowed (second factor, step-up). Without: an empty list, so the browser offers any discoverable
    credential for this RP (passwordless sign-in, conditional UI)."""
    allowed = [_descriptor(passkey) for passkey in Passkey.objects.filter(user=user)] if user is not None else None
    options = generate_authentication_options(
        rp_id=mfa_settings.rp_id,
        allow_credentials=allowed,
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return options_to_json_dict(options), options.challenge


def passkey_assert(*, credential: object, challenge: bytes, user: User | None) -> VerifiedAssertion:
    """Verifies an assertion (WebAuthn section 7.2) against the stored passkey it names (of `user` when given),
    then stores the new sign counter, backup state and last use. InvalidCredentialError when anything fails,
    including a sign counter that did not grow (a cloned authenticator, section 6.1.1)."""
    raw = _credential_json(credential)
    try:
        parsed = parse_authentication_credential_json(raw)
    except (WebAuthnException, ValueError, TypeError, KeyError) as exc:
        raise InvalidCredentialError() from exc
    passkeys = Passkey.objects.select_related("user").filter(credential_id=parsed.raw_id)
    if user is not None:
        passkeys = passkeys.filter(user=user)
    passkey = passkeys.first()
    if passkey is None or not passkey.user.is_active:
        raise InvalidCredentialError()
    handle = parsed.response.user_handle
    if handle is not None and handle != bytes(passkey.user_handle):
        raise InvalidCredentialError()
    try:
        verified = verify_authentication_response(
            credential=parsed,
            expected_challenge=challenge,
            expected_rp_id=mfa_settings.rp_id,
            expected_origin=mfa_settings.origins,
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError) as exc:
        raise InvalidCredentialError() from exc
    # Conditional on the counter read, so two parallel uses of one assertion cannot both pass a counter check.
    updated = Passkey.objects.filter(pk=passkey.pk, sign_count=passkey.sign_count).update(
        sign_count=verified.new_sign_count, backed_up=verified.credential_backed_up, last_used_at=timezone.now()
    )
    if not updated:
        raise InvalidCredentialError()
    return VerifiedAssertion(passkey=passkey, user=passkey.user)
