from django.urls import path

from yingji.training import views

urlpatterns = [
    path("training/progress/", views.progress, name="training-progress"),
    path("training/expiry/", views.expiry, name="training-expiry"),
    path("training/coverage/", views.coverage, name="training-coverage"),
    path("training-sessions/<int:pk>/materials/", views.upload_materials, name="training-materials"),
    path("training-sessions/<int:pk>/materials/download/", views.download_materials,
         name="training-materials-download"),
]
