from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

register = template.Library()

VERBS = {
    "created": _("新增"), "updated": _("修改"), "deleted": _("删除"), "restored": _("恢复"),
    "exported": _("导出"), "login": _("登录"), "logout": _("退出"), "login_failed": _("登录失败"),
    "locked_out": _("账号锁定"), "permission_denied": _("越权访问被拒绝"), "password_changed": _("修改密码"),
}


@register.filter
def action_label(action: str) -> str:
    verb = action.rsplit(".", 1)[-1]
    return str(VERBS.get(verb, action))


@register.filter
def labelled_changes(entry) -> list[tuple[str, object, object]]:
    """(field label, before, after) rows; labels come from the model when it still exists."""
    model = None
    if entry.model_label:
        try:
            model = apps.get_model(entry.model_label)
        except (LookupError, ValueError):
            model = None
    rows = []
    for name, pair in (entry.changes or {}).items():
        label, choices = name, {}
        if model is not None:
            try:
                field = model._meta.get_field(name)
                # A reverse relation has the name but neither a verbose name nor choices.
                label = str(getattr(field, "verbose_name", name))
                choices = {value: str(text) for value, text in (getattr(field, "choices", None) or [])}
            except FieldDoesNotExist:
                pass
        before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        if choices:  # JSON values (lists, dicts) are unhashable and never choices
            before, after = choices.get(before, before), choices.get(after, after)
        rows.append((label, before, after))
    return rows
