from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import ALL, READ, WRITE, Action, Role, capability

WAREHOUSES = capability(
    "supplies.warehouse",
    _("应急物资储备库"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: ALL,
        Role.TOWNSHIP_STAFF: WRITE | {Action.IMPORT},
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
# The shared catalogue (R8.1 品种目录动态更新) is kept by the county, read by everyone.
CATALOGUE = capability(
    "supplies.catalogueitem",
    _("应急物资目录"),
    {
        Role.ADMIN: ALL - {Action.DELETE},
        Role.COUNTY_STAFF: ALL - {Action.DELETE},
        Role.TOWNSHIP_STAFF: READ,
        Role.INFO_OFFICER: {Action.VIEW},
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
# Lots and their movements: CHANGE records inbound, outbound, transfer and write-off.
LOTS = capability(
    "supplies.stocklot",
    _("物资库存与出入库"),
    {
        Role.ADMIN: ALL,
        Role.COUNTY_STAFF: ALL,
        Role.TOWNSHIP_STAFF: WRITE | {Action.IMPORT},
        Role.DUTY_OFFICER: READ,
        Role.LEADER: READ,
    },
)
# Approval additionally needs the county or township staff role (services.APPROVER_ROLES).
STOCKTAKES = capability(
    "supplies.stocktake",
    _("物资盘点与抽查"),
    {
        Role.ADMIN: READ,
        Role.COUNTY_STAFF: WRITE,
        Role.TOWNSHIP_STAFF: WRITE,
        Role.LEADER: READ,
    },
)
# Duty officers raise dispatch requests during an incident; approval and allocation are staff work.
ORDERS = capability(
    "supplies.dispatchorder",
    _("物资调拨"),
    {
        Role.ADMIN: ALL - {Action.IMPORT},
        Role.COUNTY_STAFF: ALL - {Action.IMPORT},
        Role.TOWNSHIP_STAFF: WRITE,
        Role.DUTY_OFFICER: READ | {Action.ADD},
        Role.LEADER: READ,
    },
)
