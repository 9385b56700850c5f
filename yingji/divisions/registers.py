"""The registers of this app: divisions, organisations, people, memberships, users."""

from django.utils.translation import gettext_lazy as _

from yingji.core.navigation import nav_entry
from yingji.core.registers import Column, Register, register
from yingji.divisions import forms, permissions, services
from yingji.divisions.models import Division, Membership, Organisation, Person, User

DIVISIONS = register(Register(
    model=Division, slug="divisions", capability=permissions.DIVISIONS.code,
    columns=[
        Column("code", sort="code"), Column("name", sort="name"), Column("level", sort="level"),
        Column("parent.name", _("上级区划")), Column("size_class"), Column("area_type"),
        Column("population", sort="population"), Column("risk_zone"),
    ],
    search_fields=["name", "code"], filter_fields=["level", "size_class", "risk_zone", "area_type"],
    select_related=["parent"], form_class=forms.DivisionForm,
    create=services.division_create,
    update=lambda *, actor, obj, data: services.division_update(actor=actor, division=obj, data=data),
    delete=lambda *, actor, obj: services.division_delete(actor=actor, division=obj),
    restore=services.restore, import_url_name="division-import",
))

ORGANISATIONS = register(Register(
    model=Organisation, slug="organisations", capability=permissions.ORGANISATIONS.code,
    columns=[
        Column("name", sort="name"), Column("kind", sort="kind"), Column("division.name", _("所属区划"),
                                                                         sort="division__code"),
        Column("phone"), Column("contact_name"), Column("contact_phone"), Column("address"),
    ],
    search_fields=["name", "contact_name", "division__name"], filter_fields=["kind"],
    select_related=["division"], form_class=forms.OrganisationForm, importable=True,
    create=services.organisation_create,
    update=lambda *, actor, obj, data: services.organisation_update(actor=actor, organisation=obj, data=data),
    delete=lambda *, actor, obj: services.organisation_delete(actor=actor, organisation=obj),
    restore=services.restore,
))

PEOPLE = register(Register(
    model=Person, slug="people", capability=permissions.PEOPLE.code,
    columns=[
        Column("name", sort="name"), Column("division.name", _("所属区划"), sort="division__code"),
        Column("organisation.name", _("所在机构")), Column("post"), Column("employment", sort="employment"),
        Column("mobile"), Column("landline"), Column("id_number_masked", _("身份证号码")),
    ],
    search_fields=["name", "mobile", "post", "organisation__name"], filter_fields=["employment"],
    select_related=["division", "organisation"], form_class=forms.PersonForm, importable=True,
    create=services.person_create,
    update=lambda *, actor, obj, data: services.person_update(actor=actor, person=obj, data=data),
    delete=lambda *, actor, obj: services.person_delete(actor=actor, person=obj),
    restore=services.restore,
))

MEMBERSHIPS = register(Register(
    model=Membership, slug="memberships", capability=permissions.MEMBERSHIPS.code,
    columns=[
        Column("organisation.name", _("机构"), sort="organisation__name"), Column("person.name", _("人员")),
        Column("rank", sort="rank"), Column("title"), Column("division.name", _("所属区划"), sort="division__code"),
        Column("person.mobile", _("手机")),
    ],
    search_fields=["organisation__name", "person__name", "title"], filter_fields=["rank"],
    select_related=["organisation", "person", "division"], form_class=forms.MembershipForm, importable=True,
    create=services.membership_create,
    delete=lambda *, actor, obj: services.membership_delete(actor=actor, membership=obj),
    restore=services.restore,
))


def _user_create(*, actor, data):
    return services.user_create(actor=actor, username=data["username"], password=data["password"],
                                division=data["division"], role=data["role"], person=data.get("person"),
                                language=data.get("language", ""))


USERS = register(Register(
    model=User, slug="users", capability=permissions.USERS.code,
    columns=[
        Column("username", sort="username"), Column("person.name", _("姓名")),
        Column("division.name", _("所属区划"), sort="division__code"), Column("role", sort="role"),
        Column("is_active"), Column("last_login", sort="last_login"),
    ],
    search_fields=["username", "person__name"], filter_fields=["role", "is_active"],
    select_related=["division", "person"], form_class=forms.UserForm,
    detail_fields=["username", "person", "division", "role", "language", "is_active", "last_login",
                   "date_joined", "password_changed_at"],
    create=_user_create,
    update=lambda *, actor, obj, data: services.user_update(
        actor=actor, user=obj, data={k: v for k, v in data.items() if k not in {"username", "password"}}),
))

_GROUP = _("组织与辖区")
for _reg in (DIVISIONS, ORGANISATIONS, PEOPLE, MEMBERSHIPS):
    nav_entry(label=_reg.model._meta.verbose_name_plural, url_name=_reg.url_name("list"),
              capability=_reg.capability, group=_GROUP, order=10)
nav_entry(label=User._meta.verbose_name_plural, url_name=USERS.url_name("list"), capability=USERS.capability,
          group=_("系统"), order=90)
