"""Request and response schemas. Records point at divisions by 12-digit code, at others by id."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema
from pydantic import ConfigDict

from yingji.core.permissions import Role
from yingji.divisions.models import Division, Organisation, Person

# Unknown fields in a write are refused rather than silently dropped (a typo would lose data).
STRICT = ConfigDict(extra="forbid")


def division_code_field():
    return Field(..., pattern=r"^\d{12}$", description="12-digit division code (统计用区划代码)")


class DivisionOut(Schema):
    code: str
    name: str
    level: Division.Level
    parent: str | None = Field(None, description="code of the parent division")
    size_class: str
    area_type: str
    population: int | None
    area_km2: Decimal | None
    latitude: Decimal | None
    longitude: Decimal | None
    risk_zone: str
    valid_from: date | None
    valid_to: date | None

    @staticmethod
    def resolve_parent(obj: Division) -> str | None:
        return obj.parent.code if obj.parent_id else None


class DivisionRef(Schema):
    code: str
    name: str
    level: Division.Level


class DivisionFilters(Schema):
    division: str | None = Field(None, description="only this division's subtree (12-digit code)")
    q: str | None = Field(None, description="name or code contains")
    level: Division.Level | None = None
    size_class: Division.SizeClass | None = None
    risk_zone: Division.RiskZone | None = None


class OrganisationOut(Schema):
    id: int
    division: str
    division_name: str
    kind: Organisation.Kind
    name: str
    address: str
    phone: str
    contact_name: str
    contact_phone: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_division(obj: Organisation) -> str:
        return obj.division.code

    @staticmethod
    def resolve_division_name(obj: Organisation) -> str:
        return obj.division.name


class OrganisationIn(Schema):
    model_config = STRICT

    division: str = division_code_field()
    kind: Organisation.Kind
    name: str = Field(..., min_length=1, max_length=200)
    address: str = Field("", max_length=200)
    phone: str = Field("", max_length=30)
    contact_name: str = Field("", max_length=50)
    contact_phone: str = Field("", max_length=30)


class OrganisationPatch(Schema):
    """Only the fields sent are changed; null is refused for these non-null fields."""

    model_config = STRICT

    division: str = Field(None, pattern=r"^\d{12}$")
    kind: Organisation.Kind = None
    name: str = Field(None, min_length=1, max_length=200)
    address: str = Field(None, max_length=200)
    phone: str = Field(None, max_length=30)
    contact_name: str = Field(None, max_length=50)
    contact_phone: str = Field(None, max_length=30)


class OrganisationFilters(Schema):
    division: str | None = Field(None, description="only this division's subtree (12-digit code)")
    q: str | None = Field(None, description="name, contact or division name contains")
    kind: Organisation.Kind | None = None


class PersonOut(Schema):
    """A person; the resident ID number is only ever shown masked."""

    id: int
    division: str
    division_name: str
    organisation: int | None
    organisation_name: str | None
    name: str
    mobile: str
    landline: str
    post: str
    employment: Person.Employment
    id_number_masked: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_division(obj: Person) -> str:
        return obj.division.code

    @staticmethod
    def resolve_division_name(obj: Person) -> str:
        return obj.division.name

    @staticmethod
    def resolve_organisation(obj: Person) -> int | None:
        return obj.organisation_id

    @staticmethod
    def resolve_organisation_name(obj: Person) -> str | None:
        return obj.organisation.name if obj.organisation_id else None


class PersonIn(Schema):
    model_config = STRICT

    division: str = division_code_field()
    organisation: int | None = Field(None, description="id of an organisation in the same division")
    name: str = Field(..., min_length=1, max_length=50)
    mobile: str = Field("", max_length=20)
    landline: str = Field("", max_length=30)
    post: str = Field("", max_length=100)
    employment: Person.Employment = Person.Employment.PART_TIME
    id_number: str = Field("", max_length=18, description="write-only; responses show it masked")


class PersonPatch(Schema):
    """Only the fields sent are changed; `organisation: null` clears the organisation."""

    model_config = STRICT

    division: str = Field(None, pattern=r"^\d{12}$")
    organisation: int | None = None
    name: str = Field(None, min_length=1, max_length=50)
    mobile: str = Field(None, max_length=20)
    landline: str = Field(None, max_length=30)
    post: str = Field(None, max_length=100)
    employment: Person.Employment = None
    id_number: str = Field(None, max_length=18)


class PersonFilters(Schema):
    division: str | None = Field(None, description="only this division's subtree (12-digit code)")
    q: str | None = Field(None, description="name, mobile, post or organisation name contains")
    employment: Person.Employment | None = None
    organisation: int | None = Field(None, description="organisation id")


class UserOut(Schema):
    id: int
    username: str
    name: str
    division: str | None
    division_name: str | None
    role: Role
    is_active: bool
    last_login: datetime | None

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)

    @staticmethod
    def resolve_division(obj) -> str | None:
        return obj.division.code if obj.division_id else None

    @staticmethod
    def resolve_division_name(obj) -> str | None:
        return obj.division.name if obj.division_id else None


class UserFilters(Schema):
    division: str | None = Field(None, description="only this division's subtree (12-digit code)")
    q: str | None = Field(None, description="username or name contains")
    role: Role | None = None


class CapabilityOut(Schema):
    code: str
    label: str
    actions: list[str]


class MeOut(Schema):
    id: int
    username: str
    name: str
    role: Role
    role_label: str
    division: DivisionRef | None
    active_division: DivisionRef | None
    language: str
    capabilities: list[CapabilityOut]
