from django.utils.translation import gettext_lazy as _

from yingji.core.navigation import nav_entry
from yingji.readiness.permissions import BULLETINS, READINESS

GROUP = _("基层应急能力")
nav_entry(label=_("“六有”“七有”达标情况"), url_name="readiness", capability=READINESS.code, group=GROUP, order=85)
nav_entry(label=_("达标排名"), url_name="readiness-ranking", capability=READINESS.code, group=GROUP, order=85)
nav_entry(label=_("“七化”绩效考核"), url_name="readiness-performance", capability=READINESS.code, group=GROUP,
          order=85)
nav_entry(label=_("达标情况通报"), url_name="readiness-bulletins", capability=BULLETINS.code, group=GROUP, order=85)
