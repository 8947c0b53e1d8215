from django.db import models
from django.utils.translation import gettext_lazy as _


class KeyOutcome(models.TextChoices):
    """What opening an emailed link did. Opening it again says what was already done, with a way on; only a
    forged, expired or superseded key is an error (accounts.flows._common.InvalidKeyError, or ExpiredKeyError for a
    genuine, current key past its lifetime)."""

    VERIFIED = "verified", _("Your email address is verified. Thank you!")
    ALREADY_VERIFIED = "already_verified", _("Your email address is already verified.")
    EMAIL_CHANGED = "email_changed", _("Your email address has been changed. Log in with the new address.")
    ALREADY_CHANGED = "already_changed", _("This email change is already done. Log in with the new address.")
