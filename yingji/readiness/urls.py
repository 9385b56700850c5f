from django.urls import path

from yingji.readiness import views

urlpatterns = [path("readiness/", views.overview, name="readiness")]
