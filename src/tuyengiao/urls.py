from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tuyengiao.api import api

urlpatterns = [
    path("", include("tuyengiao.web.urls")),
    path("units/", include("tuyengiao.orgunits.urls")),
    path("users/", include("tuyengiao.accounts.urls")),
    path("programmes/", include("tuyengiao.programmes.urls")),
    path("reports/", include("tuyengiao.reports.urls")),
    path("audit/", include("tuyengiao.core.urls")),
    # /meetings/… and the directive's page /directives/<pk>/ (before the registry's include).
    path("", include("tuyengiao.meetings.urls_site")),
    path("directives/", include("tuyengiao.directives.urls")),
    path("people/", include("tuyengiao.people.urls")),
    path("news/", include("tuyengiao.news.urls")),
    path("tin/", include("tuyengiao.news.urls_public")),
    path("api/v1/", api.urls),
    path("login/", auth_views.LoginView.as_view(template_name="login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("operator/", admin.site.urls),
]
