"""/api/v1/shelters: the shelter register with its filters, occupancy during an event, coverage, and each
shelter's photos. Scoped like every other endpoint (a photo only through a shelter the caller may see);
writes go through the services."""

import datetime
from decimal import Decimal

from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from pydantic import ConfigDict

from yingji.api.access import filter_params, paginated, resolve_division, within_division
from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS, WRITE_ERRORS
from yingji.core.listing import filtered
from yingji.core.permissions import Action
from yingji.core.scoping import scope_division
from yingji.shelters import rules, selectors, services, views
from yingji.shelters.registers import SHELTERS
from yingji.shelters.rules import Duration, Function, Kind, SpaceType, Tier
from yingji.shelters.rules import Status as ShelterStatus

router = Router(tags=["shelters"])

SCOPED_ROUTES = [("shelters.shelter", "/shelters", "/shelters/{pk}")]
STRICT = ConfigDict(extra="forbid")


class ShelterOut(Schema):
    id: int
    division: str = Field(..., alias="division.code")
    division_name: str = Field(..., alias="division.name")
    name: str
    kind: str
    tier: str
    duration: str
    space_type: str
    function: str
    total_area: Decimal
    effective_area: Decimal
    computed_capacity: int
    declared_capacity: int | None
    capacity_reason: str
    capacity: int
    occupancy: int
    free_places: int
    status: str
    facilities: list[str] = Field(..., alias="facility_codes")
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    manager: str
    manager_phone: str
    national_registered: bool
    national_code: str
    updated_at: datetime.datetime


class ShelterIn(Schema):
    model_config = STRICT
    division: str = Field(..., pattern=r"^\d{12}$")
    name: str
    kind: Kind
    tier: Tier = Tier.VILLAGE
    duration: Duration = Duration.EMERGENCY
    space_type: SpaceType = SpaceType.OUTDOOR
    function: Function = Function.SINGLE
    total_area: Decimal
    effective_area: Decimal
    declared_capacity: int | None = None
    capacity_reason: str = ""
    has_water: bool = False
    has_power: bool = False
    has_toilets: bool = False
    has_medical_point: bool = False
    has_broadcast: bool = False
    has_signage: bool = False
    has_route_map: bool = False
    address: str
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    manager: str = ""
    manager_phone: str = ""
    status: ShelterStatus = ShelterStatus.READY
    national_registered: bool = False
    national_code: str = ""


class OccupancyIn(Schema):
    model_config = STRICT
    status: ShelterStatus
    occupancy: int = Field(..., ge=0)


class PhotoOut(Schema):
    id: int
    caption: str
    order: int
    original_name: str
    content_type: str
    size: int
    uploaded_at: datetime.datetime
    uploaded_by: str | None
    file_url: str

    @staticmethod
    def resolve_uploaded_by(obj) -> str | None:
        return obj.uploaded_by.get_username() if obj.uploaded_by_id else None

    @staticmethod
    def resolve_file_url(obj) -> str:
        return reverse("api-v1:shelter_photo_file", kwargs={"pk": obj.shelter_id, "photo_id": obj.pk})


class ShelterFilters(Schema):
    division: str | None = None
    q: str | None = None
    status: ShelterStatus | None = None
    kind: Kind | None = None
    tier: Tier | None = None
    duration: Duration | None = None
    min_free: int | None = Field(None, ge=1, description="at least this many free places (open shelters)")


class VillageGapOut(Schema):
    code: str
    name: str
    township: str
    shelters_in_village: int


class TownshipOut(Schema):
    code: str
    name: str
    risk_zone: str
    required: str | None
    best: str | None
    shelters: int
    capacity: int
    met: bool


class CoverageOut(Schema):
    division: str
    radius_km: float
    villages: int
    covered: int
    gaps: list[VillageGapOut]
    unlocated: list[str]
    townships: list[TownshipOut]


@router.get("/shelters", response={200: list[ShelterOut], **READ_ERRORS})
@paginated
def shelter_list(request, filters: Query[ShelterFilters]):
    require(request, SHELTERS.capability, Action.VIEW)
    qs = within_division(SHELTERS.base_queryset(request.user), request.user, filters.division)
    if filters.min_free:
        qs = selectors.having_free_places(qs, filters.min_free)
    params = filter_params(filters)
    params.pop("min_free", None)
    return filtered(SHELTERS, qs, params)


