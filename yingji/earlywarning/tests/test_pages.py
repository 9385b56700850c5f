"""Pages: the public page shows only warnings in force, the feed and CAP are public, the office works
the lifecycle through the warning page, and the risk bulletin drafts, publishes and exports."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from lxml import etree

from yingji.divisions.tests.factories import county_tree
from yingji.earlywarning import cap, services
from yingji.earlywarning.models import EarlyWarning, RiskBulletin
from yingji.earlywarning.tests.factories import draft, issued, staff
from yingji.hazards.tests.factories import HazardFactory
from yingji.monitoring.models import Alarm
from yingji.monitoring.tests.factories import SensorFactory, SiteFactory

pytestmark = pytest.mark.django_db


def _with_coordinates(tree):
    for key, (lat, lon) in {"town_a": (35.66, 103.39), "town_b": (35.50, 103.20)}.items():
        tree[key].latitude, tree[key].longitude = lat, lon
        tree[key].save()
    return tree


def test_public_page_shows_only_warnings_in_force_without_login(client):
    tree = _with_coordinates(county_tree())
    in_force = issued(tree, areas=("town_a",))
    lifted = issued(tree, areas=("town_a",), headline="已解除的预警")
    services.warning_lift(actor=staff(tree), warning=lifted, reason="险情解除")
    draft(staff(tree), tree, headline="草稿预警")
    expired = issued(tree, headline="已过期的预警")
    EarlyWarning.objects.filter(pk=expired.pk).update(expires=timezone.now() - datetime.timedelta(minutes=1),
                                                      onset=timezone.now() - datetime.timedelta(hours=2))
    elsewhere = issued(tree, areas=("town_b",), headline="达板镇预警")

    page = client.get(reverse("public-warnings"))
    assert page.status_code == 200
    shown = {w.pk for w in page.context["warnings"]}
    assert shown == {in_force.pk, elsewhere.pk}

    near_a = client.get(reverse("public-warnings"), {"lat": "35.661", "lon": "103.391"})
    assert near_a.context["nearby"][0][0] == tree["town_a"]
    picked = client.get(reverse("public-warnings"), {"township": tree["town_b"].code})
    assert {w.pk for w in picked.context["warnings"]} == {elsewhere.pk}
    content = picked.content.decode()
    assert "达板镇预警" in content and "草稿预警" not in content and "vendor/leaflet/leaflet.js" in content


def test_a_county_wide_warning_covers_every_township(client):
    tree = county_tree()
    county_wide = issued(tree, areas=("county",))
    picked = client.get(reverse("public-warnings"), {"township": tree["town_b"].code})
    assert [w.pk for w in picked.context["warnings"]] == [county_wide.pk]


def test_feed_and_cap_are_public_and_valid(client):
    tree = county_tree()
    alert = issued(tree)
    services.warning_lift(actor=staff(tree), warning=alert, reason="险情解除")
    draft(staff(tree), tree)
    feed = client.get(reverse("warning-feed"))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    doc = etree.fromstring(feed.content)
    ns = {"a": cap.ATOM_NS}
    entries = doc.findall("a:entry", ns)
    assert len(entries) == 2  # the Alert and its Cancel; never the draft
    link = entries[0].find("a:link[@type='application/cap+xml']", ns).get("href")
    xml = client.get(link.replace("http://testserver", ""))
    assert xml.status_code == 200 and xml["Content-Type"].startswith("application/cap+xml")
    assert cap.validate(xml.content) == []
    draft_pk = EarlyWarning.objects.get(status="draft").pk
    assert client.get(reverse("warning-cap", args=[str(draft_pk)])).status_code == 404
    assert client.get(reverse("public-warning", args=[draft_pk])).status_code == 404


def test_office_works_the_lifecycle_through_the_warning_page(client):
    tree = county_tree()
    author, chief = staff(tree), staff(tree)
    client.force_login(author)
    from yingji.earlywarning.tests.factories import bureau

    form = {"division": tree["county"].pk, "issuer": bureau(tree).pk, "hazard_type": "flood", "level": 3,
            "headline": "山洪黄色预警", "onset": "2026-07-10T08:00", "expires": "2026-07-11T08:00",
            "areas": [tree["town_a"].pk], "description": "强降雨", "measures": "转移", "certainty": "Likely"}
    bad = client.post(reverse("warning-new"), {**form, "expires": "2026-07-09T08:00"})
    assert bad.status_code == 400 and "截止时间必须晚于起始时间" in bad.content.decode()
    response = client.post(reverse("warning-new"), form)
    assert response.status_code == 302
    warning = EarlyWarning.objects.get(headline="山洪黄色预警")
    assert client.get(reverse("warnings-detail", args=[warning.pk])).status_code == 200
    client.force_login(chief)
    client.post(reverse("warning-approve", args=[warning.pk]))
    client.post(reverse("warning-issue", args=[warning.pk]))
    warning.refresh_from_db()
    assert warning.status == "issued"
    again = client.post(reverse("warning-issue", args=[warning.pk]), follow=True)
    assert "不能签发" in again.content.decode()


def test_warning_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    tree = county_tree()
    for _ in range(6):
        issued(tree, areas=("town_a", "town_b"))
    client.force_login(staff(tree))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("warnings-list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("public-warnings")).status_code == 200


def test_bulletin_is_drafted_from_the_month_published_and_exported_to_word(client):
    tree = county_tree()
    issued(tree)
    sensor = SensorFactory(site=SiteFactory(division=tree["town_a"]))
    for level in ("yellow", "red"):
        Alarm.objects.create(sensor=sensor, division=sensor.division, level=level, value=25.0, threshold=20.0,
                             raised_at=timezone.now())
    HazardFactory(division=tree["town_b"])
    HazardFactory(division=tree["town_b"], found_at=timezone.now() - datetime.timedelta(days=70))
    chief = staff(tree)
    client.force_login(chief)
    today = timezone.localdate()
    response = client.post(reverse("bulletin-new"), {"division": tree["county"].pk, "year": today.year,
                                                     "month": today.month})
    assert response.status_code == 302
    bulletin = RiskBulletin.objects.get()
    assert "本月发布预警信息1条" in bulletin.overview and bulletin.seasonal_text
    assert "本月监测报警共2起" in bulletin.alarms_text
    assert "本月隐患排查共1起" in bulletin.hazards_text and "消防通道堵塞" in bulletin.hazards_text
    duplicate = client.post(reverse("bulletin-new"), {"division": tree["county"].pk, "year": today.year,
                                                      "month": today.month})
    assert duplicate.status_code == 400
    client.post(reverse("bulletin-publish", args=[bulletin.pk]))
    bulletin.refresh_from_db()
    assert bulletin.status == "published"
    docx = client.get(reverse("bulletin-docx", args=[bulletin.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert bulletin.title in text and "五、季节性风险提示" in text


def test_home_page_asks_to_approve_drafts_and_to_lift_expired_warnings(client):
    tree = county_tree()
    draft(staff(tree), tree)
    expired = issued(tree)
    EarlyWarning.objects.filter(pk=expired.pk).update(expires=timezone.now() - datetime.timedelta(minutes=1),
                                                      onset=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(staff(tree))
    titles = {item.title: item.count for item in client.get(reverse("home")).context["items"]}
    assert titles["预警信息待审核"] == 1 and titles["预警已过截止时间但未解除"] == 1


def test_an_update_is_drafted_from_the_warning_page_and_a_draft_is_edited(client):
    tree = county_tree()
    warning = issued(tree)
    client.force_login(staff(tree))
    assert client.get(reverse("warning-revise", args=[warning.pk])).status_code == 200
    form = {"division": tree["county"].pk, "issuer": warning.issuer_id, "hazard_type": warning.hazard_type,
            "level": 2, "headline": "升级为橙色预警", "onset": "2026-07-10T08:00", "expires": "2026-07-12T08:00",
            "areas": [tree["town_a"].pk, tree["town_b"].pk], "description": "雨势加大", "measures": "立即转移",
            "certainty": "Likely"}
    assert client.post(reverse("warning-revise", args=[warning.pk]), form).status_code == 302
    revision = EarlyWarning.objects.get(previous=warning)
    assert revision.msg_type == "Update" and revision.areas.count() == 2
    assert client.get(reverse("warning-edit", args=[revision.pk])).status_code == 200
    assert client.post(reverse("warning-edit", args=[revision.pk]), {**form, "headline": "改"}).status_code == 302
    revision.refresh_from_db()
    assert revision.headline == "改"
    assert client.get(reverse("warning-edit", args=[warning.pk])).status_code == 404
