"""Plan-management numbers from RULES.md §4, each with its source."""

from datetime import date, timedelta

# R4.1 (国办发〔2024〕5号 Art. 26; 部令2号 Art. 26 for work-safety plans): filed within 20 working days of issue.
FILING_WORKING_DAYS = 20
# R4.4 (国办发〔2024〕5号, Shanxi implementation text): plans evaluated in principle every 3 years.
EVALUATION_YEARS = 3

# L1 (突发事件应对法) Art. 28: the contents every plan must set out.
LEGAL_CONTENTS = (
    "组织指挥体系与职责",
    "预防与预警机制",
    "处置程序",
    "应急保障措施",
    "事后恢复与重建措施",
)
# RULES.md §4.2 (国办发〔2024〕5号, 乡镇/村 plan focus; 应急管理部《百问百答》): extra contents for township
# plans, with seed 002's (《“基层应急能力提升年”活动实施方案》: 街道(乡)应急预案明确预警信息传播、先期处置和
# 自救互救、人员临时安置及舆情应对) — its 预警信息传播 and 人员临时安置 are the first and last item already.
TOWNSHIP_CONTENTS = ("预警信息传播", "任务分工", "信息收集报告", "现场管理", "人员疏散与安置",
                     "先期处置和自救互救", "舆情应对")
VILLAGE_CONTENTS = ("风险点位", "应急响应责任人", "预警信息传递与响应", "人员转移避险", "资源调配")


def add_working_days(start: date, days: int) -> date:
    """Monday–Friday working days; statutory holidays and make-up days are not modelled."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def subtract_working_days(end: date, days: int) -> date:
    current = end
    while days > 0:
        current -= timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def add_years(start: date, years: int) -> date:
    """The same calendar day `years` later; 29 February falls back to 28 February."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


# Seed 002 (黄陂区“基层应急能力提升年”, 活动内容 3): the topics every township's plans must cover.
TOWNSHIP_REQUIRED_TOPICS = ("安全生产", "洪涝灾害", "消防安全", "地震", "地质灾害", "森林防火", "危化品", "疫情防控")

# A plan in force: published, or under revision (the published text applies until the revision replaces it).
IN_FORCE_STATUSES = ("published", "revising")

# Seed 000 (东乡县): a plan counts as made (制定) once its meeting has adopted it and until it is repealed.
MADE_STATUSES = ("deliberated", "filing", "filed", "published", "revising")

# Uploads: the formats plans are issued in (公文 PDF, Word and WPS), identified by content, not by name.
ATTACHMENT_EXTENSIONS = ("pdf", "docx", "doc", "wps")
PDF_MAGIC = b"%PDF"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # DOC and WPS: OLE2 compound file
ZIP_MAGIC = b"PK\x03\x04"  # DOCX: an Office Open XML zip holding word/document.xml