@router.post("/shelters", response={201: ShelterOut, **WRITE_ERRORS})
def shelter_create(request, payload: ShelterIn):
    require(request, SHELTERS.capability, Action.ADD)
    data = payload.dict()
    data["division"] = resolve_division(request.user, payload.division)
    return Status(201, services.shelter_create(actor=request.user, data=data))


@router.get("/shelters/coverage", response={200: CoverageOut, **READ_ERRORS})
def shelter_coverage(request, radius_km: float = Query(rules.SERVICE_RADIUS_KM, gt=0, le=50)):  # noqa: B008
    require(request, SHELTERS.capability, Action.VIEW)
    division = scope_division(request.user)
    result = selectors.village_coverage(division, radius_km)
    return {
        "division": division.code, "radius_km": radius_km, "villages": len(result.villages),
        "covered": sum(1 for v in result.villages if v.covered),
        "gaps": [{"code": v.village.code, "name": v.village.name,
                  "township": v.village.parent.name if v.village.parent_id else "",
                  "shelters_in_village": v.shelters_in_village} for v in result.gaps],
        "unlocated": [v.code for v in result.unlocated],
        "townships": [{"code": t.township.code, "name": t.township.name, "risk_zone": t.township.risk_zone,
                       "required": t.required, "best": t.best, "shelters": t.shelters, "capacity": t.capacity,
                       "met": t.met} for t in selectors.township_requirements(division)],
    }


@router.get("/shelters/{pk}", response={200: ShelterOut, **READ_ERRORS})
def shelter_get(request, pk: int):
    shelter = SHELTERS.access(request.user, pk)
    require(request, SHELTERS.capability, Action.VIEW)
    return shelter


@router.put("/shelters/{pk}", response={200: ShelterOut, **WRITE_ERRORS})
def shelter_update(request, pk: int, payload: ShelterIn):
    shelter = SHELTERS.access(request.user, pk)
    require(request, SHELTERS.capability, Action.CHANGE)
    data = payload.dict()
    data["division"] = resolve_division(request.user, payload.division)
    return services.shelter_update(actor=request.user, obj=shelter, data=data)


@router.post("/shelters/{pk}/occupancy", response={200: ShelterOut, **WRITE_ERRORS})
def shelter_occupancy(request, pk: int, payload: OccupancyIn):
    shelter = SHELTERS.access(request.user, pk)
    require(request, SHELTERS.capability, Action.CHANGE)
    return services.set_occupancy(actor=request.user, shelter=shelter, **payload.dict())


@router.get("/shelters/{pk}/photos", response={200: list[PhotoOut], **READ_ERRORS})
def shelter_photo_list(request, pk: int):
    shelter = SHELTERS.access(request.user, pk)
    require(request, SHELTERS.capability, Action.VIEW)
    return selectors.photos_of(shelter)


@router.post("/shelters/{pk}/photos", response={201: PhotoOut, **WRITE_ERRORS})
def shelter_photo_upload(request, pk: int, file: File[UploadedFile], caption: Form[str] = ""):
    """One photo as multipart/form-data (`file`, optional `caption`): JPEG, PNG or WebP, checked by content."""
    shelter = SHELTERS.access(request.user, pk)
    require(request, SHELTERS.capability, Action.CHANGE)
    [photo] = services.photos_add(actor=request.user, shelter=shelter, uploads=[file], caption=caption)
    return Status(201, photo)


@router.get("/shelters/{pk}/photos/{photo_id}/file", url_name="shelter_photo_file",
            response={200: None, **READ_ERRORS},
            openapi_extra={"responses": {200: {"description": "the photo (image/jpeg, image/png or image/webp)"}}})
def shelter_photo_file(request, pk: int, photo_id: int):
    shelter = SHELTERS.access(request.user, pk)
    require(request, SHELTERS.capability, Action.VIEW)
    return views.serve_photo(selectors.photo_of(shelter, photo_id))


@router.delete("/shelters/{pk}/photos/{photo_id}", response={204: None, **WRITE_ERRORS})
def shelter_photo_delete(request, pk: int, photo_id: int):
    shelter = SHELTERS.access(request.user, pk)
    photo = selectors.photo_of(shelter, photo_id)
    require(request, SHELTERS.capability, Action.CHANGE)
    services.photo_delete(actor=request.user, photo=photo)
    return Status(204, None)
