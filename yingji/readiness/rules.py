"""Readiness standards as data: seed 002's township and village "六有", each indicator answered by a register
(the selectors say which); nothing is ticked by hand."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# "有培训演练": something done within the last twelve months counts.
ACTIVITY_WINDOW_DAYS = 365
SOURCE_002 = _("《“基层应急能力提升年”活动实施方案》")


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    evidence: str  # how the register answers it, shown beside the tick


@dataclass(frozen=True)
class Standard:
    code: str
    label: str
    level: str  # the division level it applies to
    source: str
    indicators: tuple[Indicator, ...]


TOWNSHIP_SIX = Standard("township_six", _("街道(乡镇)“六有”"), "township", SOURCE_002, (
    Indicator("staff", _("有专职人员"), _("应急管理办公室有专职工作人员")),
    Indicator("vehicle", _("有交通工具"), _("辖区储备库有应急车辆")),
    Indicator("plan", _("有应急预案"), _("乡镇总体应急预案已审议(已备案/发布)")),
    Indicator("team", _("有救援队伍"), _("乡镇本级有在役救援队伍")),
    Indicator("supplies", _("有物资装备"), _("辖区储备库有在有效期内的库存")),
    Indicator("training", _("有培训演练"), _("近12个月乡镇组织过培训或演练")),
))
VILLAGE_SIX = Standard("village_six", _("社区(村)“六有”"), "village", SOURCE_002, (
    Indicator("station", _("有应急服务站"), _("登记有社区应急服务站")),
    Indicator("officer", _("有专兼职信息员"), _("有在岗信息员(信息员名册或应急工作组职务)")),
    Indicator("plan", _("有综合应急预案"), _("村级多案合一预案已审议(已备案/发布)")),
    Indicator("team", _("有综合救援队伍"), _("有在役村级应急响应队")),
    Indicator("shelter", _("有应急避难场所"), _("本村有未关闭的避难场所")),
    Indicator("training", _("有应急培训演练"), _("近12个月本村开展演练或有人参加培训")),
))
STANDARDS = {s.code: s for s in (TOWNSHIP_SIX, VILLAGE_SIX)}
