from django.urls import path

from yingji.earlywarning import views

urlpatterns = [
    # Before the generic register routes of the same paths (see registers.py).
    path("warnings/new/", views.warning_new, name="warning-new"),
    path("warnings/<int:pk>/", views.warning_page, name="warning-page"),
    path("warnings/<int:pk>/edit/", views.warning_edit, name="warning-edit"),
    path("warnings/<int:pk>/revise/", views.warning_revise, name="warning-revise"),
    path("warnings/<int:pk>/progress/", views.warning_progress, name="warning-progress"),
    path("warnings/<int:pk>/deliveries/", views.warning_deliveries, name="warning-deliveries"),
    *(path(f"warnings/<int:pk>/{step}/", views.warning_step, {"step": step}, name=f"warning-{step}")
      for step in views.STEPS),
    path("risk-bulletins/new/", views.bulletin_new, name="bulletin-new"),
    path("risk-bulletins/<int:pk>/", views.bulletin_page, name="bulletin-page"),
    path("risk-bulletins/<int:pk>/publish/", views.bulletin_publish, name="bulletin-publish"),
    path("risk-bulletins/<int:pk>/bulletin.docx", views.bulletin_docx, name="bulletin-docx"),
    # Public, no login.
    path("public/warnings/", views.public_warnings, name="public-warnings"),
    path("public/warnings/feed.atom", views.warning_feed, name="warning-feed"),
    path("public/warnings/subscribe/", views.public_subscribe, name="public-subscribe"),
    path("public/warnings/subscribe/confirm/", views.public_subscribe_confirm, name="public-subscribe-confirm"),
    path("public/warnings/<int:pk>/", views.public_warning, name="public-warning"),
    path("public/warnings/<str:ref>.xml", views.warning_cap, name="warning-cap"),
]
