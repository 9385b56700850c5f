"""Every menu entry and every register page renders for each role that may see it, in both languages,
with the scoping world's records in place (a template error anywhere fails here)."""

import pytest
from django.urls import NoReverseMatch, reverse

from yingji.core.navigation import nav_for
from yingji.core.permissions import Action, Role, has_permission
from yingji.core.registers import registers
from yingji.core.tests.world import build_world
from yingji.divisions.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _record_urls(reg, user):
    def may(action):
        return has_permission(user, reg.capability, action)

    obj = reg.base_queryset(user).order_by("pk").first()
    names = [("list", [])] + ([("export", [])] if may(Action.EXPORT) else [])
    if obj is not None:
        names.append(("detail", [obj.pk]))
        if reg.form_class is not None and reg.update is not None and may(Action.CHANGE):
            names.append(("update", [obj.pk]))
    if reg.form_class is not None and reg.create is not None and may(Action.ADD):
        names.append(("create", []))
    if reg.importable and may(Action.IMPORT):
        names.append(("import", []))
    for view, args in names:
        try:
            yield reverse(reg.url_name(view), args=args)
        except NoReverseMatch:
            continue
    if reg.importable and may(Action.IMPORT):
        yield reverse(reg.url_name("import")) + "?template=1"


@pytest.mark.parametrize(("language", "roles"), [("zh-hans", list(Role)), ("en", [Role.ADMIN])])
def test_menus_and_registers_render_for_every_role(client, language, roles):
    world = build_world()
    for role in roles:
        user = UserFactory(division=world.tree["county"], role=role, language=language)
        client.force_login(user)
        assert client.get(reverse("home")).status_code == 200, role
        for _group, entries in nav_for(user):
            for _label, url in entries:
                assert client.get(url).status_code == 200, (role, url)
        for reg in registers():
            if not has_permission(user, reg.capability, Action.VIEW):
                continue
            for url in _record_urls(reg, user):
                assert client.get(url).status_code == 200, (role, url)
