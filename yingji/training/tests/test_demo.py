"""The demo loaders fill a year of training, certificates and publicity, and a second run adds nothing."""

import pytest
from django.utils import timezone

from yingji.divisions.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    county_tree,
)
from yingji.publicity.demo import load_demo as load_publicity
from yingji.publicity.models import MaterialLine, PublicityEvent
from yingji.training import selectors
from yingji.training.demo import load_demo as load_training
from yingji.training.models import Attendance, Certificate, TrainingSession

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_leaves_something_to_do():
    t = county_tree()
    for key in ("county", "town_a", "town_b", "village_a", "village_b"):
        org = OrganisationFactory(division=t[key])
        person = PersonFactory(division=t[key], organisation=org)
        MembershipFactory(organisation=org, person=person, title="信息员" if "village" in key else "成员")
    messages = []

    def run():
        load_training(t["county"], messages.append)
        load_publicity(t["county"], messages.append)
        return [M.all_objects.count() for M in (TrainingSession, Attendance, Certificate, PublicityEvent,
                                                 MaterialLine)]

    first = run()
    assert all(first) and run() == first
    assert messages[2:] == ["training: 0 sessions, 0 attendances, 0 certificates", "publicity: 0 events"]
    year = timezone.localdate().year
    met = {row.division.pk: row.met for row in selectors.guidance_progress(t["county"], year)}
    assert met[t["town_a"].pk] and not met[t["town_b"].pk]
    missing = {d.pk for d in selectors.without_certified_rescuer(t["county"])}
    assert t["town_b"].pk in missing
