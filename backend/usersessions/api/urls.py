from django.urls import path

from usersessions.api import views

app_name = "usersessions"

urlpatterns = [
    path("", views.SessionListView.as_view(), name="list"),
    path("revoke-others/", views.SessionRevokeOthersView.as_view(), name="revoke-others"),
    path("<uuid:session_id>/", views.SessionDetailView.as_view(), name="detail"),
]
