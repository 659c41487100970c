from django.urls import path

from tuyengiao.web import views

urlpatterns = [path("", views.home, name="home")]
