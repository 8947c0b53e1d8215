"""core.deadline: the caller's deadline is parsed strictly, and only ever refuses."""

import pytest
from django.test import RequestFactory

from core.context import RequestContext, request_context
from core.deadline import DeadlineExceededError, deadline_enforce, deadline_parse

NOW = 1_800_000_000_000  # Unix ms


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("1800000000000", 1_800_000_000_000),
        ("0", 0),
        ("9999999999999999", 9_999_999_999_999_999),  # 16 digits: far future, still a deadline
        ("00001800000000000", None),  # 17 characters
        ("1" * 5000, None),  # never handed to int(), whose digit limit would raise
        (None, None),
        ("", None),
        (" 1800000000000", None),
        ("1800000000000 ", None),
        ("+1800000000000", None),
        ("-1800000000000", None),
        ("1800000000000.5", None),
        ("1.8e12", None),
        ("0x1a2b", None),
        ("1_800_000_000_000", None),
        ("١٨٠٠٠٠٠٠٠٠٠٠٠", None),  # Arabic-Indic digits: int() would take them
        ("\uff11\uff18\uff10\uff10", None),  # fullwidth digits
        ("Thu, 01 Jan 2027 00:00:00 GMT", None),
        (1800000000000, None),  # not a header value
    ],
)
def test_deadline_parse_takes_only_plain_ascii_milliseconds(raw, parsed):
    assert deadline_parse(raw) == parsed


@pytest.mark.parametrize(
    ("deadline", "refused"),
    [
        (None, False),  # no deadline: nothing to refuse
        (0, True),
        (NOW - 60_000, True),
        (NOW, True),
        (NOW + 999, True),  # inside the skew margin (1 s): the answer could arrive after the caller gave up
        (NOW + 1000, True),
        (NOW + 1001, False),
        (NOW + 10_000, False),
        (9_999_999_999_999_999, False),
    ],
)
def test_deadline_enforce_refuses_within_the_margin_of_the_deadline(settings, deadline, refused):
    settings.REQUEST_DEADLINE_MARGIN_MS = 1000
    if refused:
        with pytest.raises(DeadlineExceededError) as caught:
            deadline_enforce(deadline, now=NOW)
        assert (caught.value.status, caught.value.code) == (408, "deadline_exceeded")
    else:
        deadline_enforce(deadline, now=NOW)


def test_deadline_enforce_reads_the_clock_when_not_told(settings):
    settings.REQUEST_DEADLINE_MARGIN_MS = 0
    with pytest.raises(DeadlineExceededError):
        deadline_enforce(1)
    deadline_enforce(9_999_999_999_999_999)


@pytest.mark.parametrize(
    ("headers", "deadline"),
    [
        ({"HTTP_X_REQUEST_DEADLINE": "1800000000000"}, 1_800_000_000_000),
        ({"HTTP_X_REQUEST_DEADLINE": "soon"}, None),
        ({}, None),
    ],
)
def test_request_context_carries_the_deadline_once_parsed(headers, deadline):
    context = request_context(RequestFactory().post("/api/auth/login/", **headers))
    assert context.deadline == deadline
    assert RequestContext().deadline is None
