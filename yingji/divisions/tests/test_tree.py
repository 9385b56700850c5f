import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yingji.divisions.models import Division, Person
from yingji.divisions.tests.factories import PersonFactory, county_tree, division

pytestmark = pytest.mark.django_db


def test_subtree_is_one_query_without_recursion():
    tree = county_tree()
    with CaptureQueriesContext(connection) as queries:
        names = set(Division.objects.within(tree["town_a"]).values_list("name", flat=True))
    assert names == {"锁南镇", "锁南村"}
    assert len(queries) == 1


def test_people_under_a_county_in_one_query():
    tree = county_tree()
    PersonFactory(division=tree["village_a"])
    PersonFactory(division=tree["town_b"])
    PersonFactory(division=division("620100000000", "兰州市", "city", tree["province"]))
    with CaptureQueriesContext(connection) as queries:
        count = Person.objects.within(tree["county"]).count()
    assert (count, len(queries)) == (2, 1)


def test_ancestors_in_order():
    tree = county_tree()
    assert [d.name for d in tree["village_a"].ancestors()] == ["甘肃省", "临夏回族自治州", "东乡族自治县", "锁南镇"]


def test_contains():
    tree = county_tree()
    assert tree["county"].contains(tree["village_b"])
    assert not tree["town_a"].contains(tree["village_b"])


def test_model_rejects_a_parent_that_does_not_match_the_code():
    tree = county_tree()
    stray = Division(code="622926101202", name="错挂村", level="village", parent=tree["town_a"])
    with pytest.raises(ValidationError) as exc:
        stray.full_clean()
    assert "parent" in exc.value.message_dict


def test_database_rejects_a_malformed_code():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Division.objects.create(code="12345", name="坏代码", level="county")
