from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse

from core.api.serializers import ErrorResponseSerializer

_DESCRIPTIONS = {
    400: "Invalid input; each error names its field in `param`.",
    401: "Missing, invalid or expired credentials.",
    413: "Request body too large.",
    403: "Not allowed.",
    404: "Not found.",
    408: (
        "`deadline_exceeded`: the X-Request-Deadline this request carried (Unix time in milliseconds) had passed, "
        "or nearly, before a session could start; nothing was stored. A malformed deadline is ignored."
    ),
    409: "Conflicts with the account's current state; `code` says how.",
    415: "Unsupported content type; send application/json.",
    429: "Rate limited; see the Retry-After header.",
    503: "A backing service is unavailable; retry later.",
}


def error_responses(*statuses: int) -> dict[int, OpenApiResponse]:
    return {status: OpenApiResponse(ErrorResponseSerializer, description=_DESCRIPTIONS[status]) for status in statuses}


class AutoSchema(SpectacularAutoSchema):
    """Documents request bodies of DELETE operations too (`DELETE /api/auth/me/` takes the current password)."""

    def _get_request_body(self, direction: str = "request") -> Any:
        if self.method != "DELETE" or self.get_request_serializer() is None:
            return super()._get_request_body(direction)
        self.method = "POST"
        try:
            return super()._get_request_body(direction)
        finally:
            self.method = "DELETE"


def add_service_unavailable(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: every operation may answer 503 (database down, see the exception
    handler), so every operation documents it, in the one error shape."""
    error = {"$ref": "#/components/schemas/ErrorResponse"}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            operation.setdefault("responses", {}).setdefault(
                "503", {"content": {"application/json": {"schema": error}}, "description": _DESCRIPTIONS[503]}
            )
    return result
