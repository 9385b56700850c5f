import pytest
from django.urls import reverse

from yingji.divisions.tests.factories import two_townships

pytestmark = pytest.mark.django_db


def test_pages_render_for_township_user(client):
    world = two_townships()
    client.force_login(world.user_a)
    for url in [reverse("home"), reverse("people-list"), reverse("people-detail", args=[world.person_a.pk]),
                reverse("people-create"), reverse("division-switch"), reverse("divisions-list")]:
        assert client.get(url).status_code == 200, url
