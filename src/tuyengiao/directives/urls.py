# The directive's own page (the meetings, tasks and study sessions citing it) is
# meetings:directive_detail at /directives/<pk>/, written in the meetings app.
from django.urls import path

from tuyengiao.directives import views

app_name = "directives"
urlpatterns = [
    path("", views.directive_list, name="directive_list"),
    path("new/", views.directive_create, name="directive_create"),
    path("<int:pk>/edit/", views.directive_edit, name="directive_edit"),
    path("<int:pk>/delete/", views.directive_delete, name="directive_delete"),
]
