from django.db import models


class SigningKey(models.Model):
    """An ES256 key pair. The private half is stored encrypted with JWT_SIGNING_KEY; the public half is the JWK."""

    kid = models.CharField(max_length=32, primary_key=True)
    private_key_encrypted = models.TextField()
    public_jwk = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Retired keys no longer sign, but verify until every token they signed has expired.
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.kid
