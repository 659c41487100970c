"""Where the meetings app's pages are mounted: its own under /meetings/ (urls.py), and the
directive's page at /directives/<pk>/, beside the registry's pages (list, new, edit, delete) that
the directives app serves under the same prefix. One include, so both share the "meetings"
namespace (two includes with one namespace would leave one of them unreversible)."""

from django.urls import include, path

from tuyengiao.meetings import urls, views_directives

app_name = "meetings"
urlpatterns = [
    path("meetings/", include(urls.urlpatterns)),
    path("directives/<int:pk>/", views_directives.directive_detail, name="directive_detail"),
]
