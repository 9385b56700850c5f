"""The numbers of periodic work reports, each with its source."""

# Seed 001 (应急处置机制健全工作总结): 各级政府和部门每季度至少要向…应急管理办公室报送一次本地区、本部门
# 应急管理工作动态、组织体系、预案编制、队伍建设、宣传培训、预案演练等情况.
QUARTERLY_SECTIONS = ["工作动态", "组织体系", "预案编制", "队伍建设", "宣传培训", "预案演练"]
QUARTERLY_SOURCE = "种子文本001《应急处置机制健全工作总结》：每季度至少报送一次工作动态、组织体系、预案编制、队伍建设、宣传培训、预案演练等情况"

# Seed 002 (“基层应急能力提升年”活动实施方案): 各街道(乡)…每周上报信息动态.
WEEKLY_SECTIONS = ["本周工作进展", "存在问题", "下周工作安排"]
WEEKLY_SOURCE = "种子文本002《“基层应急能力提升年”活动实施方案》：各街道(乡)要围绕重点及阶段性工作进展情况，每周上报信息动态"

ANNUAL_SECTIONS = ["年度工作总结", "主要成效", "存在问题", "下一年度工作计划"]
ANNUAL_SOURCE = "项目默认：年度工作总结（种子文本001为年度总结的样式）；报送期限由管理员按本地要求调整"

# The seeds say how often, not by when. The days after the period end are a project default
# (editable per template); 16号令 uses "下一季度15日前" for quarterly statistics (RULES.md R4, HAZ-STAT),
# and the weekly report is due the next working day.
QUARTERLY_DUE_DAYS = 15
WEEKLY_DUE_DAYS = 1
ANNUAL_DUE_DAYS = 31  # "下一年1月31日前" (RULES.md HAZ-STAT)

# The attention window on the home page: reports due within this many days.
DUE_SOON_DAYS = 7

# Attachments: PDF, Word or Excel, at most this size.
ATTACHMENT_EXTENSIONS = ["pdf", "docx", "xlsx"]
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
