"""Signals by which `accounts` tells the apps above it what happened, without importing them."""

from django.dispatch import Signal

# Sent inside a password reset's change of credentials, once the emailed link proved who owns the address;
# kwargs: user. Grants made by someone who only claimed the address end here (social unlinks identities whose
# provider did not verify it).
address_owner_proven = Signal()
