"""Request and response schemas of /api/v1 for supplies."""

import datetime
from decimal import Decimal

from ninja import Field, Schema
from pydantic import ConfigDict

from yingji.supplies.rules import (
    ItemCategory,
    LotSource,
    OrderStatus,
    StocktakeKind,
    StocktakeStatus,
    WarehouseKind,
)

STRICT = ConfigDict(extra="forbid")


class SupplyWarehouseOut(Schema):
    id: int
    division: str = Field(..., alias="division.code")
    division_name: str = Field(..., alias="division.name")
    name: str
    kind: str
    address: str
    latitude: float | None
    longitude: float | None
    manager_name: str
    manager_phone: str
    note: str


class SupplyWarehouseIn(Schema):
    """The web form's fields; lengths and blanks are checked by the model (messages in Chinese)."""

    model_config = STRICT
    division: str = Field(..., pattern=r"^\d{12}$")
    name: str
    kind: WarehouseKind = WarehouseKind.GOVERNMENT
    address: str
    latitude: Decimal | None = Field(None, ge=-90, le=90)
    longitude: Decimal | None = Field(None, ge=-180, le=180)
    manager_name: str = ""
    manager_phone: str = ""
    note: str = ""


class SupplyWarehousePatch(Schema):
    """Only the fields sent are changed; moving to another division is refused while it holds stock."""

    model_config = STRICT
    division: str = Field(None, pattern=r"^\d{12}$")
    name: str = None
    kind: WarehouseKind = None
    address: str = None
    latitude: Decimal | None = Field(None, ge=-90, le=90)
    longitude: Decimal | None = Field(None, ge=-180, le=180)
    manager_name: str = None
    manager_phone: str = None
    note: str = None


class SupplyItemOut(Schema):
    id: int
    name: str
    category: str
    unit: str
    specification: str
    shelf_life_days: int | None
    is_equipment: bool
    is_active: bool


class SupplyItemIn(Schema):
    model_config = STRICT
    name: str
    category: ItemCategory
    unit: str
    specification: str = ""
    shelf_life_days: int | None = None
    is_equipment: bool = False
    is_active: bool = True


class SupplyItemPatch(Schema):
    """Only the fields sent are changed; an item no longer kept is stood down with is_active=false."""

    model_config = STRICT
    name: str = None
    category: ItemCategory = None
    unit: str = None
    specification: str = None
    shelf_life_days: int | None = None
    is_equipment: bool = None
    is_active: bool = None


class SupplyLotOut(Schema):
    id: int
    warehouse: int = Field(..., alias="warehouse_id")
    warehouse_name: str = Field(..., alias="warehouse.name")
    division: str = Field(..., alias="warehouse.division.code")
    item: int = Field(..., alias="item_id")
    item_name: str = Field(..., alias="item.name")
    unit: str = Field(..., alias="item.unit")
    quantity: int
    reserved: int
    batch: str
    production_date: datetime.date | None
    expiry_date: datetime.date | None
    received_on: datetime.date
    source: str
    funding: str


class SupplyLotIn(Schema):
    model_config = STRICT
    warehouse: int
    item: int
    quantity: int = Field(..., gt=0)
    batch: str = ""
    production_date: datetime.date | None = None
    expiry_date: datetime.date | None = None
    received_on: datetime.date | None = None
    source: LotSource = LotSource.PURCHASE
    funding: str = ""


class SupplyMovementOut(Schema):
    id: int
    lot: int = Field(..., alias="lot_id")
    kind: str
    quantity: int
    balance_after: int
    reason: str
    occurred_at: datetime.datetime
    peer: int | None = Field(None, alias="peer_id")


class SupplyMovementIn(Schema):
    """inbound, outbound, write_off, or transfer (with to_warehouse)."""

    model_config = STRICT
    kind: str = Field(..., pattern=r"^(inbound|outbound|write_off|transfer)$")
    quantity: int = Field(..., gt=0)
    reason: str = ""
    to_warehouse: int | None = None


class SupplyOrderLineOut(Schema):
    id: int
    item: int = Field(..., alias="item_id")
    item_name: str = Field(..., alias="item.name")
    requested: int
    allocated: int
    received: int


class SupplyOrderOut(Schema):
    id: int
    division: str = Field(..., alias="division.code")
    title: str
    event: int | None = Field(None, alias="event_id")
    drill: int | None = Field(None, alias="drill_id")
    destination: str
    contact: str
    status: str
    approved_at: datetime.datetime | None
    allocated_at: datetime.datetime | None
    shipped_at: datetime.datetime | None
    received_at: datetime.datetime | None
    lines: list[SupplyOrderLineOut]

    @staticmethod
    def resolve_lines(obj):
        return list(obj.lines.all())


class SupplyOrderLineIn(Schema):
    model_config = STRICT
    item: int
    quantity: int = Field(..., gt=0)


class SupplyOrderIn(Schema):
    model_config = STRICT
    division: str = Field(..., pattern=r"^\d{12}$")
    title: str
    destination: str
    contact: str = ""
    event: int | None = None
    drill: int | None = None
    note: str = ""
    lines: list[SupplyOrderLineIn]


class AllocateIn(Schema):
    model_config = STRICT
    warehouses: list[int]


class ReceiveIn(Schema):
    """Received quantity per order line id; lines left out are received in full."""

    model_config = STRICT
    received: dict[int, int] = {}


class WarehouseFilters(Schema):
    division: str | None = None
    q: str | None = None
    kind: WarehouseKind | None = None
    item: int | None = None
    quantity: int | None = Field(None, gt=0)
    below_minimum: bool | None = None


class LotFilters(Schema):
    division: str | None = None
    q: str | None = None
    source: LotSource | None = None
    kind: WarehouseKind | None = None
    warehouse: int | None = None
    item: int | None = None
    category: ItemCategory | None = None
    expiring_within: int | None = Field(None, ge=0, le=3650)
    expired: bool | None = None
    below_minimum: bool | None = None


class SupplyStocktakeLineOut(Schema):
    id: int
    lot: int = Field(..., alias="lot_id")
    item_name: str = Field(..., alias="lot.item.name")
    batch: str = Field(..., alias="lot.batch")
    book_quantity: int
    counted_quantity: int | None
    difference: int | None
    reason: str


class SupplyStocktakeOut(Schema):
    id: int
    warehouse: int = Field(..., alias="warehouse_id")
    warehouse_name: str = Field(..., alias="warehouse.name")
    division: str = Field(..., alias="warehouse.division.code")
    kind: str
    status: str
    counted_by: str
    note: str
    created_at: datetime.datetime
    approved_at: datetime.datetime | None
    lines: list[SupplyStocktakeLineOut]

    @staticmethod
    def resolve_lines(obj):
        return list(obj.lines.all())


class SupplyStocktakeIn(Schema):
    model_config = STRICT
    warehouse: int
    kind: StocktakeKind = StocktakeKind.FULL
    counted_by: str = ""
    note: str = ""


class StocktakeCountIn(Schema):
    """Counted quantity (null to clear) and the reason for a difference, per line id."""

    model_config = STRICT
    counted_quantity: int | None = Field(None, ge=0)
    reason: str = ""


class StocktakeCountsIn(Schema):
    model_config = STRICT
    lines: dict[int, StocktakeCountIn]


class StocktakeFilters(Schema):
    division: str | None = None
    q: str | None = None
    warehouse: int | None = None
    kind: StocktakeKind | None = None
    status: StocktakeStatus | None = None


class OrderFilters(Schema):
    division: str | None = None
    q: str | None = None
    status: OrderStatus | None = None
