from http import HTTPStatus

import pytest
from rest_framework.test import APIClient

from audit.models import SecurityEvent


@pytest.mark.django_db
def test_events_list_shows_only_my_events_newest_first(auth_client, user, user_password):
    other = APIClient()
    other.post("/api/auth/login/", {"email": user.email, "password": "wrong password entirely"})
    other.post("/api/auth/login/", {"email": "nobody@example.com", "password": "whatever it is"})
    other.post("/api/auth/login/", {"email": user.email, "password": user_password})

    response = auth_client.get("/api/auth/events/")

    assert response.status_code == HTTPStatus.OK
    events = response.json()
    assert [e["kind"] for e in events] == ["login_succeeded", "login_failed"]
    assert events[0]["description"] == "Signed in"
    assert set(events[0]) == {"id", "kind", "description", "created_at", "ip_address", "device"}


@pytest.mark.django_db
def test_events_are_append_only(user):
    event = SecurityEvent.objects.create(kind="logout", user=user)
    event.details = {"tampered": True}

    with pytest.raises(ValueError, match="append-only"):
        event.save()


@pytest.mark.django_db
def test_events_need_authentication():
    assert APIClient().get("/api/auth/events/").status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.parametrize("language", ["en", "de", "ar"])
def test_the_listed_description_is_django_s_display_of_every_kind(language):
    from django.utils import translation

    with translation.override(language):
        for kind in SecurityEvent.Kind:
            event = SecurityEvent(kind=kind)
            assert event.kind_label == event.get_kind_display()


def test_a_kind_no_longer_defined_is_described_by_its_name():
    assert SecurityEvent(kind="retired_kind").kind_label == "retired_kind"
