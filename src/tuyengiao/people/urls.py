from django.urls import path

from tuyengiao.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("<int:pk>/delete/", views.person_delete, name="person_delete"),
    path("<int:pk>/positions/new/", views.position_add, name="position_add"),
    path("positions/<int:pk>/end/", views.position_end, name="position_end"),
]
