"""The lifecycle draft → approved → issued → updated → lifted/cancelled, its roles and audit."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.audit.models import AuditEntry
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Role
from yingji.divisions.tests.factories import county_tree
from yingji.earlywarning import services
from yingji.earlywarning.models import EarlyWarning
from yingji.earlywarning.rules import IDENTIFIER_LENGTH, Level
from yingji.earlywarning.tests.factories import draft, issued, staff

pytestmark = pytest.mark.django_db
S = EarlyWarning.Status


def _state(warning):
    return EarlyWarning.all_objects.filter(pk=warning.pk).values().get()


def test_full_lifecycle_is_audited_and_references_the_previous_message():
    tree = county_tree()
    author, chief = staff(tree), staff(tree)
    warning = draft(author, tree)
    assert warning.status == S.DRAFT and warning.identifier == ""
    warning = services.warning_approve(actor=chief, warning=warning)
    warning = services.warning_issue(actor=chief, warning=warning)
    assert warning.status == S.ISSUED and warning.msg_type == "Alert"
    # GB/T 35965.1 Appendix A: ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N, 31 characters, county code first.
    assert len(warning.identifier) == IDENTIFIER_LENGTH and warning.identifier.startswith("622926000")

    revision = services.warning_revise(actor=author, warning=warning, data={"level": Level.TWO,
                                                                           "headline": "地质灾害橙色预警"})
    assert revision.msg_type == "Update" and revision.previous == warning and revision.status == S.DRAFT
    revision = services.warning_approve(actor=chief, warning=revision)
    revision = services.warning_issue(actor=chief, warning=revision)
    warning.refresh_from_db()
    assert warning.status == S.UPDATED and revision.status == S.ISSUED

    lifted = services.warning_lift(actor=chief, warning=revision, reason="降雨结束，险情解除。")
    assert lifted.status == S.LIFTED
    cancel = EarlyWarning.objects.get(previous=revision)
    assert cancel.msg_type == "Cancel" and cancel.status == S.ISSUED and cancel.identifier
    actions = list(AuditEntry.objects.filter(model_label="earlywarning.earlywarning")
                   .values_list("action", flat=True))
    for verb in ("created", "approved", "issued", "superseded", "lifted"):
        assert f"earlywarning.earlywarning.{verb}" in actions


@pytest.mark.parametrize("step", ["issue_draft", "approve_twice", "lift_draft", "revise_draft", "edit_issued"])
def test_an_illegal_step_says_why_in_chinese_and_changes_nothing(step):
    tree = county_tree()
    author, chief = staff(tree), staff(tree)
    warning = draft(author, tree)
    if step in ("approve_twice", "edit_issued"):
        warning = services.warning_approve(actor=chief, warning=warning)
    if step == "edit_issued":
        warning = services.warning_issue(actor=chief, warning=warning)
    before, audit_count = _state(warning), AuditEntry.objects.count()
    call = {
        "issue_draft": lambda: services.warning_issue(actor=chief, warning=warning),
        "approve_twice": lambda: services.warning_approve(actor=chief, warning=warning),
        "lift_draft": lambda: services.warning_lift(actor=chief, warning=warning, reason="x"),
        "revise_draft": lambda: services.warning_revise(actor=author, warning=warning, data={}),
        "edit_issued": lambda: services.warning_edit(actor=author, warning=warning, data={"headline": "改"}),
    }[step]
    with pytest.raises(ApplicationError) as exc:
        call()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc.value.message))
    assert _state(warning) == before and AuditEntry.objects.count() == audit_count
    assert not EarlyWarning.objects.filter(previous=warning).exists()


def test_roles_and_levels_decide_who_may_approve_and_issue():
    tree = county_tree()
    author = staff(tree)
    red = draft(author, tree, level=Level.ONE)
    with pytest.raises(ApplicationError, match="起草人以外"):
        services.warning_approve(actor=author, warning=red)  # four eyes for 一级/二级
    blue = draft(author, tree, level=Level.FOUR)
    assert services.warning_approve(actor=author, warning=blue).status == S.APPROVED
    for role in (Role.TOWNSHIP_STAFF, Role.INFO_OFFICER, Role.LEADER, Role.DUTY_OFFICER):
        with pytest.raises(ApplicationError):
            services.warning_approve(actor=staff(tree, role=role), warning=red)
    township_user = staff(tree, role=Role.COUNTY_STAFF, division="town_a")
    with pytest.raises(ApplicationError, match="管辖范围"):
        services.warning_issue(actor=township_user, warning=blue)
    assert EarlyWarning.objects.get(pk=blue.pk).status == S.APPROVED


def test_content_required_by_article_64_and_area_inside_the_issuing_division():
    tree = county_tree()
    author = staff(tree)
    with pytest.raises(ApplicationError) as exc:
        draft(author, tree, areas=())
    assert "areas" in exc.value.field_errors
    with pytest.raises(ValidationError):
        draft(author, tree, measures="")
    with pytest.raises(ValidationError):
        draft(author, tree, expires=timezone.now() - datetime.timedelta(days=1))
    assert EarlyWarning.objects.count() == 0


def test_cancelling_a_draft_issues_nothing_and_cancelling_an_issued_warning_issues_a_cancel():
    tree = county_tree()
    author = staff(tree)
    discarded = services.warning_cancel(actor=author, warning=draft(author, tree), reason="重复起草")
    assert discarded.status == S.CANCELLED and not EarlyWarning.objects.filter(previous=discarded).exists()
    warning = issued(tree)
    services.warning_cancel(actor=staff(tree), warning=warning, reason="误发")
    cancel = EarlyWarning.objects.get(previous=warning)
    assert cancel.msg_type == "Cancel" and cancel.identifier
    with pytest.raises(ApplicationError):
        services.warning_lift(actor=staff(tree), warning=cancel, reason="x")


def test_an_issued_warning_cannot_be_deleted():
    tree = county_tree()
    warning = issued(tree)
    with pytest.raises(ApplicationError):
        services.warning_delete(actor=staff(tree), warning=warning)


def test_identifiers_in_the_same_second_get_the_sequence_digit(monkeypatch):
    tree = county_tree()
    moment = timezone.now().replace(microsecond=0)
    monkeypatch.setattr(services.timezone, "now", lambda: moment)
    first, second = issued(tree), issued(tree)
    assert first.identifier[:-1] == second.identifier[:-1]
    assert (first.identifier[-1], second.identifier[-1]) == ("0", "1")
    assert first.identifier.split("_")[1] == moment.astimezone(datetime.timezone(datetime.timedelta(hours=8))
                                                                ).strftime("%Y%m%d%H%M%S")
