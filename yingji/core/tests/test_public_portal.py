"""The public portal lists every page a capability opens to the public, and each opens without login."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_portal_and_every_page_it_lists_open_without_login(client):
    portal = client.get(reverse("public-portal"))
    assert portal.status_code == 200
    entries = portal.context["entries"]
    urls = {entry["url"] for entry in entries}
    assert {reverse(name) for name in ("public-warnings", "shelters-public", "hazards-public", "plans-public",
                                       "teams-public", "experts-public")} <= urls
    for entry in entries:
        assert client.get(entry["url"]).status_code == 200, entry["url"]


def test_the_login_page_points_to_the_portal(client):
    assert reverse("public-portal") in client.get(reverse("login")).content.decode()
