"""Jurisdiction: neither of two sibling townships sees or changes the other's records, anywhere."""

import io
import re
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook

from yingji.audit.models import AuditEntry
from yingji.core.registers import registers
from yingji.core.scoping import scoped_models, subtree_bounds
from yingji.core.tests.world import build_world

pytestmark = pytest.mark.django_db


def test_subtree_bounds_are_code_ranges_per_level():
    assert subtree_bounds("622926000000", "county") == ("622926000000", "622927000000")
    assert subtree_bounds("622926100000", "township") == ("622926100000", "622926101000")
    assert subtree_bounds("622926100201", "village") == ("622926100201", "622926100202")
    assert subtree_bounds("620000000000", "province") == ("620000000000", "630000000000")
    assert subtree_bounds("622900000000", "city") == ("622900000000", "623000000000")


def test_all_nines_prefix_still_bounds_its_subtree():
    low, high = subtree_bounds("990000000000", "province")
    assert low <= "990000000000" < high and low <= "999999999999" < high
    assert not (low <= "980000000000" < high)
    village_low, village_high = subtree_bounds("629999999999", "village")
    assert village_low <= "629999999999" < village_high and not (village_low <= "629999999998")


def _record_in(model, division):
    return model._base_manager.filter(
        **{f"{model.scope_code_field}__gte": division.subtree_bounds[0],
           f"{model.scope_code_field}__lt": division.subtree_bounds[1]}
    ).order_by("pk").first()


def test_every_scoped_model_is_confined_to_the_subtree():
    world = build_world()
    town_a, town_b = world.tree["town_a"], world.tree["town_b"]
    for model in scoped_models():
        if model is AuditEntry:
            continue
        record_b = _record_in(model, town_b)
        assert record_b is not None, (
            f"{model._meta.label} has no record in township B: add one in <app>/tests/scoping_world.py")
        manager = getattr(model, "all_objects", None) or model.objects
        assert not manager.visible_to(world.user_a).filter(pk=record_b.pk).exists(), model._meta.label
        assert manager.visible_to(world.user_b).filter(pk=record_b.pk).exists(), model._meta.label
        assert manager.visible_to(world.county_user).filter(pk=record_b.pk).exists(), model._meta.label
        record_a = _record_in(model, town_a)
        assert record_a is not None and manager.visible_to(world.user_a).filter(pk=record_a.pk).exists()


def _urls(reg, pk):
    names = {"detail": [pk], "update": [pk], "delete": [pk], "restore": [pk]}
    found = {}
    for view, args in names.items():
        try:
            found[view] = reverse(reg.url_name(view), args=args)
        except NoReverseMatch:
            continue
    return found


@pytest.mark.parametrize("register", registers(), ids=lambda r: r.slug)
def test_register_routes_never_show_or_change_the_sibling_township(client, register):
    world = build_world()
    model = register.model
    record_b = _record_in(model, world.tree["town_b"])
    assert record_b is not None, f"no {model._meta.label} in township B for the scoping matrix"
    before = model._base_manager.filter(pk=record_b.pk).values().get()
    client.force_login(world.user_a)

    listing = client.get(reverse(register.url_name("list")), {"q": ""})
    assert listing.status_code == 200
    assert record_b.pk not in {obj.pk for obj in listing.context["page"].object_list}

    for view, url in _urls(register, record_b.pk).items():
        assert client.get(url).status_code in (404, 405), (view, url)
        expected_post = {404, 405} if view == "detail" else {404}
        assert client.post(url, {}).status_code in expected_post, (view, url)

    export = client.get(reverse(register.url_name("export")))
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    exported_rows = sheet.max_row - 1
    assert exported_rows == model.objects.visible_to(world.user_a).count()
    assert model._base_manager.filter(pk=record_b.pk).values().get() == before


def test_api_routes_never_show_or_change_the_sibling_township(client):
    from yingji.api.routes import scoped_api_routes

    world = build_world()
    client.force_login(world.user_a)
    for label, list_url, detail_url in scoped_api_routes():
        model = next(m for m in scoped_models() if m._meta.label_lower == label)
        record_b = _record_in(model, world.tree["town_b"])
        before = model._base_manager.filter(pk=record_b.pk).values().get()
        listed = client.get(list_url, {"page_size": 500}).json()
        key = "code" if model._meta.model_name == "division" else "id"
        assert getattr(record_b, key) not in {item[key] for item in listed["items"]}, label
        url = detail_url.format(pk=getattr(record_b, key))
        assert client.get(url).status_code == 404, url
        assert client.patch(url, {"name": "x"}, content_type="application/json").status_code in (404, 405), url
        assert client.delete(url).status_code in (404, 405), url
        assert model._base_manager.filter(pk=record_b.pk).values().get() == before


def test_audit_entries_of_the_sibling_township_are_hidden(client):
    world = build_world()
    AuditEntry.objects.create(action="x.y.created", division_code=world.tree["town_b"].code, object_repr="B-only")
    AuditEntry.objects.create(action="x.y.created", division_code=world.tree["town_a"].code, object_repr="A-only")
    client.force_login(world.user_a)
    page = client.get(reverse("audit-list")).context["page"]
    reprs = {e.object_repr for e in page.object_list}
    assert "A-only" in reprs and "B-only" not in reprs


def test_views_and_api_fetch_scoped_models_only_through_scope():
    """A view or API module (each app's, and the shared yingji/api) that reads a jurisdiction-scoped model's
    `objects` must go through visible_to/within; shared catalogues (hazard topics, specialities) need not."""
    root = Path(__file__).resolve().parents[2]
    scoped = {model.__name__ for model in scoped_models()}
    offenders = []
    for path in [*root.glob("*/views.py"), *root.glob("*/views/*.py"), *root.glob("*/api.py"),
                 *root.glob("*/api/*.py")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            reads = re.findall(r"\b([A-Z]\w*)\.(?:objects|all_objects|_base_manager)\.", line)
            if any(name in scoped for name in reads) and not re.search(r"\.(visible_to|within)\(", line):
                offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert offenders == []
