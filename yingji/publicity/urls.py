from django.urls import path

from yingji.publicity import views

urlpatterns = [
    path("publicity/totals/", views.totals, name="publicity-totals"),
]
