import pytest
from django.utils import timezone

from yingji.divisions.models import Membership, Organisation
from yingji.divisions.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    county_tree,
)
from yingji.earlywarning.models import BroadcastEndpoint, PublicSubscriber
from yingji.earlywarning.recipients import resolve
from yingji.earlywarning.tests.factories import issued

pytestmark = pytest.mark.django_db


def test_recipients_come_from_the_area_once_each():
    tree = county_tree()
    village_a, village_b = tree["village_a"], tree["village_b"]
    group = OrganisationFactory(division=village_a, kind=Organisation.Kind.RESPONSE_GROUP, name="锁南村应急工作组")
    head = PersonFactory(division=village_a, organisation=group, mobile="13900000001")
    MembershipFactory(organisation=group, person=head, rank=Membership.Rank.LEADER, title="组长")
    officer = PersonFactory(division=village_a, organisation=group, mobile="13900000002")
    MembershipFactory(organisation=group, person=officer, rank=Membership.Rank.MEMBER, title="信息员")
    plain = PersonFactory(division=village_a, organisation=group)
    MembershipFactory(organisation=group, person=plain, rank=Membership.Rank.MEMBER, title="成员")
    school = OrganisationFactory(division=village_a, kind=Organisation.Kind.SCHOOL, name="锁南小学",
                                 contact_phone="13900000003")
    PublicSubscriber.objects.create(division=village_a, phone="13900000004", confirmation_code="1",
                                    confirmed_at=timezone.now())
    PublicSubscriber.objects.create(division=village_a, phone="13900000005", confirmation_code="1")  # unconfirmed
    PublicSubscriber.objects.create(division=village_a, phone="13900000001", confirmation_code="1",
                                    confirmed_at=timezone.now())  # the head's own phone: one SMS only
    BroadcastEndpoint.objects.create(division=village_a, kind="loudspeaker", name="大喇叭", address="LS-1")
    BroadcastEndpoint.objects.create(division=village_b, kind="loudspeaker", name="别村大喇叭", address="LS-2")
    other = OrganisationFactory(division=village_b, kind=Organisation.Kind.ENTERPRISE, contact_phone="13900000009")

    warning = issued(tree, areas=("town_a",))
    targets = resolve(warning)
    keys = {t.key for t in targets}
    assert f"person:{head.pk}" in keys and f"person:{officer.pk}" in keys and f"person:{plain.pk}" not in keys
    assert f"org:{school.pk}" in keys and f"org:{other.pk}" not in keys
    assert sorted(t.phone for t in targets if t.kind == "subscriber") == ["13900000004"]
    assert [t.address for t in targets if t.kind == "broadcast"] == ["LS-1"]
    assert len(keys) == len(targets)
    assert {t.kind for t in targets} == {"leader", "info_officer", "unit", "subscriber", "broadcast"}
