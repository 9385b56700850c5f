from django.urls import path

from yingji.hazards import views

urlpatterns = [
    path("hazards/field/", views.field_report, name="hazards-field"),
    path("hazards/overdue/", views.overdue_list, name="hazards-overdue"),
    path("hazards/review/", views.review, name="hazards-review"),
    path("hazards/ledger.xlsx", views.ledger_export, name="hazards-ledger"),
    path("hazards/import/", views.ledger_import, name="hazards-import"),
    # The hazard page replaces the register's generic detail at the same address.
    path("hazards/<int:pk>/", views.hazard_detail, name="hazards-hazard"),
    path("hazards/<int:pk>/step/<str:step>/", views.hazard_step, name="hazards-step"),
    path("hazards/<int:pk>/photo/", views.hazard_photo, name="hazards-photo"),
    path("hazard-reports/<int:pk>/", views.report_detail, name="hazards-report"),
    path("hazard-reports/<int:pk>/photo/", views.report_photo, name="hazards-report-photo"),
    path("public/hazard-report/", views.public_report, name="hazards-public"),
    path("public/hazard-report/thanks/", views.public_thanks, name="hazards-public-thanks"),
    path("public/hazards/<str:code>/", views.public_notice, name="hazards-public-notice"),
]
