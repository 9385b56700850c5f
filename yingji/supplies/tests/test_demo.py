"""The demo: every state and alert the pages show, and a second run adds nothing."""

import pytest

from yingji.core.permissions import Role
from yingji.divisions.models import Division
from yingji.divisions.tests.factories import UserFactory, division
from yingji.supplies import demo, selectors
from yingji.supplies.models import DispatchOrder, MinimumStock, Movement, StockLot, Stocktake, Warehouse
from yingji.supplies.rules import WarehouseKind

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_and_alert_and_is_idempotent():
    county = division("622926000000", "东乡族自治县", "county")
    for i in range(5):
        division(f"622926{100 + i:03d}000", f"乡镇{i}", "township", county, latitude=35.6, longitude=103.4)
    UserFactory(division=county, role=Role.COUNTY_STAFF)
    said = []
    demo.load_demo(county, said.append)
    lots = StockLot.objects.all()
    assert set(DispatchOrder.objects.values_list("status", flat=True)) == {
        "requested", "approved", "allocated", "shipped", "received"}
    assert selectors.expired(lots).exists() and selectors.expiring(lots).exists()
    assert set(Warehouse.objects.values_list("kind", flat=True)) == set(WarehouseKind.values)
    assert set(Movement.objects.values_list("kind", flat=True)) >= {
        "inbound", "outbound", "transfer_out", "transfer_in", "write_off", "dispatch"}
    assert set(Stocktake.objects.values_list("status", flat=True)) == {"counting", "approved"}
    adjustment = Movement.objects.get(kind="adjustment")
    assert (adjustment.quantity, adjustment.lot.item.name) == (-2, "棉被")
    assert all(lot.quantity == sum(m.quantity for m in lot.movements.all()) for lot in lots)
    assert selectors.below_minimum(MinimumStock.objects.all()).exists()
    gaps = {g.division.name for g in selectors.equipment_gaps(Division.objects.within(county), lots)}
    assert gaps == {"乡镇3", "乡镇4"}
    partial = DispatchOrder.objects.get(title="冬季困难群众取暖救助").lines.get(item__name="棉被")
    assert 0 < partial.allocated < partial.requested
    counts = (Warehouse.objects.count(), StockLot.objects.count(), Movement.objects.count(),
              DispatchOrder.objects.count())
    demo.load_demo(county, said.append)
    assert (Warehouse.objects.count(), StockLot.objects.count(), Movement.objects.count(),
            DispatchOrder.objects.count()) == counts
    assert "already loaded" in said[-1]
