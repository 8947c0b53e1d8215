from django.urls import path

from mfa.api import views

app_name = "mfa"

urlpatterns = [
    path("mfa/", views.MfaOverviewView.as_view(), name="overview"),
    path("mfa/totp/setup/", views.TotpSetupView.as_view(), name="totp-setup"),
    path("mfa/totp/confirm/", views.TotpConfirmView.as_view(), name="totp-confirm"),
    path("mfa/totp/", views.TotpView.as_view(), name="totp"),
    path("mfa/recovery-codes/", views.RecoveryCodesView.as_view(), name="recovery-codes"),
    path("passkeys/", views.PasskeyListView.as_view(), name="passkeys"),
    path("passkeys/register/options/", views.PasskeyRegistrationOptionsView.as_view(), name="passkey-register-options"),
    path("passkeys/login/options/", views.PasskeyLoginOptionsView.as_view(), name="passkey-login-options"),
    path("passkeys/login/", views.PasskeyLoginView.as_view(), name="passkey-login"),
    path("passkeys/<uuid:passkey_id>/", views.PasskeyDetailView.as_view(), name="passkey"),
    path("login/mfa/options/", views.LoginSecondFactorOptionsView.as_view(), name="login-mfa-options"),
    path("login/mfa/", views.LoginSecondFactorView.as_view(), name="login-mfa"),
    path("reauthenticate/", views.ReauthenticateView.as_view(), name="reauthenticate"),
    path("reauthenticate/options/", views.ReauthenticateOptionsView.as_view(), name="reauthenticate-options"),
]
