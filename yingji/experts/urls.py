from django.urls import path

from yingji.experts import views

urlpatterns = [
    path("public/experts/", views.public_experts, name="experts-public"),
]
