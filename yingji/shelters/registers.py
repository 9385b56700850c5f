"""The shelter register: list, filters, detail with capacity and occupancy, form, Excel import/export."""

from django.utils.translation import gettext_lazy as _

from yingji.core.navigation import nav_entry, public_entry
from yingji.core.permissions import Action, has_permission
from yingji.core.registers import Column, Register, register
from yingji.shelters import forms, permissions, rules, selectors, services
from yingji.shelters.models import Shelter


def _detail_context(request, shelter: Shelter) -> dict:
    can_change = has_permission(request.user, permissions.SHELTERS.code, Action.CHANGE)
    return {
        "shelter": shelter, "norm": rules.AREA_PER_PERSON_M2,
        "recommended_area": rules.RECOMMENDED_MIN_EFFECTIVE_AREA_M2,
        "occupancy_form": forms.OccupancyForm(initial={"status": shelter.status, "occupancy": shelter.occupancy}),
        "can_set_occupancy": can_change,
        "photos": selectors.photos_of(shelter), "can_change_photos": can_change,
        "photo_form": forms.PhotoUploadForm() if can_change else None,
    }


SHELTERS = register(Register(
    model=Shelter, slug="shelters", capability=permissions.SHELTERS.code,
    columns=[
        Column("name", sort="name"), Column("division.name", _("所属区划"), sort="division__code"),
        Column("kind", sort="kind"), Column("tier", sort="tier"), Column("duration", sort="duration"),
        Column("effective_area", sort="effective_area"), Column("capacity", sort="capacity"),
        Column("status", sort="status"), Column("occupancy", sort="occupancy"), Column("address"),
        Column("manager"), Column("manager_phone"), Column("national_registered"),
    ],
    search_fields=["name", "address", "manager", "division__name", "national_code"],
    filter_fields=["status", "kind", "tier", "duration", "space_type", "national_registered"],
    select_related=["division"], form_class=forms.ShelterForm, importable=True,
    create=services.shelter_create, update=services.shelter_update, delete=services.soft_delete,
    restore=services.restore, detail_template="shelters/detail.html", detail_context=_detail_context,
))

GROUP = _("应急资源")
nav_entry(label=_("避难场所"), url_name="shelters-list", capability=permissions.SHELTERS.code, group=GROUP, order=30)
nav_entry(label=_("避难场所覆盖"), url_name="shelters-coverage", capability=permissions.SHELTERS.code, group=GROUP,
          order=30)
public_entry(label=_("应急避难场所"), url_name="shelters-public", description=_("离我最近、还有空位的避难场所"), order=20)
