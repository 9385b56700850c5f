from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import READ, Role, capability

AUDIT = capability(
    "audit.entry",
    _("审计记录"),
    {
        Role.ADMIN: READ,
        Role.COUNTY_STAFF: READ,
        Role.LEADER: READ,
    },
)

def _nav() -> None:
    from yingji.core.navigation import nav_entry

    nav_entry(label=_("审计记录"), url_name="audit-list", capability=AUDIT.code, group=_("系统"), order=90)


_nav()
