from django.urls import path

from social.api import views

app_name = "social"

urlpatterns = [
    path("providers/", views.ProviderListView.as_view(), name="providers"),
    path("accounts/", views.SocialAccountListView.as_view(), name="accounts"),
    path("accounts/<uuid:account_id>/", views.SocialAccountDetailView.as_view(), name="account"),
    path("<str:provider>/start/", views.StartView.as_view(), name="start"),
    path("<str:provider>/complete/", views.CompleteView.as_view(), name="complete"),
]
