"""Readiness standards as data: seed 002's township and village "六有" and seed 004's "七有", each indicator
answered by a register (the selectors say which); nothing is ticked by hand. Seed 004's "七化" performance
measures are listed here too (performance.py answers them from the other capabilities' selectors)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# "有培训演练": something done within the last twelve months counts.
ACTIVITY_WINDOW_DAYS = 365
SOURCE_002 = _("《“基层应急能力提升年”活动实施方案》")
# Seed 002, 二、工作目标: 街道(乡)层面“六有”… 社区(村)层面“六有”….
ARTICLE_SIX = _("二、工作目标")
SOURCE_004 = _("《2015年伊犁州直应急管理工作要点》")
# Seed 004, 二(四): 落实七有(有应急机构、有应急预案、有应急制度、有应急队伍、有应急保障、有避难场所、有科普宣传).
ARTICLE_SEVEN = _("二(四)")
# Seed 004, 三(三): 狠抓七化建设 … 科学合理设置绩效考核指标.
ARTICLE_QIHUA = _("三(三)")


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    evidence: str  # how the register answers it, shown beside the tick
    note: str = ""  # why the evidence is what it is, where no register holds the thing itself


@dataclass(frozen=True)
class Standard:
    code: str
    label: str
    level: str  # the division level it applies to
    source: str
    indicators: tuple[Indicator, ...]
    article: str = ""  # the seed's article naming the standard

    @property
    def citation(self) -> str:
        return f"{self.source}{self.article}"


TOWNSHIP_SIX = Standard("township_six", _("街道(乡镇)“六有”"), "township", SOURCE_002, (
    Indicator("staff", _("有专职人员"), _("应急管理办公室有专职工作人员")),
    Indicator("vehicle", _("有交通工具"), _("辖区储备库有应急车辆")),
    Indicator("plan", _("有应急预案"), _("乡镇总体应急预案已审议(已备案/发布)")),
    Indicator("team", _("有救援队伍"), _("乡镇本级有在役救援队伍")),
    Indicator("supplies", _("有物资装备"), _("辖区储备库有在有效期内的库存")),
    Indicator("training", _("有培训演练"), _("近12个月乡镇组织过培训或演练")),
), ARTICLE_SIX)
VILLAGE_SIX = Standard("village_six", _("社区(村)“六有”"), "village", SOURCE_002, (
    Indicator("station", _("有应急服务站"), _("登记有社区应急服务站")),
    Indicator("officer", _("有专兼职信息员"), _("有在岗信息员(信息员名册或应急工作组职务)")),
    Indicator("plan", _("有综合应急预案"), _("村级多案合一预案已审议(已备案/发布)")),
    Indicator("team", _("有综合救援队伍"), _("有在役村级应急响应队")),
    Indicator("shelter", _("有应急避难场所"), _("本村有未关闭的避难场所")),
    Indicator("training", _("有应急培训演练"), _("近12个月本村开展演练或有人参加培训")),
), ARTICLE_SIX)

# "有应急制度": no register holds 制度 (rules and regulations) themselves. Seed 002 (活动内容 2,
# 完善基层应急管理制度) names the two that matter at this level — 应急值班制度 and 信息报送制度 — and the
# registers hold their execution: duty rosters filed with the level above (duty) and work reports
# submitted (workreports). A township shows both within the last 12 months; a village, whose committee
# keeps no duty office of its own (seed 002: its service station does 值班值守 when it has one), shows
# either. This is evidence that the rules are followed, not a copy of the rules, and the page says so.
RULES_NOTE = _("没有登记“制度”本身的台账：以值班制度、信息报送制度的执行记录(已报送的值班表、已报送的工作报告)"
               "作为有应急制度的依据(种子002“完善基层应急管理制度”)。")
# "有应急队伍": seed 000's member norm exists only for village response teams (teams.rules.VILLAGE_TEAM_SIZE);
# a township team counts when it is in service and has members.
TEAM_NOTE = _("人数定额只适用于村级应急响应队(大村25人、中村20人、小村15人)；乡镇队伍在役且有队员即计。")

TOWNSHIP_SEVEN = Standard("township_seven", _("乡镇(街道)“七有”"), "township", SOURCE_004, (
    Indicator("body", _("有应急机构"), _("应急管理办公室或应急工作领导小组已登记且有在册人员")),
    Indicator("plan", _("有应急预案"), _("乡镇本级应急预案已发布")),
    Indicator("rules", _("有应急制度"), _("近12个月有已报送的值班表，且报送过工作报告"), RULES_NOTE),
    Indicator("team", _("有应急队伍"), _("乡镇本级有在役且有队员的救援队伍"), TEAM_NOTE),
    Indicator("supplies", _("有应急保障"), _("辖区储备库有在有效期内的库存")),
    Indicator("shelter", _("有避难场所"), _("辖区有未关闭的避难场所")),
    Indicator("publicity", _("有科普宣传"), _("本年度辖区开展过科普宣传活动")),
), ARTICLE_SEVEN)
VILLAGE_SEVEN = Standard("village_seven", _("社区(村)“七有”"), "village", SOURCE_004, (
    Indicator("body", _("有应急机构"), _("村(社区)应急工作组或应急服务站已登记且有成员")),
    Indicator("plan", _("有应急预案"), _("村级应急预案已发布")),
    Indicator("rules", _("有应急制度"), _("近12个月有已报送的值班表或报送过工作报告"), RULES_NOTE),
    Indicator("team", _("有应急队伍"), _("村级应急响应队在役且人数达到定额"), TEAM_NOTE),
    Indicator("supplies", _("有应急保障"), _("本村储备点有在有效期内的库存")),
    Indicator("shelter", _("有避难场所"), _("本村有未关闭的避难场所")),
    Indicator("publicity", _("有科普宣传"), _("本年度本村开展过科普宣传活动")),
), ARTICLE_SEVEN)
STANDARDS = {s.code: s for s in (TOWNSHIP_SIX, VILLAGE_SIX, TOWNSHIP_SEVEN, VILLAGE_SEVEN)}


# 七化 (seed 004, 三(三)): the county's performance measures, each answered where a register can.
@dataclass(frozen=True)
class Measure:
    code: str
    label: str
    method: str  # what is counted
    unmeasured: str = ""  # why it is not measured, when no register can answer it


QIHUA = (
    Measure("plans", _("预案管理具体化"), _("村(社区)“多案合一”预案覆盖率；印发后20个工作日内报备的预案比例")),
    Measure("reporting", _("信息报送和应急值守规范化"),
            _("本年度应报工作报告按期报送率；应急管理办公室报送值班表的比例")),
    Measure("teams", _("应急救援队伍专业化"),
            _("村级应急响应队达到人数定额的比例；有持证应急救援员的乡镇和村(社区)比例")),
    Measure("platform", _("平台建设体系化"), "",
            _("应急平台的建设、互联互通和数据更新不在任何台账中登记，无法从数据评定。")),
    Measure("risk", _("风险管理长效化"), _("本年度整改期限已到的隐患中按期整改的比例")),
    Measure("education", _("宣教培训常态化"),
            _("县、乡两级指导培训达到每年2次的比例；下级区划宣传活动达到每年2场的比例")),
    Measure("model_sites", _("基层示范点建设标准化"), _("乡镇(街道)和村(社区)“六有”“七有”全部达标的比例")),
)

# Seed 002 (黄陂, 五): "区应急委办公室每半月通报一次工作进展情况" — the county office issues a progress bulletin
# every half month; the county's home page says so when the last one is older.
BULLETIN_EVERY_DAYS = 15
