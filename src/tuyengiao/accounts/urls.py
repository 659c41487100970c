from django.urls import path

from tuyengiao.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.user_list, name="user_list"),
    path("new/", views.user_create, name="user_create"),
    path("<int:pk>/", views.user_detail, name="user_detail"),
    path("memberships/<int:pk>/delete/", views.membership_delete, name="membership_delete"),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<int:pk>/delete/", views.token_delete, name="token_delete"),
]
