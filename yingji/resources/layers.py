"""Map layers: each resource register (teams, shelters, warehouses, …) offers its located records to the
resource map and the "nearest" search by declaring a `MapLayer` in `<app>/map_layers.py`, found by
convention, so this app never imports the registers it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from yingji.core.discovery import capability_modules
from yingji.core.permissions import Action, has_permission


@dataclass(frozen=True)
class NearestOption:
    """A narrowing choice of the "nearest" search: a list (`choices(user)`) or a number."""

    name: str
    label: Any
    choices: Callable[[Any], list[tuple[str, str]]] | None = None


@dataclass(frozen=True)
class MapLayer:
    key: str
    label: Any
    capability: str  # the register's; the layer is shown to those who may view it
    colour: str
    # user -> the records the user may see that have a latitude and longitude
    queryset: Callable[[Any], QuerySet]
    # record -> {"title", "detail", "url"} for the popup and the result list
    describe: Callable[[Any], dict]
    options: Sequence[NearestOption] = field(default_factory=tuple)
    # (queryset, {option: value}) -> queryset narrowed to what can answer (speciality, stock, free places)
    narrow: Callable[[QuerySet, dict], QuerySet] | None = None


_LAYERS: dict[str, MapLayer] = {}
_discovered = False


def map_layer(layer: MapLayer) -> MapLayer:
    _LAYERS[layer.key] = layer
    return layer


def _discover() -> None:
    global _discovered
    if not _discovered:
        list(capability_modules("map_layers"))
        _discovered = True


def all_layers() -> list[MapLayer]:
    _discover()
    return list(_LAYERS.values())


def layers_for(user) -> list[MapLayer]:
    return [layer for layer in all_layers() if has_permission(user, layer.capability, Action.VIEW)]


def layer_for(user, key: str) -> MapLayer | None:
    return next((layer for layer in layers_for(user) if layer.key == key), None)
