"""The OpenAPI schema validates, describes everything, and the docs page works offline."""

import re

import yaml
from django.core.management import call_command


def test_schema_generation_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert yaml.safe_load(target.read_text())["openapi"].startswith("3.")


def _schema(client) -> dict:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_every_operation_has_a_summary_and_every_field_a_description(db, client):
    schema = _schema(client)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), (method, path)
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    continue
                assert parameter.get("description"), (method, path, parameter["name"])
    undocumented = [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        for field, spec in component.get("properties", {}).items()
        if not spec.get("description")
        and not any("description" in part for part in spec.get("allOf", []))
    ]
    assert undocumented == []


def test_error_responses_are_documented_with_the_error_body(db, client):
    schema = _schema(client)
    transition = schema["paths"]["/api/v1/requests/{request_id}/status/"]["post"]["responses"]
    upload = schema["paths"]["/api/v1/files/"]["post"]["responses"]
    for responses, code in ((transition, "409"), (upload, "413"), (upload, "403")):
        content = responses[code]["content"]["application/json"]["schema"]
        assert content["$ref"].endswith("/Error")


def test_docs_page_loads_swagger_ui_from_our_own_static_files(db, client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    external = re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", page)
    assert external == []
    # The Content-Security-Policy allows only our own files: nothing inline.
    assert "<style" not in page
    assert re.findall(r"<script(?![^>]*\bsrc=)", page) == []


def test_docs_start_up_script_is_served_as_a_file(db, client):
    response = client.get("/api/docs/", {"script": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in response.content.decode()
