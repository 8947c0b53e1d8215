"""The OpenAPI schema documents what the stress tests saw the API answer (stress/test_faults.py)."""

from drf_spectacular.generators import SchemaGenerator


def test_every_operation_documents_the_503_of_a_database_outage():
    schema = SchemaGenerator().get_schema(request=None, public=True)

    for path, path_item in schema["paths"].items():
        for method, operation in path_item.items():
            response = operation["responses"].get("503")
            assert response, f"{method.upper()} {path} does not document 503"
            assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorResponse"}
