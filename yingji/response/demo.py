"""Demo: in the demo county, one response that has ended and been reviewed (a finding sent the township's
plan into revision) and one still running, with its command post, tasks (one overdue), committed team,
expert, shelter and dispatch order, situation log, online opinion and press releases. Attached to the
incidents demo's events (that loader runs before this one: apps load in INSTALLED_APPS order). Written
through the services, like any office would; idempotent: a county that already has responses is left alone."""

from __future__ import annotations

import datetime

from django.utils import timezone

from yingji.divisions.models import Division
from yingji.incidents.models import Event
from yingji.response import services
from yingji.response.models import Response
from yingji.response.rules import Level, OpinionKind, PressStatus, TaskPhase, TaskStatus


def _first(qs):
    return qs.order_by("pk").first()


def load_demo(county: Division, say) -> None:
    if Response.all_objects.within(county).exists():
        say("应急响应 response: already loaded")
        return
    now = timezone.now()
    events = Event.objects.within(county).filter(is_forecast=False)
    past = events.filter(status=Event.Status.CLOSED, occurred_at__lte=now - datetime.timedelta(days=10)).order_by(
        "-occurred_at", "-pk").first()
    recent = events.filter(status=Event.Status.OPEN, occurred_at__gte=now - datetime.timedelta(days=20),
                           occurred_at__lte=now - datetime.timedelta(hours=3)).order_by("-occurred_at", "-pk").first()
    if past is None or recent is None:
        say("应急响应 response: no demo events to respond to")
        return
    _ended(county, past)
    _active(county, recent, now)
    say("应急响应 response: 2 responses (1 reviewed, 1 active)")


def _ended(county: Division, event: Event) -> None:
    started = event.known_at + datetime.timedelta(minutes=40)
    response = services.response_start(
        actor=None, division=county, event=event, level=Level.IV, started_at=started,
        matters=f"{event.title}：组织抢险救援，转移受威胁群众，排查次生灾害隐患",
        measures="启动县级Ⅳ级应急响应，成立现场指挥部，组织县乡救援力量赶赴现场。",
        commander="县政府分管副县长", deputy_commander="县应急管理局局长", command_post=event.address or event.title,
        expected_until=started + datetime.timedelta(days=2))
    services.response_change_level(actor=None, response=response, level=Level.III,
                                   at=started + datetime.timedelta(hours=2),
                                   reason="现场核实受影响群众较多，需调动县级力量，提升为Ⅲ级响应")
    services.response_change_level(actor=None, response=response, level=Level.IV,
                                   at=started + datetime.timedelta(hours=10),
                                   reason="险情得到控制，群众已妥善安置，降为Ⅳ级响应")
    task = services.task_create(actor=None, data={
        "response": response, "title": "排查周边房屋和道路安全隐患", "group": _first(response.groups.all()),
        "assigned_at": started + datetime.timedelta(minutes=30), "deadline": started + datetime.timedelta(hours=6)})
    services.task_step(actor=None, task=task, to=TaskStatus.ACCEPTED, at=started + datetime.timedelta(minutes=35))
    services.task_step(actor=None, task=task, to=TaskStatus.DONE, at=started + datetime.timedelta(hours=5),
                       feedback="排查房屋36户、道路2公里，未发现新的险情")
    services.situation_add(actor=None, response=response, at=started + datetime.timedelta(minutes=50),
                           source="现场指挥部", text="县乡救援力量已到达现场，开始搜救和转移")
    services.response_end(actor=None, response=response, at=started + datetime.timedelta(hours=20),
                          reason="险情已排除，受影响群众已妥善安置，次生灾害风险解除")
    township = Division.objects.filter(code=event.division.code[:9] + "000").first()
    plan = None
    if township is not None:
        from yingji.plans.models import Plan

        plan = Plan.objects.filter(division=township, status=Plan.Status.PUBLISHED).order_by("pk").first()
    services.finding_add(actor=None, response=response, plan=plan,
                         text="村级预警信息传递依赖电话逐户通知，夜间覆盖不全",
                         recommendation="在预案中明确应急广播和铜锣、口哨等传统方式的预警传递流程")
    services.finding_add(actor=None, response=response, text="安置点照明和饮用水准备不足",
                         recommendation="村级物资储备点补充应急照明和桶装水")
    services.review_complete(actor=None, response=response,
                             summary="响应启动及时，转移安置有序；预警传递和安置保障存在不足，已纳入预案修订和物资补充。")
    services.recovery_plan_record(
        actor=None, response=response, loss_assessment="受损房屋12户（倒塌2户），乡村道路中断1.5公里，农田受灾80亩，无人员伤亡。",
        recovery_plan="一周内抢通道路并完成危房鉴定；倒塌房屋纳入年度农房重建，年底前入住；受灾农田按政策补助。")
    services.recovery_report(actor=None, response=response)
    services.task_create(actor=None, data={
        "response": response, "phase": TaskPhase.RECOVERY, "title": "抢通中断道路并完成危房鉴定",
        "group": _first(response.groups.all()), "assigned_at": started + datetime.timedelta(hours=22),
        "deadline": started + datetime.timedelta(days=7)})


