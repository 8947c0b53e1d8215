import unicodedata
from collections.abc import Collection
from typing import Any, ClassVar, Self

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from accounts.email_address import EMAIL_MAX_LENGTH, email_lookup_key, email_normalize, email_validate
from accounts.validators import NAME_MAX_LENGTH, name_validate
from core.i18n import language_choices


class UserManager(BaseUserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> "User":
        # A login form's input: an address with no canonical form matches no one (ModelBackend then still hashes).
        return self.get(email=email_lookup_key(username or ""))

    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        user = self.model(email=email_normalize(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    # Stored in canonical form (accounts.email_address), so the plain unique index blocks every other spelling.
    email = models.EmailField("email", max_length=EMAIL_MAX_LENGTH, unique=True, validators=[email_validate])
    name = models.CharField("name", max_length=NAME_MAX_LENGTH, validators=[name_validate])
    is_active = models.BooleanField("active", default=True)
    is_staff = models.BooleanField("staff status", default=False)
    date_joined = models.DateTimeField("date joined", default=timezone.now)
    # Proven by following an emailed link (verification, email change or password reset).
    email_verified = models.BooleanField("email verified", default=False)
    email_verified_at = models.DateTimeField("email verified at", null=True, blank=True)
    # Advanced by every change of credentials (accounts.credentials); every session and emailed key records the
    # value it was issued under and dies when it moves on (ASP.NET Identity calls this the security stamp).
    credential_epoch = models.PositiveIntegerField("credential epoch", default=0, editable=False)
    credentials_changed_at = models.DateTimeField("credentials changed at", null=True, blank=True, editable=False)
    # What the mail worker writes in (settings.LANGUAGES): the request's language at signup, then the user's choice.
    # db_default too: rows written outside the ORM (the benchmark's bulk insert, an older release during a rolling
    # deploy) get English instead of violating NOT NULL.
    language = models.CharField("language", max_length=16, choices=language_choices, default="en", db_default="en")

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["-date_joined"]

    def __str__(self) -> str:
        return self.email

    # The address as loaded from the database (from_db), None for an instance not loaded from it.
    _loaded_email: str | None = None

    @classmethod
    def from_db(cls, db: str | None, field_names: Collection[str], values: Collection[Any], **kwargs: Any) -> Self:
        """Remembers the address as loaded (Django's documented way to track loaded values), so a change of it
        made anywhere, the admin or a shell included, is recognised as a change of credentials
        (accounts.credentials.credentials_change_detect)."""
        instance = super().from_db(db, field_names, values, **kwargs)
        if "email" in field_names:
            instance._loaded_email = list(values)[list(field_names).index("email")]
        return instance

    def clean(self) -> None:
        super().clean()
        try:
            self.email = email_normalize(self.email)
        except ValidationError as exc:
            raise ValidationError({"email": exc.error_list}) from exc
        self.name = unicodedata.normalize("NFC", self.name.strip())
