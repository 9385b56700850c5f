"""Every issued message is a CAP 1.2 message valid against the OASIS schema."""

import pytest
from lxml import etree

from yingji.divisions.tests.factories import county_tree
from yingji.earlywarning import cap, services
from yingji.earlywarning.models import EarlyWarning
from yingji.earlywarning.rules import Level
from yingji.earlywarning.tests.factories import issued, staff

pytestmark = pytest.mark.django_db
NS = {"cap": cap.CAP_NS}


def _xml(message):
    message = EarlyWarning.objects.select_related("issuer", "division", "previous__division").get(pk=message.pk)
    return cap.to_bytes(cap.build_alert(message, web="https://example.org/w"))


def test_alert_update_and_cancel_are_valid_cap_1_2_with_references():
    tree = county_tree()
    chief = staff(tree)
    alert = issued(tree, areas=("town_a", "town_b"), approver=chief)
    update = services.warning_revise(actor=chief, warning=alert, data={"level": Level.TWO})
    update = services.warning_issue(actor=chief, warning=services.warning_approve(actor=staff(tree), warning=update))
    services.warning_lift(actor=chief, warning=update, reason="险情解除")
    cancel = EarlyWarning.objects.get(previous=update)

    docs = {}
    for message in (alert, update, cancel):
        xml = _xml(message)
        assert cap.validate(xml) == [], message.msg_type
        docs[message.msg_type] = etree.fromstring(xml)

    a = docs["Alert"]
    assert a.findtext("cap:msgType", namespaces=NS) == "Alert"
    assert a.find("cap:references", NS) is None
    assert a.findtext("cap:info/cap:severity", namespaces=NS) == "Moderate"  # 三级 黄
    assert {g.text for g in a.findall("cap:info/cap:area/cap:geocode/cap:value", NS)} == {
        tree["town_a"].code, tree["town_b"].code}
    assert a.findtext("cap:info/cap:area/cap:areaDesc", namespaces=NS) == "锁南镇、达板镇"
    assert a.findtext("cap:sent", namespaces=NS).endswith("+08:00")

    u = docs["Update"]
    assert u.findtext("cap:info/cap:severity", namespaces=NS) == "Severe"  # 二级 橙
    assert u.findtext("cap:references", namespaces=NS) == cap.reference(alert)
    c = docs["Cancel"]
    assert c.findtext("cap:references", namespaces=NS).split(",")[1] == update.identifier
    assert c.findtext("cap:info/cap:responseType", namespaces=NS) == "AllClear"


def test_the_schema_rejects_a_broken_message():
    tree = county_tree()
    doc = etree.fromstring(_xml(issued(tree)))
    doc.find("cap:msgType", NS).text = "Lifted"
    assert cap.validate(etree.tostring(doc))
