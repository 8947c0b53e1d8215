"""Mail is written in the recipient's language (User.language), whatever language the worker or request runs in."""

import pytest
from django.core import mail
from django.utils import timezone, translation

from accounts.flows.email_verification import email_verification_send
from accounts.flows.password_reset import password_reset_send
from accounts.tests.factories import UserFactory
from notifications import tasks
from notifications.services import SUBJECTS, duration_text, send_message

VERIFICATION = {
    "en": (
        "Latchkey: Confirm your email address",
        ["Confirm your email address by opening this link:", "The link works once and expires in 3 days."],
        ["Confirm email address", "Or copy this link into your browser:"],
    ),
    "de": (
        "Latchkey: Bestätigen Sie Ihre E-Mail-Adresse",
        [
            "Bestätigen Sie Ihre E-Mail-Adresse, indem Sie diesen Link öffnen:",
            "Der Link funktioniert einmal und läuft in 3 Tagen ab.",
        ],
        ["E-Mail-Adresse bestätigen", "Oder kopieren Sie diesen Link in Ihren Browser:"],
    ),
    "ar": (
        "Latchkey: أكّد عنوان بريدك الإلكتروني",
        ["أكّد عنوان بريدك الإلكتروني بفتح هذا الرابط:", "يعمل الرابط مرة واحدة وتنتهي صلاحيته خلال 3 أيام."],
        ["تأكيد عنوان البريد الإلكتروني", "أو انسخ هذا الرابط والصقه في متصفحك:"],
    ),
}

RESET = {
    "en": ("Latchkey: Reset your password", ["Hi Ann,", "expires in 10 minutes."], ["Choose a new password"]),
    "de": (
        "Latchkey: Setzen Sie Ihr Passwort zurück",
        ["Hallo Ann,", "läuft in 10 Minuten ab."],
        ["Neues Passwort wählen", "Sie erhalten diese E-Mail wegen einer Aktion in Ihrem Latchkey-Konto."],
    ),
    "ar": (
        "Latchkey: أعِد تعيين كلمة مرورك",
        ["مرحبًا Ann،", "تنتهي صلاحيته خلال 10 دقائق."],
        ["اختر كلمة مرور جديدة", "وصلتك هذه الرسالة بسبب إجراء على حسابك في Latchkey."],
    ),
}

DIRECTION = {"en": 'lang="en" dir="ltr"', "de": 'lang="de" dir="ltr"', "ar": 'lang="ar" dir="rtl"'}


def _html(message) -> str:
    ((html, _mimetype),) = message.alternatives
    return str(html)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de", "ar"])
def test_the_verification_mail_is_in_the_users_language(language):
    user = UserFactory(email="ann@example.com", name="Ann", language=language)
    subject, text, html = VERIFICATION[language]

    # The worker runs in whatever language is active; the recipient's decides.
    with translation.override("de" if language != "de" else "ar"):
        email_verification_send.call(user_id=user.pk, credential_epoch=user.credential_epoch)

    (message,) = mail.outbox
    assert message.subject == subject
    assert all(part in message.body for part in text)
    assert all(part in _html(message) for part in html)
    assert DIRECTION[language] in _html(message)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de", "ar"])
def test_the_password_reset_mail_is_in_the_users_language(language):
    UserFactory(email="ann@example.com", name="Ann", language=language, email_verified=True)  # greeted by name
    subject, text, html = RESET[language]

    password_reset_send.call(email="ann@example.com")

    (message,) = mail.outbox
    assert message.subject == subject
    assert all(part in message.body for part in text)
    assert all(part in _html(message) for part in html)
    assert DIRECTION[language] in _html(message)


@pytest.mark.django_db
def test_a_language_chosen_later_is_the_one_mail_uses(auth_client, user, run_tasks):
    auth_client.patch("/api/auth/me/", {"language": "de"}, HTTP_ACCEPT_LANGUAGE="en")
    auth_client.post("/api/auth/email/verify/resend/", HTTP_ACCEPT_LANGUAGE="ar")

    run_tasks()

    (message,) = mail.outbox
    assert message.subject == "Latchkey: Bestätigen Sie Ihre E-Mail-Adresse"


@pytest.mark.parametrize(
    ("language", "notice", "subject", "sentence"),
    [
        ("en", "recovery_code_used", "A recovery code was used", "1 recovery code left."),
        (
            "de",
            "recovery_code_used",
            "Ein Wiederherstellungscode wurde verwendet",
            "Es bleibt 1 Wiederherstellungscode.",
        ),
        ("ar", "recovery_code_used", "تم استخدام رمز استرداد", "تبقّى رمز استرداد واحد."),
        (
            "de",
            "social_linked",
            "Ein Anmeldeanbieter wurde verbunden",
            "als Anmeldemöglichkeit mit Ihrem Konto verbunden",
        ),
        ("ar", "totp_enabled", "تم تفعيل المصادقة الثنائية", "تم إعداد تطبيق مصادقة كعامل ثانٍ لحسابك."),
    ],
)
def test_security_notices_carry_the_recipients_language(language, notice, subject, sentence):
    tasks.security_notice_send.call(to="ann@example.com", notice=notice, name="Ann", remaining=1, language=language)

    (message,) = mail.outbox
    assert message.subject == f"Latchkey: {subject}"
    assert sentence in message.body
    assert sentence in _html(message)


@pytest.mark.parametrize("template", sorted(SUBJECTS))
def test_every_template_renders_in_every_language(template):
    for language in ("en", "de", "ar"):
        send_message(
            to="ann@example.com",
            language=language,
            template=template,
            context={"name": "Ann", "link": "https://app.example.test/x", "valid_for": 3600, "when": timezone.now()},
        )
    subjects = [message.subject for message in mail.outbox]
    assert len(set(subjects)) == 3  # three languages, three subjects


@pytest.mark.parametrize(
    ("language", "seconds", "text"),
    [
        ("de", 86400, "1 Tag"),
        ("de", 3 * 86400, "3 Tagen"),
        ("ar", 86400, "يوم واحد"),
        ("ar", 2 * 3600, "ساعتين"),
        ("ar", 30 * 60, "30 دقيقة"),
        ("ar", 5 * 60, "5 دقائق"),
        ("ar", 11 * 86400, "11 يومًا"),
    ],
)
def test_link_lifetimes_use_the_languages_plural_forms(language, seconds, text):
    with translation.override(language):
        assert duration_text(seconds) == text


def test_an_unknown_stored_language_falls_back_to_english():
    send_message(to="ann@example.com", language="xx", template="password_changed", context={"when": timezone.now()})

    assert mail.outbox[0].subject == "Latchkey: Your password was changed"
