from django.urls import path

from yingji.plans import views

urlpatterns = [
    path("plans/review/", views.review_queue, name="plans-review"),
    path("plans/overdue/", views.overdue, name="plans-overdue"),
    path("plans/coverage/", views.coverage, name="plans-coverage"),
    path("plans/topics/", views.topics, name="plans-topics"),
    path("plans/<int:pk>/step/<str:action>/", views.plan_step, name="plans-step"),
    path("plans/<int:pk>/filing-form.docx", views.filing_form, name="plans-filing-form"),
    path("plans/<int:pk>/attachments/", views.attachment_upload, name="plans-attach"),
    path("plans/attachments/<int:pk>/", views.attachment_download, name="plans-attachment"),
    path("plans/attachments/<int:pk>/delete/", views.attachment_delete, name="plans-attachment-delete"),
    path("public/plans/", views.public_plans, name="plans-public"),
    path("public/plans/attachments/<int:pk>/", views.public_attachment, name="plans-public-attachment"),
]
