"""Fixtures for the API tests: the two-township world and clients authenticated by token."""

import pytest
from django.test import Client

from yingji.api.services import apitoken_create
from yingji.divisions.tests.factories import two_townships


class TokenClient(Client):
    """A test client that sends `Authorization: Bearer <token>` and JSON bodies."""

    def __init__(self, raw: str, **kwargs):
        super().__init__(HTTP_AUTHORIZATION=f"Bearer {raw}", **kwargs)

    def post_json(self, path, data):
        return self.post(path, data, content_type="application/json")

    def patch_json(self, path, data):
        return self.patch(path, data, content_type="application/json")


def token_client(user) -> TokenClient:
    _token, raw = apitoken_create(actor=None, user=user, name="test")
    return TokenClient(raw)


@pytest.fixture
def world(db):
    return two_townships()


@pytest.fixture
def client_a(world):
    return token_client(world.user_a)


@pytest.fixture
def client_b(world):
    return token_client(world.user_b)


@pytest.fixture
def county_client(world):
    return token_client(world.county_user)
