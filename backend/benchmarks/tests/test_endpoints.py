import importlib
from collections.abc import Iterator

import pytest
from django.urls import clear_url_caches

import config.urls


def _reload_urls() -> None:
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.fixture
def bench_endpoints(settings) -> Iterator[None]:
    settings.BENCH_ENDPOINTS = True
    _reload_urls()
    yield
    settings.BENCH_ENDPOINTS = False
    _reload_urls()


@pytest.mark.parametrize("path", ["/api/bench/bare/", "/api/bench/hash/", "/api/bench/noop/", "/api/bench/noop-auth/"])
def test_absent_by_default(api_client, path):
    assert api_client.get(path).status_code == 404


@pytest.mark.django_db
@pytest.mark.usefixtures("bench_endpoints")
@pytest.mark.parametrize("path", ["/api/bench/bare/", "/api/bench/hash/", "/api/bench/noop/"])
def test_open_endpoints_answer_without_credentials(api_client, path, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = api_client.get(path)
    assert response.status_code == 200
    assert response.json() == {"ok": True}


@pytest.mark.usefixtures("bench_endpoints")
def test_noop_auth_requires_a_token(api_client):
    response = api_client.get("/api/bench/noop-auth/")
    assert response.status_code == 401


@pytest.mark.usefixtures("bench_endpoints")
def test_noop_auth_with_a_token(auth_client):
    response = auth_client.get("/api/bench/noop-auth/")
    assert response.status_code == 200
    assert response.json() == {"ok": True}


@pytest.mark.usefixtures("bench_endpoints")
def test_noop_auth_refuses_a_revoked_session(auth_client, tokens):
    from core.context import RequestContext
    from usersessions.services import session_end

    session_end(refresh=tokens.refresh, context=RequestContext())
    assert auth_client.get("/api/bench/noop-auth/").status_code == 401


PEERS = ["/api/bench/peer-simplejwt/", "/api/bench/peer-simplejwt-stateless/"]


@pytest.mark.parametrize("path", PEERS)
def test_peers_absent_by_default(api_client, path):
    assert api_client.get(path).status_code == 404


@pytest.mark.django_db
@pytest.mark.usefixtures("bench_endpoints")
@pytest.mark.parametrize("path", PEERS)
def test_peers_accept_simplejwt_hs256_tokens(api_client, user, path):
    from benchmarks.peers import peer_access_token

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {peer_access_token(user)}")
    response = api_client.get(path)
    assert response.status_code == 200
    assert response.json() == {"ok": True}


@pytest.mark.django_db
@pytest.mark.usefixtures("bench_endpoints")
def test_peer_default_loads_the_user_stateless_does_not(api_client, user, django_assert_num_queries):
    from benchmarks.peers import peer_access_token

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {peer_access_token(user)}")
    with django_assert_num_queries(1):  # simplejwt's JWTAuthentication: User.objects.get(id=...) per request
        assert api_client.get(PEERS[0]).status_code == 200
    with django_assert_num_queries(0):
        assert api_client.get(PEERS[1]).status_code == 200


@pytest.mark.django_db
@pytest.mark.usefixtures("bench_endpoints")
@pytest.mark.parametrize("path", PEERS)
def test_peers_refuse_our_tokens_and_ours_refuse_theirs(api_client, user, tokens, path):
    from benchmarks.peers import peer_access_token

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens.access}")
    assert api_client.get(path).status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {peer_access_token(user)}")
    assert api_client.get("/api/bench/noop-auth/").status_code == 401
    assert api_client.get("/api/auth/me/").status_code == 401
