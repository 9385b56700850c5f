"""Writes for incident response: start, level changes, end and review (the response lifecycle), the command
structure, tasks, committed resources, the situation log, online opinion, press releases and recovery.

Every write is audited inside its transaction; a refused step raises ApplicationError with a Chinese
message and changes nothing. Resources change state through their own apps' services (a team goes
"deployed" through teams.services, a shelter opens through shelters.services, an expert's participation is
logged through experts.services) and a review finding revises a plan through plans.services.transition, the
same step a drill finding takes.
"""

from yingji.response import rules
from yingji.response.services.communication import (
    PRESS_VERBS,
    opinion_add,
    opinion_handle,
    press_create,
    press_delete,
    press_step,
    press_update,
    situation_add,
)
from yingji.response.services.lifecycle import (
    finding_add,
    group_add,
    group_remove,
    recovery_plan_record,
    recovery_report,
    response_change_level,
    response_command_update,
    response_create,
    response_delete,
    response_end,
    response_start,
    review_complete,
)
from yingji.response.services.resources import (
    commit,
    commit_expert,
    commit_order,
    commit_shelter,
    commit_team,
    commitment_release,
    shelter_occupancy,
)
from yingji.response.services.tasks import task_create, task_delete, task_step, task_update

__all__ = [
    "PRESS_VERBS",
    "commit",
    "commit_expert",
    "commit_order",
    "commit_shelter",
    "commit_team",
    "commitment_release",
    "finding_add",
    "group_add",
    "group_remove",
    "opinion_add",
    "opinion_handle",
    "press_create",
    "press_delete",
    "press_step",
    "press_update",
    "recovery_plan_record",
    "recovery_report",
    "response_change_level",
    "response_command_update",
    "response_create",
    "response_delete",
    "response_end",
    "response_start",
    "review_complete",
    "rules",
    "shelter_occupancy",
    "situation_add",
    "task_create",
    "task_delete",
    "task_step",
    "task_update",
]
