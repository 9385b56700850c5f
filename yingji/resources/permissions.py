from django.utils.translation import gettext_lazy as _

from yingji.core.permissions import READ, Role, capability

# The map and "nearest" pages only gather other registers' records; each layer is shown to those who
# may view its own register, so this capability just opens the pages.
MAP = capability("resources.map", _("应急资源一张图"), dict.fromkeys(Role, READ))
