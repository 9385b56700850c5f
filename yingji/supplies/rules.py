"""Emergency supplies rules as data (RULES.md §8 and seed 000)."""

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class WarehouseKind(models.TextChoices):
    """R8.2 (L1 Art. 46): government reserves, agreement reserves with enterprises, household reserves;
    department and enterprise stocks are counted too (seed 000: 引导鼓励县直部门和家庭储备)."""

    GOVERNMENT = "government", _("政府储备")
    DEPARTMENT = "department", _("部门储备")
    ENTERPRISE = "enterprise", _("企业储备")
    AGREEMENT = "agreement", _("协议储备")
    HOUSEHOLD = "household", _("家庭储备")


class ItemCategory(models.TextChoices):
    """R8.6: the central relief reserve's three categories (帐篷类、被服类、装具类), then response
    equipment (R8.2 应急处置装备, R8.4 drainage and lighting gear) and R8.3 relief needs (食品、饮用水、医疗防疫)."""

    TENT = "tent", _("帐篷类")
    BEDDING = "bedding", _("被服类")
    GEAR = "gear", _("装具类")
    LIFE_SAVING = "life_saving", _("救生器材")
    BOAT = "boat", _("冲锋舟")
    GENERATOR = "generator", _("发电机")
    PUMP = "pump", _("排水泵")
    DRONE = "drone", _("无人机")
    # Seed 002's township "六有" counts 有交通工具: emergency vehicles are kept as equipment lots too.
    VEHICLE = "vehicle", _("应急车辆")
    PPE = "ppe", _("个人防护")
    LIGHTING = "lighting", _("照明设备")
    FOOD_WATER = "food_water", _("食品饮用水")
    MEDICAL = "medical", _("医疗防疫")
    TOOLS = "tools", _("工具器材")
    OTHER = "other", _("其他")


class LotSource(models.TextChoices):
    PURCHASE = "purchase", _("采购")
    DONATION = "donation", _("捐赠")
    ALLOCATION = "allocation", _("上级调拨")
    AGREEMENT = "agreement", _("协议储备")


class MovementKind(models.TextChoices):
    INBOUND = "inbound", _("入库")
    OUTBOUND = "outbound", _("出库")
    TRANSFER_OUT = "transfer_out", _("调出")
    TRANSFER_IN = "transfer_in", _("调入")
    WRITE_OFF = "write_off", _("报废核销")
    ADJUSTMENT = "adjustment", _("盘点调整")
    DISPATCH = "dispatch", _("调拨发运")


# Kinds that take stock out: the movement's quantity is stored negative.
OUTGOING = {MovementKind.OUTBOUND, MovementKind.TRANSFER_OUT, MovementKind.WRITE_OFF, MovementKind.DISPATCH}


class StocktakeKind(models.TextChoices):
    """Seed 000: 不定期的对储备物资进行清点和抽检 — full counts and unannounced spot checks."""

    FULL = "full", _("盘点")
    SPOT_CHECK = "spot_check", _("抽查")


class StocktakeStatus(models.TextChoices):
    COUNTING = "counting", _("清点中")
    APPROVED = "approved", _("已审批入账")


class OrderStatus(models.TextChoices):
    REQUESTED = "requested", _("已申请")
    APPROVED = "approved", _("已批准")
    ALLOCATED = "allocated", _("已配货")
    SHIPPED = "shipped", _("已发运")
    RECEIVED = "received", _("已接收")


# Lots expiring within this many days are flagged (R8.4 及时更新和补充); the alert page's default filter.
EXPIRING_DAYS = 30


@dataclass(frozen=True)
class EquipmentNorm:
    level: str  # the division level that must hold it
    category: str
    minimum: int
    source: Any  # shown beside each gap


# Equipment every division of a level should hold in its subtree. No national per-township quota exists
# (R8.7 [C]); the drone norm is the county's own finding in seed 000 ("四是应急装备储备不足……重要部门和
# 乡镇无人机等专业设备尚未配备").
EQUIPMENT_NORMS = [
    EquipmentNorm("township", ItemCategory.DRONE, 1,
                  _("《全省基层应急管理体系和能力建设现场会交流发言》：乡镇无人机等专业设备尚未配备")),
]
