"""Divisions (read-only), organisations and people.

Every read starts from the register's scoped queryset (visible_to + select_related), every write
goes through the service the web UI uses, so scoping, validation and audit happen once.
Order of checks on single records: resolve in scope (404), then permission (403), as in the UI.
"""

from django.http import Http404
from ninja import Query, Router, Status

from yingji.api.access import (
    filter_params,
    paginated,
    resolve_division,
    resolve_organisation,
    within_division,
)
from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS, WRITE_ERRORS
from yingji.api.schemas import (
    DivisionFilters,
    DivisionOut,
    OrganisationFilters,
    OrganisationIn,
    OrganisationOut,
    OrganisationPatch,
    PersonFilters,
    PersonIn,
    PersonOut,
    PersonPatch,
)
from yingji.core.listing import filtered
from yingji.core.permissions import Action
from yingji.divisions import registers, services

router = Router()

# Divisions ---------------------------------------------------------------------------------------


@router.get("/divisions", response={200: list[DivisionOut], **READ_ERRORS}, tags=["divisions"],
            url_name="division-list")
@paginated
def division_list(request, filters: Query[DivisionFilters]):
    reg = registers.DIVISIONS
    require(request, reg.capability, Action.VIEW)
    qs = within_division(reg.base_queryset(request.user), request.user, filters.division)
    return filtered(reg, qs, filter_params(filters))


@router.get("/divisions/{code}", response={200: DivisionOut, **READ_ERRORS}, tags=["divisions"],
            url_name="division-detail")
def division_get(request, code: str):
    reg = registers.DIVISIONS
    division = reg.base_queryset(request.user).filter(code=code).first()
    if division is None:
        raise Http404
    require(request, reg.capability, Action.VIEW)
    return division


# Organisations -----------------------------------------------------------------------------------


@router.get("/organisations", response={200: list[OrganisationOut], **READ_ERRORS}, tags=["organisations"],
            url_name="organisation-list")
@paginated
def organisation_list(request, filters: Query[OrganisationFilters]):
    reg = registers.ORGANISATIONS
    require(request, reg.capability, Action.VIEW)
    qs = within_division(reg.base_queryset(request.user), request.user, filters.division)
    return filtered(reg, qs, filter_params(filters))


@router.post("/organisations", response={201: OrganisationOut, **WRITE_ERRORS}, tags=["organisations"],
             url_name="organisation-create")
def organisation_create(request, payload: OrganisationIn):
    require(request, registers.ORGANISATIONS.capability, Action.ADD)
    data = payload.dict()
    data["division"] = resolve_division(request.user, payload.division)
    organisation = services.organisation_create(actor=request.user, data=data)
    return Status(201, organisation)


@router.get("/organisations/{organisation_id}", response={200: OrganisationOut, **READ_ERRORS},
            tags=["organisations"], url_name="organisation-detail")
def organisation_get(request, organisation_id: int):
    reg = registers.ORGANISATIONS
    organisation = reg.access(request.user, organisation_id)
    require(request, reg.capability, Action.VIEW)
    return organisation


@router.patch("/organisations/{organisation_id}", response={200: OrganisationOut, **WRITE_ERRORS},
              tags=["organisations"])
def organisation_update(request, organisation_id: int, payload: OrganisationPatch):
    reg = registers.ORGANISATIONS
    organisation = reg.access(request.user, organisation_id)
    require(request, reg.capability, Action.CHANGE)
    data = payload.dict(exclude_unset=True)
    if "division" in data:
        data["division"] = resolve_division(request.user, data["division"])
    return services.organisation_update(actor=request.user, organisation=organisation, data=data)


@router.delete("/organisations/{organisation_id}", response={204: None, **WRITE_ERRORS},
               tags=["organisations"])
def organisation_delete(request, organisation_id: int):
    reg = registers.ORGANISATIONS
    organisation = reg.access(request.user, organisation_id)
    require(request, reg.capability, Action.DELETE)
    services.organisation_delete(actor=request.user, organisation=organisation)
    return Status(204, None)


# People ------------------------------------------------------------------------------------------


@router.get("/people", response={200: list[PersonOut], **READ_ERRORS}, tags=["people"],
            url_name="person-list")
@paginated
def person_list(request, filters: Query[PersonFilters]):
    reg = registers.PEOPLE
    require(request, reg.capability, Action.VIEW)
    qs = within_division(reg.base_queryset(request.user), request.user, filters.division)
    if filters.organisation is not None:
        qs = qs.filter(organisation_id=filters.organisation)
    return filtered(reg, qs, filter_params(filters))


@router.post("/people", response={201: PersonOut, **WRITE_ERRORS}, tags=["people"], url_name="person-create")
def person_create(request, payload: PersonIn):
    require(request, registers.PEOPLE.capability, Action.ADD)
    data = payload.dict()
    data["division"] = resolve_division(request.user, payload.division)
    data["organisation"] = resolve_organisation(request.user, payload.organisation)
    person = services.person_create(actor=request.user, data=data)
    return Status(201, person)


@router.get("/people/{person_id}", response={200: PersonOut, **READ_ERRORS}, tags=["people"],
            url_name="person-detail")
def person_get(request, person_id: int):
    reg = registers.PEOPLE
    person = reg.access(request.user, person_id)
    require(request, reg.capability, Action.VIEW)
    return person


@router.patch("/people/{person_id}", response={200: PersonOut, **WRITE_ERRORS}, tags=["people"])
def person_update(request, person_id: int, payload: PersonPatch):
    reg = registers.PEOPLE
    person = reg.access(request.user, person_id)
    require(request, reg.capability, Action.CHANGE)
    data = payload.dict(exclude_unset=True)
    if "division" in data:
        data["division"] = resolve_division(request.user, data["division"])
    if "organisation" in data:
        data["organisation"] = resolve_organisation(request.user, data["organisation"])
    return services.person_update(actor=request.user, person=person, data=data)


@router.delete("/people/{person_id}", response={204: None, **WRITE_ERRORS}, tags=["people"])
def person_delete(request, person_id: int):
    reg = registers.PEOPLE
    person = reg.access(request.user, person_id)
    require(request, reg.capability, Action.DELETE)
    services.person_delete(actor=request.user, person=person)
    return Status(204, None)