def _active(county: Division, event: Event, now: datetime.datetime) -> None:
    started = max(event.known_at + datetime.timedelta(minutes=30), now - datetime.timedelta(hours=6))
    response = services.response_start(
        actor=None, division=county, event=event, level=Level.IV, started_at=started,
        matters=f"{event.title}：抢险救援、群众转移安置、舆情应对",
        measures="成立现场指挥部，调派救援队伍和专家，启用避难场所，及时发布权威信息。",
        commander="县政府分管副县长", deputy_commander="县应急管理局局长", command_post=event.address or event.title,
        expected_until=now + datetime.timedelta(days=1))
    groups = {g.name: g for g in response.groups.all()}
    done = services.task_create(actor=None, data={
        "response": response, "title": "转移受威胁群众", "group": groups.get("抢险救援组"),
        "deadline": now + datetime.timedelta(hours=1)})
    services.task_step(actor=None, task=done, to=TaskStatus.ACCEPTED)
    services.task_step(actor=None, task=done, to=TaskStatus.DONE, feedback="已转移群众42人，无人员伤亡")
    accepted = services.task_create(actor=None, data={
        "response": response, "title": "启用安置点并保障食宿", "group": groups.get("安置保障组"),
        "deadline": now + datetime.timedelta(hours=8)})
    services.task_step(actor=None, task=accepted, to=TaskStatus.ACCEPTED)
    late = services.task_create(actor=None, data={
        "response": response, "title": "报送人员伤亡和财产损失情况", "group": groups.get("综合协调组"),
        "deadline": now + datetime.timedelta(minutes=30)})
    # Its deadline passes without a report: the task shows as overdue on the home page.
    type(late).objects.filter(pk=late.pk).update(deadline=now - datetime.timedelta(minutes=30))
    _commit_resources(county, event, response)
    for minutes, source, text in ((20, "村应急工作组", "现场仍有零星落石，已设置警戒线"),
                                  (90, "抢险救援组", "道路清障完成约60%，预计两小时内抢通")):
        services.situation_add(actor=None, response=response, at=min(started + datetime.timedelta(minutes=minutes),
                                                                      now), source=source, text=text)
    rumour = services.opinion_add(actor=None, data={
        "response": response, "kind": OpinionKind.FALSE, "platform": "短视频平台",
        "summary": "网传“事发地有多人被埋”，与实际情况不符", "found_at": now - datetime.timedelta(hours=1)})
    services.opinion_handle(actor=None, opinion=rumour, handling="经核实无人员被埋，已通过县融媒体中心发布辟谣信息")
    services.opinion_add(actor=None, data={
        "response": response, "kind": OpinionKind.UNCLEAR, "platform": "本地论坛",
        "summary": "网民询问灾害原因和后续安置安排", "found_at": now - datetime.timedelta(minutes=30)})
    first = services.press_create(actor=None, data={
        "response": response, "title": f"关于{event.title}的情况通报", "issuer": county.name + "应急管理局",
        "body": f"{timezone.localtime(event.occurred_at):%m月%d日%H时%M分}，{event.title}。\n"
                "事件发生后，县委、县政府立即启动应急响应，成立现场指挥部，组织救援力量赶赴现场处置。\n"
                "目前，受威胁群众已全部转移安置，无人员伤亡，相关处置工作正在进行中。"})
    services.press_step(actor=None, release=first, to=PressStatus.APPROVED)
    services.press_step(actor=None, release=first, to=PressStatus.PUBLISHED)
    services.press_create(actor=None, data={
        "response": response, "title": f"关于{event.title}处置进展的通报", "issuer": county.name + "应急管理局",
        "body": "截至目前，道路清障工作正在进行，安置点运行平稳。"})


def _commit_resources(county: Division, event: Event, response: Response) -> None:
    from yingji.core.exceptions import ApplicationError
    from yingji.experts.models import Expert
    from yingji.shelters.models import Shelter
    from yingji.shelters.rules import Status as ShelterStatus
    from yingji.supplies.models import DispatchOrder
    from yingji.teams.models import Team
    from yingji.teams.rules import Readiness

    township_code = event.division.code[:9]
    team = (_first(Team.objects.within(county).filter(readiness=Readiness.READY, division__code__startswith=township_code))
            or _first(Team.objects.within(county).filter(readiness=Readiness.READY)))
    expert = _first(Expert.objects.within(county))
    shelter = (_first(Shelter.objects.within(county).filter(status=ShelterStatus.READY,
                                                           division__code__startswith=township_code))
               or _first(Shelter.objects.within(county).filter(status=ShelterStatus.READY)))
    order = _first(DispatchOrder.objects.within(county))
    try:
        if team is not None:
            services.commit_team(actor=None, response=response, team=team, note="搜救和清障")
        if expert is not None:
            services.commit_expert(actor=None, response=response, expert=expert, note="地质灾害会商研判")
        if shelter is not None:
            services.commit_shelter(actor=None, response=response, shelter=shelter,
                                    occupancy=min(42, shelter.capacity or 42), note="安置转移群众")
        if order is not None:
            services.commit_order(actor=None, response=response, order=order, note="帐篷、棉被和饮用水")
    except ApplicationError:
        # A demo resource in an odd state leaves the response with fewer resources, not a failed demo.
        pass
