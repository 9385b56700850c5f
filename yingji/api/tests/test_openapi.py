"""The OpenAPI document and the interactive docs, served without any CDN."""

import re

import pytest
from django.test import Client

from yingji.api.routes import scoped_api_routes

pytestmark = pytest.mark.django_db


def test_openapi_document_lists_every_path_and_both_auth_schemes():
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    # Capability apps add their own paths; this app's must all be there.
    assert set(document["paths"]) >= {
        "/api/v1/divisions", "/api/v1/divisions/{code}",
        "/api/v1/organisations", "/api/v1/organisations/{organisation_id}",
        "/api/v1/people", "/api/v1/people/{person_id}",
        "/api/v1/users", "/api/v1/users/{user_id}",
        "/api/v1/me",
    }
    assert set(document["paths"]["/api/v1/people/{person_id}"]) == {"get", "patch", "delete"}
    schemes = document["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["SessionAuth"]["in"] == "cookie"


def test_person_schema_has_no_unmasked_id_number():
    components = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]

    assert "id_number" not in components["PersonOut"]["properties"]
    assert "id_number_masked" in components["PersonOut"]["properties"]
    assert set(components["ErrorOut"]["properties"]) == {"code", "message", "errors"}


def test_docs_page_uses_bundled_assets_only():
    response = Client().get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    # No address of another host anywhere, and no CDN host name — checked as an address, because the page
    # also carries a random CSRF token, in which the letters "cdn" turn up now and then.
    assert not re.search(r"https?://|//[\w.-]*cdn", html, re.IGNORECASE)


def test_scoped_routes_helper_points_at_real_endpoints():
    paths = set(Client().get("/api/v1/openapi.json").json()["paths"])
    templates = {re.sub(r"\{\w+\}", "{pk}", p) for p in paths}

    for _label, list_url, detail_url in scoped_api_routes():
        assert list_url in paths
        assert detail_url in templates
