from django.urls import path

from yingji.workreports import views

urlpatterns = [
    path("report-dues/<int:pk>/submit/", views.submit, name="workreports-submit"),
    path("report-submissions/<int:pk>/note/", views.add_note, name="workreports-note"),
    path("report-dues/overdue/", views.overdue, name="workreports-overdue"),
    path("report-dues/on-time/", views.on_time, name="workreports-on-time"),
]
urlpatterns += [
    path("report-templates/", views.templates, name="workreports-templates"),
    path("report-templates/new/", views.template_edit, name="workreports-template-create"),
    path("report-templates/<int:pk>/edit/", views.template_edit, name="workreports-template-edit"),
]
