import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "scripts"))
from breach_range import RangeServer

# Passwords that pass every other validator, so that only the breach check can refuse them.
BREACHED = "tangerine submarine 1987"
PADDED = "velvet thunder porch 31"  # its suffix is in the range, with the padding's count 0: not breached
FRESH = "quiet meadow lantern 42"


@pytest.fixture
def breach_range(settings) -> Iterator[RangeServer]:
    """A real range server on loopback, with the breach check pointed at it and a short timeout for its hang mode."""
    server = RangeServer(breached=(BREACHED,), padded=(PADDED,))
    settings.BREACHED_PASSWORDS_URL = server.url
    settings.BREACHED_PASSWORDS_TIMEOUT = 0.2
    yield server
    server.close()
