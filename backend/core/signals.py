"""Signals by which `core` tells the apps above it what happened, without importing them."""

from django.dispatch import Signal

# Sent once per client and rate-limit window when a request is refused; kwargs: context (RequestContext), scope (str).
rate_limited = Signal()
