import factory
from django.contrib.auth.hashers import make_password

from accounts.models import User

DEFAULT_PASSWORD = "quiet meadow lantern 42"


class UserFactory(factory.django.DjangoModelFactory):
    """Saves once, as registration does: a second save after set_password() would count as a password change."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    name = factory.Faker("name")
    password = factory.LazyFunction(lambda: make_password(DEFAULT_PASSWORD))
