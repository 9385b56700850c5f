from django.urls import path

from yingji.shelters import views

urlpatterns = [
    path("shelters/coverage/", views.coverage, name="shelters-coverage"),
    path("shelters/<int:pk>/occupancy/", views.set_occupancy, name="shelters-occupancy"),
    path("shelters/<int:pk>/photos/", views.photo_upload, name="shelters-photos"),
    path("shelters/<int:pk>/photos/<int:photo_pk>/", views.photo_file, name="shelters-photo"),
    path("shelters/<int:pk>/photos/<int:photo_pk>/delete/", views.photo_delete, name="shelters-photo-delete"),
    path("public/shelters/", views.public_shelters, name="shelters-public"),
]
