from django.urls import path

from yingji.teams import views

urlpatterns = [
    path("teams/summary/", views.summary, name="teams-summary"),
    path("teams/norms/", views.norms, name="teams-norms"),
    path("info-officers/coverage/", views.coverage, name="teams-coverage"),
    path("public/teams/", views.public_teams, name="teams-public"),
]
