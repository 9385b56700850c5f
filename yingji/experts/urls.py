from django.urls import path

from yingji.experts import selectors, views
from yingji.experts.registers import EXPERTS
from yingji.teams.views import NarrowedExportView, NarrowedListView

urlpatterns = [
    # The expert list and export replace the register's generic ones at the same addresses, adding the
    # domain filter.
    path("experts/", NarrowedListView.as_view(register=EXPERTS, narrow=selectors.narrow,
                                              extra_filters=views.expert_filters), name="experts-browse"),
    path("experts/export.xlsx", NarrowedExportView.as_view(register=EXPERTS, narrow=selectors.narrow),
         name="experts-browse-export"),
    path("public/experts/", views.public_experts, name="experts-public"),
]
