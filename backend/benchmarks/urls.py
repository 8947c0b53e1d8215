from django.urls import path

from benchmarks import views

app_name = "benchmarks"

urlpatterns = [
    path("bare/", views.bare_view, name="bare"),
    path("hash/", views.hash_view, name="hash"),
    path("noop/", views.NoopOpenView.as_view(), name="noop"),
    path("noop-auth/", views.NoopAuthView.as_view(), name="noop-auth"),
    path("peer-simplejwt/", views.PeerDefaultAuthView.as_view(), name="peer-simplejwt"),
    path("peer-simplejwt-stateless/", views.PeerStatelessAuthView.as_view(), name="peer-simplejwt-stateless"),
]
