"""Rescue-team rules as data: kinds, member origins, specialities and the village-team norms (seed 000)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇级")
    VILLAGE = "village", _("村级")
    ENTERPRISE = "enterprise", _("企业")


class Kind(models.TextChoices):
    """Seed 000 (县、乡、村三级综合应急救援队, 部门队伍) and seed 002 (乡镇专职队, 企业专职队, 志愿队,
    社会应急力量, 社区(村)应急响应队)."""

    PROFESSIONAL = "professional", _("专业队伍")
    COUNTY_COMPREHENSIVE = "county_comprehensive", _("县级综合性救援队")
    TOWNSHIP_FULL_TIME = "township_full_time", _("乡镇专职队")
    VILLAGE_RESPONSE = "village_response", _("村级应急响应队")
    ENTERPRISE_FULL_TIME = "enterprise_full_time", _("企业专职队")
    VOLUNTEER = "volunteer", _("志愿者队伍")
    SOCIAL_FORCE = "social_force", _("社会应急力量")


class Origin(models.TextChoices):
    """Where members come from: seed 000 (干部、民兵、预备役、派出所干警、医务人员、退伍军人) and seed 002
    (志愿者、物业人员、具有专业知识的居民)."""

    CADRE = "cadre", _("干部")
    MILITIA = "militia", _("民兵")
    RESERVIST = "reservist", _("预备役")
    POLICE = "police", _("警务人员")
    MEDIC = "medic", _("医务人员")
    VETERAN = "veteran", _("退役军人")
    VOLUNTEER = "volunteer", _("志愿者")
    PROPERTY_STAFF = "property_staff", _("物业人员")
    SKILLED_RESIDENT = "skilled_resident", _("有专长的群众")


class Readiness(models.TextChoices):
    READY = "ready", _("待命")
    DEPLOYED = "deployed", _("出动中")
    TRAINING = "training", _("训练中")
    STOOD_DOWN = "stood_down", _("停用")


# The controlled list of specialities (a data migration loads it into the Speciality table; new ones
# are added here and in a migration, so imports and filters only ever see known codes).
SPECIALITIES = [
    ("flood", _("防汛抗洪")),
    ("fire", _("消防灭火")),
    ("forest_fire", _("森林灭火")),
    ("mountain", _("山地救援")),
    ("water", _("水上救援")),
    ("hazchem", _("危化品处置")),
    ("medical", _("医疗救护")),
    ("earthquake", _("地震搜救")),
    ("road", _("道路抢通")),
    ("communications", _("应急通信")),
    ("power", _("电力抢修")),
    ("mine", _("矿山救护")),
    ("evacuation", _("人员转移安置")),
    ("general", _("综合救援")),
]

# Seed 000: 应急救援队人数按照村的大、中、小类别，分别配备25人、20人和15人 (Division.size_class).
VILLAGE_TEAM_SIZE = {"large": 25, "medium": 20, "small": 15}

# The county summary in seed 000's form: department teams (重点部门…应急救援队伍共计13支约500余人),
# township teams (24个乡镇综合应急救援队…1080余人) and village teams; the rest in a fourth row.
SUMMARY_ROWS = [
    ("department", _("县级及部门队伍"), (Kind.PROFESSIONAL, Kind.COUNTY_COMPREHENSIVE)),
    ("township", _("乡镇队伍"), (Kind.TOWNSHIP_FULL_TIME,)),
    ("village", _("村级队伍"), (Kind.VILLAGE_RESPONSE,)),
    ("other", _("企业、志愿者及社会力量"), (Kind.ENTERPRISE_FULL_TIME, Kind.VOLUNTEER, Kind.SOCIAL_FORCE)),
]

# A team's kind fixes the level of division it must belong to (a village team in a village, …).
KIND_DIVISION_LEVEL = {
    Kind.COUNTY_COMPREHENSIVE: "county",
    Kind.TOWNSHIP_FULL_TIME: "township",
    Kind.VILLAGE_RESPONSE: "village",
}


class OfficerKind(models.TextChoices):
    """Seed 002: 依托灾害信息员、安全员等现有力量组建基层应急管理信息员队伍; R9.7: 网格员队伍."""

    INFO_OFFICER = "info_officer", _("信息员")
    GRID_WORKER = "grid_worker", _("网格员")


class TrainingStatus(models.TextChoices):
    """Seed 000: 着力加强对基层信息员的培训."""

    UNTRAINED = "untrained", _("未培训")
    TRAINED = "trained", _("已培训")
    CERTIFIED = "certified", _("已取得应急救援员证")


# Seed 002 (社区(村)层面"六有": 有专兼职信息员): at least one per village. The divisions register
# records 信息员 as a membership title; yingji/earlywarning/recipients.py reads the same convention.
INFO_OFFICER_TITLE = "信息员"
MIN_OFFICERS_PER_VILLAGE = 1
