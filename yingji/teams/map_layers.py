"""The "teams" layer of the resource map: teams in service with a position; the nearest search narrows
to a speciality ("the 5 nearest water-rescue teams")."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingji.resources.layers import MapLayer, NearestOption, map_layer
from yingji.teams import permissions, selectors
from yingji.teams.models import Team
from yingji.teams.rules import Readiness


def _queryset(user):
    return (Team.objects.visible_to(user).exclude(readiness=Readiness.STOOD_DOWN)
            .exclude(latitude=None).exclude(longitude=None))


def _describe(team) -> dict:
    return {"title": team.name, "detail": f"{team.get_kind_display()} · {team.get_readiness_display()}"
            + (f" · {team.duty_phone}" if team.duty_phone else ""),
            "url": reverse("teams-detail", args=[team.pk])}


TEAMS_LAYER = map_layer(MapLayer(
    key="teams", label=_("应急救援队伍"), capability=permissions.TEAMS.code, colour="#c0392b",
    queryset=_queryset, describe=_describe,
    options=[NearestOption("speciality", _("专长"), lambda user: selectors.speciality_choices())],
    narrow=lambda qs, options: selectors.narrow(qs, {"speciality": options.get("speciality", "")}),
))
