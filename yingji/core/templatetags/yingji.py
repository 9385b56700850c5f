import datetime

from django import template
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def query_with(querystring: str, key: str, value) -> str:
    params = QueryDict(querystring, mutable=True)
    params[key] = value
    return params.urlencode()


@register.filter
def sort_toggle(name: str, current: str) -> str:
    return f"-{name}" if current == name else name


@register.filter
def header_at(headers, index: int) -> str:
    return headers[index][1]


@register.filter
def cell(value):
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "Y-m-d")
    return value
