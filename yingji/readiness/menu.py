from django.utils.translation import gettext_lazy as _

from yingji.core.navigation import nav_entry
from yingji.readiness.permissions import READINESS

nav_entry(label=_("“六有”达标情况"), url_name="readiness", capability=READINESS.code, group=_("基层应急能力"),
          order=85)
