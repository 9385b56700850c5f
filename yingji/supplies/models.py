"""The emergency supplies register (应急物资储备): warehouses, the shared catalogue, stock lots whose
balance is the sum of their append-only movements, stocktakes and spot checks, and dispatch orders."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.core.models import DomainModel
from yingji.core.scoping import AllObjectsManager, ScopedManager
from yingji.supplies.rules import (
    ItemCategory,
    LotSource,
    MovementKind,
    OrderStatus,
    StocktakeKind,
    StocktakeStatus,
    WarehouseKind,
)


class Warehouse(DomainModel):
    scope_code_field = "division__code"

    division = models.ForeignKey("divisions.Division", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                                 related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("储备类型"), max_length=15, choices=WarehouseKind.choices,
                            default=WarehouseKind.GOVERNMENT)
    address = models.CharField(_("地址"), max_length=200)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    manager_name = models.CharField(_("管理人"), max_length=50, blank=True)
    manager_phone = models.CharField(_("管理人电话"), max_length=30, blank=True)
    note = models.TextField(_("备注"), blank=True)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("储备库")
        verbose_name_plural = _("应急物资储备库")
        ordering = ["division__code", "name"]
        indexes = [models.Index(fields=["latitude", "longitude"], name="supplies_wh_latlng_idx")]

    def __str__(self) -> str:
        return self.name


class ReferenceQuerySet(models.QuerySet):
    """The catalogue is one shared list read at every level (R8.1 品种目录动态更新)."""

    def visible_to(self, user):
        return self if user is not None and getattr(user, "is_authenticated", False) else self.none()

    def within(self, division):
        return self

    def alive(self):
        return self

    def deleted(self):
        return self.none()


class CatalogueItem(models.Model):
    name = models.CharField(_("品名"), max_length=100, unique=True)
    category = models.CharField(_("类别"), max_length=15, choices=ItemCategory.choices)
    unit = models.CharField(_("计量单位"), max_length=10)
    shelf_life_days = models.PositiveIntegerField(_("保质期(天)"), null=True, blank=True)
    is_equipment = models.BooleanField(_("属于装备"), default=False)
    is_active = models.BooleanField(_("在用"), default=True)
    specification = models.CharField(_("规格型号"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ReferenceQuerySet.as_manager()
    all_objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("物资品种")
        verbose_name_plural = _("应急物资目录")
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name


class MinimumStock(models.Model):
    """The least quantity of an item a warehouse must hold (unexpired)."""

    scope_code_field = "warehouse__division__code"

    warehouse = models.ForeignKey(Warehouse, verbose_name=_("储备库"), on_delete=models.CASCADE,
                                  related_name="minimums")
    item = models.ForeignKey(CatalogueItem, verbose_name=_("物资品种"), on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("最低储备量"), validators=[MinValueValidator(1)])

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("最低储备量")
        verbose_name_plural = _("最低储备量")
        ordering = ["warehouse", "item__name"]
        constraints = [models.UniqueConstraint(fields=["warehouse", "item"], name="supplies_minimum_unique")]

    def __str__(self) -> str:
        return f"{self.warehouse} {self.item} ≥ {self.quantity}"


class StockLot(DomainModel):
    """One batch of one item in one warehouse. `quantity` is a cached balance: always the sum of the
    lot's movements, written only by services.post_movement under a row lock."""

    scope_code_field = "warehouse__division__code"

    item = models.ForeignKey(CatalogueItem, verbose_name=_("物资品种"), on_delete=models.PROTECT, related_name="lots")
    warehouse = models.ForeignKey(Warehouse, verbose_name=_("储备库"), on_delete=models.PROTECT, related_name="lots")
    quantity = models.IntegerField(_("库存数量"), default=0)
    reserved = models.IntegerField(_("已配货待发运"), default=0, editable=False)
    batch = models.CharField(_("批次"), max_length=50, blank=True)
    production_date = models.DateField(_("生产日期"), null=True, blank=True)
    expiry_date = models.DateField(_("有效期至"), null=True, blank=True)
    received_on = models.DateField(_("入库日期"), default=timezone.localdate)
    source = models.CharField(_("来源"), max_length=15, choices=LotSource.choices, default=LotSource.PURCHASE)
    funding = models.CharField(_("资金来源"), max_length=100, blank=True)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("库存批次")
        verbose_name_plural = _("物资库存")
        ordering = ["warehouse__name", "item__name", "expiry_date", "pk"]
        # (warehouse, item): how much of an item one warehouse holds is asked per warehouse by the
        # "nearest warehouses holding" search and the below-minimum alert.
        indexes = [models.Index(fields=["item", "expiry_date"], name="supplies_lot_item_expiry_idx"),
                   models.Index(fields=["warehouse", "item"], name="supplies_lot_wh_item_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0), name="supplies_lot_quantity_not_negative"),
            models.CheckConstraint(condition=Q(reserved__gte=0) & Q(reserved__lte=F("quantity")),
                                   name="supplies_lot_reserved_within_quantity"),
        ]

    def __str__(self) -> str:
        batch = f" {self.batch}" if self.batch else ""
        return f"{self.item}{batch} @ {self.warehouse}"

    @property
    def available(self) -> int:
        return self.quantity - self.reserved

    def is_expired(self, today=None) -> bool:
        return bool(self.expiry_date and self.expiry_date < (today or timezone.localdate()))


class AppendOnly(Exception):
    pass


class Movement(models.Model):
    """An append-only change of a lot's balance: never edited, never deleted; corrections are new movements."""

    scope_code_field = "lot__warehouse__division__code"

    lot = models.ForeignKey(StockLot, verbose_name=_("库存批次"), on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("类型"), max_length=15, choices=MovementKind.choices)
    quantity = models.IntegerField(_("变动数量"))
    balance_after = models.IntegerField(_("变动后结存"))
    reason = models.CharField(_("事由"), max_length=200, blank=True)
    peer = models.OneToOneField("self", verbose_name=_("对应调拨"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    stocktake = models.ForeignKey("Stocktake", verbose_name=_("盘点单"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="movements")
    allocation = models.ForeignKey("Allocation", verbose_name=_("调拨配货"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="movements")
    occurred_at = models.DateTimeField(_("发生时间"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("出入库记录")
        verbose_name_plural = _("出入库记录")
        ordering = ["-occurred_at", "-pk"]
        constraints = [models.CheckConstraint(condition=~Q(quantity=0), name="supplies_movement_not_zero")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity:+d} {self.lot}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("movements are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("movements are append-only")


class Stocktake(DomainModel):
    """A count sheet (盘点表) or spot check (抽查) of one warehouse; approval posts the adjustments."""

    scope_code_field = "warehouse__division__code"

    warehouse = models.ForeignKey(Warehouse, verbose_name=_("储备库"), on_delete=models.PROTECT,
                                  related_name="stocktakes")
    kind = models.CharField(_("类型"), max_length=15, choices=StocktakeKind.choices, default=StocktakeKind.FULL)
    status = models.CharField(_("状态"), max_length=15, choices=StocktakeStatus.choices,
                              default=StocktakeStatus.COUNTING)
    counted_by = models.CharField(_("清点人"), max_length=100, blank=True)
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审批人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("盘点抽查")
        verbose_name_plural = _("盘点与抽查")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.warehouse} {self.get_kind_display()} {timezone.localtime(self.created_at):%Y-%m-%d}"


class StocktakeLine(models.Model):
    scope_code_field = "stocktake__warehouse__division__code"

    stocktake = models.ForeignKey(Stocktake, verbose_name=_("盘点单"), on_delete=models.CASCADE, related_name="lines")
    lot = models.ForeignKey(StockLot, verbose_name=_("库存批次"), on_delete=models.PROTECT, related_name="+")
    book_quantity = models.IntegerField(_("账面数量"))
    counted_quantity = models.IntegerField(_("实盘数量"), null=True, blank=True, validators=[MinValueValidator(0)])
    reason = models.CharField(_("差异原因"), max_length=200, blank=True)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("盘点明细")
        verbose_name_plural = _("盘点明细")
        ordering = ["lot__item__name", "lot__pk"]
        constraints = [models.UniqueConstraint(fields=["stocktake", "lot"], name="supplies_stocktake_line_unique")]

    def __str__(self) -> str:
        return f"{self.lot}: {self.book_quantity} → {self.counted_quantity}"

    @property
    def difference(self) -> int | None:
        return None if self.counted_quantity is None else self.counted_quantity - self.book_quantity


class DispatchOrder(DomainModel):
    """调拨单: request → approved → allocated (FEFO) → shipped → received, with partial fills."""

    scope_code_field = "division__code"

    division = models.ForeignKey("divisions.Division", verbose_name=_("调拨单位"), on_delete=models.PROTECT,
                                 related_name="+")
    title = models.CharField(_("事由"), max_length=200)
    event = models.ForeignKey("incidents.Event", verbose_name=_("关联事件"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    drill = models.ForeignKey("drills.Drill", verbose_name=_("关联演练"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    destination = models.CharField(_("送达地点"), max_length=200)
    contact = models.CharField(_("接收人及电话"), max_length=100, blank=True)
    status = models.CharField(_("状态"), max_length=15, choices=OrderStatus.choices, default=OrderStatus.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("批准人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    allocated_at = models.DateTimeField(_("配货时间"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("发运时间"), null=True, blank=True)
    received_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("调拨单")
        verbose_name_plural = _("物资调拨单")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class OrderLine(models.Model):
    scope_code_field = "order__division__code"

    order = models.ForeignKey(DispatchOrder, verbose_name=_("调拨单"), on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(CatalogueItem, verbose_name=_("物资品种"), on_delete=models.PROTECT, related_name="+")
    requested = models.PositiveIntegerField(_("申请数量"), validators=[MinValueValidator(1)])
    allocated = models.PositiveIntegerField(_("配货数量"), default=0)
    received = models.PositiveIntegerField(_("接收数量"), default=0)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("调拨明细")
        verbose_name_plural = _("调拨明细")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(allocated__lte=F("requested")), name="supplies_line_allocated_le"),
            models.CheckConstraint(condition=Q(received__lte=F("allocated")), name="supplies_line_received_le"),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.requested}"


class Allocation(models.Model):
    """Units of one lot reserved for an order line; shipping posts them as a movement."""

    scope_code_field = "line__order__division__code"

    line = models.ForeignKey(OrderLine, verbose_name=_("调拨明细"), on_delete=models.CASCADE,
                             related_name="allocations")
    lot = models.ForeignKey(StockLot, verbose_name=_("库存批次"), on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("数量"), validators=[MinValueValidator(1)])

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("配货记录")
        verbose_name_plural = _("配货记录")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.lot} × {self.quantity}"
