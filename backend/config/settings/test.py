"""pytest settings: production settings (debug off) with fixed test keys; DATABASE_URL/REDIS_URL pick the services."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-" + "k7Qx9vLm2Rt8Wn4Yb6Zc1Jd5Hf3Gp0Sa" * 2)
os.environ.setdefault("JWT_SIGNING_KEY", "test-jwt-signing-key-" + "Pq2Lr7Ks9Mt4Nv1Bw6Xc3Zd8Fg5Hj0Ya" * 2)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ["DJANGO_DEBUG"] = "false"
# Served in tests so that they can be tested; the default with debug off (off) is tested in a subprocess.
os.environ.setdefault("DJANGO_API_DOCS", "true")
# Tests of the admin's second factor turn it on themselves (accounts/tests/test_admin_mfa.py).
os.environ.setdefault("DJANGO_ADMIN_REQUIRE_MFA", "false")
# No test may reach the internet: the breach check is off unless a test points it at a range server on loopback
# (scripts/breach_range.py). Forced, like debug: a value from the shell must not leak in.
os.environ["BREACHED_PASSWORDS_URL"] = ""

from config.settings.base import *  # noqa: F403
from config.settings.base import REST_FRAMEWORK

# Tests that exercise throttling set their own small rates.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = dict.fromkeys(REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "1000/min")  # type: ignore[arg-type]

# Tests of the push path turn it on themselves (usersessions/tests/test_revocation_feed.py).
SESSION_REVOCATION_PUSH = False


# A file rather than an in-memory database on SQLite, so that tests with real threads can share it; a name of
# one's own (TEST_DATABASE_NAME) lets two runs share one PostgreSQL server.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": f"/tmp/latchkey-test-{os.getpid()}.sqlite3"}  # noqa: F405, S108
elif os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}  # noqa: F405
