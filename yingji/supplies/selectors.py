"""Reads: lots that need attention (expired, expiring, below minimum), equipment gaps against the norms,
and warehouses holding an item in a quantity. Every read starts from the user's scope."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from yingji.supplies.models import MinimumStock, StockLot, Warehouse
from yingji.supplies.rules import EQUIPMENT_NORMS, EXPIRING_DAYS, ItemCategory


def usable_q(today: datetime.date | None = None, prefix: str = "") -> Q:
    """Lots not expired on `today` (expiry day itself still usable)."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}expiry_date__isnull": True}) | Q(**{f"{prefix}expiry_date__gte": today})


def expired(lots: QuerySet[StockLot], today=None) -> QuerySet[StockLot]:
    today = today or timezone.localdate()
    return lots.filter(quantity__gt=0, expiry_date__lt=today)


def expiring(lots: QuerySet[StockLot], days: int = EXPIRING_DAYS, today=None) -> QuerySet[StockLot]:
    """Lots still usable that expire within `days` days (today counts, today + days counts)."""
    today = today or timezone.localdate()
    return lots.filter(quantity__gt=0, expiry_date__gte=today, expiry_date__lte=today + datetime.timedelta(days=days))


def held(item_ref, warehouse_ref, today) -> Subquery:
    """Unexpired units of an item in a warehouse, free of dispatch reservations, as a correlated subquery."""
    lots = (StockLot.objects.filter(item_id=item_ref, warehouse_id=warehouse_ref).filter(usable_q(today))
            .order_by().values("warehouse_id").annotate(total=Sum(F("quantity") - F("reserved"))).values("total"))
    return Coalesce(Subquery(lots, output_field=IntegerField()), Value(0))


def below_minimum(minimums: QuerySet[MinimumStock], today=None) -> QuerySet[MinimumStock]:
    today = today or timezone.localdate()
    return (minimums.annotate(held=held(OuterRef("item_id"), OuterRef("warehouse_id"), today))
            .filter(held__lt=F("quantity")).select_related("warehouse__division", "item"))


def warehouses_holding(warehouses: QuerySet[Warehouse], item_id: int, quantity: int, today=None) -> QuerySet:
    """Warehouses with at least `quantity` usable units of the item (one query, no per-row lookups)."""
    today = today or timezone.localdate()
    return warehouses.annotate(held=held(item_id, OuterRef("pk"), today)).filter(held__gte=max(quantity, 1))


@dataclass(frozen=True)
class Gap:
    division: object
    category: str
    category_label: str
    minimum: int
    held: int
    source: str


def equipment_gaps(divisions: QuerySet, lots: QuerySet[StockLot], today=None) -> list[Gap]:
    """Divisions of each norm's level holding fewer usable units of the category than the norm asks.

    Two queries per norm: the divisions, and the usable units grouped by warehouse division code; a
    warehouse counts for the division whose code prefix its own code starts with.
    """
    from yingji.core.scoping import PREFIX_LENGTH

    today = today or timezone.localdate()
    gaps = []
    for norm in EQUIPMENT_NORMS:
        length = PREFIX_LENGTH[norm.level]
        held: dict[str, int] = {}
        rows = (lots.filter(usable_q(today), item__category=norm.category, quantity__gt=0).order_by()
                .values("warehouse__division__code").annotate(total=Sum("quantity")))
        for row in rows:
            prefix = row["warehouse__division__code"][:length]
            held[prefix] = held.get(prefix, 0) + row["total"]
        for division in divisions.filter(level=norm.level).order_by("code"):
            have = held.get(division.code[:length], 0)
            if have < norm.minimum:
                gaps.append(Gap(division, norm.category, str(ItemCategory(norm.category).label), norm.minimum,
                                have, str(norm.source)))
    return gaps
