import pytest

from yingji.divisions.tests.factories import county_tree
from yingji.earlywarning import demo, selectors
from yingji.earlywarning.models import BroadcastEndpoint, EarlyWarning
from yingji.earlywarning.tests.factories import bureau

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_with_one_warning_in_force_and_one_lifted():
    tree = county_tree()
    bureau(tree)
    messages = []
    demo.load_demo(tree["county"], messages.append)
    counts = (EarlyWarning.objects.count(), BroadcastEndpoint.objects.count())
    demo.load_demo(tree["county"], messages.append)
    assert (EarlyWarning.objects.count(), BroadcastEndpoint.objects.count()) == counts
    assert [w.headline for w in selectors.in_force()] == [demo.IN_FORCE]
    assert EarlyWarning.objects.get(headline=demo.LIFTED).status == "lifted"
    assert counts[1] == 4  # two townships, two villages
