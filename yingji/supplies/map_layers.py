"""The warehouses layer of the resource map: "nearest warehouses holding N units of an item"."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingji.resources.layers import MapLayer, NearestOption, map_layer
from yingji.supplies import permissions, selectors
from yingji.supplies.models import CatalogueItem, Warehouse


def _queryset(user) -> QuerySet[Warehouse]:
    return (Warehouse.objects.visible_to(user).exclude(latitude=None).exclude(longitude=None)
            .select_related("division"))


def _describe(warehouse: Warehouse) -> dict:
    held = getattr(warehouse, "held", None)
    detail = f"{warehouse.division.name} · {warehouse.get_kind_display()}"
    if held is not None:
        detail += " · " + str(_("有效库存 %(n)d") % {"n": held})
    return {"title": warehouse.name, "detail": detail, "url": reverse("supply-warehouses-detail", args=[warehouse.pk])}


def _items(user) -> list[tuple[str, str]]:
    return [(str(pk), name) for pk, name in CatalogueItem.objects.visible_to(user).filter(is_active=True)
            .order_by("category", "name").values_list("pk", "name")]


def _as_int(value, default: int | None = None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def narrow(queryset: QuerySet[Warehouse], options: dict) -> QuerySet[Warehouse]:
    """Keep warehouses holding at least `quantity` usable units (unexpired, not reserved) of `item`."""
    if not options.get("item"):
        return queryset
    item = _as_int(options["item"])
    if item is None:
        return queryset.none()
    quantity = _as_int(options.get("quantity"), 1) or 1
    return selectors.warehouses_holding(queryset, item, quantity)


WAREHOUSES = map_layer(MapLayer(
    key="warehouses", label=_("应急物资储备库"), capability=permissions.WAREHOUSES.code, colour="#b5651d",
    queryset=_queryset, describe=_describe,
    options=[NearestOption("item", _("物资品种"), _items), NearestOption("quantity", _("数量"))],
    narrow=narrow,
))
