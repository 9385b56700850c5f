from django.urls import path

from yingji.readiness import views

urlpatterns = [
    path("readiness/", views.overview, name="readiness"),
    path("readiness/ranking/", views.ranking, name="readiness-ranking"),
    path("readiness/performance/", views.performance, name="readiness-performance"),
    path("readiness/bulletins/", views.bulletin_list, name="readiness-bulletins"),
    path("readiness/bulletins/<int:pk>/", views.bulletin_detail, name="readiness-bulletin"),
    path("readiness/bulletins/<int:pk>/word/", views.bulletin_word, name="readiness-bulletin-word"),
]
