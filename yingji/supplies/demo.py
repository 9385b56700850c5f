"""Demo supplies: the county warehouse, an agreement reserve and four township warehouses with realistic
stock (R8.6 tents, bedding and gear; rescue equipment; food, water and medicine), some lots expired or
expiring, some warehouses below their minimum, townships without a drone (seed 000), a spot check, and a
dispatch order in each state. A second run adds nothing."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from yingji.divisions.models import Division
from yingji.supplies import services
from yingji.supplies.models import CatalogueItem, StockLot, Warehouse
from yingji.supplies.rules import ItemCategory, MovementKind, OrderStatus, StocktakeKind, WarehouseKind

# (name, category, unit, shelf life in days, equipment)
CATALOGUE = [
    ("单帐篷", ItemCategory.TENT, "顶", None, False),
    ("棉帐篷", ItemCategory.TENT, "顶", None, False),
    ("棉被", ItemCategory.BEDDING, "床", None, False),
    ("棉大衣", ItemCategory.BEDDING, "件", None, False),
    ("毛巾被", ItemCategory.BEDDING, "床", None, False),
    ("睡袋", ItemCategory.GEAR, "个", None, False),
    ("折叠床", ItemCategory.GEAR, "张", None, False),
    ("场地照明灯", ItemCategory.LIGHTING, "套", None, True),
    ("救生衣", ItemCategory.LIFE_SAVING, "件", 1825, False),
    ("冲锋舟", ItemCategory.BOAT, "艘", None, True),
    ("汽油发电机(5kW)", ItemCategory.GENERATOR, "台", None, True),
    ("移动式排水泵", ItemCategory.PUMP, "台", None, True),
    ("多旋翼无人机", ItemCategory.DRONE, "架", None, True),
    ("应急指挥车", ItemCategory.VEHICLE, "辆", None, True),
    ("防护服", ItemCategory.PPE, "套", 1095, False),
    ("方便面", ItemCategory.FOOD_WATER, "箱", 180, False),
    ("瓶装饮用水", ItemCategory.FOOD_WATER, "箱", 365, False),
    ("应急药箱", ItemCategory.MEDICAL, "个", 730, False),
    ("铁锹", ItemCategory.TOOLS, "把", None, False),
]

COUNTY_WAREHOUSE = "县级应急物资储备库"


def _items() -> dict[str, CatalogueItem]:
    items = {}
    for name, category, unit, shelf_life, equipment in CATALOGUE:
        items[name], _created = CatalogueItem.objects.get_or_create(name=name, defaults={
            "category": category, "unit": unit, "shelf_life_days": shelf_life, "is_equipment": equipment})
    return items


def _warehouse(division, name, kind, manager, phone) -> Warehouse:
    return services.warehouse_create(actor=None, data={
        "division": division, "name": name, "kind": kind, "address": f"{division.name}{name}",
        "latitude": division.latitude, "longitude": division.longitude, "manager_name": manager,
        "manager_phone": phone})


def load_demo(county: Division, say) -> None:
    if Warehouse.all_objects.within(county).filter(name=COUNTY_WAREHOUSE).exists():
        say("应急物资：已有演示数据 (already loaded)")
        return
    townships = list(Division.objects.within(county).filter(level="township").order_by("code")[:4])
    if len(townships) < 4:
        return
    items = _items()
    today = timezone.localdate()

    def day(n):
        return today + datetime.timedelta(days=n)

    def stock(warehouse, name, quantity, **extra):
        return services.lot_create(actor=None, data={"warehouse": warehouse, "item": items[name],
                                                     "quantity": quantity, **extra})

    central = _warehouse(county, COUNTY_WAREHOUSE, WarehouseKind.GOVERNMENT, "马国栋", "0930-7121190")
    market = _warehouse(county, "县城商贸超市协议储备点", WarehouseKind.AGREEMENT, "王经理", "13909302211")
    for name, quantity, extra in [
        ("单帐篷", 300, {"batch": "2023-中央下拨", "source": "allocation", "funding": "中央救灾资金"}),
        ("棉帐篷", 120, {"batch": "2024-01", "funding": "县级财政"}),
        ("棉被", 800, {"batch": "2024-02", "funding": "县级财政"}),
        ("棉大衣", 500, {"batch": "2022-11", "funding": "县级财政"}),
        ("折叠床", 400, {"batch": "2023-06", "funding": "省级下拨", "source": "allocation"}),
        ("睡袋", 260, {"batch": "2024-03", "funding": "县级财政"}),
        ("场地照明灯", 12, {"batch": "2023-05", "funding": "县级财政"}),
        ("冲锋舟", 4, {"batch": "2021-07", "funding": "县级财政"}),
        ("汽油发电机(5kW)", 6, {"batch": "2022-04", "funding": "县级财政"}),
        ("移动式排水泵", 8, {"batch": "2023-04", "funding": "县级财政"}),
        ("多旋翼无人机", 2, {"batch": "2025-03", "funding": "县级财政"}),
        ("救生衣", 300, {"production_date": day(-1800), "batch": "2021-06"}),  # expires within 30 days
        ("应急药箱", 60, {"production_date": day(-760), "batch": "2023-药"}),  # expired
    ]:
        stock(central, name, quantity, **extra)
    stock(market, "方便面", 400, production_date=day(-165), source="agreement", funding="协议储备")
    stock(market, "瓶装饮用水", 600, production_date=day(-100), source="agreement", funding="协议储备")
    stock(market, "瓶装饮用水", 200, production_date=day(-380), source="agreement", funding="协议储备")  # expired
    # The other reserve kinds of R8.2 and seed 000 (引导鼓励县直部门和家庭储备).
    health = _warehouse(county, "县卫生健康局应急药品储备室", WarehouseKind.DEPARTMENT, "唐秀兰", "0930-7121120")
    stock(health, "应急药箱", 30, production_date=day(-200), batch="2026-药", funding="部门预算")
    stock(health, "防护服", 200, production_date=day(-300), batch="2025-防护", funding="部门预算")
    gas = _warehouse(county, "县城燃气公司应急物资库", WarehouseKind.ENTERPRISE, "妥经理", "13909305566")
    stock(gas, "移动式排水泵", 2, batch="2024-企业", funding="企业自筹")
    homes = _warehouse(townships[0], f"{townships[0].name}家庭应急储备(示范户)", WarehouseKind.HOUSEHOLD, "马大爷",
                       "13909307788")
    stock(homes, "瓶装饮用水", 30, production_date=day(-60), source="donation", funding="社会捐赠")
    # Every movement kind: expired stock written off, relief handed out, a transfer to a township.
    expired_kits = StockLot.objects.get(warehouse=central, item=items["应急药箱"])
    services.post_movement(actor=None, lot=expired_kits, kind=MovementKind.WRITE_OFF, quantity=10,
                           reason="过期药品报废销毁")
    noodles = StockLot.objects.get(warehouse=market, item=items["方便面"])
    services.post_movement(actor=None, lot=noodles, kind=MovementKind.OUTBOUND, quantity=40,
                           reason="发放受灾群众")
    township_warehouses = []
    for index, township in enumerate(townships):
        warehouse = _warehouse(township, f"{township.name}应急物资储备点", WarehouseKind.GOVERNMENT, "马主任",
                               f"1390930{1000 + index}")
        township_warehouses.append(warehouse)
        stock(warehouse, "单帐篷", 30 + 10 * index, batch="2024-乡镇", funding="县级下拨", source="allocation")
        stock(warehouse, "棉被", 40 + 20 * index, batch="2024-乡镇", funding="县级下拨", source="allocation")
        stock(warehouse, "铁锹", 50)
        stock(warehouse, "方便面", 20, production_date=day(-170))  # expires within 30 days
        if index < 3:  # the last township still has no drone (seed 000)
            stock(warehouse, "多旋翼无人机", 1, batch="2025-乡镇", funding="县级财政")
        if index < 2:  # and only two have an emergency vehicle (seed 002's 有交通工具)
            stock(warehouse, "应急指挥车", 1, batch="2025-乡镇", funding="县级财政")
        services.minimum_set(actor=None, warehouse=warehouse, item=items["棉被"], quantity=100)
        services.minimum_set(actor=None, warehouse=warehouse, item=items["单帐篷"], quantity=30)
    services.minimum_set(actor=None, warehouse=central, item=items["棉帐篷"], quantity=100)
    services.minimum_set(actor=None, warehouse=central, item=items["应急药箱"], quantity=50)

    tents = StockLot.objects.get(warehouse=central, item=items["单帐篷"])
    services.transfer(actor=None, lot=tents, to_warehouse=township_warehouses[0], quantity=20,
                      reason="汛前前置乡镇储备点")

    check = services.stocktake_start(actor=None, warehouse=central, kind=StocktakeKind.SPOT_CHECK,
                                     counted_by="县应急管理局 马国栋、李娜", note="汛前不定期抽查")
    lines = list(check.lines.select_related("lot__item").order_by("pk"))
    services.stocktake_count(actor=None, stocktake=check, counts={
        line.pk: (line.book_quantity - (2 if line.lot.item.name == "棉被" else 0),
                  "受潮霉变2床，已单独存放待核销" if line.lot.item.name == "棉被" else "")
        for line in lines if line.lot.item.name in {"棉被", "冲锋舟"}})
    # Approval needs county or township staff: the divisions demo made the logins before this runs.
    approver = (get_user_model().objects.filter(division=county, role__in=services.APPROVER_ROLES)
                .order_by("pk").first())
    if approver is not None:
        services.stocktake_approve(actor=approver, stocktake=check)  # the 2 damp quilts posted as an adjustment
    services.stocktake_start(actor=None, warehouse=central, counted_by="县应急管理局", note="年度盘点")  # still being counted

    _orders(county, townships, [central, market], items)
    say("应急物资：储备库9个，目录19种，调拨单5张")


def _orders(county, townships, sources, items) -> None:
    from yingji.drills.models import Drill
    from yingji.incidents.models import Event

    event = Event.objects.within(county).order_by("pk").first()
    drill = Drill.objects.within(county).order_by("pk").first()
    steps = [OrderStatus.REQUESTED, OrderStatus.APPROVED, OrderStatus.ALLOCATED, OrderStatus.SHIPPED,
             OrderStatus.RECEIVED]
    plans = [
        ("锁南镇暴雨转移安置群众", townships[0], [("单帐篷", 20), ("棉被", 60), ("瓶装饮用水", 30)], event, None),
        ("达板镇山洪灾害救助", townships[1], [("折叠床", 50), ("棉被", 100)], event, None),
        ("防汛应急演练物资保障", townships[2], [("冲锋舟", 2), ("救生衣", 40)], None, drill),
        ("那勒寺镇滑坡应急处置", townships[3], [("移动式排水泵", 2), ("汽油发电机(5kW)", 2), ("场地照明灯", 4)],
         event, None),
        ("冬季困难群众取暖救助", townships[0], [("棉大衣", 80), ("棉被", 1000)], None, None),  # partly filled
    ]
    for (title, township, lines, linked_event, linked_drill), target in zip(plans, steps, strict=True):
        order = services.order_create(actor=None, data={
            "division": county, "title": title, "destination": f"{township.name}人民政府", "contact": "马主任",
            "event": linked_event, "drill": linked_drill}, lines=[(items[n], q) for n, q in lines])
        if target == OrderStatus.REQUESTED:
            continue
        services.order_approve(actor=None, order=order)
        if target == OrderStatus.APPROVED:
            continue
        services.order_allocate(actor=None, order=order, warehouses=sources)
        if target == OrderStatus.ALLOCATED:
            continue
        services.order_ship(actor=None, order=order)
        if target == OrderStatus.SHIPPED:
            continue
        services.order_receive(actor=None, order=order)
