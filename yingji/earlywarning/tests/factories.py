"""Warnings in the two-township test tree."""

from __future__ import annotations

import datetime

from django.utils import timezone

from yingji.core.permissions import Role
from yingji.divisions.models import Organisation
from yingji.divisions.tests.factories import OrganisationFactory, UserFactory, county_tree
from yingji.earlywarning import services
from yingji.earlywarning.rules import HazardType, Level


def bureau(tree=None):
    tree = tree or county_tree()
    org = Organisation.objects.filter(division=tree["county"], kind=Organisation.Kind.EMERGENCY_OFFICE).first()
    return org or OrganisationFactory(division=tree["county"], name="东乡县应急管理局")


def staff(tree, role=Role.COUNTY_STAFF, division="county"):
    return UserFactory(division=tree[division], role=role)


def draft(actor, tree, *, level=Level.THREE, areas=("town_a",), hazard=HazardType.GEOLOGICAL, **extra):
    now = timezone.now()
    data = {
        "division": tree["county"], "issuer": bureau(tree), "hazard_type": hazard, "level": level,
        "headline": "东乡县地质灾害黄色预警", "onset": now - datetime.timedelta(minutes=5),
        "expires": now + datetime.timedelta(hours=24),
        "description": "受持续降雨影响，锁南镇发生崩塌、滑坡、泥石流的风险较高。",
        "measures": "1. 隐患点人员提前转移；2. 加强巡查；3. 避免前往沟道。", "contact": "0930-7121234", **extra,
    }
    return services.warning_create(actor=actor, data=data, areas=[tree[a] for a in areas])


def issued(tree, *, drafter=None, approver=None, **kwargs):
    drafter = drafter or staff(tree)
    approver = approver or staff(tree)
    warning = draft(drafter, tree, **kwargs)
    warning = services.warning_approve(actor=approver, warning=warning)
    return services.warning_issue(actor=approver, warning=warning)
