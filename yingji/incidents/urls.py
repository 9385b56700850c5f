from django.urls import path

from yingji.incidents import views

urlpatterns = [
    path("incidents/field/", views.field_report, name="incidents-field"),
    # The event page replaces the register's generic detail at the same address.
    path("incidents/<int:pk>/", views.event_detail, name="incidents-event"),
    path("incidents/<int:pk>/report/", views.report_add, name="incidents-report-add"),
    path("incidents/<int:pk>/reports/<int:report_pk>/photo/", views.report_photo, name="incidents-report-photo"),
    path("incidents/<int:pk>/severity/", views.event_regrade, name="incidents-regrade"),
    path("incident-receipts/<int:pk>/<str:action>/", views.receipt_action, name="incidents-receipt-action"),
    path("incident-reports/<int:pk>/edit/", views.report_edit, name="incident-reports-edit"),
    path("incident-reports/<int:pk>/word/", views.report_word, name="incident-reports-word"),
    path("incidents/timeliness/", views.timeliness, name="incidents-timeliness"),
    path("incidents/rules/", views.rules_list, name="incidents-rules"),
    path("incidents/rules/new/", views.rule_form, name="incidents-rule-create"),
    path("incidents/rules/<int:pk>/edit/", views.rule_form, name="incidents-rule-update"),
]
