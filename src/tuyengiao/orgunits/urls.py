from django.urls import path

from tuyengiao.orgunits import views

app_name = "orgunits"
urlpatterns = [
    path("", views.unit_tree, name="unit_tree"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("<int:pk>/children/", views.unit_children, name="unit_children"),
    path("<int:pk>/new/", views.unit_create, name="unit_create"),
    path("<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("<int:pk>/delete/", views.unit_delete, name="unit_delete"),
    path("<int:pk>/reorganise/", views.unit_reorganise, name="unit_reorganise"),
]
