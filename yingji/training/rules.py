"""Training and certificate rules as data, each with its source (RULES.md R9.3, R9.7; seeds 000, 002, 004)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from yingji.earlywarning.recipients import INFO_OFFICER_TITLE  # noqa: F401 - the one definition of 信息员


class Level(models.TextChoices):
    """The three tiers of seed 000 (县、乡、村三级); a session's level is its organising division's."""

    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇(街道)级")
    VILLAGE = "village", _("村(社区)级")


class Mode(models.TextChoices):
    """Seed 002: 线上线下多种形式."""

    OFFLINE = "offline", _("线下")
    ONLINE = "online", _("线上")


class Audience(models.TextChoices):
    """Seed 000 (四(二)): 基层应急管理人员定期培训、村(社区)应急信息员队伍业务培训和企业相关人员专题培训;
    seed 004 七抓: 抓好工作人员培训; seed 002: 救援队伍骨干能力提升."""

    TOWNSHIP_STAFF = "township_staff", _("乡镇(街道)工作人员")
    INFO_OFFICERS = "info_officers", _("村级信息员")
    RESCUE_TEAM = "rescue_team", _("救援队员")
    LEADERS = "leaders", _("领导干部")
    ENTERPRISE = "enterprise", _("企业相关人员")
    VILLAGE_CADRES = "village_cadres", _("村(社区)干部")
    OTHER = "other", _("其他")


# Seed 004 (二): 州到县、县市到乡、乡镇到(社区)村的指导培训工作每年不少于2次. A session at level L
# organised by division D counts for D's guidance of the level below.
GUIDANCE_SESSIONS_PER_YEAR = 2
GUIDANCE_LEVELS = (Level.COUNTY, Level.TOWNSHIP)

# Seed 004 (二): 各部门对行业系统的应急管理业务指导培训工作每年不少于2次 — sessions a department (an
# organisation of kind 部门) organised that year, at any level.
DEPARTMENT_GUIDANCE_SESSIONS_PER_YEAR = 2

# Seeds 000 (加强对基层信息员的培训) and 002 (社区(村)"六有": 有专兼职信息员、有应急培训演练): every
# village's information officers trained each year. The seeds give no lower share, so the target is all.
INFO_OFFICER_TARGET_SHARE = 1

# Home-page reminder of a quota behind: from the second half of the year (July), when two sessions
# are still possible.
QUOTA_REMINDER_FROM_MONTH = 7


class CertificateKind(models.TextChoices):
    """Seed 002: 取得应急救援员证的专业应急救援员; the others are certificates grassroots staff commonly hold."""

    RESCUER = "rescuer", _("应急救援员证")
    SAFETY_MANAGER = "safety_manager", _("安全生产管理人员证")
    SPECIAL_OPERATION = "special_operation", _("特种作业操作证")
    FIRE_OPERATOR = "fire_operator", _("消防设施操作员证")
    FIRST_AID = "first_aid", _("救护员证")
    OTHER = "other", _("其他")


# Seed 002: 力争实现每个社区都有取得应急救援员证的专业应急救援员; 为每个街道(乡)至少培训1名. Measured for
# townships (their own staff, whose person record is at the township) and villages (社区 = village level).
RESCUER_CERTIFICATE = CertificateKind.RESCUER
RESCUERS_PER_DIVISION = 1
RESCUER_COVERAGE_LEVELS = ("township", "village")

# Certificates expiring within this many days are listed as expiring soon.
EXPIRING_SOON_DAYS = 90

# Training materials: documents, slides and pictures; 20 MB covers a slide deck.
MATERIAL_EXTENSIONS = ["pdf", "doc", "docx", "ppt", "pptx", "xls", "xlsx", "txt", "jpg", "jpeg", "png"]
MATERIAL_MAX_BYTES = 20 * 1024 * 1024

# Years a session or event may be dated in (the register's year filter offers these).
FIRST_YEAR = 2000


def year_choices() -> list[tuple[int, str]]:
    """Newest first, up to next year (sessions are planned ahead)."""
    from django.utils import timezone

    return [(year, str(year)) for year in range(timezone.localdate().year + 1, FIRST_YEAR - 1, -1)]
