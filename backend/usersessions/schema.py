from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme


class SessionJWTScheme(SimpleJWTScheme):
    """Documents SessionJWTAuthentication as the bearer scheme it is."""

    target_class = "usersessions.authentication.SessionJWTAuthentication"
