from django.urls import path

from yingji.teams import selectors, views
from yingji.teams.registers import TEAMS

urlpatterns = [
    # The team list and export replace the register's generic ones at the same addresses, adding the
    # speciality and under-staffed filters.
    path("teams/", views.NarrowedListView.as_view(register=TEAMS, narrow=selectors.narrow,
                                                  extra_filters=views.team_filters), name="teams-browse"),
    path("teams/export.xlsx", views.NarrowedExportView.as_view(register=TEAMS, narrow=selectors.narrow),
         name="teams-browse-export"),
    path("teams/summary/", views.summary, name="teams-summary"),
    path("teams/norms/", views.norms, name="teams-norms"),
    path("info-officers/coverage/", views.coverage, name="teams-coverage"),
    path("public/teams/", views.public_teams, name="teams-public"),
]
