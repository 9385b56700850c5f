"""Committed resources: each changes state through its own app's service (a team deployed, an expert's
participation logged, a shelter opened with its occupancy); released when the response ends."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.audit.services import audited_create, audited_update, record, snapshot
from yingji.response.models import Commitment, Response
from yingji.response.rules import CommitmentKind, Status
from yingji.response.services.common import _locked, _refuse, _visible

# Resources ---------------------------------------------------------------------------------------


def _open_commitment(response: Response, **resource) -> bool:
    return Commitment.objects.filter(response=response, released_at__isnull=True, **resource).exists()


def _committable(response: Response) -> Response:
    locked = _locked(response)
    if locked.status != Status.ACTIVE:
        _refuse(_("响应已终止，不能再调派资源。"), code="not_active")
    return locked


@transaction.atomic
def commit_team(*, actor, response: Response, team, note: str = "") -> Commitment:
    """The team goes out: its readiness becomes 出动中 through the teams service."""
    from yingji.teams import services as team_services
    from yingji.teams.models import Team
    from yingji.teams.rules import Readiness

    response = _committable(response)
    _visible(actor, Team, team, _("所选队伍不在您的管辖范围内。"))
    if _open_commitment(response, team=team):
        _refuse(_("该队伍已调派到本次响应。"), code="duplicate")
    if team.readiness == Readiness.STOOD_DOWN:
        _refuse(_("该队伍已停用，不能调派。"), code="stood_down")
    if team.readiness != Readiness.DEPLOYED:
        team_services.team_update(actor=actor, obj=team, data={"readiness": Readiness.DEPLOYED})
    return audited_create(actor=actor, obj=Commitment(response=response, kind=CommitmentKind.TEAM, team=team,
                                                      note=note.strip(), committed_at=timezone.now()))


@transaction.atomic
def commit_expert(*, actor, response: Response, expert, note: str = "") -> Commitment:
    """The expert joins the command post; their participation log gets an 事件处置 entry."""
    from yingji.experts import services as expert_services
    from yingji.experts.models import Expert
    from yingji.experts.rules import EngagementKind

    response = _committable(response)
    _visible(actor, Expert, expert, _("所选专家不在您的管辖范围内。"))
    if _open_commitment(response, expert=expert):
        _refuse(_("该专家已参与本次响应。"), code="duplicate")
    engagement = expert_services.engagement_create(actor=actor, data={
        "expert": expert, "kind": EngagementKind.INCIDENT, "date": timezone.localdate(),
        "subject": response.title[:200], "notes": note.strip()})
    return audited_create(actor=actor, obj=Commitment(response=response, kind=CommitmentKind.EXPERT, expert=expert,
                                                      engagement=engagement, note=note.strip(),
                                                      committed_at=timezone.now()))


@transaction.atomic
def commit_order(*, actor, response: Response, order, note: str = "") -> Commitment:
    """A supplies dispatch order serving the response; it moves on through the supplies service."""
    from yingji.supplies.models import DispatchOrder

    response = _committable(response)
    _visible(actor, DispatchOrder, order, _("所选调拨单不在您的管辖范围内。"))
    if _open_commitment(response, order=order):
        _refuse(_("该调拨单已关联本次响应。"), code="duplicate")
    return audited_create(actor=actor, obj=Commitment(response=response, kind=CommitmentKind.ORDER, order=order,
                                                      note=note.strip(), committed_at=timezone.now()))


@transaction.atomic
def commit_shelter(*, actor, response: Response, shelter, occupancy: int, note: str = "") -> Commitment:
    """Open a shelter for the response with the people it holds, through the shelters service."""
    from yingji.shelters import services as shelter_services
    from yingji.shelters.models import Shelter
    from yingji.shelters.rules import Status as ShelterStatus

    response = _committable(response)
    _visible(actor, Shelter, shelter, _("所选避难场所不在您的管辖范围内。"))
    if _open_commitment(response, shelter=shelter):
        _refuse(_("该避难场所已在本次响应中启用，请更新安置人数。"), code="duplicate")
    if shelter.status == ShelterStatus.CLOSED:
        _refuse(_("该避难场所已关闭，不能启用。"), code="closed")
    if occupancy < 0:
        _refuse(_("安置人数不能为负数。"), code="occupancy", field="occupancy")
    shelter_services.set_occupancy(actor=actor, shelter=shelter, status=ShelterStatus.IN_USE, occupancy=occupancy)
    return audited_create(actor=actor, obj=Commitment(response=response, kind=CommitmentKind.SHELTER,
                                                      shelter=shelter, occupancy=occupancy, note=note.strip(),
                                                      committed_at=timezone.now()))


def commit(*, actor, response: Response, kind: str, resource, note: str = "",
           occupancy: int | None = None) -> Commitment:
    """Commit one resource of `kind` (team, expert, order or shelter): the page's and the API's one way in."""
    if kind == CommitmentKind.SHELTER:
        if occupancy is None:
            _refuse(_("请填写安置人数。"), code="occupancy", field="occupancy")
        return commit_shelter(actor=actor, response=response, shelter=resource, occupancy=occupancy, note=note)
    commit_one = {CommitmentKind.TEAM: commit_team, CommitmentKind.EXPERT: commit_expert,
                  CommitmentKind.ORDER: commit_order}[kind]
    return commit_one(actor=actor, response=response, note=note, **{kind: resource})


@transaction.atomic
def shelter_occupancy(*, actor, commitment: Commitment, occupancy: int) -> Commitment:
    from yingji.shelters import services as shelter_services
    from yingji.shelters.rules import Status as ShelterStatus

    if commitment.kind != CommitmentKind.SHELTER or commitment.released_at is not None:
        _refuse(_("只能更新本次响应中启用的避难场所的安置人数。"), code="not_shelter")
    if occupancy < 0:
        _refuse(_("安置人数不能为负数。"), code="occupancy", field="occupancy")
    shelter_services.set_occupancy(actor=actor, shelter=commitment.shelter, status=ShelterStatus.IN_USE,
                                   occupancy=occupancy)
    return audited_update(actor=actor, obj=commitment, data={"occupancy": occupancy})


@transaction.atomic
def commitment_release(*, actor, commitment: Commitment, at: datetime.datetime | None = None) -> Commitment:
    """The resource leaves the response: a team stands by again (unless another response still holds it), a
    shelter closes back to ready with nobody left inside."""
    from yingji.shelters import services as shelter_services
    from yingji.shelters.rules import Status as ShelterStatus
    from yingji.teams import services as team_services
    from yingji.teams.rules import Readiness

    locked = Commitment.all_objects.select_for_update().get(pk=commitment.pk)
    if locked.released_at is not None:
        _refuse(_("该资源已撤回。"), code="released")
    before = snapshot(locked)
    locked.released_at = at or timezone.now()
    locked.save(update_fields=["released_at", "updated_at"])
    record(actor=actor, action="response.commitment.released", obj=locked, before=before, after=snapshot(locked))
    if locked.kind == CommitmentKind.TEAM:
        still_out = Commitment.objects.filter(team=locked.team, released_at__isnull=True).exists()
        if not still_out and locked.team.readiness == Readiness.DEPLOYED:
            team_services.team_update(actor=actor, obj=locked.team, data={"readiness": Readiness.READY})
    elif locked.kind == CommitmentKind.SHELTER:
        still_open = Commitment.objects.filter(shelter=locked.shelter, released_at__isnull=True).exists()
        if not still_open:
            shelter_services.set_occupancy(actor=actor, shelter=locked.shelter, status=ShelterStatus.READY,
                                           occupancy=0)
    return locked
