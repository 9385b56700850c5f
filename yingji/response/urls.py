from django.urls import path

from yingji.response import views

urlpatterns = [
    path("responses/<int:pk>/level/", views.change_level, name="responses-level"),
    path("responses/<int:pk>/end/", views.end, name="responses-end"),
    path("responses/<int:pk>/command/", views.command, name="responses-command"),
    path("responses/<int:pk>/groups/", views.group_add, name="responses-group-add"),
    path("responses/<int:pk>/groups/<int:gid>/remove/", views.group_remove, name="responses-group-remove"),
    path("responses/<int:pk>/commit/", views.commit, name="responses-commit"),
    path("responses/<int:pk>/commitments/<int:cid>/release/", views.release, name="responses-release"),
    path("responses/<int:pk>/commitments/<int:cid>/occupancy/", views.occupancy, name="responses-occupancy"),
    path("responses/<int:pk>/situation/", views.situation_add, name="responses-situation"),
    path("responses/<int:pk>/opinions/", views.opinion_add, name="responses-opinion-add"),
    path("responses/<int:pk>/opinions/<int:oid>/handle/", views.opinion_handle, name="responses-opinion-handle"),
    path("responses/<int:pk>/press/", views.press_add, name="responses-press-add"),
    path("responses/<int:pk>/press/<int:rid>/", views.press_detail, name="responses-press"),
    path("responses/<int:pk>/press/<int:rid>/step/<str:to>/", views.press_step, name="responses-press-step"),
    path("responses/<int:pk>/press/<int:rid>/word/", views.press_docx, name="responses-press-docx"),
    path("responses/<int:pk>/findings/", views.finding_add, name="responses-finding-add"),
    path("responses/<int:pk>/review/", views.review, name="responses-review"),
    path("responses/<int:pk>/recovery/", views.recovery, name="responses-recovery"),
    path("responses/<int:pk>/recovery/report/", views.recovery_report, name="responses-recovery-report"),
    path("response-tasks/overdue/", views.overdue_list, name="response-tasks-overdue"),
    path("response-tasks/<int:pk>/step/<str:to>/", views.task_step, name="response-tasks-step"),
]
