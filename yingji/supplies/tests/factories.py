import factory

from yingji.supplies import services
from yingji.supplies.models import CatalogueItem, Warehouse
from yingji.supplies.rules import ItemCategory


class WarehouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Warehouse

    name = factory.Sequence(lambda n: f"应急物资储备库{n}")
    address = "镇政府院内"
    latitude = 35.6
    longitude = 103.4
    manager_name = "马库管"
    manager_phone = "13909301234"


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatalogueItem
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"单帐篷{n}")
    category = ItemCategory.TENT
    unit = "顶"


def lot(warehouse, item, quantity, **extra):
    """A lot created the one way stock is created: through the service, with its inbound movement."""
    return services.lot_create(actor=None, data={"item": item, "warehouse": warehouse, "quantity": quantity, **extra})
