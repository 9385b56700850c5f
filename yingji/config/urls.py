from django.contrib.auth import views as auth_views
from django.urls import include, path

from yingji.api.api import api
from yingji.core.discovery import capability_modules
from yingji.core.views import all_register_urls, home, public_portal

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("public/", public_portal, name="public-portal"),
    # Each capability's own pages (yingji/<app>/urls.py), then the API and the generic registers.
    *(path("", include(module)) for module in capability_modules("urls", exclude=("yingji.api",))),
    path("api/v1/", api.urls),
    *all_register_urls(),
]
