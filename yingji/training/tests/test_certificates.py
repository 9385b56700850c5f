"""Certificate expiry boundaries and the coverage of certified rescuers (seed 002)."""

import datetime

import pytest

from yingji.divisions.tests.factories import PersonFactory, county_tree
from yingji.training import selectors, services
from yingji.training.models import Certificate
from yingji.training.rules import CertificateKind
from yingji.training.tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def t():
    return county_tree()


def cert(t, expires, division="town_a", **extra):
    return CertificateFactory(person=PersonFactory(division=t[division]), expires_on=expires, **extra)


def pks(qs):
    return {c.pk for c in qs}


def test_expiry_boundaries(t):
    today = cert(t, TODAY)
    yesterday = cert(t, TODAY - datetime.timedelta(days=1))
    day_90 = cert(t, TODAY + datetime.timedelta(days=90))
    day_91 = cert(t, TODAY + datetime.timedelta(days=91))
    never = cert(t, None)
    qs = Certificate.objects.all()
    assert pks(selectors.expiring(qs, today=TODAY)) == {today.pk, day_90.pk}
    assert pks(selectors.expiring(qs, days=91, today=TODAY)) == {today.pk, day_90.pk, day_91.pk}
    assert pks(selectors.expired(qs, today=TODAY)) == {yesterday.pk}
    assert selectors.is_valid(today, TODAY) and not selectors.is_valid(yesterday, TODAY)
    assert selectors.is_valid(never, TODAY)
    assert not selectors.is_valid(cert(t, None, issued_on=TODAY + datetime.timedelta(days=1)), TODAY)


def test_a_renewed_certificate_is_no_longer_listed(t):
    old = cert(t, TODAY - datetime.timedelta(days=10), issued_on=datetime.date(2020, 1, 1))
    CertificateFactory(person=old.person, issued_on=TODAY - datetime.timedelta(days=5),
                       expires_on=TODAY + datetime.timedelta(days=30))
    other_kind = CertificateFactory(person=old.person, kind=CertificateKind.FIRST_AID,
                                    issued_on=datetime.date(2020, 1, 1), expires_on=TODAY - datetime.timedelta(days=1))
    qs = Certificate.objects.all()
    assert pks(selectors.expired(qs, today=TODAY)) == {other_kind.pk}
    assert len(pks(selectors.expiring(qs, today=TODAY))) == 1


def test_expiry_before_issue_is_refused(t):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.certificate_create(actor=None, data={
            "person": PersonFactory(division=t["town_a"]), "kind": CertificateKind.RESCUER, "number": "X1",
            "issuer": "省厅", "issued_on": datetime.date(2026, 5, 1), "expires_on": datetime.date(2026, 4, 30)})


def test_certificate_takes_the_holders_division(t):
    c = services.certificate_create(actor=None, data={
        "person": PersonFactory(division=t["village_b"]), "kind": CertificateKind.RESCUER, "number": "X2",
        "issuer": "省厅", "issued_on": datetime.date(2026, 5, 1)})
    assert c.division == t["village_b"]


def test_divisions_without_a_valid_rescuer_certificate(t, django_assert_num_queries):
    cert(t, TODAY + datetime.timedelta(days=1), division="town_a")
    cert(t, TODAY - datetime.timedelta(days=1), division="village_a")  # expired: not covered
    cert(t, None, division="village_b", kind=CertificateKind.FIRST_AID)  # not a rescuer certificate
    cert(t, TODAY, division="town_b")  # valid through today
    with django_assert_num_queries(1):
        missing = list(selectors.without_certified_rescuer(t["county"], on=TODAY))
        names = [d.parent.name for d in missing]
    assert [d.pk for d in missing] == [t["village_a"].pk, t["village_b"].pk]
    assert names == [t["town_a"].name, t["town_b"].name]
    later = [d.pk for d in selectors.without_certified_rescuer(t["county"], on=TODAY + datetime.timedelta(days=1))]
    assert later == [t["village_a"].pk, t["town_b"].pk, t["village_b"].pk]
    assert selectors.rescuer_coverage_counts(t["county"], on=TODAY) == {"total": 4, "covered": 2}
    assert [d.pk for d in selectors.without_certified_rescuer(t["town_a"], on=TODAY)] == [t["village_a"].pk]
