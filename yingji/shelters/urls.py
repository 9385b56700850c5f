from django.urls import path

from yingji.shelters import views

urlpatterns = [
    path("shelters/coverage/", views.coverage, name="shelters-coverage"),
    path("shelters/<int:pk>/occupancy/", views.set_occupancy, name="shelters-occupancy"),
    path("public/shelters/", views.public_shelters, name="shelters-public"),
]
