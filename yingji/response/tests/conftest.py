import pytest

from yingji.core.permissions import Role
from yingji.divisions.tests.factories import UserFactory, county_tree


@pytest.fixture
def tree(db):
    return county_tree()


@pytest.fixture
def county_user(tree):
    return UserFactory(division=tree["county"], role=Role.COUNTY_STAFF)


@pytest.fixture
def town_user(tree):
    return UserFactory(division=tree["town_a"], role=Role.TOWNSHIP_STAFF)


@pytest.fixture
def other_town_user(tree):
    return UserFactory(division=tree["town_b"], role=Role.TOWNSHIP_STAFF)
