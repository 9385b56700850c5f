"""Registers: responses (active first) and their tasks, with lists, filters and Excel export."""

from django.utils.translation import gettext_lazy as _

from yingji.core.navigation import nav_entry
from yingji.core.registers import Column, Register, register
from yingji.response import forms, permissions, selectors, services
from yingji.response.models import Response, Task


def _response_context(request, response):
    from yingji.response.views import response_context

    return response_context(request, response)


def _task_context(request, task):
    from yingji.response.views import task_context

    return task_context(request, task)


def _overdue_mark(task) -> str:
    return str(_("逾期")) if selectors.is_overdue(task) else ""


RESPONSES = register(Register(
    model=Response, slug="responses", capability=permissions.RESPONSES.code,
    columns=[
        Column("started_at", sort="started_at"), Column("division.name", _("响应单位区划"), sort="division__code"),
        Column("title", sort="title"), Column("event.title", _("突发事件")), Column("level", sort="level"),
        Column("status", sort="status"), Column("commander"), Column("ended_at", sort="ended_at"),
    ],
    export_columns=[
        Column("started_at"), Column("division.code", _("区划代码")), Column("division.name", _("响应单位区划")),
        Column("title"), Column("event.title", _("突发事件")), Column("event.division.name", _("事发区划")),
        Column("level"), Column("status"), Column("matters"), Column("measures"), Column("expected_until"),
        Column("commander"), Column("deputy_commander"), Column("command_post"), Column("ended_at"),
        Column("end_reason"), Column("reviewed_at"), Column("review_summary"),
    ],
    search_fields=["title", "event__title", "commander", "division__name"],
    filter_fields=["status", "level"], default_ordering=["status", "-started_at"],
    select_related=["division", "event__division"],
    form_class=forms.ResponseStartForm, create=services.response_create, delete=services.response_delete,
    detail_template="response/response_detail.html", detail_context=_response_context,
))

TASKS = register(Register(
    model=Task, slug="response-tasks", capability=permissions.TASKS.code,
    columns=[
        Column("deadline", sort="deadline"), Column("response.title", _("应急响应"), sort="response__started_at"),
        Column("title", sort="title"), Column("assignee", _("承办"), value=lambda t: t.assignee),
        Column("status", sort="status"), Column("overdue", _("逾期"), value=_overdue_mark),
        Column("done_at", sort="done_at"),
    ],
    export_columns=[
        Column("response.division.name", _("响应单位区划")), Column("response.title", _("应急响应")),
        Column("title"), Column("description"), Column("group.name", _("承办工作组")),
        Column("organisation.name", _("承办单位")), Column("team.name", _("承办队伍")), Column("assigned_at"),
        Column("deadline"), Column("status"), Column("overdue", _("逾期"), value=_overdue_mark),
        Column("accepted_at"), Column("done_at"), Column("feedback"),
    ],
    search_fields=["title", "description", "response__title", "group__name", "organisation__name", "team__name"],
    filter_fields=["status"], default_ordering=["status", "deadline"],
    select_related=["response__division", "group", "organisation", "team"],
    form_class=forms.TaskForm, create=services.task_create, update=services.task_update,
    delete=services.task_delete,
    detail_template="response/task_detail.html", detail_context=_task_context,
))

GROUP = _("应急响应与指挥")
nav_entry(label=_("应急响应"), url_name="responses-list", capability=permissions.RESPONSES.code, group=GROUP,
          order=42)
nav_entry(label=_("响应任务"), url_name="response-tasks-list", capability=permissions.TASKS.code, group=GROUP,
          order=42)
nav_entry(label=_("逾期未完成的任务"), url_name="response-tasks-overdue", capability=permissions.TASKS.code,
          group=GROUP, order=42)
