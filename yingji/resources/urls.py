from django.urls import path

from yingji.resources import views

urlpatterns = [
    path("resources/map/", views.resource_map, name="resource-map"),
    path("resources/map/points.json", views.map_points, name="resource-map-points"),
    path("resources/nearest/", views.nearest_view, name="resource-nearest"),
]
