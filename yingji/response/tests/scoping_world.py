"""A response of each township with one record of every response model under it."""

from django.utils import timezone

from yingji.response import services
from yingji.response.models import Commitment
from yingji.response.rules import CommitmentKind, OpinionKind
from yingji.response.tests.factories import response, task
from yingji.teams.models import Team


def populate(world) -> None:
    for town in ("town_a", "town_b"):
        division = world.tree[town]
        resp = response(division)
        task(resp)
        services.situation_add(actor=None, response=resp, text="道路已抢通", source="抢险救援组")
        services.opinion_add(actor=None, data={"response": resp, "kind": OpinionKind.FALSE, "platform": "微博",
                                               "summary": "网传有人员被埋", "found_at": timezone.now()})
        services.press_create(actor=None, data={"response": resp, "title": "情况通报", "body": "正文",
                                                "issuer": division.name})
        team = Team.objects.create(division=division, name=f"{division.name}应急队", level="township",
                                   kind="township_full_time")
        Commitment.objects.create(response=resp, kind=CommitmentKind.TEAM, team=team, committed_at=timezone.now())
        ended = response(division, matters="已结束的响应")
        services.response_end(actor=None, response=ended, reason="险情解除")
        services.finding_add(actor=None, response=ended, text="预警信息传递不畅", plan=None)
