"""pytest settings: production settings (debug off) with fixed test keys; DATABASE_URL/REDIS_URL pick the services."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-" + "k7Qx9vLm2Rt8Wn4Yb6Zc1Jd5Hf3Gp0Sa" * 2)
os.environ.setdefault("JWT_SIGNING_KEY", "test-jwt-signing-key-" + "Pq2Lr7Ks9Mt4Nv1Bw6Xc3Zd8Fg5Hj0Ya" * 2)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ["DJANGO_DEBUG"] = "false"

from config.settings.base import *  # noqa: F403
from config.settings.base import REST_FRAMEWORK

# Tests that exercise throttling set their own small rates.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = dict.fromkeys(REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "1000/min")  # type: ignore[arg-type]

# Hashed static names need `collectstatic`; tests render the admin and docs without it.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
