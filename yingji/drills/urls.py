from django.urls import path

from yingji.drills import views

urlpatterns = [
    path("drills/progress/", views.progress, name="drills-progress"),
    path("drills/<int:pk>/evaluate/", views.drill_evaluate, name="drills-evaluate"),
    path("drills/<int:pk>/revise/", views.drill_revise, name="drills-revise"),
    path("drills/<int:pk>/report.docx", views.report_docx, name="drills-report"),
    path("drills/<int:pk>/attachments/", views.attachment_upload, name="drills-attach"),
    path("drills/<int:pk>/attachments/<int:att>/", views.attachment_download, name="drills-attachment"),
    path("drills/<int:pk>/attachments/<int:att>/delete/", views.attachment_delete, name="drills-attachment-delete"),
    path("drill-actions/overdue/", views.overdue_list, name="drills-overdue"),
    path("drill-actions/<int:pk>/complete/", views.action_complete, name="drill-actions-complete"),
    path("drill-actions/<int:pk>/reopen/", views.action_reopen, name="drill-actions-reopen"),
]
