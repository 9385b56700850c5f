from django.urls import path

from yingji.duty import views

urlpatterns = [
    path("duty-rosters/<int:pk>/file/", views.roster_file, name="duty-roster-file"),
    path("duty-rosters/overdue/", views.overdue, name="duty-overdue"),
    path("duty-periods/<int:pk>/circular.docx", views.period_circular, name="duty-period-circular"),
]
